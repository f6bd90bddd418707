import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { launchCampaign, type IssuedCode } from '../../test/campaign-journey';
import type { SurveyJson } from '../methodology/assemble';
import { sampleAnswers } from '../methodology/sample-answers';

let t: TestApp;
let campaignId: number;
let codes: IssuedCode[];

beforeAll(async () => {
  t = await createTestApp();
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: 'Кампания для отслеживания',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  campaignId = created.json().id;
  codes = await launchCampaign(t, campaignId);

  // Куменский район: one director submits, one teacher is in progress; город Киров: nothing yet.
  await act(pick(t.fixture.schools.kumenySchool1, 'director'), true);
  await act(pick(t.fixture.schools.kumenySchool2, 'teacher'), false);
});
afterAll(async () => t?.close());

const pick = (schoolId: number, role: string) => codes.find((c) => c.schoolId === schoolId && c.respondentRole === role)!;

/** A respondent enters their code and submits the questionnaire, or saves its first answer. */
async function act(code: IssuedCode, submit: boolean) {
  const entered = await t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code: code.code } });
  const cookie = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
  const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies: cookie })).json();
  const answers = sampleAnswers(definition);
  const payload = {
    answers: submit ? answers : Object.fromEntries(Object.entries(answers).slice(0, 1)),
    revision: 0,
    currentPage: 0,
    saveId: randomUUID(),
  };
  const response = await t.app.inject({
    method: submit ? 'POST' : 'PUT',
    url: submit ? '/api/respondent/submit' : '/api/respondent/answers',
    cookies: cookie,
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
}

describe('completion tracking', () => {
  it('shows the region completion by municipality from counts', async () => {
    const response = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
    expect(response.statusCode).toBe(200);
    const progress = response.json();
    expect(progress.totals).toMatchObject({
      municipalities: 2,
      schools: 3,
      questionnaires: 9,
      submitted: 1,
      inProgress: 1,
      notStarted: 7,
      respondingSchools: 1,
      completeSchools: 0,
    });
    const kumeny = progress.municipalities.find((m: { name: string }) => m.name === 'Куменский район');
    expect(kumeny).toMatchObject({
      schools: 2,
      questionnaires: 6,
      submitted: 1,
      inProgress: 1,
      notStarted: 4,
      respondingSchools: 1,
      municipalForm: 'not_started',
    });
    const expert = await t.request('expert', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
    expect(expert.json().totals.submitted).toBe(1);
  });

  it('pages, searches and puts the lagging municipalities first, with totals over the whole campaign', async () => {
    const get = async (query: string) => {
      const response = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const names = (body: { municipalities: Array<{ name: string }> }) => body.municipalities.map((m) => m.name);
    const all = await get('');
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 100 });
    expect(names(all)).toEqual(['город Киров', 'Куменский район']);
    // Куменский район has 1 of its 6 questionnaires submitted; with город Киров's counters at 2 of 3 it lags.
    const { campaignMunicipalityProgress: counters } = await import('../../../db/schema');
    const { rebuildCampaignProgress } = await import('../campaigns/campaigns.repo');
    const { and, eq } = await import('drizzle-orm');
    await t.database.db
      .update(counters)
      .set({ submitted: 2 })
      .where(and(eq(counters.campaignId, campaignId), eq(counters.municipalityId, t.fixture.municipalities.kirovCity)));
    expect(names(await get('?order=lagging'))).toEqual(['Куменский район', 'город Киров']);
    await rebuildCampaignProgress(t.database.db, campaignId);
    expect(names(await get('?order=lagging'))).toEqual(['город Киров', 'Куменский район']);
    const second = await get('?pageSize=1&page=2');
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1, totals: all.totals });
    expect(second.municipalities).toEqual([all.municipalities[1]]);
    const found = await get('?search=кУМЕН');
    expect(found).toMatchObject({ total: 1, totals: all.totals });
    expect(names(found)).toEqual(['Куменский район']);
    expect(await get('?search=_')).toMatchObject({ total: 0, municipalities: [] });
    for (const bad of ['?pageSize=0', '?pageSize=5001', '?page=-1', '?order=random']) {
      const refused = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress${bad}` });
      expect(refused.statusCode, bad).toBe(400);
      expect(errorOf(refused).message).toMatch(/[а-я]/);
    }
  });

  it('shows a municipal coordinator only its own municipality, school by school', async () => {
    const own = await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
    expect(own.json().municipalities.map((m: { name: string }) => m.name)).toEqual(['Куменский район']);
    const detail = await t.request('municipal', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/progress/${t.fixture.municipalities.kumeny}`,
    });
    expect(detail.statusCode).toBe(200);
    const school = detail.json().schools.find((s: { schoolId: number }) => s.schoolId === t.fixture.schools.kumenySchool1);
    expect(school.questionnaires.map((q: { respondentRole: string; status: string }) => `${q.respondentRole}:${q.status}`)).toEqual([
      'director:submitted',
      'deputy_director:not_started',
      'teacher:not_started',
    ]);
    expect(school.questionnaires[0].updatedAt).not.toBeNull();
    const foreign = await t.request('municipal', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/progress/${t.fixture.municipalities.kirovCity}`,
    });
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).message).toMatch(/^Нет доступа/);
    expect((await t.request('regionalTver', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` })).statusCode).toBe(404);
  });

  it('exports the unfinished list of a municipality and the regional table as XLSX', async () => {
    const unfinished = await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/progress.xlsx?unfinished=1` });
    expect(unfinished.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(unfinished.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    // Title, date, blank, header, then the 5 unfinished questionnaires of Куменский район.
    expect(sheet.rowCount).toBe(4 + 5);
    expect(sheet.getRow(5).getCell(4).text).toMatch(/не начата|заполняется/);

    const region = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress.xlsx` });
    const regional = new ExcelJS.Workbook();
    await regional.xlsx.load(region.rawPayload as unknown as ArrayBuffer);
    const rows = regional.worksheets[0]!.getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[])[1]);
    expect(rows).toEqual(expect.arrayContaining(['Куменский район', 'город Киров', 'Итого']));
  });
});

