import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, DatabaseHandle } from '../../db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    database: DatabaseHandle;
  }
}

/** Makes the database available to every module; the caller that opened it closes it. */
export default fp(async function dbPlugin(app: FastifyInstance, opts: { database: DatabaseHandle }) {
  app.decorate('database', opts.database);
  app.decorate('db', opts.database.db);
});
