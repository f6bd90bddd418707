import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { StaffRole } from '../../db/schema/values';
import type { SurveyJson } from '../modules/methodology/assemble';
import { findMethodology } from '../modules/methodology/methodology.repo';
import { sampleAnswers } from '../modules/methodology/sample-answers';
import type { RouteAccess } from '../plugins/auth';
import { uniqueAddress, type TestApp } from './app';
import { collectedCampaign, launchCampaign, type IssuedCode } from './campaign-journey';
import { FIXTURE_PASSWORD, type FixtureUserKey, type TestFixture } from './fixture';
import { succeeded } from './succeeded';

/** The fixture user who plays each staff role in-scope: everyone lives in the Kirov region (Куменский район). */
export const userOfRole: Record<StaffRole, FixtureUserKey> = {
  admin: 'admin',
  regional_coordinator: 'regional',
  municipal_coordinator: 'municipal',
  expert: 'expert',
};

/** One request of a route; sendCall adds the caller's credentials unless `headers` carry their own. */
export interface RouteCall {
  url: string;
  body?: unknown;
  /** A file upload instead of a JSON body. */
  file?: Buffer;
  headers?: Record<string, string>;
  /** The answer when success is impossible by design yet the call got past every access check (default: any 2xx or 3xx). */
  expectStatus?: number;
}

/**
 * Data of the Kirov region in every state a route needs, for calls that must be allowed.
 * Routes that change a campaign's state get a fresh campaign per call, so the order of calls does not matter.
 */
export interface ProbeWorld {
  t: TestApp;
  f: TestFixture;
  /** Launched and accepting answers; its codes are never reissued. */
  open: { id: number; codes: IssuedCode[] };
  /** Closed, scored, the Kirov expert assigned, not yet published. */
  collected: number;
  /** Scored, the Kirov expert assigned, published. */
  published: number;
  draft(): Promise<number>;
  launched(): Promise<{ id: number; codes: IssuedCode[] }>;
  /** Closed, scored and ready to publish. */
  scored(): Promise<number>;
  /** A respondent cookie for an unused code of the open campaign. */
  respondent(): Promise<Record<string, string>>;
}

export async function createProbeWorld(t: TestApp): Promise<ProbeWorld> {
  const f = t.fixture;
  const asRegional = (method: 'POST' | 'PUT', url: string, payload?: object) => t.request('regional', { method, url, payload });
  async function draft() {
    const created = succeeded(
      await asRegional('POST', '/api/campaigns', {
        title: 'Кампания для проверки прав',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      }),
      'draft campaign',
    );
    return created.json().id as number;
  }
  async function launched() {
    const id = await draft();
    return { id, codes: await launchCampaign(t, id) };
  }
  async function scored() {
    const { campaignId } = await collectedCampaign(t, { title: 'Собранная кампания', mechanismCodes: ['1.1'] });
    succeeded(await asRegional('POST', `/api/campaigns/${campaignId}/scoring-runs`), 'scoring run');
    succeeded(await asRegional('PUT', `/api/campaigns/${campaignId}/experts`, { userIds: [f.users.expert.id] }), 'experts assigned');
    return campaignId;
  }
  const open = await launched();
  const collected = await scored();
  const published = await scored();
  succeeded(await asRegional('POST', `/api/campaigns/${published}/publish`, await publishAsComputed(t, published)), 'publication');
  const unusedCodes = open.codes.map((c) => c.code);
  async function respondent() {
    const entered = await t.app.inject({
      method: 'POST',
      url: '/api/respondent/session',
      payload: { code: unusedCodes.pop() },
      remoteAddress: uniqueAddress(),
    });
    const cookie = entered.cookies.find((c) => c.name === 'muko_respondent');
    if (!cookie) throw new Error(`no respondent session: ${entered.body}`);
    return { cookie: `muko_respondent=${cookie.value}` };
  }
  return { t, f, open, collected, published, draft, launched, scored, respondent };
}