describe('municipal form', () => {
  const url = () => `/api/campaigns/${campaignId}/municipal-forms/${t.fixture.municipalities.kumeny}`;

  it('is filled by the municipal coordinator with the same save, resume and submit rules', async () => {
    const context = await t.request('municipal', { method: 'GET', url: url() });
    expect(context.json()).toMatchObject({
      editable: true,
      municipality: { name: 'Куменский район' },
      form: { status: 'not_started', revision: 0 },
    });
    const definition: SurveyJson = (await t.request('municipal', { method: 'GET', url: `${url()}/definition` })).json();
    const answers = sampleAnswers(definition);
    const partial = Object.fromEntries(Object.entries(answers).slice(0, 4));

    const saved = await t.request('municipal', {
      method: 'PUT',
      url: `${url()}/answers`,
      payload: { answers: partial, revision: 0, currentPage: 0, saveId: randomUUID() },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const stale = await t.request('municipal', {
      method: 'PUT',
      url: `${url()}/answers`,
      payload: { answers: {}, revision: 0, currentPage: 0, saveId: randomUUID() },
    });
    expect(stale.statusCode).toBe(409);

    const byRegion = await t.request('regional', {
      method: 'PUT',
      url: `${url()}/answers`,
      payload: { answers: partial, revision: 1, currentPage: 0, saveId: randomUUID() },
    });
    expect(byRegion.statusCode).toBe(403);
    const regionView = await t.request('regional', { method: 'GET', url: url() });
    expect(regionView.json()).toMatchObject({ editable: false, form: { revision: 1 } });
    const foreign = await t.request('municipalKirovCity', { method: 'GET', url: url() });
    expect(foreign.statusCode).toBe(403);
    expect(errorOf(foreign).message).toMatch(/^Нет доступа/);

    const submitted = await t.request('municipal', {
      method: 'POST',
      url: `${url()}/submit`,
      payload: { answers, revision: 1, currentPage: 0, saveId: randomUUID() },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', receipt: expect.stringMatching(/^M\d+-/) });
    const again = await t.request('municipal', {
      method: 'PUT',
      url: `${url()}/answers`,
      payload: { answers, revision: 2, currentPage: 0, saveId: randomUUID() },
    });
    expect(errorOf(again).message).toMatch(/уже отправлена/);

    const progress = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
    expect(progress.json().totals.municipalFormsSubmitted).toBe(1);
  });
});

describe('completion counters', () => {
  /** The municipalities' counters as kept, after checking they equal a recount from the questionnaires. */
  async function countersEqualingRecount() {
    const { campaignMunicipalityProgress } = await import('../../../db/schema');
    const { rebuildCampaignProgress } = await import('../campaigns/campaigns.repo');
    const { eq } = await import('drizzle-orm');
    const read = () =>
      t.database.db
        .select()
        .from(campaignMunicipalityProgress)
        .where(eq(campaignMunicipalityProgress.campaignId, campaignId))
        .orderBy(campaignMunicipalityProgress.municipalityId);
    const maintained = await read();
    await rebuildCampaignProgress(t.database.db, campaignId);
    expect(await read()).toEqual(maintained);
    return maintained;
  }

  it('always equal a recount from the questionnaires themselves', async () => {
    const { foldCampaignProgress } = await import('./progress.repo');
    await foldCampaignProgress(t.database.db, campaignId);
    const maintained = await countersEqualingRecount();
    expect(maintained.reduce((sum, row) => sum + row.submitted, 0)).toBe(1);
  });

  it('count every questionnaire of a school submitted at once, while the dashboard is being read', async () => {
    const city = t.fixture.municipalities.kirovCity;
    const dashboard = () => t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress` });
    const cityRow = async () =>
      (await dashboard()).json().municipalities.find((m: { municipalityId: number }) => m.municipalityId === city);
    await Promise.all([
      ...['director', 'deputy_director', 'teacher'].map((role) => act(pick(t.fixture.schools.kirovSchool, role), true)),
      dashboard(),
      dashboard(),
    ]);
    expect(await cityRow()).toMatchObject({ submitted: 3, inProgress: 0, respondingSchools: 1, completeSchools: 1 });
    await countersEqualingRecount();
  });

  it('are folded by the background pass too, while nobody reads a dashboard', async () => {
    const { campaignProgressChanges, campaignSchoolProgress } = await import('../../../db/schema');
    const { and, eq } = await import('drizzle-orm');
    await act(pick(t.fixture.schools.kumenySchool2, 'director'), true);
    const changes = () => t.database.db.select().from(campaignProgressChanges).where(eq(campaignProgressChanges.campaignId, campaignId));
    expect(await changes()).toHaveLength(1);
    await t.app.jobs.tick();
    expect(await changes()).toEqual([]);
    const [school] = await t.database.db
      .select()
      .from(campaignSchoolProgress)
      .where(and(eq(campaignSchoolProgress.campaignId, campaignId), eq(campaignSchoolProgress.schoolId, t.fixture.schools.kumenySchool2)));
    expect(school).toMatchObject({ submitted: 1, inProgress: 1 });
  });
});
