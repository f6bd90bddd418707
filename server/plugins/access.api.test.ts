import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../db/schema/values';
import { createTestApp, type TestApp } from '../test/app';
import type { FixtureUserKey, TestFixture } from '../test/fixture';

let t: TestApp;
/** A launched campaign in each region, so campaign routes have an outside to reach for. */
const campaigns = { kirov: 0, tver: 0 };
beforeAll(async () => {
  t = await createTestApp();
  for (const [region, user] of [['kirov', 'regional'], ['tver', 'regionalTver']] as const) {
    const created = await t.request(user, {
      method: 'POST',
      url: '/api/campaigns',
      payload: { title: `Кампания ${region}`, year: 2026, methodologyId: 'federal-2020', mechanismCodes: ['1.1'], opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 86400_000).toISOString() },
    });
    campaigns[region] = created.json().id;
    await t.request(user, { method: 'POST', url: `/api/campaigns/${campaigns[region]}/launch` });
  }
});
afterAll(async () => t?.close());

const userOfRole: Record<StaffRole, FixtureUserKey> = {
  admin: 'admin',
  regional_coordinator: 'regional',
  municipal_coordinator: 'municipal',
  expert: 'expert',
};

interface ScopeProbe {
  /** A user of an allowed role, in the Kirov region (or Куменский район). */
  user: FixtureUserKey;
  url: (f: TestFixture, c: typeof campaigns) => string;
  body?: (f: TestFixture) => unknown;
  /** A file upload instead of a JSON body. */
  file?: Buffer;
  /** Refused outright, or (for lists) answered with nothing from the other region. */
  expectRefused?: boolean;
}

const importFile = Buffer.from('Код;Наименование;Тип\r\nZZ;Чужой район;район\r\n', 'utf8');

/**
 * For every route that reads or changes territorial data: a call that reaches outside the caller's territory.
 * A new such route without a probe here makes the coverage test fail.
 */
