import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptFileBodies, XLSX_CONTENT_TYPE } from '../../lib/file-body';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { diffQuerySchema, versionDiffSchema } from './diff.schemas';
import { methodologyReferenceSchema } from './methodology.schemas';
import type { MethodologyService } from './versions.service';
import {
  importQuerySchema,
  methodologyPreviewSchema,
  methodologyVersionSummarySchema,
  regionQuerySchema,
  versionIdParamsSchema,
  versionResultSchema,
} from './versions.schemas';

/** Region coordinators and administrators author a region's versions. */
const authors = allow.staff('admin', 'regional_coordinator');
/** A methodology workbook is about 50 KB; 5 MB leaves room for formatting, not for pictures. */
export const WORKBOOK_MAX_BYTES = 5 * 1024 * 1024;
const failures = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 422: errorResponseSchema };

const methodologyRoutes: FastifyPluginAsyncZod<{ methodologies: MethodologyService }> = async (app, { methodologies }) => {
  // The shipped catalogues were read (and checked: broken data stops the server) when the service was made; they
  // are written into the database as the installation's read-only versions.
  await methodologies.syncSystemVersions();

  app.get('/api/methodologies', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Версии методики, доступные пользователю: поставляемые с платформой и своего региона',
      response: { 200: z.array(methodologyVersionSummarySchema) },
    },
    handler: async (request) => methodologies.list(staffOf(request)),
  });

  app.get('/api/methodologies/:id', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Методика: механизмы, управленческий цикл, правила и пороговые значения',
      params: versionIdParamsSchema,
      response: { 200: methodologyReferenceSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request) => methodologies.reference(staffOf(request), request.params.id),
  });

  app.get('/api/methodologies/:id/preview', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Предпросмотр версии: анкеты каждой роли и муниципальная форма по всем механизмам, как их увидят, и правила оценки',
      params: versionIdParamsSchema,
      response: { 200: methodologyPreviewSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    handler: async (request) => methodologies.preview(staffOf(request), request.params.id),
  });

  app.get('/api/methodologies/:id/document', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Документ версии методики целиком (JSON): для правки и повторной загрузки',
      params: versionIdParamsSchema,
      response: { 200: z.record(z.string(), z.unknown()), 404: errorResponseSchema },
    },
    handler: async (request, reply) => {
      const document = await methodologies.document(staffOf(request), request.params.id);
      return reply.header('content-disposition', `attachment; filename="${request.params.id}.json"`).send(document);
    },
  });

  app.get('/api/methodologies/:id/diff', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Сравнение версий методики: что изменилось по сравнению с версией with (по умолчанию — исходной)',
      params: versionIdParamsSchema,
      querystring: diffQuerySchema,
      response: { 200: versionDiffSchema, 400: errorResponseSchema, 404: errorResponseSchema },
    },
    handler: async (request) => methodologies.diff(staffOf(request), request.params.id, request.query.with),
  });

  app.get('/api/methodologies/:id/export.xlsx', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Версия методики книгой Excel (XLSX) с листом «Справка»: выгруженная и загруженная без изменений, даёт тот же документ',
      params: versionIdParamsSchema,
    },
    handler: async (request, reply) => {
      const workbook = await methodologies.exportWorkbook(staffOf(request), request.params.id);
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${request.params.id}.xlsx"`)
        .send(workbook);
    },
  });

  // Scoped: only the import route takes a raw file body.
  await app.register(async (files) => {
    acceptFileBodies(files, [XLSX_CONTENT_TYPE, 'application/octet-stream'], WORKBOOK_MAX_BYTES);
    files.withTypeProvider<ZodTypeProvider>().post('/api/methodologies/import', {
      config: { access: authors },
      bodyLimit: WORKBOOK_MAX_BYTES,
      schema: {
        tags: ['Методики'],
        summary:
          'Загрузить книгу Excel методики: новый черновик региона или замена черновика (into); ошибки формата — 422 по листам, строкам и столбцам без сохранения; ошибки методики — черновик сохраняется, 422',
        querystring: importQuerySchema,
        body: z.instanceof(Buffer).describe('Книга XLSX в теле запроса'),
        response: { 200: versionResultSchema, 201: versionResultSchema, 413: errorResponseSchema, ...failures },
      },
      handler: async (request, reply) => {
        const { regionId, into } = request.query;
        const answer = await methodologies.importWorkbook(staffOf(request), actorOf(request), request.body, regionId, into);
        return reply.status(into === undefined ? 201 : 200).send(answer);
      },
    });
  });

  app.get('/api/methodologies/:id/check', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Проверка версии методики: все ошибки с местом в документе',
      params: versionIdParamsSchema,
      response: { 200: versionResultSchema, 404: errorResponseSchema },
    },
    handler: async (request) => methodologies.check(staffOf(request), request.params.id),
  });

  app.post('/api/methodologies', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Загрузить документ методики (JSON) черновиком региона; с ошибками черновик сохраняется, ответ 422 их перечисляет',
      querystring: regionQuerySchema,
      body: z.unknown(),
      response: { 201: versionResultSchema, ...failures },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await methodologies.upload(staffOf(request), actorOf(request), request.body, request.query.regionId)),
  });

  app.put('/api/methodologies/:id/document', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Сохранить документ черновика; с ошибками черновик сохраняется, ответ 422 их перечисляет',
      params: versionIdParamsSchema,
      body: z.unknown(),
      response: { 200: versionResultSchema, ...failures },
    },
    handler: async (request) => methodologies.save(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/methodologies/:id/fork', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Создать черновик региона на основе версии методики',
      params: versionIdParamsSchema,
      querystring: regionQuerySchema,
      response: { 201: versionResultSchema, ...failures },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await methodologies.fork(staffOf(request), actorOf(request), request.params.id, request.query.regionId)),
  });

  app.post('/api/methodologies/:id/publish', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Опубликовать черновик без ошибок: после этого версия не меняется',
      params: versionIdParamsSchema,
      response: { 200: versionResultSchema, ...failures },
    },
    handler: async (request) => methodologies.publish(staffOf(request), actorOf(request), request.params.id),
  });

  app.post('/api/methodologies/:id/retire', {
    config: { access: authors },
    schema: {
      tags: ['Методики'],
      summary: 'Вывести опубликованную версию из употребления: новые кампании её не выбирают',
      params: versionIdParamsSchema,
      response: { 200: versionResultSchema, ...failures },
    },
    handler: async (request) => methodologies.retire(staffOf(request), actorOf(request), request.params.id),
  });
};

export default methodologyRoutes;
