import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../db/schema/values';
import { createTestApp, type TestApp } from '../test/app';
import type { FixtureUserKey, TestFixture } from '../test/fixture';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
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
  url: (f: TestFixture) => string;
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
};

/** Routes that concern only the caller itself or global reference data: no territory to escape. */
const territoryFree = new Set([
  'POST /api/auth/logout',
  'GET /api/me',
  'POST /api/me/password',
  'POST /api/regions',
  'PATCH /api/regions/:id',
  'GET /api/directory/import/template',
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
    const foreignNames = ['Тверская область', 'Ржевский муниципальный округ', 'МОУ СШ № 1 г. Ржева', 'город Киров'];
    for (const [routeKey, probes] of Object.entries(scopeProbes)) {
      const [method] = routeKey.split(' ');
      for (const probe of probes) {
        const response = await t.request(probe.user, {
          method: method as 'GET',
          url: probe.url(f),
          payload: probe.file ?? (probe.body?.(f) as object | undefined),
          headers: probe.file ? { 'content-type': 'application/octet-stream' } : {},
        });
        const label = `${routeKey} as ${probe.user} → ${probe.url(f)}`;
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
