import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { allow } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { migrationState } from './health.repo';

const tags = ['Служебное'];
const databaseKind = z.enum(['pglite', 'postgres']);

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  // Cheap on purpose: a balancer calls it every few seconds.
  app.get('/api/health', {
    config: { access: allow.public },
    schema: {
      tags,
      summary: 'Проверка работоспособности: сервер отвечает и база данных доступна',
      response: { 200: z.object({ status: z.literal('ok'), database: databaseKind }), 503: errorResponseSchema },
    },
    handler: async () => {
      await app.database.ping();
      return { status: 'ok' as const, database: app.database.kind };
    },
  });

  app.get('/api/ready', {
    config: { access: allow.public },
    schema: {
      tags,
      summary: 'Готовность принимать запросы: база данных доступна и все миграции применены',
      response: {
        200: z.object({
          status: z.literal('ready'),
          database: databaseKind,
          migrations: z.object({ applied: z.number().int(), expected: z.number().int() }),
        }),
        503: errorResponseSchema,
      },
    },
    handler: async () => {
      const migrations = await migrationState(app.database.db);
      if (migrations.pending > 0) {
        throw new AppError(
          503,
          'not_ready',
          `База данных не готова: не применены миграции (${migrations.pending} из ${migrations.expected}). Они применяются при запуске сервера.`,
          migrations,
        );
      }
      return {
        status: 'ready' as const,
        database: app.database.kind,
        migrations: { applied: migrations.applied, expected: migrations.expected },
      };
    },
  });
};

export default healthRoutes;
