import { mkdir } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** The common surface of both drivers; application code never needs to know which one runs. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a repository function can run a query on: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseTarget =
  /** migrationUrl: the schema owner's connection, for migrations only (the server itself connects with url). */
  | { kind: 'postgres'; url: string; maxConnections?: number; migrationUrl?: string }
  /** No dataDir: in memory. loadDataDir: start from a dump (used by tests to skip migrations). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

export interface DatabaseHandle {
  readonly kind: DatabaseTarget['kind'];
  readonly db: Database;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** PostgreSQL only: this process's connections, busy and idle, besides the one asking (for the metrics). */
  poolUsage?(): Promise<{ max: number; active: number; idle: number }>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory, for fast test fixtures. */
  dumpDataDir?(): Promise<Blob>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Connections per instance unless DB_POOL_SIZE says otherwise: twice the cores plus one (the usual rule of thumb,
 * counted on this machine, where a small installation keeps its database too), and never more than 10, so that
 * instances on big machines do not use up PostgreSQL's 100. More backends than cores only take turns on them: on 2
 * cores a submission cost PostgreSQL ~30 % more CPU with 10 connections than with 5 (bench/RESULTS.md).
 */
export const defaultPoolSize = (): number => Math.min(10, 2 * availableParallelism() + 1);

// Serialises migrations when several instances start at once against one server.
const MIGRATION_LOCK_ID = 4_206_174_201;

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'postgres' ? openPostgres(target.url, target.maxConnections, target.migrationUrl) : openPglite(target);
}

async function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' }>): Promise<DatabaseHandle> {
  // Loaded only when used: a server on PostgreSQL would otherwise carry the embedded engine's ~25 MB (bench/).
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const client = await PGlite.create({
    dataDir: target.dataDir,
    loadDataDir: target.loadDataDir,
    // PostgreSQL's default 128 MB of shared buffers fill up as tables are read and stay in PGlite's WebAssembly
    // memory, which never shrinks. An embedded installation's data is tens of MB, and the files stay in the OS
    // page cache anyway (bench/RESULTS.md: the same queries, about 100 MB less memory).
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
  });
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('none'),
  };
}

async function openPostgres(url: string, maxConnections = defaultPoolSize(), migrationUrl = url): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: maxConnections,
    onnotice: () => {},
    // One name per process, so that the metrics can find this instance's connections among the others'.
    connection: { application_name: `muko ${hostname()} ${process.pid}`.slice(0, 63) },
    // While the database is unreachable, requests should fail within seconds (503), not wait out the driver's
    // default reconnect backoff of up to 20 s; it is retried quickly and picks up as soon as the server is back.
    connect_timeout: 10,
    backoff: (attempt) => Math.min(0.1 * attempt, 1),
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Database;
  return {
    kind: 'postgres',
    db,
    migrate: async () => {
      const lockClient = postgres(migrationUrl, { max: 1, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migratePostgres(drizzlePostgres({ client: lockClient }), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    poolUsage: async () => {
      const [row] = await client<{ active: number; idle: number }[]>`
        select count(*) filter (where state = 'active')::int as active, count(*) filter (where state <> 'active')::int as idle
        from pg_stat_activity where application_name = current_setting('application_name') and pid <> pg_backend_pid()`;
      return { max: maxConnections, active: row!.active, idle: row!.idle };
    },
    close: () => client.end({ timeout: 5 }),
  };
}
