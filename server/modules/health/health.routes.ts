import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', {
    config: { access: allow.public },
    schema: {
      tags: ['Служебное'],
      summary: 'Проверка работоспособности: сервер отвечает и база данных доступна',
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }), 503: errorResponseSchema },
    },
    handler: async () => {
      await app.database.ping();
      return { status: 'ok' as const, database: app.database.kind };
    },
  });
};

export default healthRoutes;
