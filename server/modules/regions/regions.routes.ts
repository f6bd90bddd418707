import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { regionCreateSchema, regionPatchSchema, regionSchema } from './regions.schemas';
import type { RegionsService } from './regions.service';

const regionRecordSchema = regionSchema.pick({ id: true, code: true, name: true, timeZone: true });

const regionsRoutes: FastifyPluginAsyncZod<{ regions: RegionsService }> = async (app, { regions }) => {
  const pick = ({ id, code, name, timeZone }: { id: number; code: string; name: string; timeZone: string }) => ({
    id,
    code,
    name,
    timeZone,
  });

  app.get('/api/regions', {
    config: { access: allow.anyStaff },
    schema: { tags: ['Регионы'], summary: 'Регионы, доступные пользователю', response: { 200: z.array(regionSchema) } },
    handler: async (request) => regions.list(staffOf(request)),
  });

  app.post('/api/regions', {
    config: { access: allow.staff('admin') },
    schema: {
      tags: ['Регионы'],
      summary: 'Создать регион',
      body: regionCreateSchema,
      response: { 201: regionRecordSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) => reply.status(201).send(pick(await regions.create(actorOf(request), request.body))),
  });

  app.patch('/api/regions/:id', {
    config: { access: allow.staff('admin') },
    schema: {
      tags: ['Регионы'],
      summary: 'Изменить регион',
      params: idParamsSchema,
      body: regionPatchSchema,
      response: { 200: regionRecordSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request) => pick(await regions.update(actorOf(request), request.params.id, request.body)),
  });
};

export default regionsRoutes;
