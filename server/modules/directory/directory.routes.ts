import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptFileBodies, XLSX_CONTENT_TYPE } from '../../lib/file-body';
import { pageSchema } from '../../lib/paging';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import type { DirectoryImportService } from './directory-import.service';
import { buildImportTemplate } from './import/template';
import {
  importPreviewSchema,
  importQuerySchema,
  importSummarySchema,
  importTemplateQuerySchema,
  municipalityBodySchema,
  municipalityListQuerySchema,
  municipalityPatchSchema,
  municipalitySchema,
  schoolBodySchema,
  schoolListQuerySchema,
  schoolPatchSchema,
  schoolSchema,
} from './directory.schemas';
import type { DirectoryService } from './directory.service';

const editors = allow.staff('admin', 'regional_coordinator');

/** Spreadsheets arrive as the raw request body; 10 MB holds a national directory many times over. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const fileContentTypes = ['application/octet-stream', 'text/csv', 'application/vnd.ms-excel', XLSX_CONTENT_TYPE];
const writeFailures = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const directoryRoutes: FastifyPluginAsyncZod<{ directory: DirectoryService; directoryImport: DirectoryImportService }> = async (
  app,
  { directory, directoryImport },
) => {
  // Scoped to this plugin: only the import routes accept raw file bodies.
  acceptFileBodies(app, fileContentTypes, IMPORT_MAX_BYTES);

  app.get('/api/municipalities', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Справочник'],
      summary: 'Муниципалитеты в пределах прав пользователя, с поиском и постраничным выводом',
      querystring: municipalityListQuerySchema,
      response: { 200: pageSchema(municipalitySchema), 404: errorResponseSchema },
    },
    handler: async (request) => directory.listMunicipalities(staffOf(request), request.query),
  });

  app.get('/api/municipalities/:id', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Справочник'],
      summary: 'Муниципалитет',
      params: idParamsSchema,
      response: { 200: municipalitySchema, 404: errorResponseSchema },
    },
    handler: async (request) => directory.getMunicipality(staffOf(request), request.params.id),
  });

  app.post('/api/municipalities', {
    config: { access: editors },
    schema: {
      tags: ['Справочник'],
      summary: 'Добавить муниципалитет',
      body: municipalityBodySchema,
      response: { 201: municipalitySchema, ...writeFailures },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await directory.createMunicipality(staffOf(request), actorOf(request), request.body)),
  });

  app.patch('/api/municipalities/:id', {
    config: { access: editors },
    schema: {
      tags: ['Справочник'],
      summary: 'Изменить муниципалитет',
      params: idParamsSchema,
      body: municipalityPatchSchema,
      response: { 200: municipalitySchema, ...writeFailures },
    },
    handler: async (request) => directory.updateMunicipality(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.get('/api/schools', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Справочник'],
      summary: 'Образовательные организации (ОО и ДОО) в пределах прав пользователя, с поиском, фильтрами и постраничным выводом',
      querystring: schoolListQuerySchema,
      response: { 200: pageSchema(schoolSchema), 404: errorResponseSchema },
    },
    handler: async (request) => directory.listSchools(staffOf(request), request.query),
  });

  app.get('/api/schools/:id', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Справочник'],
      summary: 'Образовательная организация',
      params: idParamsSchema,
      response: { 200: schoolSchema, 404: errorResponseSchema },
    },
    handler: async (request) => directory.getSchool(staffOf(request), request.params.id),
  });

  app.post('/api/schools', {
    config: { access: editors },
    schema: {
      tags: ['Справочник'],
      summary: 'Добавить образовательную организацию',
      body: schoolBodySchema,
      response: { 201: schoolSchema, ...writeFailures },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await directory.createSchool(staffOf(request), actorOf(request), { ...request.body, address: request.body.address ?? null })),
  });

  app.patch('/api/schools/:id', {
    config: { access: editors },
    schema: {
      tags: ['Справочник'],
      summary: 'Изменить образовательную организацию',
      params: idParamsSchema,
      body: schoolPatchSchema,
      response: { 200: schoolSchema, ...writeFailures },
    },
    handler: async (request) => directory.updateSchool(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.get('/api/directory/import/template', {
    config: { access: editors },
    schema: {
      tags: ['Справочник'],
      summary: 'Шаблон файла для импорта муниципалитетов или образовательных организаций (XLSX или CSV)',
      querystring: importTemplateQuerySchema,
    },
    handler: async (request, reply) => {
      const template = await buildImportTemplate(request.query.kind, request.query.format);
      return reply
        .header('content-type', template.contentType)
        .header('content-disposition', `attachment; filename="${template.fileName}"`)
        .send(template.body);
    },
  });

  const importRoute = { config: { access: editors }, bodyLimit: IMPORT_MAX_BYTES };
  const fileBody = z.instanceof(Buffer).describe('Файл XLSX или CSV (UTF-8 или Windows-1251) в теле запроса');

  app.post('/api/directory/import/preview', {
    ...importRoute,
    schema: {
      tags: ['Справочник'],
      summary: 'Проверка файла импорта без изменений: все ошибки по строкам и столбцам и что будет добавлено или изменено',
      querystring: importQuerySchema,
      body: fileBody,
      response: { 200: importPreviewSchema, 400: errorResponseSchema, 413: errorResponseSchema },
    },
    handler: async (request) =>
      directoryImport.preview(staffOf(request), request.query.regionId, request.query.kind, request.body, request.query.fileName),
  });

  app.post('/api/directory/import/commit', {
    ...importRoute,
    schema: {
      tags: ['Справочник'],
      summary: 'Импорт: все строки файла или ни одной (при ошибках — 422 со списком); повторный импорт того же файла ничего не меняет',
      querystring: importQuerySchema,
      body: fileBody,
      response: { 200: importSummarySchema, 422: errorResponseSchema, 413: errorResponseSchema },
    },
    handler: async (request) =>
      directoryImport.commit(
        staffOf(request),
        actorOf(request),
        request.query.regionId,
        request.query.kind,
        request.body,
        request.query.fileName,
      ),
  });
};

export default directoryRoutes;
