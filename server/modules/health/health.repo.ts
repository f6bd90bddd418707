import { count, max } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { bigint, pgSchema } from 'drizzle-orm/pg-core';
import { migrationsFolder, type Database } from '../../../db/client';
import { isUndefinedTable } from '../../lib/pg-errors';

/** drizzle's own record of applied migrations (not part of db/schema: drizzle-kit must not manage it). */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  createdAt: bigint('created_at', { mode: 'number' }),
});

/** The migrations this code expects, by the folder time drizzle records for each applied one. */
let expected: number[] | undefined;

/**
 * How far the database's schema is behind the code: drizzle applies, in order, every migration newer than the
 * newest one it recorded, so those are the ones still pending.
 */
export async function migrationState(db: Database): Promise<{ applied: number; expected: number; pending: number }> {
  expected ??= readMigrationFiles({ migrationsFolder }).map((migration) => migration.folderMillis);
  const [record] = await db
    .select({ applied: count(), newest: max(appliedMigrations.createdAt) })
    .from(appliedMigrations)
    .catch((error: unknown) => {
      if (isUndefinedTable(error)) return [{ applied: 0, newest: null }];
      throw error;
    });
  const newest = Number(record?.newest ?? -Infinity);
  return { applied: record?.applied ?? 0, expected: expected.length, pending: expected.filter((millis) => millis > newest).length };
}
