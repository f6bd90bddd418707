import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { acquireDataDirLock } from './lib/data-dir-lock';
import { mapStackTracesOnDemand } from './lib/stack-traces';

/** Set in the short-lived copy of this process that creates a new embedded database (prepareInChild). */
const PREPARE_ONLY = 'MUKO_PREPARE_DATA_DIR';

/** Opens the database, brings its schema up to date and loads the demo where it belongs (true when it did). */
async function prepareDatabase(config: AppConfig): Promise<{ database: DatabaseHandle; seeded: boolean }> {
  // A fresh embedded database takes seconds to create; the demo's modules load in the meantime.
  const opening = openDatabase(config.database);
  opening.catch(() => undefined);
  const { isEmptyInstallation, seedDemo } = await import('../seeds/demo');
  const database = await opening;
  await database.migrate();
  const seed = config.seedDemo ?? (database.kind === 'pglite' && (await isEmptyInstallation(database.db)));
  return { database, seeded: seed && (await seedDemo(database.db)) };
}

/**
 * Creating an embedded database (initdb) and loading the demo into it make PGlite's WebAssembly memory grow, and it
 * never shrinks (bench/RESULTS.md: ≈ 800 MB). A short-lived copy of this process does both and exits; the server
 * then opens a ready database at its usual size.
 */
async function prepareInChild(): Promise<boolean> {
  const child = fork(process.argv[1]!, process.argv.slice(2), { env: { ...process.env, [PREPARE_ONLY]: '1' } });
  let seeded = false;
  child.on('message', (message: { seeded: boolean }) => (seeded = message.seeded));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error('не удалось создать встроенную базу данных (подробности выше)');
  return seeded;
}
import { isDatabaseUnavailable } from './lib/pg-errors';

async function main() {
  mapStackTracesOnDemand();
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
  const dataDir = config.database.kind === 'pglite' ? config.database.dataDir : undefined;
  // PGlite's PostgreSQL is 9 MB of WebAssembly. V8's optimising tier compiles it a second time in the background and
  // keeps both (≈ 40 MB); its baseline code answers our queries as fast (bench/RESULTS.md). An embedded installation
  // is a small one, where memory matters more than peak speed: V8 also keeps its heaps smaller (≈ 10 MB).
  if (config.database.kind === 'pglite') setFlagsFromString('--liftoff-only --optimize-for-size');

  if (process.env[PREPARE_ONLY]) {
    const { database, seeded } = await prepareDatabase(config);
    await database.close();
    process.send!({ seeded }, () => process.exit(0));
    return;
  }

  const releaseLock = dataDir ? await acquireDataDirLock(dataDir) : () => {};
  const appModule = import('./app');
  appModule.catch(() => undefined);
  const createdSeeded = dataDir && !existsSync(path.join(dataDir, 'PG_VERSION')) ? await prepareInChild() : false;
  const { database, seeded } = await prepareDatabase(config);
  const app = await (await appModule).buildApp(config, database);
  if (seeded || createdSeeded) {
    app.log.info('demo data loaded: Кировская область, 12 municipalities, 167 schools; logins *@demo.local / demo12345');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    let code = 0;
    try {
      // Refuses new requests with 503, answers those in flight, stops the job poller, then closes the pool.
      await app.close();
      await database.close();
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      code = 1;
    } finally {
      releaseLock();
      process.exit(code);
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
  app.log.info(`МУКО работает: http://${shownHost}:${config.port} (база: ${dataDir ? `встроенная, ${dataDir}` : 'PostgreSQL'})`);
}

main().catch((error) => {
  console.error('Не удалось запустить МУКО:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
