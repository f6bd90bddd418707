import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import {
  reminderPreviewQuerySchema,
  reminderPreviewSchema,
  reminderScheduleBodySchema,
  reminderScheduleSchema,
  sendRemindersBodySchema,
  sendRemindersResponseSchema,
} from './reminders.schemas';
import type { RemindersService } from './reminders.service';

const managers = allow.staff('admin', 'regional_coordinator');
const failures = { 400: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
/** Where the links in messages point when PUBLIC_URL is not set: the address the coordinator is working at. */
const requestOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const remindersRoutes: FastifyPluginAsyncZod<{ reminders: RemindersService }> = async (app, { reminders }) => {
  app.get('/api/campaigns/:id/reminders/preview', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Напоминания муниципальным координаторам: каждое письмо, как оно будет отправлено, и кому писать некому',
      params: idParamsSchema,
      querystring: reminderPreviewQuerySchema,
      response: { 200: reminderPreviewSchema, ...failures },
    },
    handler: async (request) =>
      reminders.preview(staffOf(request), request.params.id, request.query.municipalityIds, requestOrigin(request)),
  });

  app.post('/api/campaigns/:id/reminders', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Отправить напоминания муниципальным координаторам отстающих (или выбранных) муниципалитетов',
      params: idParamsSchema,
      body: sendRemindersBodySchema,
      response: { 200: sendRemindersResponseSchema, ...failures },
    },
    handler: async (request) =>
      reminders.send(staffOf(request), actorOf(request), request.params.id, request.body.municipalityIds, requestOrigin(request)),
  });

  app.put('/api/campaigns/:id/reminder-schedule', {
    config: { access: managers },
    schema: {
      tags: ['Кампании'],
      summary: 'Автоматические напоминания за N дней до срока каждого муниципалитета (null — отключить)',
      params: idParamsSchema,
      body: reminderScheduleBodySchema,
      response: { 200: reminderScheduleSchema, ...failures },
    },
    handler: async (request) =>
      reminders.setSchedule(staffOf(request), actorOf(request), request.params.id, request.body.daysBefore, requestOrigin(request)),
  });
};

export default remindersRoutes;
