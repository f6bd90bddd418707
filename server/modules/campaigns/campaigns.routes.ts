import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { buildAccessCodesWorkbook } from './access-sheet';
import {
  accessCodeListSchema,
  addSchoolsBodySchema,
  addSchoolsResponseSchema,
  campaignSchoolSchema,
  campaignSchoolsQuerySchema,
  excludeSchoolBodySchema,
  accessCodeQuerySchema,
  campaignListQuerySchema,
  campaignSchema,
  createCampaignBodySchema,
  extendCampaignBodySchema,
  launchResponseSchema,
  reopenCampaignBodySchema,
  reissueCodesBodySchema,
  reissueResponseSchema,
  updateCampaignBodySchema,
  type AccessCodeList,
  type AccessCodeQuery,
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
  const codeReaders = allow.staff('admin', 'regional_coordinator', 'municipal_coordinator');

  async function codeList(request: FastifyRequest, id: number, query: AccessCodeQuery, purpose: 'list' | 'xlsx'): Promise<AccessCodeList> {
    const { campaign, codes, unreadable } = await campaigns.accessCodes(staffOf(request), actorOf(request), id, query, purpose);
    return {
      campaignId: campaign.id,
      campaignTitle: campaign.title,
      closesAt: campaign.closesAt,
      timeZone: campaign.timeZone,
      siteOrigin: siteOrigin(request),
      siteOriginConfigured: publicUrl !== undefined,
      codes,
      unreadable,
    };
  }

  app.get('/api/campaigns', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Кампании'],
      summary: 'Кампании в пределах прав пользователя',
      querystring: campaignListQuerySchema,
      response: { 200: z.array(campaignSchema) },
    },
    handler: async (request) => campaigns.list(staffOf(request), request.query.regionId),
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
      summary: 'Запустить: зафиксировать анкеты, создать анкеты школ и выдать все коды доступа',
      params: idParamsSchema,
      response: { 200: launchResponseSchema, ...failures },
    },
    handler: async (request) => campaigns.launch(staffOf(request), actorOf(request), request.params.id),
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
    handler: async (request) => campaigns.extend(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/campaigns/:id/reopen', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Открыть заново завершённую неопубликованную кампанию — всю или для отдельных муниципалитетов',
      params: idParamsSchema,
      body: reopenCampaignBodySchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => campaigns.reopen(staffOf(request), actorOf(request), request.params.id, request.body),
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

  app.get('/api/campaigns/:id/access-codes', {
    config: { access: codeReaders },
    schema: {
      tags: ['Кампании'],
      summary: 'Коды доступа муниципалитета, школы или (региону) всей кампании; каждое чтение записывается в журнал',
      params: idParamsSchema,
      querystring: accessCodeQuerySchema,
      response: { 200: accessCodeListSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await codeList(request, request.params.id, request.query, 'list')),
  });

  app.get('/api/campaigns/:id/access-codes.xlsx', {
    config: { access: codeReaders },
    schema: {
      tags: ['Кампании'],
      summary: 'Коды доступа в XLSX: муниципалитет, школа или вся кампания',
      params: idParamsSchema,
      querystring: accessCodeQuerySchema,
    },
    handler: async (request, reply) => {
      const list = await codeList(request, request.params.id, request.query, 'xlsx');
      const scope = request.query.schoolId
        ? `-shkola-${request.query.schoolId}`
        : request.query.municipalityId
          ? `-mo-${request.query.municipalityId}`
          : '';
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="kody-dostupa-${list.campaignId}${scope}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(await buildAccessCodesWorkbook(list));
    },
  });

  app.post('/api/campaigns/:id/access-codes', {
    config: { access: codeReaders },
    schema: {
      tags: ['Кампании'],
      summary: 'Перевыпустить коды муниципалитета, школы или отдельных анкет; старые коды перестают действовать, ответы сохраняются',
      params: idParamsSchema,
      body: reissueCodesBodySchema,
      response: { 200: reissueResponseSchema, ...failures },
    },
    handler: async (request) => campaigns.reissueCodes(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.get('/api/campaigns/:id/schools', {
    config: { access: codeReaders },
    schema: {
      tags: ['Кампании'],
      summary: 'Школы муниципалитетов кампании: участвуют, исключены или ещё не добавлены (загружены после запуска)',
      params: idParamsSchema,
      querystring: campaignSchoolsQuerySchema,
      response: { 200: z.array(campaignSchoolSchema), 404: errorResponseSchema },
    },
    handler: async (request) => campaigns.schools(staffOf(request), request.params.id, request.query.municipalityId),
  });

  app.post('/api/campaigns/:id/schools', {
    config: { access: codeReaders },
    schema: {
      tags: ['Кампании'],
      summary: 'Добавить в идущую кампанию школы, загруженные после запуска, или вернуть исключённые: анкеты и коды',
      params: idParamsSchema,
      body: addSchoolsBodySchema,
      response: { 200: addSchoolsResponseSchema, ...failures },
    },
    handler: async (request) => campaigns.addSchools(staffOf(request), actorOf(request), request.params.id, request.body.schoolIds),
  });

  app.post('/api/campaigns/:id/exclusions', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Исключить школу из кампании с причиной: ответы сохраняются, школа не учитывается в заполнении и расчёте',
      params: idParamsSchema,
      body: excludeSchoolBodySchema,
      response: { 200: excludeSchoolBodySchema, ...failures },
    },
    handler: async (request) =>
      campaigns.excludeSchool(staffOf(request), actorOf(request), request.params.id, request.body.schoolId, request.body.reason),
  });
};

export default campaignsRoutes;
