import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../lib/params';
import { allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import type { CampaignsService } from '../campaigns/campaigns.service';
import { buildCampaignProgressWorkbook, buildMunicipalityProgressWorkbook } from './progress-export';
import {
  campaignProgressSchema,
  municipalityDetailSchema,
  progressExportQuerySchema,
  progressParamsSchema,
  progressQuerySchema,
} from './progress.schemas';
import type { ProgressService } from './progress.service';

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const progressRoutes: FastifyPluginAsyncZod<{ progress: ProgressService; campaigns: CampaignsService }> = async (
  app,
  { progress, campaigns },
) => {
  app.get('/api/campaigns/:id/progress', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Заполнение'],
      summary:
        'Заполнение по муниципалитетам по страницам: школы и анкеты, числа и доли; поиск, порядок «сначала отстающие»; итоги по всей кампании',
      params: idParamsSchema,
      querystring: progressQuerySchema,
      response: { 200: campaignProgressSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request) => progress.campaign(staffOf(request), request.params.id, request.query),
  });

  app.get('/api/campaigns/:id/progress/:municipalityId', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Заполнение'],
      summary:
        'Заполнение по организациям муниципалитета: каждая анкета, её состояние и последнее сохранение, исключённые организации отмечены',
      params: progressParamsSchema,
      response: { 200: municipalityDetailSchema, 404: errorResponseSchema },
    },
    handler: async (request) => progress.municipality(staffOf(request), request.params.id, request.params.municipalityId),
  });

  app.get('/api/campaigns/:id/progress.xlsx', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Заполнение'],
      summary: 'Выгрузка заполнения в XLSX: по муниципалитетам или (с municipalityId) по анкетам школ',
      params: idParamsSchema,
      querystring: progressExportQuerySchema,
    },
    handler: async (request, reply) => {
      const principal = staffOf(request);
      const campaign = await campaigns.get(principal, request.params.id);
      const municipalityId = principal.role === 'municipal_coordinator' ? principal.municipalityId! : request.query.municipalityId;
      const body =
        municipalityId === undefined
          ? await buildCampaignProgressWorkbook(campaign, await progress.campaign(principal, campaign.id))
          : await buildMunicipalityProgressWorkbook(
              campaign,
              await progress.municipality(principal, campaign.id, municipalityId),
              request.query.unfinished === '1',
            );
      const name =
        municipalityId === undefined
          ? `zapolnenie-${campaign.id}`
          : `${request.query.unfinished === '1' ? 'ne-otpravleny' : 'ankety'}-${campaign.id}-${municipalityId}`;
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
};

export default progressRoutes;
