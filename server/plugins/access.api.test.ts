import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import type { RespondentRole, StaffRole } from '../../db/schema/values';
import { findMethodology } from '../modules/methodology/methodology.repo';
import { sampleAnswers } from '../modules/methodology/sample-answers';
import { exportMethodologyWorkbook } from '../modules/methodology/workbook';
import { createTestApp, type TestApp } from '../test/app';
import { startTestSmtpServer, type TestSmtpServer } from '../test/smtp';
import { succeeded } from '../test/succeeded';
import type { FixtureUserKey, TestFixture } from '../test/fixture';
import { callersOf, callRoute, createProbeWorld, inScopeCalls, routeKey as key, userOfRole, type ProbeWorld } from '../test/route-probes';
import authPlugin from './auth';

let t: TestApp;
let w: ProbeWorld;
let smtp: TestSmtpServer;
/** A launched campaign in each region, so campaign routes have an outside to reach for. */
const campaigns = { kirov: 0, tver: 0 };
/** A methodology draft of the Tver region. */
const TVER_DRAFT = 'tver-draft';
const tverDraft = (user: FixtureUserKey, path = ''): ScopeProbe => ({
  user,
  url: () => `/api/methodologies/${TVER_DRAFT}${path}`,
  expectRefused: true,
});
type Campaigns = typeof campaigns;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp(smtp.config);
  w = await createProbeWorld(t);
  campaigns.kirov = w.open.id;
  const created = succeeded(
    await t.request('regionalTver', {
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        title: 'Кампания tver',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    }),
    'Tver campaign',
  );
  campaigns.tver = created.json().id;
  // A draft methodology of the Tver region, named so that a list showing it to anyone else gives it away.
  const federal = succeeded(
    await t.request('regionalTver', { method: 'GET', url: '/api/methodologies/federal-2020/document' }),
    'federal document',
  ).json();
  succeeded(
    await t.request('regionalTver', {
      method: 'POST',
      url: '/api/methodologies',
      payload: { ...federal, id: TVER_DRAFT, title: 'Методика — Тверская область' },
    }),
    'Tver draft',
  );
  succeeded(await t.request('regionalTver', { method: 'POST', url: `/api/campaigns/${campaigns.tver}/launch` }), 'Tver launch');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/**
 * Routes anyone may call: the sign-in doors, the health and readiness checks, the metrics (closed on the proxy, see
 * README) and the API description. Nothing else is public.
 */
const publicRoutes = [
  'GET /api/openapi.json',
  'GET /api/health',
  'GET /api/ready',
  'GET /api/metrics',
  'POST /api/auth/login',
  'POST /api/auth/token',
  'POST /api/respondent/session',
  'DELETE /api/respondent/session',
];

interface ScopeProbe {
  /** A user of an allowed role, in the Kirov region (Куменский район), reaching elsewhere. */
  user: FixtureUserKey;
  url: (f: TestFixture, c: Campaigns) => string;
  body?: (f: TestFixture) => unknown;
  /** A file upload instead of a JSON body. */
  file?: Buffer;
  /** Refused outright (403 or 404), or (for lists) answered with nothing from outside. */
  expectRefused?: boolean;
}

/** A call of one user into the Tver campaign, which is outside every Kirov user's territory. */
const tverCampaign = (user: FixtureUserKey, path = '', body?: ScopeProbe['body']): ScopeProbe => ({
  user,
  url: (_f, c) => `/api/campaigns/${c.tver}${path}`,
  body,
  expectRefused: true,
});
/** The same call made into the Tver campaign by each of several users. */
const tverCampaignFor = (users: FixtureUserKey[], path = '') => users.map((user) => tverCampaign(user, path));

const importFile = Buffer.from('Код;Наименование;Тип\r\nZZ;Чужой район;район\r\n', 'utf8');
/** A readable methodology workbook under an id nobody has. */
const methodologyWorkbook = await exportMethodologyWorkbook({
  ...structuredClone(findMethodology('federal-2020')!),
  id: 'kirov-into-tver',
});

