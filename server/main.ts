import { openDatabase } from '../db/client';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { acquireDataDirLock } from './lib/data-dir-lock';
import { isDatabaseUnavailable } from './lib/pg-errors';

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const releaseLock =
    config.database.kind === 'pglite' && config.database.dataDir ? await acquireDataDirLock(config.database.dataDir) : () => {};
  // A fresh embedded database takes seconds to create; the application's modules load in the meantime.
  const opening = openDatabase(config.database);
  opening.catch(() => undefined);
  const [{ buildApp }, { isEmptyInstallation, seedDemo }] = await Promise.all([import('./app'), import('../seeds/demo')]);
  const database = await opening;
  await database.migrate();
  const app = await buildApp(config, database);

  const seed = config.seedDemo ?? (database.kind === 'pglite' && (await isEmptyInstallation(database.db)));
  if (seed && (await seedDemo(database.db))) {
    app.log.info('demo data loaded: Кировская область, 12 municipalities, 167 schools; logins *@demo.local / demo12345');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await database.close();
    } finally {
      releaseLock();
      process.exit(0);
    }
  };
  // postgres.js drops the promise of the array-type query it runs on every new connection (porsager/postgres#1192):
  // a connection lost at that moment becomes an unhandled rejection, and Node would end the whole server for it.
  // The request that opened the connection fails on its own (503), so that one is logged; any other still ends it.
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) return app.log.warn({ err: reason }, 'database connection lost while opening');
    app.log.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  app.log.info(
    `МУКО работает: http://${shownHost}:${config.port} (база: ${database.kind === 'pglite' ? `встроенная, ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL'})`,
  );
}

main().catch((error) => {
  console.error('Не удалось запустить МУКО:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
