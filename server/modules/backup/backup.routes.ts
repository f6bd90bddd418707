import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import type { CampaignsService } from '../campaigns/campaigns.service';
import { restoreQuerySchema, restoreSummarySchema } from './backup.schemas';
import type { BackupService } from './backup.service';

const tags = ['Резервное копирование'];
const uploadContentTypes = ['application/gzip', 'application/x-gzip', 'application/octet-stream'];

const backupRoutes: FastifyPluginAsyncZod<{ backup: BackupService; campaigns: CampaignsService }> = async (app, { backup, campaigns }) => {
  // Scoped to this plugin: the backup arrives as a raw stream, spooled to disk by the service (never held in memory).
  app.addContentTypeParser(uploadContentTypes, (_request, payload, done) => done(null, payload));

  app.get('/api/campaigns/:id/backup', {
    config: { access: allow.staff('admin', 'regional_coordinator') },
    schema: {
      tags,
      summary:
        'Резервная копия кампании одним файлом (.ndjson.gz): справочник региона, анкеты, муниципальные формы, расчёты, проверка экспертов',
      params: idParamsSchema,
    },
    handler: async (request, reply) => {
      const file = await backup.download(staffOf(request), actorOf(request), campaigns, request.params.id);
      const body = createReadStream(file.path);
      body.on('close', () => void file.cleanup());
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="kampaniya-${request.params.id}.ndjson.gz"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });

  app.post('/api/backup/restore', {
    config: { access: allow.staff('admin') },
    schema: {
      tags,
      summary: 'Загрузить кампанию из резервной копии в установку, где ещё нет её региона: всё или ничего, с новыми идентификаторами',
      querystring: restoreQuerySchema,
      body: z.instanceof(Readable).describe('Файл резервной копии (.ndjson.gz) в теле запроса, тип application/gzip'),
      response: {
        201: restoreSummarySchema,
        400: errorResponseSchema,
        409: errorResponseSchema,
        413: errorResponseSchema,
        422: errorResponseSchema,
      },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await backup.restoreUpload(actorOf(request), request.body, { acceptForeign: request.query.acceptForeign === '1' })),
  });
};

export default backupRoutes;
