import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { FORM_BODY_LIMIT, formStateSchema, saveBodySchema, saveResultSchema } from '../forms/forms.schemas';
import { municipalFormContextSchema, municipalFormParamsSchema } from './municipal-forms.schemas';
import type { MunicipalFormsService } from './municipal-forms.service';

const failures = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
const base = '/api/campaigns/:id/municipal-forms/:municipalityId';

const municipalFormsRoutes: FastifyPluginAsyncZod<{ municipalForms: MunicipalFormsService }> = async (app, { municipalForms }) => {
  app.get(base, {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Муниципальная форма'],
      summary: 'Муниципальная форма: состояние и сохранённые ответы',
      params: municipalFormParamsSchema,
      response: { 200: municipalFormContextSchema, 404: errorResponseSchema },
    },
    handler: async (request) => municipalForms.context(staffOf(request), request.params.id, request.params.municipalityId),
  });

  app.get(`${base}/definition`, {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Муниципальная форма'],
      summary: 'Определение муниципальной формы SurveyJS (неизменно после запуска)',
      params: municipalFormParamsSchema,
    },
    handler: async (request, reply) => {
      const definition = await municipalForms.definition(staffOf(request), request.params.id, request.params.municipalityId);
      return reply.header('cache-control', 'private, max-age=3600').send(definition);
    },
  });

  app.put(`${base}/answers`, {
    config: { access: allow.staff('municipal_coordinator') },
    bodyLimit: FORM_BODY_LIMIT,
    schema: {
      tags: ['Муниципальная форма'],
      summary: 'Автосохранение муниципальной формы (с проверкой ревизии)',
      params: municipalFormParamsSchema,
      body: saveBodySchema,
      response: { 200: saveResultSchema, ...failures },
    },
    handler: async (request) =>
      municipalForms.save(staffOf(request), actorOf(request), request.params.id, request.params.municipalityId, request.body),
  });

  app.post(`${base}/submit`, {
    config: { access: allow.staff('municipal_coordinator') },
    bodyLimit: FORM_BODY_LIMIT,
    schema: {
      tags: ['Муниципальная форма'],
      summary: 'Отправить муниципальную форму',
      params: municipalFormParamsSchema,
      body: saveBodySchema,
      response: { 200: formStateSchema, 422: errorResponseSchema, ...failures },
    },
    handler: async (request) => {
      const principal = staffOf(request);
      await municipalForms.submit(principal, actorOf(request), request.params.id, request.params.municipalityId, request.body);
      return (await municipalForms.context(principal, request.params.id, request.params.municipalityId)).form;
    },
  });
};

export default municipalFormsRoutes;
