import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { changePasswordBodySchema, loginBodySchema, loginResponseSchema, meSchema, tokenResponseSchema } from './auth.schemas';
import type { AuthService } from './auth.service';

const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  const context = (request: { ip: string; headers: Record<string, unknown> }) => ({
    ip: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
  });
  const failures = { 401: errorResponseSchema, 403: errorResponseSchema, 429: errorResponseSchema };

  app.post('/api/auth/login', {
    config: { access: allow.public },
    schema: {
      tags: ['Вход'],
      summary: 'Вход сотрудника: сеанс в cookie (httpOnly, SameSite=Strict)',
      body: loginBodySchema,
      response: { 200: loginResponseSchema, ...failures },
    },
    handler: async (request, reply) => {
      const { token, expiresAt, user } = await auth.login(request.body.email, request.body.password, context(request));
      app.issueSessionCookie(reply, token, expiresAt);
      return { user, expiresAt: expiresAt.toISOString() };
    },
  });

  app.post('/api/auth/token', {
    config: { access: allow.public },
    schema: {
      tags: ['Вход'],
      summary: 'Вход для API-клиентов: токен для заголовка Authorization: Bearer',
      body: loginBodySchema,
      response: { 200: tokenResponseSchema, ...failures },
    },
    handler: async (request) => {
      const { token, expiresAt, user } = await auth.login(request.body.email, request.body.password, context(request));
      return { token, user, expiresAt: expiresAt.toISOString() };
    },
  });

  app.post('/api/auth/logout', {
    config: { access: allow.anyStaffWithTemporaryPassword },
    schema: { tags: ['Вход'], summary: 'Выход: сеанс завершается на сервере', response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await auth.logout(staffOf(request));
      app.clearSessionCookie(reply);
      return reply.status(204).send();
    },
  });

  app.get('/api/me', {
    config: { access: allow.anyStaffWithTemporaryPassword },
    schema: { tags: ['Вход'], summary: 'Текущий пользователь', response: { 200: meSchema, 401: errorResponseSchema } },
    handler: async (request) => auth.profile(staffOf(request).userId),
  });

  app.post('/api/me/password', {
    config: { access: allow.anyStaffWithTemporaryPassword },
    schema: {
      tags: ['Вход'],
      summary: 'Смена собственного пароля; другие сеансы завершаются',
      body: changePasswordBodySchema,
      response: { 204: z.undefined(), 400: errorResponseSchema },
    },
    handler: async (request, reply) => {
      await auth.changePassword(staffOf(request), actorOf(request), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send();
    },
  });
};

export default authRoutes;
