import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../lib/paging';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import {
  municipalityBodySchema,
  municipalityListQuerySchema,
  municipalityPatchSchema,
  municipalitySchema,
  schoolBodySchema,
  schoolListQuerySchema,
  schoolPatchSchema,
  schoolSchema,
} from './directory.schemas';
import { createDirectoryService } from './directory.service';

const editors = allow.staff('admin', 'regional_coordinator');
const writeFailures = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const directory = createDirectoryService(app.db);

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
    schema: { tags: ['Справочник'], summary: 'Муниципалитет', params: idParamsSchema, response: { 200: municipalitySchema, 404: errorResponseSchema } },
    handler: async (request) => directory.getMunicipality(staffOf(request), request.params.id),
  });

  app.post('/api/municipalities', {
    config: { access: editors },
    schema: { tags: ['Справочник'], summary: 'Добавить муниципалитет', body: municipalityBodySchema, response: { 201: municipalitySchema, ...writeFailures } },
    handler: async (request, reply) =>
      reply.status(201).send(await directory.createMunicipality(staffOf(request), actorOf(request), request.body)),
  });

  app.patch('/api/municipalities/:id', {
    config: { access: editors },
    schema: { tags: ['Справочник'], summary: 'Изменить муниципалитет', params: idParamsSchema, body: municipalityPatchSchema, response: { 200: municipalitySchema, ...writeFailures } },
    handler: async (request) => directory.updateMunicipality(staffOf(request), actorOf(request), request.params.id, request.body),
  });

  app.get('/api/schools', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Справочник'],
      summary: 'Школы в пределах прав пользователя, с поиском, фильтрами и постраничным выводом',
      querystring: schoolListQuerySchema,
      response: { 200: pageSchema(schoolSchema), 404: errorResponseSchema },
    },
    handler: async (request) => directory.listSchools(staffOf(request), request.query),
  });

  app.get('/api/schools/:id', {
    config: { access: allow.anyStaff },
    schema: { tags: ['Справочник'], summary: 'Школа', params: idParamsSchema, response: { 200: schoolSchema, 404: errorResponseSchema } },
    handler: async (request) => directory.getSchool(staffOf(request), request.params.id),
  });

  app.post('/api/schools', {
    config: { access: editors },
    schema: { tags: ['Справочник'], summary: 'Добавить школу', body: schoolBodySchema, response: { 201: schoolSchema, ...writeFailures } },
    handler: async (request, reply) =>
      reply.status(201).send(await directory.createSchool(staffOf(request), actorOf(request), { ...request.body, address: request.body.address ?? null })),
  });

  app.patch('/api/schools/:id', {
    config: { access: editors },
    schema: { tags: ['Справочник'], summary: 'Изменить школу', params: idParamsSchema, body: schoolPatchSchema, response: { 200: schoolSchema, ...writeFailures } },
    handler: async (request) => directory.updateSchool(staffOf(request), actorOf(request), request.params.id, request.body),
  });
};

export default directoryRoutes;
