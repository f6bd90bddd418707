import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../errors';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { buildAccessCodesWorkbook } from './access-sheet';
import {
  campaignListQuerySchema,
  campaignSchema,
  codesSheetBodySchema,
  createCampaignBodySchema,
  extendCampaignBodySchema,
  issueCodesBodySchema,
  issuedCodesResponseSchema,
  launchResponseSchema,
  updateCampaignBodySchema,
} from './campaigns.schemas';
import type { CampaignsService } from './campaigns.service';

export interface CampaignsRoutesOptions {
  campaigns: CampaignsService;
  /** Printed on code lists: where respondents go. */
  publicUrl?: string;
}

const managers = allow.staff('admin', 'regional_coordinator');
const failures = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const campaignsRoutes: FastifyPluginAsyncZod<CampaignsRoutesOptions> = async (app, { campaigns, publicUrl }) => {
  const siteOrigin = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;

  app.get('/api/campaigns', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Кампании'],
      summary: 'Кампании в пределах прав пользователя',
      querystring: campaignListQuerySchema,
      response: { 200: z.array(campaignSchema) },
    },
    handler: async (request) => {
      const list = await campaigns.list(staffOf(request));
      return request.query.regionId ? list.filter((c) => c.regionId === request.query.regionId) : list;
    },
  });

  app.get('/api/campaigns/:id', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Кампании'],
      summary: 'Кампания',
      params: idParamsSchema,
      response: { 200: campaignSchema, 404: errorResponseSchema },
    },
    handler: async (request) => campaigns.get(staffOf(request), request.params.id),
  });

  app.get('/api/campaigns/:id/coordinator-gaps', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Муниципалитеты кампании без действующего муниципального координатора',
      params: idParamsSchema,
      response: { 200: z.array(z.object({ municipalityId: z.number().int(), name: z.string() })), 404: errorResponseSchema },
    },
    handler: async (request) => campaigns.coordinatorGaps(staffOf(request), request.params.id),
  });

  app.post('/api/campaigns', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Создать кампанию (черновик)',
      body: createCampaignBodySchema,
      response: { 201: campaignSchema, ...failures },
    },
    handler: async (request, reply) => reply.status(201).send(await campaigns.create(staffOf(request), actorOf(request), request.body)),
  });

  app.patch('/api/campaigns/:id', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Изменить черновик кампании',
      params: idParamsSchema,
      body: updateCampaignBodySchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => campaigns.update(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/campaigns/:id/launch', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Запустить: зафиксировать анкеты, создать анкеты школ и выдать все коды доступа (показываются один раз)',
      params: idParamsSchema,
      response: { 200: launchResponseSchema, ...failures },
    },
    handler: async (request) => {
      const launched = await campaigns.launch(staffOf(request), actorOf(request), request.params.id);
      return { ...launched, issued: { ...launched.issued, siteOrigin: siteOrigin(request) } };
    },
  });

  app.post('/api/campaigns/:id/extend', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Продлить приём анкет',
      params: idParamsSchema,
      body: extendCampaignBodySchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => campaigns.extend(staffOf(request), actorOf(request), request.params.id, request.body.closesAt),
  });

  app.post('/api/campaigns/:id/close', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Завершить приём анкет досрочно',
      params: idParamsSchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => campaigns.close(staffOf(request), actorOf(request), request.params.id),
  });

  app.post('/api/campaigns/:id/access-codes', {
    config: { access: allow.staff('admin', 'regional_coordinator', 'municipal_coordinator') },
    schema: {
      tags: ['Кампании'],
      summary: 'Перевыпустить коды доступа муниципалитета или отдельных анкет; старые коды перестают действовать, ответы сохраняются',
      params: idParamsSchema,
      body: issueCodesBodySchema,
      response: { 200: issuedCodesResponseSchema, ...failures },
    },
    handler: async (request) => ({
      ...(await campaigns.reissueCodes(staffOf(request), actorOf(request), request.params.id, request.body)),
      siteOrigin: siteOrigin(request),
    }),
  });

  app.post('/api/campaigns/:id/access-codes/sheet', {
    config: { access: allow.staff('admin', 'regional_coordinator', 'municipal_coordinator') },
    // Up to 20 000 codes per sheet: a large region's whole list.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['Кампании'],
      summary: 'Список только что выданных кодов в XLSX (коды присылает клиент: сервер их не хранит)',
      params: idParamsSchema,
      body: codesSheetBodySchema,
    },
    handler: async (request, reply) => {
      const campaign = await campaigns.get(staffOf(request), request.params.id);
      if (request.body.campaignId !== campaign.id) throw badRequest('Коды относятся к другой кампании.');
      const body = await buildAccessCodesWorkbook(request.body, siteOrigin(request));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="kody-dostupa-${campaign.id}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
};

export default campaignsRoutes;