const scopeProbes: Record<string, ScopeProbe[]> = {
  'GET /api/users': [{ user: 'regional', url: (f) => `/api/users?regionId=${f.regions.tver}` }],
  'PATCH /api/users/:id': [{ user: 'regional', url: (f) => `/api/users/${f.users.municipalRzhev.id}`, body: () => ({ fullName: 'Чужой' }), expectRefused: true }],
  'POST /api/users': [{ user: 'regional', url: () => '/api/users', body: (f) => ({ email: 'x@x.ru', fullName: 'Чужой', role: 'municipal_coordinator', municipalityId: f.municipalities.rzhev }), expectRefused: true }],
  'GET /api/regions': [{ user: 'municipal', url: () => '/api/regions' }],
  'GET /api/municipalities': [
    { user: 'regional', url: (f) => `/api/municipalities?regionId=${f.regions.tver}`, expectRefused: true },
    { user: 'municipal', url: () => '/api/municipalities' },
  ],
  'GET /api/municipalities/:id': [
    { user: 'regional', url: (f) => `/api/municipalities/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/municipalities/${f.municipalities.kirovCity}`, expectRefused: true },
  ],
  'POST /api/municipalities': [{ user: 'regional', url: () => '/api/municipalities', body: (f) => ({ regionId: f.regions.tver, code: 'ZZ', name: 'Чужой район', kind: 'district' }), expectRefused: true }],
  'PATCH /api/municipalities/:id': [{ user: 'regional', url: (f) => `/api/municipalities/${f.municipalities.rzhev}`, body: () => ({ name: 'Чужой' }), expectRefused: true }],
  'GET /api/schools': [
    { user: 'regional', url: (f) => `/api/schools?regionId=${f.regions.tver}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/schools?municipalityId=${f.municipalities.kirovCity}` },
  ],
  'GET /api/schools/:id': [
    { user: 'expert', url: (f) => `/api/schools/${f.schools.rzhevSchool}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/schools/${f.schools.kirovSchool}`, expectRefused: true },
  ],
  'POST /api/schools': [{ user: 'regional', url: () => '/api/schools', body: (f) => ({ municipalityId: f.municipalities.rzhev, code: 'ZZ', fullName: 'Чужая школа', shortName: 'Чужая', locality: 'urban' }), expectRefused: true }],
  'POST /api/directory/import/preview': [{ user: 'regional', url: (f) => `/api/directory/import/preview?kind=municipalities&regionId=${f.regions.tver}`, file: importFile, expectRefused: true }],
  'POST /api/directory/import/commit': [{ user: 'regional', url: (f) => `/api/directory/import/commit?kind=municipalities&regionId=${f.regions.tver}`, file: importFile, expectRefused: true }],
  'PATCH /api/schools/:id': [{ user: 'regional', url: (f) => `/api/schools/${f.schools.rzhevSchool}`, body: () => ({ shortName: 'Чужая' }), expectRefused: true }],
  'GET /api/audit': [
    { user: 'regional', url: () => '/api/audit' },
    { user: 'municipal', url: () => '/api/audit' },
  ],
  'GET /api/campaigns': [{ user: 'regional', url: () => '/api/campaigns' }],
  'GET /api/campaigns/:id/coordinator-gaps': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/coordinator-gaps`, expectRefused: true }],
  'GET /api/campaigns/:id': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}`, expectRefused: true }],
  'POST /api/campaigns': [{ user: 'regional', url: () => '/api/campaigns', body: (f) => ({ regionId: f.regions.tver, title: 'Чужая', year: 2026, methodologyId: 'federal-2020', mechanismCodes: ['1.1'], opensAt: new Date().toISOString(), closesAt: new Date(Date.now() + 86400_000).toISOString() }), expectRefused: true }],
  'PATCH /api/campaigns/:id': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}`, body: () => ({ title: 'Чужая' }), expectRefused: true }],
  'POST /api/campaigns/:id/launch': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/launch`, expectRefused: true }],
  'POST /api/campaigns/:id/extend': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/extend`, body: () => ({ closesAt: new Date(Date.now() + 5 * 86400_000).toISOString() }), expectRefused: true }],
  'POST /api/campaigns/:id/close': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/close`, expectRefused: true }],
  'POST /api/campaigns/:id/access-codes': [
    { user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/access-codes`, body: (f) => ({ municipalityId: f.municipalities.rzhev }), expectRefused: true },
    { user: 'municipal', url: (_f, c) => `/api/campaigns/${c.kirov}/access-codes`, body: (f) => ({ municipalityId: f.municipalities.kirovCity }), expectRefused: true },
  ],
  'POST /api/campaigns/:id/access-codes/sheet': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/access-codes/sheet`, body: (_f) => ({ campaignId: campaigns.tver, campaignTitle: 'x', closesAt: new Date().toISOString(), issuedAt: new Date().toISOString(), codes: [{ responseId: 1, municipalityId: 1, municipalityName: 'x', schoolId: 1, schoolCode: 'x', schoolName: 'x', respondentRole: 'director', code: 'AAAA-AAAA-AAAA' }] }), expectRefused: true }],
  'GET /api/campaigns/:id/progress': [
    { user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/progress`, expectRefused: true },
    { user: 'municipal', url: (_f, c) => `/api/campaigns/${c.kirov}/progress` },
  ],
  'GET /api/campaigns/:id/progress/:municipalityId': [
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/progress/${f.municipalities.kirovCity}`, expectRefused: true },
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.kirov}/progress/${f.municipalities.rzhev}`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/progress.xlsx': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/progress.xlsx`, expectRefused: true }],
  'POST /api/campaigns/:id/scoring-runs': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/scoring-runs`, expectRefused: true }],
  'GET /api/campaigns/:id/scoring-runs': [{ user: 'expert', url: (_f, c) => `/api/campaigns/${c.tver}/scoring-runs`, expectRefused: true }],
  'GET /api/campaigns/:id/results': [
    { user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/results`, expectRefused: true },
    { user: 'municipal', url: (_f, c) => `/api/campaigns/${c.kirov}/results`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/results.xlsx': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/results.xlsx`, expectRefused: true }],
  'GET /api/campaigns/:id/answers.xlsx': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/answers.xlsx`, expectRefused: true }],
  'GET /api/campaigns/:id/answers.csv': [{ user: 'expert', url: (_f, c) => `/api/campaigns/${c.tver}/answers.csv`, expectRefused: true }],
  'GET /api/campaigns/:id/results/distribution': [{ user: 'expert', url: (_f, c) => `/api/campaigns/${c.tver}/results/distribution`, expectRefused: true }],
  'GET /api/campaigns/:id/results/comparison': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/results/comparison`, expectRefused: true }],
  'GET /api/campaigns/:id/results/:municipalityId': [
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/results/${f.municipalities.kirovCity}`, expectRefused: true },
  ],
  'POST /api/campaigns/:id/results/:municipalityId/mechanisms/:mechanismCode/confirm': [{ user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/mechanisms/1.1/confirm`, expectRefused: true }],
  'POST /api/campaigns/:id/results/:municipalityId/overrides': [{ user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/overrides`, body: () => ({ mechanismCode: '1.1', target: 'mechanism_level', value: 3, reason: 'Чужой регион, проверка доступа.' }), expectRefused: true }],
  'DELETE /api/campaigns/:id/overrides/:overrideId': [{ user: 'expert', url: (_f, c) => `/api/campaigns/${c.tver}/overrides/1`, expectRefused: true }],
  'PUT /api/campaigns/:id/reviews/:municipalityId': [{ user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/reviews/${f.municipalities.rzhev}`, body: () => ({ status: 'approved' }), expectRefused: true }],
  'GET /api/campaigns/:id/experts': [{ user: 'expert', url: (_f, c) => `/api/campaigns/${c.tver}/experts`, expectRefused: true }],
  'PUT /api/campaigns/:id/experts': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/experts`, body: (f) => ({ userIds: [f.users.expertTver.id] }), expectRefused: true }],
  'POST /api/campaigns/:id/publish': [{ user: 'regional', url: (_f, c) => `/api/campaigns/${c.tver}/publish`, body: () => ({}), expectRefused: true }],
  'GET /api/campaigns/:id/municipal-forms/:municipalityId': [{ user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}`, expectRefused: true }],
  'GET /api/campaigns/:id/municipal-forms/:municipalityId/definition': [{ user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/municipal-forms/${f.municipalities.rzhev}/definition`, expectRefused: true }],
  'PUT /api/campaigns/:id/municipal-forms/:municipalityId/answers': [{ user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}/answers`, body: () => ({ answers: {}, revision: 0, currentPage: 0, saveId: '00000000-0000-4000-8000-000000000000' }), expectRefused: true }],
  'POST /api/campaigns/:id/municipal-forms/:municipalityId/submit': [{ user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}/submit`, body: () => ({ answers: {}, revision: 0, currentPage: 0, saveId: '00000000-0000-4000-8000-000000000000' }), expectRefused: true }],
};

/** Routes that concern only the caller itself or global reference data: no territory to escape. */
const territoryFree = new Set([
  'POST /api/auth/logout',
  'GET /api/me',
  'POST /api/me/password',
  'POST /api/regions',
  'PATCH /api/regions/:id',
  'GET /api/directory/import/template',
  'GET /api/methodologies',
  'GET /api/methodologies/:id',
]);

const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
const sampleUrl = (url: string) => url.replace(/:[A-Za-z]+/g, '1');

describe('access policy of every registered route', () => {
  const staffRoutes = () => t.app.accessTable.filter((route) => route.access.kind === 'staff');

  it('has routes to check', () => {
    expect(staffRoutes().length).toBeGreaterThan(10);
  });

  it('refuses an anonymous call, a forged token and a disabled user on every non-public route', async () => {
    for (const route of staffRoutes()) {
      const url = sampleUrl(route.url);
      const method = route.method as 'GET';
      const anonymous = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      expect(anonymous.statusCode, `${key(route)} anonymous`).toBe(401);
      expect(anonymous.json().error.message).toBeTruthy();
      const forged = await t.app.inject({ method, url, headers: { authorization: 'Bearer forged.token.value' } });
      expect(forged.statusCode, `${key(route)} forged`).toBe(401);
      const disabled = await t.request('disabled', { method, url, payload: method === 'GET' ? undefined : {} });
      expect(disabled.statusCode, `${key(route)} disabled user`).toBe(401);
    }
  });

  it('refuses staff tokens and anonymous calls on respondent routes', async () => {
    const respondentRoutes = t.app.accessTable.filter((route) => route.access.kind === 'respondent');
    expect(respondentRoutes.length).toBeGreaterThan(2);
    for (const route of respondentRoutes) {
      const method = route.method as 'GET';
      const payload = method === 'GET' ? undefined : {};
      expect((await t.app.inject({ method, url: route.url, payload })).statusCode, `${key(route)} anonymous`).toBe(401);
      expect((await t.request('admin', { method, url: route.url, payload })).statusCode, `${key(route)} as staff`).toBe(401);
    }
  });

  it('refuses every role the route does not name with 403', async () => {
    for (const route of staffRoutes()) {
      if (route.access.kind !== 'staff') continue;
      for (const [role, user] of Object.entries(userOfRole) as Array<[StaffRole, FixtureUserKey]>) {
        if (route.access.roles.includes(role)) continue;
        const response = await t.request(user, { method: route.method as 'GET', url: sampleUrl(route.url), payload: route.method === 'GET' ? undefined : {} });
        expect(response.statusCode, `${key(route)} as ${role}`).toBe(403);
      }
    }
  });

  it('has an out-of-scope probe for every route that touches territorial data', () => {
    const uncovered = staffRoutes().map(key).filter((k) => !scopeProbes[k] && !territoryFree.has(k));
    expect(uncovered).toEqual([]);
  });

  it('refuses or empties every out-of-scope call', async () => {
    const f = t.fixture;
    const foreignNames = ['Тверская область', 'Ржевский муниципальный округ', 'МОУ СШ № 1 г. Ржева', 'город Киров', 'Кампания tver'];
    for (const [routeKey, probes] of Object.entries(scopeProbes)) {
      const [method] = routeKey.split(' ');
      for (const probe of probes) {
        const response = await t.request(probe.user, {
          method: method as 'GET',
          url: probe.url(f, campaigns),
          payload: probe.file ?? (probe.body?.(f) as object | undefined),
          headers: probe.file ? { 'content-type': 'application/octet-stream' } : {},
        });
        const label = `${routeKey} as ${probe.user} → ${probe.url(f, campaigns)}`;
        if (probe.expectRefused) {
          expect([403, 404], label).toContain(response.statusCode);
          continue;
        }
        expect(response.statusCode, label).toBe(200);
        const text = response.body;
        const visibleForeign = foreignNames.filter((name) => text.includes(name) && !(probe.user === 'regional' && name === 'город Киров'));
        expect(visibleForeign, label).toEqual([]);
      }
    }
  });
});