/** A publication body that publishes every municipality of a scored campaign as computed, without review. */
async function publishAsComputed(t: TestApp, campaignId: number) {
  const unapproved = succeeded(
    await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results/unapproved` }),
    'unapproved municipalities',
  ).json();
  const municipalityIds = unapproved.municipalities.map((row: { municipalityId: number }) => row.municipalityId);
  return { exceptions: { municipalityIds, reason: 'Публикация по расчёту для проверки прав доступа.' } };
}

type Probe = (w: ProbeWorld, user: FixtureUserKey) => RouteCall | Promise<RouteCall>;

const saveBody = (answers: Record<string, unknown> = {}) => ({ answers, revision: 0, currentPage: 0, saveId: randomUUID() });
const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString();
const importFile = (user: FixtureUserKey) => Buffer.from(`Код;Наименование;Тип\r\nNEW-${user};Новый район ${user};район\r\n`, 'utf8');
const campaignBody = (w: ProbeWorld, user: FixtureUserKey) => ({
  ...(user === 'admin' ? { regionId: w.f.regions.kirov } : {}),
  title: `Новая кампания ${user}`,
  year: 2026,
  methodologyId: 'federal-2020',
  mechanismCodes: ['1.1'],
  opensAt: new Date().toISOString(),
  closesAt: inAWeek(),
});
const c = (id: number, path = '') => `/api/campaigns/${id}${path}`;
/** An administrator names the region a methodology draft goes to. */
const forRegion = (w: ProbeWorld, user: FixtureUserKey) => (user === 'admin' ? `?regionId=${w.f.regions.kirov}` : '');
/** A clean document to upload or save: a save with problems is kept but answered 422. */
const federalDocument = () => structuredClone(findMethodology('federal-2020')!);
/** A fresh, clean draft of the Kirov region, forked from the federal version by `user`. */
async function methodologyDraft(w: ProbeWorld, user: FixtureUserKey): Promise<string> {
  const response = await w.t.request(user, { method: 'POST', url: `/api/methodologies/federal-2020/fork${forRegion(w, user)}` });
  return response.json<{ version: { id: string } }>().version.id;
}

/**
 * For every registered route, a call its allowed callers make within their own territory, with valid data:
 * the authorization matrix requires each to pass, and the audit test requires each successful write to be logged.
 * Staff routes are called by the user of every role the policy names (userOfRole); respondent routes with a
 * respondent's cookie; public routes anonymously.
 */
export const inScopeCalls: Record<string, Probe> = {
  // Public.
  'GET /api/openapi.json': () => ({ url: '/api/openapi.json' }),
  'GET /api/health': () => ({ url: '/api/health' }),
  'GET /api/ready': () => ({ url: '/api/ready' }),
  'GET /api/metrics': () => ({ url: '/api/metrics' }),
  'POST /api/auth/login': () => ({ url: '/api/auth/login', body: { email: 'expertTver@fixture.test', password: FIXTURE_PASSWORD } }),
  'POST /api/auth/token': () => ({ url: '/api/auth/token', body: { email: 'expertTver@fixture.test', password: FIXTURE_PASSWORD } }),
  'POST /api/respondent/session': (w) => ({ url: '/api/respondent/session', body: { code: w.open.codes[0]!.code } }),
  'DELETE /api/respondent/session': () => ({ url: '/api/respondent/session' }),

  // Respondents.
  'GET /api/respondent/questionnaire': async (w) => ({ url: '/api/respondent/questionnaire', headers: await w.respondent() }),
  'GET /api/respondent/definition': async (w) => ({ url: '/api/respondent/definition', headers: await w.respondent() }),
  'PUT /api/respondent/answers': async (w) => ({ url: '/api/respondent/answers', headers: await w.respondent(), body: saveBody() }),
  'POST /api/respondent/submit': async (w) => {
    const headers = await w.respondent();
    const definition: SurveyJson = (await w.t.app.inject({ method: 'GET', url: '/api/respondent/definition', headers })).json();
    return { url: '/api/respondent/submit', headers, body: saveBody(sampleAnswers(definition)) };
  },

  // The caller itself. Logging out ends a session of its own; a password change keeps the session that makes it.
  'POST /api/auth/logout': async (w, user) => ({ url: '/api/auth/logout', headers: await w.t.newSession(user) }),
  'GET /api/me': () => ({ url: '/api/me' }),
  'POST /api/me/password': (_w, user) => ({
    url: '/api/me/password',
    body: { currentPassword: FIXTURE_PASSWORD, newPassword: `new-password-${user}` },
  }),

  // Users, regions, directory.
  'GET /api/users': () => ({ url: '/api/users' }),
  'POST /api/users': (w, user) => ({
    url: '/api/users',
    body: {
      email: `new-${user}@fixture.test`,
      fullName: 'Новый Координатор',
      role: 'municipal_coordinator',
      municipalityId: w.f.municipalities.kumeny,
    },
  }),
  'PATCH /api/users/:id': (w) => ({
    url: `/api/users/${w.f.users.municipalKirovCity.id}`,
    body: { fullName: 'Тестовый координатор города Кирова' },
  }),
  'GET /api/audit': () => ({ url: '/api/audit' }),
  'GET /api/regions': () => ({ url: '/api/regions' }),
  'POST /api/regions': () => ({ url: '/api/regions', body: { code: '77', name: 'Город Москва' } }),
  'PATCH /api/regions/:id': (w) => ({ url: `/api/regions/${w.f.regions.kirov}`, body: { name: 'Кировская обл.' } }),
  'GET /api/municipalities': () => ({ url: '/api/municipalities' }),
  'GET /api/municipalities/:id': (w) => ({ url: `/api/municipalities/${w.f.municipalities.kumeny}` }),
  'POST /api/municipalities': (w, user) => ({
    url: '/api/municipalities',
    body: { regionId: w.f.regions.kirov, code: `M-${user}`, name: `Новый район ${user}`, kind: 'district' },
  }),
  'PATCH /api/municipalities/:id': (w, user) => ({
    url: `/api/municipalities/${w.f.municipalities.kumeny}`,
    body: { name: `Куменский район (${user})` },
  }),
  'GET /api/schools': () => ({ url: '/api/schools' }),
  'GET /api/schools/:id': (w) => ({ url: `/api/schools/${w.f.schools.kumenySchool1}` }),
  'POST /api/schools': (w, user) => ({
    url: '/api/schools',
    body: {
      municipalityId: w.f.municipalities.kumeny,
      code: `S-${user}`,
      fullName: `Новая школа ${user}`,
      shortName: `Школа ${user}`,
      locality: 'rural',
    },
  }),
  'PATCH /api/schools/:id': (w, user) => ({
    url: `/api/schools/${w.f.schools.kumenySchool2}`,
    body: { shortName: `МКОУ ООШ с. Вожгалы (${user})` },
  }),
  'GET /api/directory/import/template': () => ({ url: '/api/directory/import/template?kind=municipalities&format=csv' }),
  'POST /api/directory/import/preview': (w, user) => ({
    url: `/api/directory/import/preview?kind=municipalities&regionId=${w.f.regions.kirov}`,
    file: importFile(user),
  }),
  'POST /api/directory/import/commit': (w, user) => ({
    url: `/api/directory/import/commit?kind=municipalities&regionId=${w.f.regions.kirov}`,
    file: importFile(user),
  }),
  'GET /api/methodologies': () => ({ url: '/api/methodologies' }),
  'GET /api/methodologies/:id': () => ({ url: '/api/methodologies/federal-2020' }),
  'GET /api/methodologies/:id/document': () => ({ url: '/api/methodologies/federal-2020/document' }),
  'GET /api/methodologies/:id/diff': () => ({ url: '/api/methodologies/regional-preschool-2021/diff?with=federal-2020' }),
  'GET /api/methodologies/:id/preview': () => ({ url: '/api/methodologies/federal-2020/preview' }),
  'GET /api/methodologies/:id/check': async (w, user) => ({ url: `/api/methodologies/${await methodologyDraft(w, user)}/check` }),
  'POST /api/methodologies': (w, user) => ({
    url: `/api/methodologies${forRegion(w, user)}`,
    body: { ...federalDocument(), id: `probe-upload-${user}-${randomUUID().slice(0, 8)}`, title: 'Загруженный черновик' },
  }),
  'PUT /api/methodologies/:id/document': async (w, user) => {
    const id = await methodologyDraft(w, user);
    return { url: `/api/methodologies/${id}/document`, body: { ...federalDocument(), id, title: 'Сохранённый черновик' } };
  },
  'GET /api/methodologies/:id/export.xlsx': () => ({ url: '/api/methodologies/federal-2020/export.xlsx' }),
  'POST /api/methodologies/import': async (w, user) => {
    const id = await methodologyDraft(w, user);
    const workbook = await w.t.request(user, { method: 'GET', url: `/api/methodologies/${id}/export.xlsx` });
    return { url: `/api/methodologies/import?into=${id}`, file: workbook.rawPayload };
  },
  'POST /api/methodologies/:id/fork': (w, user) => ({ url: `/api/methodologies/federal-2020/fork${forRegion(w, user)}` }),
  'POST /api/methodologies/:id/publish': async (w, user) => ({ url: `/api/methodologies/${await methodologyDraft(w, user)}/publish` }),
  'POST /api/methodologies/:id/retire': async (w, user) => {
    const id = await methodologyDraft(w, user);
    await w.t.request(user, { method: 'POST', url: `/api/methodologies/${id}/publish` });
    return { url: `/api/methodologies/${id}/retire` };
  },

  // Campaigns and data collection.
  'GET /api/campaigns': () => ({ url: '/api/campaigns' }),
  'GET /api/campaigns/:id': (w) => ({ url: c(w.open.id) }),
  'GET /api/campaigns/:id/coordinator-gaps': (w) => ({ url: c(w.open.id, '/coordinator-gaps') }),
  'POST /api/campaigns': (w, user) => ({ url: '/api/campaigns', body: campaignBody(w, user) }),
  'PATCH /api/campaigns/:id': async (w) => ({ url: c(await w.draft()), body: { title: 'Переименованная кампания' } }),
  'POST /api/campaigns/:id/launch': async (w) => ({ url: c(await w.draft(), '/launch') }),
  'POST /api/campaigns/:id/extend': async (w) => ({ url: c((await w.launched()).id, '/extend'), body: { closesAt: inAWeek() } }),
  'POST /api/campaigns/:id/close': async (w) => ({ url: c((await w.launched()).id, '/close') }),
  'POST /api/campaigns/:id/reopen': async (w) => {
    const { id } = await w.launched();
    succeeded(await w.t.request('regional', { method: 'POST', url: c(id, '/close') }), 'campaign closed');
    return { url: c(id, '/reopen'), body: { closesAt: inAWeek(), reason: 'не успели школы района' } };
  },
  'POST /api/campaigns/:id/access-codes': async (w) => ({
    url: c((await w.launched()).id, '/access-codes'),
    body: { municipalityId: w.f.municipalities.kumeny },
  }),
  'GET /api/campaigns/:id/access-codes': (w) => ({ url: c(w.open.id, `/access-codes?municipalityId=${w.f.municipalities.kumeny}`) }),
  'GET /api/campaigns/:id/access-codes.xlsx': (w) => ({ url: c(w.open.id, `/access-codes.xlsx?schoolId=${w.f.schools.kumenySchool1}`) }),
  'GET /api/campaigns/:id/schools': (w) => ({ url: c(w.open.id, '/schools') }),
  'POST /api/campaigns/:id/schools': async (w) => {
    // An excluded school comes back the way a late one joins.
    const { id } = await w.launched();
    const excluded = await w.t.request('regional', {
      method: 'POST',
      url: c(id, '/exclusions'),
      payload: { schoolId: w.f.schools.kumenySchool2, reason: 'школа закрыта' },
    });
    if (excluded.statusCode !== 200) throw new Error(excluded.body);
    return { url: c(id, '/schools'), body: { schoolIds: [w.f.schools.kumenySchool2] } };
  },
  'POST /api/campaigns/:id/exclusions': async (w) => ({
    url: c((await w.launched()).id, '/exclusions'),
    body: { schoolId: w.f.schools.kumenySchool2, reason: 'школа закрыта' },
  }),
  'GET /api/campaigns/:id/progress': (w) => ({ url: c(w.open.id, '/progress') }),
  'GET /api/campaigns/:id/progress/:municipalityId': (w) => ({ url: c(w.open.id, `/progress/${w.f.municipalities.kumeny}`) }),
  'GET /api/campaigns/:id/progress.xlsx': (w) => ({ url: c(w.open.id, '/progress.xlsx') }),
  'GET /api/campaigns/:id/municipal-forms/:municipalityId': (w) => ({ url: c(w.open.id, `/municipal-forms/${w.f.municipalities.kumeny}`) }),
  'GET /api/campaigns/:id/municipal-forms/:municipalityId/definition': (w) => ({
    url: c(w.open.id, `/municipal-forms/${w.f.municipalities.kumeny}/definition`),
  }),
  'PUT /api/campaigns/:id/municipal-forms/:municipalityId/answers': async (w) => ({
    url: c((await w.launched()).id, `/municipal-forms/${w.f.municipalities.kumeny}/answers`),
    body: saveBody(),
  }),
  'POST /api/campaigns/:id/municipal-forms/:municipalityId/submit': async (w, user) => {
    const base = c((await w.launched()).id, `/municipal-forms/${w.f.municipalities.kumeny}`);
    const definition: SurveyJson = succeeded(
      await w.t.request(user, { method: 'GET', url: `${base}/definition` }),
      'form definition',
    ).json();
    return { url: `${base}/submit`, body: saveBody(sampleAnswers(definition)) };
  },

  // Results and review.
  'POST /api/campaigns/:id/scoring-runs': (w) => ({ url: c(w.collected, '/scoring-runs') }),
  'GET /api/campaigns/:id/scoring-runs': (w) => ({ url: c(w.published, '/scoring-runs') }),
  'POST /api/campaigns/:id/what-if': (w) => ({ url: c(w.published, '/what-if'), body: { methodologyId: 'federal-2020' } }),
  'GET /api/campaigns/:id/results': (w) => ({ url: c(w.published, '/results') }),
  'GET /api/campaigns/:id/results.xlsx': (w) => ({ url: c(w.published, '/results.xlsx') }),
  'GET /api/campaigns/:id/answers.xlsx': (w) => ({ url: c(w.published, '/answers.xlsx') }),
  'GET /api/campaigns/:id/answers.csv': (w) => ({ url: c(w.published, '/answers.csv') }),
  'GET /api/campaigns/:id/results/distribution': (w) => ({ url: c(w.published, '/results/distribution') }),
  'GET /api/campaigns/:id/results/comparison': (w) => ({ url: c(w.published, '/results/comparison') }),
  'GET /api/campaigns/:id/results/unapproved': (w) => ({ url: c(w.collected, '/results/unapproved') }),
  'GET /api/campaigns/:id/results/history': (w) => ({ url: c(w.published, '/results/history') }),
  'GET /api/campaigns/:id/results/:municipalityId/history': (w) => ({
    url: c(w.published, `/results/${w.f.municipalities.kumeny}/history`),
  }),
  'GET /api/campaigns/:id/results/:municipalityId': (w) => ({ url: c(w.published, `/results/${w.f.municipalities.kumeny}`) }),
  'POST /api/campaigns/:id/results/:municipalityId/mechanisms/:mechanismCode/confirm': (w) => ({
    url: c(w.collected, `/results/${w.f.municipalities.kumeny}/mechanisms/1.1/confirm`),
  }),
  'POST /api/campaigns/:id/results/:municipalityId/overrides': (w) => ({
    url: c(w.collected, `/results/${w.f.municipalities.kumeny}/overrides`),
    body: overrideBody,
  }),
  'DELETE /api/campaigns/:id/overrides/:overrideId': async (w, user) => {
    const created = succeeded(
      await w.t.request(user, {
        method: 'POST',
        url: c(w.collected, `/results/${w.f.municipalities.kumeny}/overrides`),
        payload: overrideBody,
      }),
      'override to delete',
    );
    return { url: c(w.collected, `/overrides/${created.json().id}`) };
  },
  'PUT /api/campaigns/:id/reviews/:municipalityId': (w) => ({
    url: c(w.collected, `/reviews/${w.f.municipalities.kumeny}`),
    body: { status: 'in_review' },
  }),
  'GET /api/campaigns/:id/experts': (w) => ({ url: c(w.collected, '/experts') }),
  'PUT /api/campaigns/:id/experts': (w) => ({ url: c(w.collected, '/experts'), body: { userIds: [w.f.users.expert.id] } }),
  'GET /api/campaigns/:id/backup': (w) => ({ url: c(w.published, '/backup') }),
  // A backup restores only into an installation without its region, which this one has: refused by the service, past access.
  'POST /api/backup/restore': async (w) => {
    const backup = await w.t.request('admin', { method: 'GET', url: c(w.published, '/backup') });
    return { url: '/api/backup/restore', file: backup.rawPayload, expectStatus: 409 };
  },
  'POST /api/campaigns/:id/publish': async (w) => {
    const id = await w.scored();
    return { url: c(id, '/publish'), body: await publishAsComputed(w.t, id) };
  },
  'POST /api/campaigns/:id/unpublish': async (w) => {
    const id = await w.scored();
    succeeded(
      await w.t.request('regional', { method: 'POST', url: c(id, '/publish'), payload: await publishAsComputed(w.t, id) }),
      'publication to withdraw',
    );
    return { url: c(id, '/unpublish'), body: { reason: 'В расчёт не попали анкеты одной школы' } };
  },
  'GET /api/campaigns/:id/publications': (w) => ({ url: c(w.published, '/publications') }),

  // Reminders (the apps of the access and audit tests send through an in-test SMTP server).
  'GET /api/campaigns/:id/reminders/preview': (w) => ({
    url: c(w.open.id, `/reminders/preview?municipalityIds=${w.f.municipalities.kumeny}`),
  }),
  'POST /api/campaigns/:id/reminders': (w) => ({ url: c(w.open.id, '/reminders'), body: { municipalityIds: [w.f.municipalities.kumeny] } }),
  'PUT /api/campaigns/:id/reminder-schedule': (w) => ({ url: c(w.open.id, '/reminder-schedule'), body: { daysBefore: 3 } }),
};

const overrideBody = {
  mechanismCode: '1.1',
  target: 'mechanism_level',
  value: 2,
  reason: 'Уровень уточнён по документам муниципалитета для проверки прав.',
};

export const routeKey = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

/** Who makes the in-scope calls of a route: the user of each role its policy names; one anonymous or respondent caller otherwise. */
export function callersOf(route: RouteAccess): Array<FixtureUserKey | null> {
  return route.access.kind === 'staff' ? route.access.roles.map((role) => userOfRole[role]) : [null];
}

/** The in-scope call of a route for a caller, with whatever it needs already in place. */
export async function prepareCall(w: ProbeWorld, route: RouteAccess, user: FixtureUserKey | null): Promise<RouteCall> {
  const probe = inScopeCalls[routeKey(route)];
  if (!probe) throw new Error(`no in-scope call for ${routeKey(route)}`);
  return probe(w, user ?? 'admin');
}

/** Sends a prepared call as a caller (null, or a call with its own headers: no staff credentials added). */
export function sendCall(w: ProbeWorld, route: RouteAccess, user: FixtureUserKey | null, call: RouteCall): Promise<LightMyRequestResponse> {
  return w.t.request(call.headers ? null : user, {
    method: route.method,
    url: call.url,
    headers: { ...(call.file ? { 'content-type': 'application/octet-stream' } : {}), ...call.headers },
    payload: call.file ?? (call.body as object | undefined),
  });
}

/** Prepares and sends the in-scope call of a route. */
export async function callRoute(w: ProbeWorld, route: RouteAccess, user: FixtureUserKey | null) {
  const call = await prepareCall(w, route, user);
  return { call, response: await sendCall(w, route, user, call) };
}