/**
 * For every route that reads or changes territorial data: a call that reaches outside the caller's territory.
 * A new such route without a probe here makes the coverage test fail.
 */
const scopeProbes: Record<string, ScopeProbe[]> = {
  'GET /api/users': [{ user: 'regional', url: (f) => `/api/users?regionId=${f.regions.tver}` }],
  'PATCH /api/users/:id': [
    { user: 'regional', url: (f) => `/api/users/${f.users.municipalRzhev.id}`, body: () => ({ fullName: 'Чужой' }), expectRefused: true },
  ],
  'POST /api/users': [
    {
      user: 'regional',
      url: () => '/api/users',
      body: (f) => ({ email: 'x@x.ru', fullName: 'Чужой', role: 'municipal_coordinator', municipalityId: f.municipalities.rzhev }),
      expectRefused: true,
    },
  ],
  'GET /api/regions': [
    { user: 'regional', url: () => '/api/regions' },
    { user: 'municipal', url: () => '/api/regions' },
    { user: 'expert', url: () => '/api/regions' },
  ],
  'GET /api/municipalities': [
    { user: 'regional', url: (f) => `/api/municipalities?regionId=${f.regions.tver}`, expectRefused: true },
    { user: 'municipal', url: () => '/api/municipalities' },
    { user: 'expert', url: (f) => `/api/municipalities?regionId=${f.regions.tver}`, expectRefused: true },
  ],
  'GET /api/municipalities/:id': [
    { user: 'regional', url: (f) => `/api/municipalities/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/municipalities/${f.municipalities.kirovCity}`, expectRefused: true },
    { user: 'expert', url: (f) => `/api/municipalities/${f.municipalities.rzhev}`, expectRefused: true },
  ],
  'POST /api/municipalities': [
    {
      user: 'regional',
      url: () => '/api/municipalities',
      body: (f) => ({ regionId: f.regions.tver, code: 'ZZ', name: 'Чужой район', kind: 'district' }),
      expectRefused: true,
    },
  ],
  'PATCH /api/municipalities/:id': [
    { user: 'regional', url: (f) => `/api/municipalities/${f.municipalities.rzhev}`, body: () => ({ name: 'Чужой' }), expectRefused: true },
  ],
  'GET /api/schools': [
    { user: 'regional', url: (f) => `/api/schools?regionId=${f.regions.tver}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/schools?municipalityId=${f.municipalities.kirovCity}` },
    { user: 'expert', url: (f) => `/api/schools?municipalityId=${f.municipalities.rzhev}` },
  ],
  'GET /api/schools/:id': [
    { user: 'regional', url: (f) => `/api/schools/${f.schools.rzhevSchool}`, expectRefused: true },
    { user: 'expert', url: (f) => `/api/schools/${f.schools.rzhevSchool}`, expectRefused: true },
    { user: 'municipal', url: (f) => `/api/schools/${f.schools.kirovSchool}`, expectRefused: true },
  ],
  'POST /api/schools': [
    {
      user: 'regional',
      url: () => '/api/schools',
      body: (f) => ({ municipalityId: f.municipalities.rzhev, code: 'ZZ', fullName: 'Чужая школа', shortName: 'Чужая', locality: 'urban' }),
      expectRefused: true,
    },
  ],
  'POST /api/directory/import/preview': [
    {
      user: 'regional',
      url: (f) => `/api/directory/import/preview?kind=municipalities&regionId=${f.regions.tver}`,
      file: importFile,
      expectRefused: true,
    },
  ],
  'POST /api/directory/import/commit': [
    {
      user: 'regional',
      url: (f) => `/api/directory/import/commit?kind=municipalities&regionId=${f.regions.tver}`,
      file: importFile,
      expectRefused: true,
    },
  ],
  'PATCH /api/schools/:id': [
    { user: 'regional', url: (f) => `/api/schools/${f.schools.rzhevSchool}`, body: () => ({ shortName: 'Чужая' }), expectRefused: true },
  ],
  'GET /api/audit': [
    { user: 'regional', url: () => '/api/audit' },
    { user: 'municipal', url: () => '/api/audit' },
  ],
  'GET /api/campaigns': [
    { user: 'regional', url: () => '/api/campaigns' },
    { user: 'municipal', url: () => '/api/campaigns' },
    { user: 'expert', url: () => '/api/campaigns' },
  ],
  'GET /api/campaigns/:id/coordinator-gaps': [tverCampaign('regional', '/coordinator-gaps')],
  'GET /api/campaigns/:id': tverCampaignFor(['regional', 'municipal', 'expert']),
  'POST /api/campaigns': [
    {
      user: 'regional',
      url: () => '/api/campaigns',
      body: (f) => ({
        regionId: f.regions.tver,
        title: 'Чужая',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date().toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      }),
      expectRefused: true,
    },
  ],
  'PATCH /api/campaigns/:id': [tverCampaign('regional', '', () => ({ title: 'Чужая' }))],
  'POST /api/campaigns/:id/launch': [tverCampaign('regional', '/launch')],
  'POST /api/campaigns/:id/extend': [
    tverCampaign('regional', '/extend', () => ({ closesAt: new Date(Date.now() + 5 * 86400_000).toISOString() })),
  ],
  'POST /api/campaigns/:id/close': [tverCampaign('regional', '/close')],
  'POST /api/campaigns/:id/reopen': [
    tverCampaign('regional', '/reopen', () => ({ closesAt: new Date(Date.now() + 5 * 86400_000).toISOString(), reason: 'чужая кампания' })),
  ],
  'POST /api/campaigns/:id/access-codes': [
    tverCampaign('regional', '/access-codes', (f) => ({ municipalityId: f.municipalities.rzhev })),
    {
      user: 'municipal',
      url: (_f, c) => `/api/campaigns/${c.kirov}/access-codes`,
      body: (f) => ({ municipalityId: f.municipalities.kirovCity }),
      expectRefused: true,
    },
  ],
  'GET /api/campaigns/:id/access-codes': [
    tverCampaign('regional', `/access-codes`),
    tverCampaign('municipal', '/access-codes'),
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/access-codes?municipalityId=${f.municipalities.kirovCity}`,
      expectRefused: true,
    },
    {
      user: 'regional',
      url: (f, c) => `/api/campaigns/${c.kirov}/access-codes?municipalityId=${f.municipalities.rzhev}`,
      expectRefused: true,
    },
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/access-codes?schoolId=${f.schools.kirovSchool}`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/access-codes.xlsx': [
    tverCampaign('regional', '/access-codes.xlsx'),
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/access-codes.xlsx?municipalityId=${f.municipalities.kirovCity}`,
      expectRefused: true,
    },
  ],
  'GET /api/campaigns/:id/schools': [
    tverCampaign('regional', '/schools'),
    tverCampaign('municipal', '/schools'),
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/schools?municipalityId=${f.municipalities.kirovCity}`,
      expectRefused: true,
    },
  ],
  'POST /api/campaigns/:id/schools': [
    tverCampaign('regional', '/schools', (f) => ({ schoolIds: [f.schools.rzhevSchool] })),
    tverCampaign('municipal', '/schools', (f) => ({ schoolIds: [f.schools.rzhevSchool] })),
    {
      user: 'municipal',
      url: (_f, c) => `/api/campaigns/${c.kirov}/schools`,
      body: (f) => ({ schoolIds: [f.schools.kirovSchool] }),
      expectRefused: true,
    },
    {
      user: 'regional',
      url: (_f, c) => `/api/campaigns/${c.kirov}/schools`,
      body: (f) => ({ schoolIds: [f.schools.rzhevSchool] }),
      expectRefused: true,
    },
  ],
  'POST /api/campaigns/:id/exclusions': [
    tverCampaign('regional', '/exclusions', (f) => ({ schoolId: f.schools.rzhevSchool, reason: 'чужая школа' })),
    {
      user: 'regional',
      url: (_f, c) => `/api/campaigns/${c.kirov}/exclusions`,
      body: (f) => ({ schoolId: f.schools.rzhevSchool, reason: 'чужая школа' }),
      expectRefused: true,
    },
  ],
  'GET /api/campaigns/:id/progress': [
    tverCampaign('regional', '/progress'),
    tverCampaign('expert', '/progress'),
    { user: 'municipal', url: (_f, c) => `/api/campaigns/${c.kirov}/progress` },
  ],
  'GET /api/campaigns/:id/progress/:municipalityId': [
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/progress/${f.municipalities.kirovCity}`, expectRefused: true },
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.kirov}/progress/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/progress/${f.municipalities.rzhev}`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/progress.xlsx': tverCampaignFor(['regional', 'municipal', 'expert'], '/progress.xlsx'),
  'POST /api/campaigns/:id/scoring-runs': [tverCampaign('regional', '/scoring-runs')],
  'GET /api/campaigns/:id/scoring-runs': tverCampaignFor(['regional', 'municipal', 'expert'], '/scoring-runs'),
  'POST /api/campaigns/:id/what-if': [
    tverCampaign('regional', '/what-if', () => ({ methodologyId: 'federal-2020' })),
    tverCampaign('expert', '/what-if', () => ({ methodologyId: 'federal-2020' })),
    // Another region's version against one's own campaign.
    {
      user: 'regional',
      url: (_f, c) => `/api/campaigns/${c.kirov}/what-if`,
      body: () => ({ methodologyId: TVER_DRAFT }),
      expectRefused: true,
    },
  ],
  'GET /api/campaigns/:id/results': [
    tverCampaign('regional', '/results'),
    tverCampaign('expert', '/results'),
    { user: 'municipal', url: (_f, c) => `/api/campaigns/${c.kirov}/results`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/results.xlsx': tverCampaignFor(['regional', 'municipal', 'expert'], '/results.xlsx'),
  'GET /api/campaigns/:id/answers.xlsx': tverCampaignFor(['regional', 'expert'], '/answers.xlsx'),
  'GET /api/campaigns/:id/answers.csv': tverCampaignFor(['regional', 'expert'], '/answers.csv'),
  'GET /api/campaigns/:id/results/distribution': tverCampaignFor(['regional', 'municipal', 'expert'], '/results/distribution'),
  'GET /api/campaigns/:id/results/comparison': tverCampaignFor(['regional', 'municipal', 'expert'], '/results/comparison'),
  'GET /api/campaigns/:id/results/unapproved': [tverCampaign('regional', '/results/unapproved')],
  'GET /api/campaigns/:id/results/history': tverCampaignFor(['regional', 'municipal', 'expert'], '/results/history'),
  'GET /api/campaigns/:id/results/:municipalityId/history': [
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/history`, expectRefused: true },
    { user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/history`, expectRefused: true },
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/results/${f.municipalities.kirovCity}/history`, expectRefused: true },
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.kirov}/results/${f.municipalities.rzhev}/history`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/results/:municipalityId': [
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/results/${f.municipalities.kirovCity}`, expectRefused: true },
  ],
  'POST /api/campaigns/:id/results/:municipalityId/mechanisms/:mechanismCode/confirm': [
    {
      user: 'expert',
      url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/mechanisms/1.1/confirm`,
      expectRefused: true,
    },
  ],
  'POST /api/campaigns/:id/results/:municipalityId/overrides': [
    {
      user: 'expert',
      url: (f, c) => `/api/campaigns/${c.tver}/results/${f.municipalities.rzhev}/overrides`,
      body: () => ({ mechanismCode: '1.1', target: 'mechanism_level', value: 3, reason: 'Чужой регион, проверка доступа.' }),
      expectRefused: true,
    },
  ],
  'DELETE /api/campaigns/:id/overrides/:overrideId': [tverCampaign('expert', '/overrides/1')],
  'PUT /api/campaigns/:id/reviews/:municipalityId': [
    {
      user: 'expert',
      url: (f, c) => `/api/campaigns/${c.tver}/reviews/${f.municipalities.rzhev}`,
      body: () => ({ status: 'approved' }),
      expectRefused: true,
    },
  ],
  'GET /api/campaigns/:id/experts': tverCampaignFor(['regional', 'expert'], '/experts'),
  'PUT /api/campaigns/:id/experts': [tverCampaign('regional', '/experts', (f) => ({ userIds: [f.users.expertTver.id] }))],
  'POST /api/campaigns/:id/publish': [tverCampaign('regional', '/publish', () => ({}))],
  'POST /api/campaigns/:id/unpublish': [tverCampaign('regional', '/unpublish', () => ({ reason: 'чужая кампания' }))],
  'GET /api/campaigns/:id/publications': tverCampaignFor(['regional', 'municipal', 'expert'], '/publications'),
  'GET /api/campaigns/:id/backup': [tverCampaign('regional', '/backup')],
  'GET /api/campaigns/:id/reminders/preview': [
    tverCampaign('regional', '/reminders/preview'),
    {
      user: 'regional',
      url: (f, c) => `/api/campaigns/${c.kirov}/reminders/preview?municipalityIds=${f.municipalities.rzhev}`,
      expectRefused: true,
    },
  ],
  'POST /api/campaigns/:id/reminders': [
    tverCampaign('regional', '/reminders', () => ({})),
    {
      user: 'regional',
      url: (_f, c) => `/api/campaigns/${c.kirov}/reminders`,
      body: (f) => ({ municipalityIds: [f.municipalities.rzhev] }),
      expectRefused: true,
    },
  ],
  'PUT /api/campaigns/:id/reminder-schedule': [tverCampaign('regional', '/reminder-schedule', () => ({ daysBefore: 3 }))],
  'GET /api/campaigns/:id/municipal-forms/:municipalityId': [
    { user: 'municipal', url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}`, expectRefused: true },
    { user: 'regional', url: (f, c) => `/api/campaigns/${c.tver}/municipal-forms/${f.municipalities.rzhev}`, expectRefused: true },
    { user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/municipal-forms/${f.municipalities.rzhev}`, expectRefused: true },
  ],
  'GET /api/campaigns/:id/municipal-forms/:municipalityId/definition': [
    { user: 'expert', url: (f, c) => `/api/campaigns/${c.tver}/municipal-forms/${f.municipalities.rzhev}/definition`, expectRefused: true },
    {
      user: 'regional',
      url: (f, c) => `/api/campaigns/${c.tver}/municipal-forms/${f.municipalities.rzhev}/definition`,
      expectRefused: true,
    },
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}/definition`,
      expectRefused: true,
    },
  ],
  'GET /api/methodologies': [
    { user: 'regional', url: () => '/api/methodologies' },
    { user: 'municipal', url: () => '/api/methodologies' },
    { user: 'expert', url: () => '/api/methodologies' },
  ],
  'GET /api/methodologies/:id': [tverDraft('regional'), tverDraft('municipal'), tverDraft('expert')],
  'GET /api/methodologies/:id/document': [
    tverDraft('regional', '/document'),
    tverDraft('municipal', '/document'),
    tverDraft('expert', '/document'),
  ],
  'GET /api/methodologies/:id/diff': [
    tverDraft('regional', '/diff?with=federal-2020'),
    tverDraft('municipal', '/diff?with=federal-2020'),
    tverDraft('expert', '/diff?with=federal-2020'),
    { user: 'regional', url: () => `/api/methodologies/federal-2020/diff?with=${TVER_DRAFT}`, expectRefused: true },
  ],
  'GET /api/methodologies/:id/check': [tverDraft('regional', '/check')],
  'GET /api/methodologies/:id/preview': [
    tverDraft('regional', '/preview'),
    tverDraft('municipal', '/preview'),
    tverDraft('expert', '/preview'),
  ],
  'POST /api/methodologies': [
    {
      user: 'regional',
      url: (f) => `/api/methodologies?regionId=${f.regions.tver}`,
      body: () => ({ id: 'kirov-into-tver' }),
      expectRefused: true,
    },
  ],
  'PUT /api/methodologies/:id/document': [{ ...tverDraft('regional', '/document'), body: () => ({ id: TVER_DRAFT }) }],
  'GET /api/methodologies/:id/export.xlsx': [
    tverDraft('regional', '/export.xlsx'),
    tverDraft('municipal', '/export.xlsx'),
    tverDraft('expert', '/export.xlsx'),
  ],
  'POST /api/methodologies/import': [
    { user: 'regional', url: () => `/api/methodologies/import?into=${TVER_DRAFT}`, file: methodologyWorkbook, expectRefused: true },
    {
      user: 'regional',
      url: (f) => `/api/methodologies/import?regionId=${f.regions.tver}`,
      file: methodologyWorkbook,
      expectRefused: true,
    },
  ],
  'POST /api/methodologies/:id/fork': [
    tverDraft('regional', '/fork'),
    { user: 'regional', url: (f) => `/api/methodologies/federal-2020/fork?regionId=${f.regions.tver}`, expectRefused: true },
  ],
  'POST /api/methodologies/:id/publish': [tverDraft('regional', '/publish')],
  'POST /api/methodologies/:id/retire': [tverDraft('regional', '/retire')],
  'PUT /api/campaigns/:id/municipal-forms/:municipalityId/answers': [
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}/answers`,
      body: () => ({ answers: {}, revision: 0, currentPage: 0, saveId: '00000000-0000-4000-8000-000000000000' }),
      expectRefused: true,
    },
  ],
  'POST /api/campaigns/:id/municipal-forms/:municipalityId/submit': [
    {
      user: 'municipal',
      url: (f, c) => `/api/campaigns/${c.kirov}/municipal-forms/${f.municipalities.kirovCity}/submit`,
      body: () => ({ answers: {}, revision: 0, currentPage: 0, saveId: '00000000-0000-4000-8000-000000000000' }),
      expectRefused: true,
    },
  ],
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

