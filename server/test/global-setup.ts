import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client';
import { seedTestFixture, type TestFixture } from './fixture';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'pglite'; templateFile: string } | { kind: 'postgres'; url: string; template: string };
    fixture: TestFixture;
  }
}

/**
 * Migrates and seeds one template per test run; every test file then starts from a private copy of it
 * (a PGlite data-dir dump, or a PostgreSQL database created from the template), so runs never collide.
 */
export default async function setup(project: TestProject) {
  // The project's `env` reaches its test workers, not this setup: read it from the project's configuration.
  const kind = project.config.env?.MUKO_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  if (kind === 'pglite') {
    const handle = await openDatabase({ kind: 'pglite' });
    await handle.migrate();
    const fixture = await seedTestFixture(handle.db);
    const dir = await mkdtemp(path.join(tmpdir(), 'muko-test-'));
    const templateFile = path.join(dir, 'template.tar');
    await writeFile(templateFile, Buffer.from(await (await handle.dumpDataDir!()).arrayBuffer()));
    await handle.close();
    project.provide('testDatabase', { kind, templateFile });
    project.provide('fixture', fixture);
    return async () => rm(dir, { recursive: true, force: true });
  }

  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres test project');
  const template = `muko_tpl_${randomBytes(5).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const handle = await openDatabase({ kind: 'postgres', url: templateUrl, maxConnections: 2 });
  await handle.migrate();
  const fixture = await seedTestFixture(handle.db);
  await handle.close();
  project.provide('testDatabase', { kind, url, template });
  project.provide('fixture', fixture);
  return async () => {
    // Copies are dropped by their test files; remove any a crashed worker left behind, then the template.
    const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}_%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
