import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { createEmptyTestDatabase } from './test/database';
import { startServerProcess, type ServerProcess } from './test/server-process';
import { startTcpProxy } from './test/tcp-proxy';
import { until } from './test/until';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const JWT_SECRET = 'startup-test-secret-startup-test-secret-0123';
let database: DatabaseHandle & { url?: string };
let server: ServerProcess | undefined;

beforeAll(async () => {
  database = await createEmptyTestDatabase();
  if (!database.url) throw new Error('startup tests need a PostgreSQL test database');
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.close();
});

async function signIn(baseUrl: string, email: string, password: string) {
  const response = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: await response.json() };
}

/** `npm run create-admin -- <e-mail> <name>` against the test database; never throws on a non-zero exit. */
function createAdmin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/create-admin.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: database.url!, JWT_SECRET },
  })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
}

describe('a server installation on PostgreSQL', () => {
  it('seeds no demo data by default; create-admin makes the first administrator with a temporary password', async () => {
    server = await startServerProcess({ DATABASE_URL: database.url!, JWT_SECRET, SEED_DEMO: undefined });
    expect((await signIn(server.baseUrl, 'admin@demo.local', 'demo12345')).status).toBe(401);

    const created = await createAdmin('chief@example.ru', 'Петрова', 'Анна', 'Сергеевна');
    expect(created.code, created.stderr).toBe(0);
    const password = /Временный пароль: (\S+)/.exec(created.stdout)?.[1];
    expect(password).toBeDefined();
    const { status, body } = await signIn(server.baseUrl, 'chief@example.ru', password!);
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ role: 'admin', fullName: 'Петрова Анна Сергеевна', passwordChangeRequired: true });

    const again = await createAdmin('chief@example.ru');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('уже существует');
    expect((await createAdmin('не-почта')).code).toBe(2);

    await server.stop('SIGTERM');
    expect(server.child.exitCode, server.output()).toBe(0);
  }, 120_000);

  it('loads the demo region into PostgreSQL when SEED_DEMO=1', async () => {
    server = await startServerProcess({ DATABASE_URL: database.url!, JWT_SECRET, SEED_DEMO: '1' }, { startupTimeoutMs: 90_000 });
    const { status, body } = await signIn(server.baseUrl, 'kumeny@demo.local', 'demo12345');
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ role: 'municipal_coordinator', municipality: { name: 'Куменский район' } });
    await server.stop('SIGTERM');
    expect(server.child.exitCode, server.output()).toBe(0);
  }, 180_000);

  it('keeps running when a database connection is lost while it opens, and answers 503 meanwhile', async () => {
    const url = new URL(database.url!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    try {
      server = await startServerProcess({ DATABASE_URL: url.toString(), JWT_SECRET, SEED_DEMO: undefined });
      const health = async () => (await fetch(`${server!.baseUrl}/api/health`)).status;
      expect(await health()).toBe(200);
      // Every connection is dropped; the first new one is terminated while the driver reads the array types.
      let terminated = false;
      void proxy.failNextTypeQuery().then(() => (terminated = true));
      await proxy.cut();
      await proxy.restore();
      const statuses = await Promise.all(Array.from({ length: 6 }, health));
      expect(
        statuses.every((status) => status === 200 || status === 503),
        JSON.stringify(statuses),
      ).toBe(true);
      await until(() => terminated, 'a new connection terminated at its type query');
      // The driver has been told its connection ended; the process lives on and a new connection serves again.
      await until(
        async () => {
          expect(server!.child.exitCode, server!.output()).toBeNull();
          return (await health()) === 200;
        },
        'health answers 200 after the terminated connection',
        { deadlineMs: 5_000 },
      );
      expect(server.child.exitCode, server.output()).toBeNull();
      await server.stop('SIGTERM');
      expect(server.child.exitCode, server.output()).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
