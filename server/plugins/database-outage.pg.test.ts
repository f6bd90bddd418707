import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { responses } from '../../db/schema';
import { buildApp, type App } from '../app';
import type { IssuedCode } from '../test/campaign-journey';
import type { SurveyJson } from '../modules/methodology/assemble';
import { sampleAnswers } from '../modules/methodology/sample-answers';
import { testConfig, uniqueAddress } from '../test/app';
import { FIXTURE_PASSWORD } from '../test/fixture';
import { createTestDatabase } from '../test/database';
import { startTcpProxy } from '../test/tcp-proxy';
import { until } from '../test/until';

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

/** A respondent autosaving growing parts of a complete answer set; remembers what the server acknowledged. */
interface Respondent {
  responseId: number;
  cookies: Record<string, string>;
  full: Array<[string, unknown]>;
  step: number;
  acknowledged: { revision: number; answers: Record<string, unknown> };
}

async function respondents(count: number): Promise<Respondent[]> {
  const { token } = (
    await app.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'regional@fixture.test', password: FIXTURE_PASSWORD } })
  ).json();
  const staff = { authorization: `Bearer ${token}` };
  const created = await app.inject({
    method: 'POST',
    url: '/api/campaigns',
    headers: staff,
    payload: {
      title: 'Проверка обрыва связи',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1', '2.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  await app.inject({ method: 'POST', url: `/api/campaigns/${created.json().id}/launch`, headers: staff });
  const codes: IssuedCode[] = (
    await app.inject({ method: 'GET', url: `/api/campaigns/${created.json().id}/access-codes`, headers: staff })
  ).json().codes;
  return Promise.all(
    codes.slice(0, count).map(async (code) => {
      const entered = await app.inject({
        method: 'POST',
        url: '/api/respondent/session',
        payload: { code: code.code },
        remoteAddress: uniqueAddress(),
      });
      const cookies = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
      const definition: SurveyJson = (await app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
      return {
        responseId: code.responseId,
        cookies,
        full: Object.entries(sampleAnswers(definition)),
        step: 0,
        acknowledged: { revision: 0, answers: {} },
      };
    }),
  );
}

let refusedSaves = 0;
async function autosave(respondent: Respondent) {
  respondent.step = Math.min(respondent.step + 1, respondent.full.length);
  const answers = Object.fromEntries(respondent.full.slice(0, respondent.step));
  const response = await app.inject({
    method: 'PUT',
    url: '/api/respondent/answers',
    cookies: respondent.cookies,
    payload: { answers, revision: respondent.acknowledged.revision, saveId: randomUUID(), currentPage: 0 },
  });
  if (response.statusCode === 200) respondent.acknowledged = { revision: response.json().revision, answers };
  if (response.statusCode === 503) refusedSaves++;
  return response;
}
/** Whether at least `count` connections to the test database wait for a lock. */
const lockWaiters = (count: number) => async () => {
  const [row] = await database.db
    .select({ waiting: sql<number>`count(*)::int` })
    .from(sql`pg_stat_activity`)
    .where(sql`datname = current_database() and wait_event_type = 'Lock'`);
  return row!.waiting >= count;
};
/** Health answers 200 again within the five seconds a respondent's retry would wait. */
const recovered = () =>
  until(async () => (await health()).statusCode === 200, 'health answers 200 again', { deadlineMs: 5_000, stepMs: 100 });
const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@fixture.test', password: 'x' } });

describe('losing the database connection', () => {
  it('fails requests cleanly while the database is unreachable and recovers without a restart', async () => {
    const before = await Promise.all(Array.from({ length: 20 }, health));
    expect(before.every((r) => r.statusCode === 200)).toBe(true);
    const people = await respondents(6);
    for (const person of people) expect((await autosave(person)).statusCode).toBe(200);

    // Under load: autosaves, sign-ins and health checks in flight when the connection drops, and more while it stays down.
    const mixed = () => [...people.map(autosave), ...Array.from({ length: 10 }, (_, i) => (i % 2 ? health() : login()))];
    const inFlight = Promise.all(mixed());
    await proxy.cut();
    const started = Date.now();
    const during = [...(await inFlight), ...(await Promise.all(mixed()))];
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
    expect(refusedSaves).toBeGreaterThan(0);

    await proxy.restore();
    await recovered();
    const after = await Promise.all(Array.from({ length: 20 }, health));
    expect(after.every((r) => r.statusCode === 200)).toBe(true);
    expect((await login()).statusCode).toBe(401);

    // Each questionnaire holds exactly what was last acknowledged (nothing lost, nothing half-written), and its
    // respondent carries on saving from there.
    for (const person of people) {
      const [row] = await database.db
        .select({ revision: responses.revision, answers: responses.answers })
        .from(responses)
        .where(eq(responses.id, person.responseId));
      expect(row).toEqual(person.acknowledged);
      expect((await autosave(person)).statusCode).toBe(200);
    }
  }, 60_000);

  it('answers 503, never 500, when the database server crashes during a save and while it recovers', async () => {
    const people = await respondents(4);
    for (const person of people) expect((await autosave(person)).statusCode).toBe(200);
    // One save is sure to be inside the database when the crash comes: its row is locked by another connection.
    const [blocked] = people;
    let release!: () => void;
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.db.transaction(async (tx) => {
      await tx.select({ id: responses.id }).from(responses).where(eq(responses.id, blocked!.responseId)).for('update');
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await lockHeld;
    const waiting = autosave(blocked!);
    await until(lockWaiters(1), 'the held save waits for its row inside the database');
    const others = Promise.all([...people.slice(1).map(autosave), health(), login()]);
    // Another server process was killed: PostgreSQL ends every connection (57P02) and refuses new ones (57P03)
    // while it recovers.
    proxy.crash();
    release();
    await holder;
    setTimeout(() => proxy.recover(), 1500);
    const during = [await waiting, ...(await others), ...(await Promise.all(people.map(autosave)))];
    const statuses = during.map((response) => response.statusCode);
    expect(
      statuses.filter((status) => status >= 500 && status !== 503),
      JSON.stringify(statuses),
    ).toEqual([]);
    expect(statuses[0]).toBe(503);
    for (const response of during.filter((r) => r.statusCode === 503)) {
      expect(response.json().error.message).toMatch(/нет связи с базой данных/);
    }

    await recovered();
    // Nothing acknowledged was lost (a save refused with 503 may still have been applied: the held save ran once its
    // lock was released, its answer lost with the connection), and saving goes on from what is stored.
    for (const person of people) {
      const [row] = await database.db
        .select({ revision: responses.revision, answers: responses.answers })
        .from(responses)
        .where(eq(responses.id, person.responseId));
      expect(row!.revision).toBeGreaterThanOrEqual(person.acknowledged.revision);
      person.acknowledged = row!;
      expect((await autosave(person)).statusCode).toBe(200);
    }
  }, 60_000);
});
