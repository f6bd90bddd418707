import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { buildApp, type App } from './app';
import { testConfig } from './test/app';
import { createTestDatabase } from './test/database';
import { FIXTURE_PASSWORD } from './test/fixture';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Roles belong to the whole server: a name of its own, dropped afterwards. */
const role = `muko_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');
let owned: DatabaseHandle & { url?: string };
let ownerUrl: string;
let appUrl: string;
let asApp: ReturnType<typeof postgres>;
let appDatabase: DatabaseHandle | undefined;
let app: App | undefined;

function asRole(url: string) {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}

beforeAll(async () => {
  owned = await createTestDatabase();
  if (!owned.url) throw new Error('database roles need a PostgreSQL test database');
  ownerUrl = owned.url;
  appUrl = asRole(ownerUrl);
  const admin = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create role ${role} login password '${password}'`);
  } finally {
    await admin.end();
  }
  // The documented command, as an operator runs it: the owner's connection migrates and grants.
  const granted = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/db-roles.ts', role], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: appUrl, MIGRATION_DATABASE_URL: ownerUrl },
  });
  expect(granted.stdout).toContain(`Роль ${role}`);
  asApp = postgres(appUrl, { max: 1, onnotice: () => {} });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await appDatabase?.close();
  await asApp?.end();
  await owned?.close();
  const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop role if exists ${role}`);
  } finally {
    await admin.end();
  }
});

/** The SQLSTATE of a statement run as the application role (null when it succeeds). */
async function refusalOf(statement: string): Promise<string | null> {
  try {
    await asApp.unsafe(statement);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('the application database role', () => {
  it('may add and read audit entries, but not change, delete, truncate, unguard or bypass them', async () => {
    await asApp.unsafe(`insert into audit_log (actor, action, entity_type) values ('roles-test', 'test.appended', 'test')`);
    const [counted] = await asApp.unsafe<{ n: number }[]>(`select count(*)::int as n from audit_log where actor = 'roles-test'`);
    expect(counted?.n).toBe(1);
    // 42501: insufficient privilege (not the owner, not a superuser).
    expect(await refusalOf(`update audit_log set action = 'forged'`)).toBe('42501');
    expect(await refusalOf(`delete from audit_log`)).toBe('42501');
    expect(await refusalOf(`truncate audit_log`)).toBe('42501');
    expect(await refusalOf(`alter table audit_log disable trigger all`)).toBe('42501');
    expect(await refusalOf(`alter table audit_log disable trigger audit_log_append_only`)).toBe('42501');
    expect(await refusalOf(`set session_replication_role = replica`)).toBe('42501');
    expect(await refusalOf(`drop table audit_log`)).toBe('42501');
    expect(await refusalOf(`create table intruder (id int)`)).toBe('42501');
  });

  it('runs the platform: readiness, a staff login and a save, audited', async () => {
    appDatabase = await openDatabase({ kind: 'postgres', url: appUrl, maxConnections: 2, migrationUrl: ownerUrl });
    // Starting a release migrates through the owner's connection; nothing is pending, and the app role reads the journal.
    await appDatabase.migrate();
    app = await buildApp(testConfig(), appDatabase);
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: 'regional@fixture.test', password: FIXTURE_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { authorization: `Bearer ${login.json().token as string}` };
    const created = await app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers,
      payload: {
        title: 'Кампания под ролью приложения',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const launched = await app.inject({ method: 'POST', url: `/api/campaigns/${created.json().id as number}/launch`, headers });
    expect(launched.statusCode, launched.body).toBe(200);
    const audited = await asApp.unsafe<{ action: string }[]>(
      `select action from audit_log where entity_id = '${created.json().id as number}' and entity_type = 'campaign' order by id`,
    );
    expect(audited.map((row) => row.action)).toEqual(expect.arrayContaining(['campaign.created', 'campaign.launched']));
  });
});
