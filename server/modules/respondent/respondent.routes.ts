import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, RESPONDENT_COOKIE, respondentOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { FORM_BODY_LIMIT, saveBodySchema, saveResultSchema, submissionSchema } from '../forms/forms.schemas';
import { conflict } from '../../errors';
import { definitionQuerySchema, enterBodySchema, respondentContextSchema, respondentEntrySchema } from './respondent.schemas';
import { RESPONDENT_SESSION_SECONDS, type RespondentService } from './respondent.service';

const failures = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  429: errorResponseSchema,
};

/**
 * The hottest routes of a campaign answer a few dozen bytes and are never sent compressed bodies: the compression
 * plugin's three hooks would run on every autosave for nothing.
 */
const withoutCompression = { compress: false, decompress: false } as const;

const respondentRoutes: FastifyPluginAsyncZod<{ respondent: RespondentService }> = async (app, { respondent }) => {
  app.post('/api/respondent/session', {
    config: { access: allow.public },
    schema: {
      tags: ['Анкета'],
      summary: 'Вход респондента по коду доступа: контекст анкеты, сохранённые ответы и определение анкеты SurveyJS',
      body: enterBodySchema,
      response: { 200: respondentEntrySchema, ...failures },
    },
    handler: async (request, reply) => {
      const viaLink = request.body.via === 'link';
      const current = viaLink ? await app.respondentSessionOf(request) : null;
      const { principal, expiresAt } = await respondent.enter(request.body.code, request.ip, { viaLink, current });
      if (expiresAt) {
        const token = app.jwt.sign(
          {
            typ: 'respondent',
            sid: principal.sessionId,
            rid: principal.responseId,
            acid: principal.accessCodeId,
            cid: principal.campaignId,
            role: principal.respondentRole,
          },
          { expiresIn: RESPONDENT_SESSION_SECONDS },
        );
        app.issueSessionCookie(reply, token, expiresAt, RESPONDENT_COOKIE);
      }
      return respondent.entry(principal);
    },
  });

  app.delete('/api/respondent/session', {
    config: { access: allow.public },
    schema: {
      tags: ['Анкета'],
      summary: 'Выход респондента: сеанс завершается на сервере, его токен больше не принимается',
      response: { 204: z.undefined() },
    },
    handler: async (request, reply) => {
      const current = await app.respondentSessionOf(request);
      if (current) await respondent.leave(current);
      app.clearSessionCookie(reply, RESPONDENT_COOKIE);
      return reply.status(204).send();
    },
  });

  app.get('/api/respondent/questionnaire', {
    config: { access: allow.respondent },
    schema: {
      tags: ['Анкета'],
      summary: 'Анкета респондента: кампания, школа, роль, сохранённые ответы',
      response: { 200: respondentContextSchema, ...failures },
    },
    handler: async (request) => respondent.context(respondentOf(request)),
  });

  app.get('/api/respondent/definition', {
    config: { access: allow.respondent },
    schema: {
      tags: ['Анкета'],
      summary:
        'Определение анкеты SurveyJS для роли респондента (неизменно после запуска кампании; с ?campaign=&role= из контекста — кешируется браузером навсегда)',
      querystring: definitionQuerySchema,
    },
    handler: async (request, reply) => {
      const { campaignId, role, definition } = await respondent.definition(respondentOf(request));
      const { campaign, role: askedRole } = request.query;
      if (campaign !== undefined || askedRole !== undefined) {
        // The address names what it holds, so the browser keeps it for good: the next respondent on this device with
        // the same questionnaire gets it without a request, and one with another gets another address.
        if (campaign !== campaignId || askedRole !== role) {
          throw conflict('Эта анкета относится к другому входу. Обновите страницу.');
        }
        reply.header('cache-control', 'private, max-age=31536000, immutable');
        return definition;
      }
      // The bare address is the same for every respondent on a device, so no copy may stay behind: a shared computer
      // once served the next respondent the previous one's questionnaire from its cache for a day.
      reply.header('cache-control', 'private, no-store');
      return definition;
    },
  });

  app.put('/api/respondent/answers', {
    ...withoutCompression,
    config: { access: allow.respondentSave },
    bodyLimit: FORM_BODY_LIMIT,
    schema: {
      tags: ['Анкета'],
      summary: 'Автосохранение ответов (с проверкой ревизии)',
      body: saveBodySchema,
      response: { 200: saveResultSchema, ...failures },
    },
    handler: async (request) => respondent.save(respondentOf(request), request.body),
  });

  app.post('/api/respondent/submit', {
    ...withoutCompression,
    config: { access: allow.respondentSubmit },
    bodyLimit: FORM_BODY_LIMIT,
    schema: {
      tags: ['Анкета'],
      summary: 'Отправить анкету: полная проверка; после отправки анкета неизменна',
      body: saveBodySchema,
      response: { 200: submissionSchema, 422: errorResponseSchema, ...failures },
    },
    handler: async (request) => respondent.submit(respondentOf(request), request.body),
  });
};

export default respondentRoutes;
