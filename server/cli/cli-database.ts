import { openDatabase, type DatabaseHandle } from '../../db/client';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { AppError } from '../errors';
import { acquireDataDirLock } from '../lib/data-dir-lock';

/**
 * Runs a command-line task against the configured database (DATABASE_URL or the embedded one in DATA_DIR),
 * migrated first. The embedded database is locked as the server locks it, so it cannot be opened while the
 * server runs. Expected failures print their Russian message; exit code 1.
 */
export async function runWithDatabase(task: (database: DatabaseHandle, config: AppConfig) => Promise<void>): Promise<void> {
  let releaseLock = () => {};
  try {
    const config = loadConfig(process.env);
    if (config.database.kind === 'pglite' && config.database.dataDir) {
      releaseLock = await acquireDataDirLock(config.database.dataDir).catch((error: Error) => {
        throw new ConfigError(error.message);
      });
    }
    const database = await openDatabase(config.database);
    try {
      await database.migrate();
      await task(database, config);
    } finally {
      await database.close();
    }
  } catch (error) {
    console.error(error instanceof AppError || error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  } finally {
    releaseLock();
  }
}
