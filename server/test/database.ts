import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { withDatabase } from './global-setup';

/** A private, migrated and fixture-seeded database for one test file. close() removes it. */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const target = inject('testDatabase');
  // A project that means to test PostgreSQL must never quietly run on PGlite.
  if (process.env.MUKO_TEST_DB && process.env.MUKO_TEST_DB !== target.kind) {
    throw new Error(`test project expects ${process.env.MUKO_TEST_DB} but the template is ${target.kind}`);
  }
  if (target.kind === 'pglite') {
    const dump = await readFile(target.templateFile);
    return openDatabase({ kind: 'pglite', loadDataDir: new Blob([dump]) });
  }
  const name = `${target.template}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${target.template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.url, name);
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 5 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const cleanup = postgres(target.url, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** A migrated database with no data at all: a fresh installation (for the demo seed and restoring backups). */
export async function createEmptyTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const target = inject('testDatabase');
  if (target.kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite' });
    await handle.migrate();
    return handle;
  }
  const name = `${target.template}_empty_${randomBytes(4).toString('hex')}`;
  const admin = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(target.url, name);
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const cleanup = postgres(target.url, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
