import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../lib/paging';
import { idParamsSchema } from '../../lib/params';
import { actorOf, allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { createUserBodySchema, updateUserBodySchema, userListQuerySchema, userSchema, userWithPasswordSchema } from './users.schemas';
import type { UsersService } from './users.service';

const managers = allow.staff('admin', 'regional_coordinator');
const failures = { 400: errorResponseSchema, 403: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

const usersRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users: usersService }) => {
  app.get('/api/users', {
    config: { access: managers },
    schema: {
      tags: ['Пользователи'],
      summary: 'Пользователи: администратору — все, региональному координатору — своего региона',
      querystring: userListQuerySchema,
      response: { 200: pageSchema(userSchema) },
    },
    handler: async (request) => usersService.list(staffOf(request), request.query),
  });

  app.post('/api/users', {
    config: { access: managers },
    schema: {
      tags: ['Пользователи'],
      summary: 'Создать пользователя; временный пароль возвращается один раз',
      body: createUserBodySchema,
      response: { 201: userWithPasswordSchema, ...failures },
    },
    handler: async (request, reply) => reply.status(201).send(await usersService.create(staffOf(request), actorOf(request), request.body)),
  });

  app.patch('/api/users/:id', {
    config: { access: managers },
    schema: {
      tags: ['Пользователи'],
      summary: 'Изменить имя, отключить или включить, выдать новый временный пароль',
      params: idParamsSchema,
      body: updateUserBodySchema,
      response: { 200: userWithPasswordSchema, ...failures },
    },
    handler: async (request) => usersService.update(staffOf(request), actorOf(request), request.params.id, request.body),
  });
};

export default usersRoutes;
