import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { createProbeWorld, routeKey, type ProbeWorld } from '../../test/route-probes';
import { countedRoutes } from './metrics';

let t: TestApp;
let w: ProbeWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await createProbeWorld(t);
}, 120_000);
afterAll(async () => t?.close());

const metrics = async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return response.body;
};
/** The value of one series in Prometheus's text format, or undefined when it is absent. */
const series = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

describe('readiness', () => {
  it('is ready when the database has every migration of the code', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'ready', database: t.database.kind });
    expect(body.migrations.expected).toBeGreaterThan(10);
    expect(body.migrations.applied).toBe(body.migrations.expected);
  });

  it('answers 503 in Russian while a migration is missing, and is ready again once it is there', async () => {
    // The newest migration's record is hidden (negated) and put back afterwards.
    const table = sql`drizzle.__drizzle_migrations`;
    await t.database.db.execute(
      sql`update ${table} set created_at = -created_at where created_at = (select max(created_at) from ${table})`,
    );
    try {
      const response = await t.app.inject({ method: 'GET', url: '/api/ready' });
      expect(response.statusCode).toBe(503);
      expect(errorOf(response)).toMatchObject({ code: 'not_ready' });
      expect(errorOf(response).message).toContain('не применены миграции (1 из');
      // The health check stays cheap and does not look at migrations.
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await t.database.db.execute(sql`update ${table} set created_at = -created_at where created_at < 0`);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
  });
});

describe('Prometheus metrics', () => {
  it('count saves, refusals and scoring runs, and time requests by route pattern, never by address', async () => {
    const before = await metrics();
    const saved = { form: 'questionnaire', outcome: 'ok' };
    const label = (name: string, labels: Record<string, string>) =>
      `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`;
    const savesOk = label('muko_form_saves_total', saved);
    const savesRefused = label('muko_form_saves_total', { form: 'questionnaire', outcome: 'refused' });
    const runs = label('muko_scoring_run_duration_seconds_count', { outcome: 'ok' });

    const headers = await w.respondent();
    const save = (revision: number) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/respondent/answers',
        headers,
        payload: { answers: {}, revision, currentPage: 0, saveId: randomUUID() },
      });
    expect((await save(0)).statusCode).toBe(200);
    expect((await save(0)).statusCode).toBe(409);
    expect((await t.request('regional', { method: 'POST', url: `/api/campaigns/${w.collected}/scoring-runs` })).statusCode).toBe(201);
    // A personal link goes to the page handler: its code must not become a label.
    await t.app.inject({ method: 'GET', url: '/anketa/k/SECRETCODE1234' });

    const after = await metrics();
    expect((series(after, savesOk) ?? 0) - (series(before, savesOk) ?? 0)).toBe(1);
    expect((series(after, savesRefused) ?? 0) - (series(before, savesRefused) ?? 0)).toBe(1);
    expect((series(after, runs) ?? 0) - (series(before, runs) ?? 0)).toBe(1);
    expect(
      series(after, label('muko_http_request_duration_seconds_count', { method: 'PUT', route: '/api/respondent/answers', status: '409' })),
    ).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('SECRETCODE');
    expect(after).toContain('route="unmatched"');
    expect(after).toContain('process_resident_memory_bytes');
    if (t.database.kind === 'postgres') {
      const max = series(after, 'muko_db_pool_max')!;
      const active = series(after, label('muko_db_pool_connections', { state: 'active' }))!;
      const idle = series(after, label('muko_db_pool_connections', { state: 'idle' }))!;
      expect(max).toBeGreaterThan(0);
      // The requests above opened connections; the one reading the figures is not counted.
      expect(active + idle).toBeGreaterThan(0);
      expect(active + idle).toBeLessThan(max);
    } else {
      expect(after).not.toContain('muko_db_pool');
    }
  });

  it('count only routes that exist', () => {
    const routes = t.app.accessTable.map(routeKey);
    expect(Object.keys(countedRoutes).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('are off unless METRICS=1', async () => {
    const plain = await createTestApp({ metrics: false });
    try {
      expect((await plain.app.inject({ method: 'GET', url: '/api/metrics' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
