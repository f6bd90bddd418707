import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { campaignSchema } from '../campaigns/campaigns.schemas';
import {
  comparisonSchema,
  distributionSchema,
  expertSchema,
  expertsBodySchema,
  matrixQuerySchema,
  matrixSchema,
  mechanismParamsSchema,
  municipalityHistorySchema,
  municipalityResultSchema,
  overrideBodySchema,
  publicationSchema,
  publishBodySchema,
  regionHistorySchema,
  unpublishBodySchema,
  resultParamsSchema,
  reviewBodySchema,
  runQuerySchema,
  runSummarySchema,
  unapprovedSchema,
} from './results.schemas';
import { resultsWorkbook } from './exports';
import type { ReportsService } from './reports.service';
import type { ReviewService } from './review.service';
import type { ScoringRunsService } from './scoring-runs.service';

const managers = allow.staff('admin', 'regional_coordinator');
const failures = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
const tags = ['Результаты'];

const resultsRoutes: FastifyPluginAsyncZod<{
  scoringRuns: ScoringRunsService;
  review: ReviewService;
  reports: ReportsService;
}> = async (app, { scoringRuns, review, reports }) => {
  app.post('/api/campaigns/:id/scoring-runs', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Рассчитать уровни по закрытой кампании (новый расчёт; прежние сохраняются)',
      params: idParamsSchema,
      response: { 201: runSummarySchema, ...failures },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await scoringRuns.runScoring(staffOf(request), actorOf(request), request.params.id)),
  });

  app.get('/api/campaigns/:id/scoring-runs', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Расчёты уровней кампании',
      params: idParamsSchema,
      response: { 200: z.array(runSummarySchema), ...failures },
    },
    handler: async (request) => scoringRuns.runs(staffOf(request), request.params.id),
  });

  app.get('/api/campaigns/:id/results', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary:
        'Матрица «муниципалитет × механизм» по страницам: рассчитанные и действующие уровни, изменения экспертов, статус проверки; поиск и фильтры по проверке и изменениям',
      params: idParamsSchema,
      querystring: matrixQuerySchema,
      response: { 200: matrixSchema, ...failures },
    },
    handler: async (request) => reports.matrix(staffOf(request), request.params.id, request.query),
  });

  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  app.get('/api/campaigns/:id/results.xlsx', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Результаты в XLSX: уровни и проценты, баллы по компонентам, изменения экспертов с причинами',
      params: idParamsSchema,
    },
    handler: async (request, reply) => {
      const body = await resultsWorkbook(await reports.exportData(staffOf(request), request.params.id));
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename="rezultaty-${request.params.id}.xlsx"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/api/campaigns/:id/answers.${format}`, {
      config: { access: allow.staff('admin', 'regional_coordinator', 'expert') },
      schema: {
        tags,
        summary: `Ответы респондентов в ${format.toUpperCase()}: строка на анкету, столбец на вопрос (выгрузка потоком)`,
        params: idParamsSchema,
        querystring: z.object({ status: z.enum(['submitted', 'all']).default('submitted') }),
      },
      handler: async (request, reply) => {
        const statuses = request.query.status === 'all' ? (['in_progress', 'submitted'] as const) : (['submitted'] as const);
        const { body } = await reports.answersExport(staffOf(request), request.params.id, format, [...statuses]);
        return reply
          .header('content-type', format === 'xlsx' ? xlsx : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="otvety-${request.params.id}.${format}"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    });
  }

  app.get('/api/campaigns/:id/results/distribution', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Распределение муниципалитетов по уровням: по механизмам и итоговое',
      params: idParamsSchema,
      querystring: runQuerySchema,
      response: { 200: distributionSchema, ...failures },
    },
    handler: async (request) => reports.distribution(staffOf(request), request.params.id, request.query.runId),
  });

  app.get('/api/campaigns/:id/results/comparison', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Сравнение с предыдущей кампанией региона: лучше, хуже, без изменений',
      params: idParamsSchema,
      querystring: runQuerySchema.extend({ previousCampaignId: z.coerce.number().int().positive().optional() }),
      response: { 200: comparisonSchema, ...failures },
    },
    handler: async (request) =>
      reports.comparison(staffOf(request), request.params.id, request.query.previousCampaignId, request.query.runId),
  });

  app.get('/api/campaigns/:id/results/history', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Распределение муниципалитетов по итоговым уровням в каждой рассчитанной кампании региона до этой включительно',
      params: idParamsSchema,
      response: { 200: regionHistorySchema, ...failures },
    },
    handler: async (request) => reports.regionHistory(staffOf(request), request.params.id),
  });

  app.get('/api/campaigns/:id/results/:municipalityId/history', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Уровни муниципалитета, итоговый и по механизмам, во всех рассчитанных кампаниях региона до этой включительно',
      params: resultParamsSchema,
      response: { 200: municipalityHistorySchema, ...failures },
    },
    handler: async (request) => reports.municipalityHistory(staffOf(request), request.params.id, request.params.municipalityId),
  });

  app.get('/api/campaigns/:id/results/:municipalityId', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary:
        'Результат муниципалитета с обоснованием: по каждому компоненту — ответ муниципалитета, подтверждение школами, правило и баллы',
      params: resultParamsSchema,
      querystring: runQuerySchema,
      response: { 200: municipalityResultSchema, ...failures },
    },
    handler: async (request) =>
      reports.municipality(staffOf(request), request.params.id, request.params.municipalityId, request.query.runId),
  });

  app.post('/api/campaigns/:id/results/:municipalityId/mechanisms/:mechanismCode/confirm', {
    config: { access: allow.staff('expert') },
    schema: {
      tags,
      summary: 'Эксперт подтверждает рассчитанный уровень механизма',
      params: mechanismParamsSchema,
      response: { 204: z.undefined(), ...failures },
    },
    handler: async (request, reply) => {
      await review.confirm(
        staffOf(request),
        actorOf(request),
        request.params.id,
        request.params.municipalityId,
        request.params.mechanismCode,
      );
      return reply.status(204).send();
    },
  });

  app.post('/api/campaigns/:id/results/:municipalityId/overrides', {
    config: { access: allow.staff('expert') },
    schema: {
      tags,
      summary: 'Эксперт изменяет баллы компонента или уровень механизма; причина обязательна, рассчитанное значение сохраняется',
      params: resultParamsSchema,
      body: overrideBodySchema,
      response: { 201: z.object({ id: z.number().int() }), ...failures },
    },
    handler: async (request, reply) =>
      reply.status(201).send({
        id: await review.override(staffOf(request), actorOf(request), request.params.id, request.params.municipalityId, request.body),
      }),
  });

  app.delete('/api/campaigns/:id/overrides/:overrideId', {
    config: { access: allow.staff('expert') },
    schema: {
      tags,
      summary: 'Отменить изменение эксперта (запись остаётся в истории)',
      params: z.object({
        id: z.coerce.number().int().positive().max(2_147_483_647),
        overrideId: z.coerce.number().int().positive().max(2_147_483_647),
      }),
      response: { 204: z.undefined(), ...failures },
    },
    handler: async (request, reply) => {
      await review.withdrawOverride(staffOf(request), actorOf(request), request.params.id, request.params.overrideId);
      return reply.status(204).send();
    },
  });

  app.put('/api/campaigns/:id/reviews/:municipalityId', {
    config: { access: allow.staff('expert') },
    schema: {
      tags,
      summary: 'Статус проверки муниципалитета: не проверен, на проверке, утверждён',
      params: resultParamsSchema,
      body: reviewBodySchema,
      response: { 204: z.undefined(), ...failures },
    },
    handler: async (request, reply) => {
      await review.setReviewStatus(
        staffOf(request),
        actorOf(request),
        request.params.id,
        request.params.municipalityId,
        request.body.status,
      );
      return reply.status(204).send();
    },
  });

  app.get('/api/campaigns/:id/experts', {
    config: { access: allow.staff('admin', 'regional_coordinator', 'expert') },
    schema: { tags, summary: 'Эксперты кампании', params: idParamsSchema, response: { 200: z.array(expertSchema), ...failures } },
    handler: async (request) => review.experts(staffOf(request), request.params.id),
  });

  app.put('/api/campaigns/:id/experts', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Назначить экспертов кампании (эксперты её региона)',
      params: idParamsSchema,
      body: expertsBodySchema,
      response: { 200: z.array(expertSchema), ...failures },
    },
    handler: async (request) => review.assignExperts(staffOf(request), actorOf(request), request.params.id, request.body.userIds),
  });

  app.get('/api/campaigns/:id/results/unapproved', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Муниципалитеты, не утверждённые экспертами: их публикация требует исключения с причиной',
      params: idParamsSchema,
      response: { 200: unapprovedSchema, ...failures },
    },
    handler: async (request) => review.unapproved(staffOf(request), request.params.id),
  });

  app.post('/api/campaigns/:id/publish', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Опубликовать результаты: когда все муниципалитеты утверждены — или явно, с исключениями и причиной',
      params: idParamsSchema,
      body: publishBodySchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => review.publish(staffOf(request), actorOf(request), request.params.id, request.body.exceptions),
  });

  app.post('/api/campaigns/:id/unpublish', {
    config: { access: managers },
    schema: {
      tags,
      summary: 'Снять публикацию для исправления: публикация остаётся в истории с причиной, повторная получает следующий номер',
      params: idParamsSchema,
      body: unpublishBodySchema,
      response: { 200: campaignSchema, ...failures },
    },
    handler: async (request) => review.unpublish(staffOf(request), actorOf(request), request.params.id, request.body.reason),
  });

  app.get('/api/campaigns/:id/publications', {
    config: { access: allow.anyStaff },
    schema: {
      tags,
      summary: 'Все публикации результатов кампании: расчёт, кто и когда опубликовал, кто, когда и почему снял',
      params: idParamsSchema,
      response: { 200: z.array(publicationSchema), ...failures },
    },
    handler: async (request) => review.publications(staffOf(request), request.params.id),
  });
};

export default resultsRoutes;
