import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { buildApp, type App } from '../app';
import { testConfig } from '../test/app';
import { createTestDatabase } from '../test/database';
import { startTcpProxy } from '../test/tcp-proxy';

let database: DatabaseHandle & { url?: string };
let viaProxy: DatabaseHandle;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  const url = new URL(database.url!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  viaProxy = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 4 });
  app = await buildApp(testConfig(), viaProxy);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await viaProxy?.close().catch(() => undefined);
  await proxy?.close();
  await database?.close();
});

const health = () => app.inject({ method: 'GET', url: '/api/health' });
const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@fixture.test', password: 'x' } });

describe('losing the database connection', () => {
  it('fails requests cleanly while the database is unreachable and recovers without a restart', async () => {
    const before = await Promise.all(Array.from({ length: 20 }, health));
    expect(before.every((r) => r.statusCode === 200)).toBe(true);

    // Under load: requests in flight when the connection drops, and requests while it stays down.
    const inFlight = Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? health() : login())));
    await proxy.cut();
    const started = Date.now();
    const during = [...(await inFlight), ...(await Promise.all(Array.from({ length: 10 }, health)))];
    // Refused within seconds, not after the driver's long reconnect backoff.
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const response of during) {
      expect(response.statusCode).toBeLessThan(600);
      if (response.statusCode >= 500) {
        expect(response.statusCode).toBe(503);
        expect(response.json().error.message).toMatch(/нет связи с базой данных/);
        expect(response.headers['retry-after']).toBeDefined();
      }
    }
    expect(during.some((r) => r.statusCode === 503)).toBe(true);

    await proxy.restore();
    let recovered = false;
    for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
      recovered = (await health()).statusCode === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered).toBe(true);
    const after = await Promise.all(Array.from({ length: 20 }, health));
    expect(after.every((r) => r.statusCode === 200)).toBe(true);
    expect((await login()).statusCode).toBe(401);
  }, 60_000);
});