const sampleUrl = (url: string) => url.replace(/:[A-Za-z]+/g, '1');
const staffUsers = Object.values(userOfRole);

describe('access policy of every registered route', () => {
  const routesOf = (kind: 'public' | 'staff' | 'respondent') => t.app.accessTable.filter((route) => route.access.kind === kind);

  it('has routes of every kind to check', () => {
    expect(routesOf('staff').length).toBeGreaterThan(10);
    expect(routesOf('respondent').length).toBeGreaterThan(2);
  });

  it('cannot register an API route without an access policy', async () => {
    const app = Fastify();
    await app.register(authPlugin, { jwtSecret: 'x'.repeat(32), sessionTtlHours: 1, cookieSecure: false });
    expect(() => app.get('/api/unguarded', async () => 'open')).toThrow(/declares no access policy/);
    await app.close();
  });

  it('has an in-scope call for every registered route and none for routes that no longer exist', () => {
    const registered = t.app.accessTable.map(key);
    expect(registered.filter((route) => !inScopeCalls[route])).toEqual([]);
    expect(Object.keys(inScopeCalls).filter((route) => !registered.includes(route))).toEqual([]);
  });

  it('keeps public exactly the listed routes, and lets anyone call them', async () => {
    expect(routesOf('public').map(key).sort()).toEqual([...publicRoutes].sort());
    for (const route of routesOf('public')) {
      const { response } = await callRoute(w, route, null);
      expect(response.statusCode, `${key(route)} anonymous: ${response.body.slice(0, 300)}`).toBeLessThan(400);
    }
  });

  it('lets every role a route names, and a respondent on respondent routes, make an in-scope call', async () => {
    for (const route of [...routesOf('staff'), ...routesOf('respondent')]) {
      for (const user of callersOf(route)) {
        const { call, response } = await callRoute(w, route, user);
        const label = `${key(route)} as ${user ?? 'respondent'}: ${response.body.slice(0, 300)}`;
        if (call.expectStatus) expect(response.statusCode, label).toBe(call.expectStatus);
        else expect(response.statusCode, label).toBeLessThan(400);
      }
    }
  }, 120_000);

  it('refuses an anonymous call, a forged token, a disabled user and a respondent on every staff route', async () => {
    const respondentToken = (await w.respondent()).cookie!.split('=')[1]!;
    for (const route of routesOf('staff')) {
      const url = sampleUrl(route.url);
      const method = route.method as 'GET';
      const payload = method === 'GET' ? undefined : {};
      const anonymous = await t.app.inject({ method, url, payload });
      expect(anonymous.statusCode, `${key(route)} anonymous`).toBe(401);
      expect(anonymous.json().error.message).toMatch(/[А-Яа-я]/);
      const forged = await t.app.inject({ method, url, payload, headers: { authorization: 'Bearer forged.token.value' } });
      expect(forged.statusCode, `${key(route)} forged`).toBe(401);
      const disabled = await t.request('disabled', { method, url, payload });
      expect(disabled.statusCode, `${key(route)} disabled user`).toBe(401);
      const respondentBearer = await t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${respondentToken}` } });
      expect(respondentBearer.statusCode, `${key(route)} respondent token`).toBe(401);
      const respondentAsSession = await t.app.inject({ method, url, payload, cookies: { muko_session: respondentToken } });
      expect(respondentAsSession.statusCode, `${key(route)} respondent token in the staff cookie`).toBe(401);
    }
  });

  it('refuses anonymous calls, every staff token and a respondent reaching for another questionnaire on respondent routes', async () => {
    // A respondent's own code with the number of someone else's questionnaire: the respondent's only way out of scope.
    const ownCookie = await w.respondent();
    const own = t.app.jwt.decode<{ sid: string; rid: number; acid: number; cid: number; role: RespondentRole }>(
      ownCookie.cookie!.split('=')[1]!,
    )!;
    // Complete answers, so that a submission is not refused for them before the questionnaire is looked at.
    const answers = sampleAnswers(
      succeeded(await t.app.inject({ method: 'GET', url: '/api/respondent/definition', headers: ownCookie }), 'definition').json(),
    );
    const other = w.open.codes.find((code) => code.responseId !== own.rid)!;
    const elsewhere = t.app.jwt.sign({
      typ: 'respondent',
      sid: own.sid,
      rid: other.responseId,
      acid: own.acid,
      cid: own.cid,
      role: own.role,
    });
    for (const route of routesOf('respondent')) {
      const method = route.method as 'GET';
      const payload = method === 'GET' ? undefined : {};
      expect((await t.app.inject({ method, url: route.url, payload })).statusCode, `${key(route)} anonymous`).toBe(401);
      const reaching = await t.app.inject({
        method,
        url: route.url,
        cookies: { muko_respondent: elsewhere },
        payload: method === 'GET' ? undefined : { answers, revision: 0, currentPage: 0, saveId: randomUUID() },
      });
      expect(reaching.statusCode, `${key(route)} another questionnaire: ${reaching.body.slice(0, 200)}`).toBe(401);
      for (const user of staffUsers) {
        const bearer = await t.request(user, { method, url: route.url, payload });
        expect(bearer.statusCode, `${key(route)} as ${user}`).toBe(401);
        const token = (await t.authAs(user)).authorization!.slice('Bearer '.length);
        const asCookie = await t.app.inject({ method, url: route.url, payload, cookies: { muko_respondent: token } });
        expect(asCookie.statusCode, `${key(route)} as ${user} in the respondent cookie`).toBe(401);
      }
    }
  });

  it('refuses every role the route does not name with 403', async () => {
    for (const route of routesOf('staff')) {
      if (route.access.kind !== 'staff') continue;
      for (const [role, user] of Object.entries(userOfRole) as Array<[StaffRole, FixtureUserKey]>) {
        if (route.access.roles.includes(role)) continue;
        const response = await t.request(user, {
          method: route.method,
          url: sampleUrl(route.url),
          payload: route.method === 'GET' ? undefined : {},
        });
        expect(response.statusCode, `${key(route)} as ${role}`).toBe(403);
      }
    }
  });

  it('holds an administrator with a temporary password to changing it: every other route of the role answers 403', async () => {
    const admin = eq(users.id, t.fixture.users.admin.id);
    await t.database.db.update(users).set({ passwordChangeRequired: true }).where(admin);
    try {
      for (const route of routesOf('staff')) {
        if (route.access.kind !== 'staff' || route.access.whilePasswordChangeRequired || !route.access.roles.includes('admin')) continue;
        const response = await t.request('admin', {
          method: route.method,
          url: sampleUrl(route.url),
          payload: route.method === 'GET' ? undefined : {},
        });
        expect(response.statusCode, key(route)).toBe(403);
        expect(response.json().error.message, key(route)).toBe('Смените временный пароль, чтобы продолжить работу.');
      }
      expect((await t.request('admin', { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    } finally {
      await t.database.db.update(users).set({ passwordChangeRequired: false }).where(admin);
    }
  });

  it('has an out-of-scope probe for every territorial role a route names', () => {
    const uncovered = routesOf('staff').flatMap((route) => {
      if (route.access.kind !== 'staff' || territoryFree.has(key(route))) return [];
      const probed = new Set((scopeProbes[key(route)] ?? []).map((probe) => t.fixture.users[probe.user].role));
      return route.access.roles.filter((role) => role !== 'admin' && !probed.has(role)).map((role) => `${key(route)} as ${role}`);
    });
    expect(uncovered).toEqual([]);
  });

  it('refuses or empties every out-of-scope call', async () => {
    const f = t.fixture;
    // Город Москва is the region the in-scope calls add, with nothing in it for Kirov users either.
    const foreign = [
      'Город Москва',
      'Тверская область',
      'Ржевский муниципальный округ',
      'МОУ СШ № 1 г. Ржева',
      'Кампания tver',
      'пользователь regionalTver',
      'пользователь municipalRzhev',
      'пользователь expertTver',
    ];
    for (const [routeKey, probes] of Object.entries(scopeProbes)) {
      const [method] = routeKey.split(' ');
      for (const probe of probes) {
        const response = await t.request(probe.user, {
          method: method,
          url: probe.url(f, campaigns),
          payload: probe.file ?? (probe.body?.(f) as object | undefined),
          headers: probe.file ? { 'content-type': 'application/octet-stream' } : {},
        });
        const label = `${routeKey} as ${probe.user} → ${probe.url(f, campaigns)}: ${response.body.slice(0, 200)}`;
        if (probe.expectRefused) {
          expect([403, 404], label).toContain(response.statusCode);
          continue;
        }
        expect(response.statusCode, label).toBe(200);
        // Another municipality of the same region is outside only for a municipal coordinator.
        const outside = probe.user === 'municipal' ? [...foreign, 'город Киров', 'МБОУ СОШ № 16 г. Кирова'] : foreign;
        expect(
          outside.filter((name) => response.body.includes(name)),
          label,
        ).toEqual([]);
      }
    }
  });
});
