import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, campaigns, municipalForms, responses } from '../../../db/schema';
import type { FrozenDefinition } from '../campaigns/frozen-definition';
import { campaignScoring } from '../scoring/campaign-scoring';
import { questionnaireOutcomes } from '../scoring/corroboration';
import { formEvidence } from '../scoring/evidence';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { collectedCampaign } from '../../test/campaign-journey';

let t: TestApp;
let campaignId: number;
let kumeny: number;
let kirovCity: number;

beforeAll(async () => {
  t = await createTestApp();
  ({ campaignId } = await collectedCampaign(t));
  ({ kumeny, kirovCity } = t.fixture.municipalities);
});
afterAll(async () => t?.close());

const results = (user: Parameters<TestApp['request']>[0], path = '') =>
  t.request(user, { method: 'GET', url: `/api/campaigns/${campaignId}/results${path}` });

describe('scoring runs', () => {
  it('runs only on a closed campaign, by the region, and keeps every run', async () => {
    expect((await t.request('municipal', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` })).statusCode).toBe(403);
    const first = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      methodologyId: 'federal-2020',
      inputs: { municipalities: 2, schools: 3, questionnaires: 9, municipalForms: 2 },
    });
    const second = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
    expect(second.json().id).toBeGreaterThan(first.json().id);
    const runs = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/scoring-runs` });
    expect(runs.json().map((r: { id: number }) => r.id)).toEqual([second.json().id, first.json().id]);
  });

  it('refuses to score a campaign that still accepts answers', async () => {
    const created = await t.request('regional', {
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        title: 'Открытая кампания',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    });
    await t.request('regional', { method: 'POST', url: `/api/campaigns/${created.json().id}/launch` });
    const refused = await t.request('regional', { method: 'POST', url: `/api/campaigns/${created.json().id}/scoring-runs` });
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toMatch(/завершите приём/);
  });
});

describe('expert review', () => {
  it('shows the matrix to the region and to assigned experts only', async () => {
    const matrix = await results('regional');
    expect(matrix.statusCode, matrix.body).toBe(200);
    const body = matrix.json();
    expect(body.mechanisms.map((m: { code: string }) => m.code)).toEqual(['1.1', '2.1']);
    expect(body.municipalities).toHaveLength(2);
    expect(body.municipalities[0].cells).toHaveLength(2);
    expect(body.canReview).toBe(false);
    // A campaign of schools only names schools, as before kinds existed.
    expect(body.organisationKinds).toEqual(['school']);

    expect((await results('expert')).statusCode).toBe(403);
    expect((await results('municipal')).statusCode).toBe(403);
    const wrongRegion = await t.request('regional', {
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/experts`,
      payload: { userIds: [t.fixture.users.expertTver.id] },
    });
    expect(wrongRegion.statusCode).toBe(400);
    const assigned = await t.request('regional', {
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/experts`,
      payload: { userIds: [t.fixture.users.expert.id] },
    });
    expect(assigned.json().map((e: { email: string }) => e.email)).toEqual(['expert@fixture.test']);
    const asExpert = await results('expert');
    expect(asExpert.statusCode).toBe(200);
    expect(asExpert.json().canReview).toBe(true);
  });

  it('explains a municipality component by component, consistent with the run', async () => {
    const detail = await results('expert', `/${kumeny}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json();
    expect(body.consistent).toBe(true);
    expect(body.score.mechanisms).toHaveLength(2);
    const component = body.score.mechanisms[0].components[4];
    expect(component).toMatchObject({ evidence: { answer: expect.any(String) }, reason: expect.stringMatching(/[а-я]/) });
    const monitoring = body.score.mechanisms[0].components.find((c: { visibleToSchools: boolean }) => c.visibleToSchools);
    expect(monitoring.corroboration.respondingSchools).toBe(2);
    const schoolIds = [...monitoring.corroboration.confirmingSchoolIds, ...monitoring.corroboration.notConfirmingSchoolIds];
    expect(schoolIds.map((id: number) => body.schoolNames[String(id)]).sort()).toEqual(['МКОУ ООШ с. Вожгалы', 'МКОУ СОШ пгт Кумёны']);
    expect(Object.keys(body.questions).length).toBeGreaterThan(5);
  });

  it('keeps the computed value beside an override, requires a reason, and audits it', async () => {
    const detail = (await results('expert', `/${kumeny}`)).json();
    const mechanism = detail.score.mechanisms[0];
    const component = mechanism.components[8];
    const noReason = await t.request('expert', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/results/${kumeny}/overrides`,
      payload: { mechanismCode: mechanism.code, target: 'component_points', componentCode: component.code, value: 0, reason: 'кратко' },
    });
    expect(noReason.statusCode).toBe(400);
    const newPoints = component.points === 0 ? 2 : 0;
    const override = await t.request('expert', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/results/${kumeny}/overrides`,
      payload: {
        mechanismCode: mechanism.code,
        target: 'component_points',
        componentCode: component.code,
        value: newPoints,
        reason: 'На сайте МОУО анализ эффективности мер не опубликован; документ не найден.',
      },
    });
    expect(override.statusCode, override.body).toBe(201);

    const after = (await results('expert', `/${kumeny}`)).json();
    const cell = after.cells.find((c: { mechanismCode: string }) => c.mechanismCode === mechanism.code);
    expect(cell.overridden).toBe(true);
    expect(cell.computedComponentPoints[8]).toBe(component.points);
    expect(cell.componentPoints[8]).toBe(newPoints);
    expect(after.overrides[0]).toMatchObject({
      computedValue: component.points,
      value: newPoints,
      createdBy: expect.stringContaining('expert'),
      withdrawnAt: null,
    });
    expect(after.reviewStatus).toBe('in_review');

    const levelOverride = await t.request('expert', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/results/${kumeny}/overrides`,
      payload: {
        mechanismCode: '2.1',
        target: 'mechanism_level',
        value: 1,
        reason: 'Общественное наблюдение организовано только на части ВПР, это видно по протоколам.',
      },
    });
    expect(levelOverride.statusCode).toBe(201);
    const matrixRow = (await results('regional'))
      .json()
      .municipalities.find((m: { municipalityId: number }) => m.municipalityId === kumeny);
    expect(matrixRow.cells[1]).toMatchObject({ level: 1, overridden: true });
    expect(matrixRow.cells[1].computedLevel).not.toBeUndefined();

    const withdrawn = await t.request('expert', {
      method: 'DELETE',
      url: `/api/campaigns/${campaignId}/overrides/${levelOverride.json().id}`,
    });
    expect(withdrawn.statusCode).toBe(204);
    const actions = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(campaignId)))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['scoring.run', 'review.experts_assigned', 'review.overridden', 'review.override_withdrawn']),
    );
  });

  it('publishes when every municipality is approved, or explicitly with exceptions', async () => {
    await t.request('expert', { method: 'POST', url: `/api/campaigns/${campaignId}/results/${kumeny}/mechanisms/1.1/confirm` });
    expect(
      (await results('expert')).json().municipalities.find((m: { municipalityId: number }) => m.municipalityId === kumeny).cells[0]
        .confirmed,
    ).toBe(true);
    await t.request('expert', { method: 'PUT', url: `/api/campaigns/${campaignId}/reviews/${kumeny}`, payload: { status: 'approved' } });

    const unapproved = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results/unapproved` });
    expect(unapproved.statusCode, unapproved.body).toBe(200);
    expect(unapproved.json()).toEqual({ municipalities: [{ municipalityId: kirovCity, name: expect.stringMatching(/Киров/) }] });
    expect((await t.request('expert', { method: 'GET', url: `/api/campaigns/${campaignId}/results/unapproved` })).statusCode).toBe(403);
    expect((await t.request('regionalTver', { method: 'GET', url: `/api/campaigns/${campaignId}/results/unapproved` })).statusCode).toBe(
      404,
    );
    const blocked = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/publish`, payload: {} });
    expect(blocked.statusCode).toBe(409);
    expect(errorOf(blocked).message).toMatch(/Не утверждены экспертами: 1/);
    const published = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/publish`,
      payload: {
        exceptions: { municipalityIds: [kirovCity], reason: 'Эксперт по городу Кирову не назначен; уровни публикуются по расчёту.' },
      },
    });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ state: 'published', phase: 'published' });

    const late = await t.request('expert', {
      method: 'PUT',
      url: `/api/campaigns/${campaignId}/reviews/${kumeny}`,
      payload: { status: 'in_review' },
    });
    expect(late.statusCode).toBe(403);
    expect((await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` })).statusCode).toBe(409);
  });

  it('shows a municipality only its own published results, with recommendations', async () => {
    const own = await results('municipal');
    expect(own.statusCode).toBe(200);
    expect(own.json().municipalities.map((m: { name: string }) => m.name)).toEqual(['Куменский район']);
    const detail = await results('municipal', `/${kumeny}`);
    expect(detail.statusCode).toBe(200);
    expect(Array.isArray(detail.json().score.recommendations)).toBe(true);
    expect((await results('municipal', `/${kirovCity}`)).statusCode).toBe(403);
    expect((await results('municipalRzhev')).statusCode).toBe(404);
  });

  it('summarises the region: a distribution per mechanism and a comparison with the previous campaign', async () => {
    const distribution = (await results('regional', '/distribution')).json();
    expect(distribution.rows).toHaveLength(3);
    for (const row of distribution.rows) expect(row.counts.reduce((a: number, b: number) => a + b, 0) + row.insufficient).toBe(2);

    const firstComparison = (await results('regional', '/comparison')).json();
    expect(firstComparison.previous).toBeNull();

    const { campaignId: laterId } = await collectedCampaign(t, { title: 'Повторная оценка' });
    await t.request('regional', { method: 'POST', url: `/api/campaigns/${laterId}/scoring-runs` });
    const comparison = await t.request('regional', { method: 'GET', url: `/api/campaigns/${laterId}/results/comparison` });
    expect(comparison.statusCode, comparison.body).toBe(200);
    expect(comparison.json().previous).toMatchObject({ id: campaignId });
    const changes = comparison.json().rows.flatMap((row: { cells: Array<{ change: string }> }) => row.cells.map((c) => c.change));
    expect(changes.length).toBe(6);
    expect(changes.every((change: string) => ['same', 'better', 'worse', 'no_data'].includes(change))).toBe(true);
  });

  it('exports results and raw answers, the answers only to the region and its experts', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = async (body: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(body as unknown as ArrayBuffer);
      return book;
    };
    const resultsFile = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results.xlsx` });
    expect(resultsFile.statusCode).toBe(200);
    const book = await workbook(resultsFile.rawPayload);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Уровни', 'Баллы по компонентам', 'Изменения экспертов']);
    expect(book.getWorksheet('Уровни')!.getRow(2).getCell(1).value).toBe('город Киров');
    const reasons = book.getWorksheet('Изменения экспертов')!.getColumn(6).values.map(String).join('\n');
    expect(reasons).toMatch(/анализ эффективности мер не опубликован/);
    expect(reasons).toMatch(/Общественное наблюдение организовано/);

    const csv = await t.request('expert', { method: 'GET', url: `/api/campaigns/${campaignId}/answers.csv` });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 9);
    expect(lines[0]).toMatch(
      /^Муниципалитет;Код школы;Школа;Респондент;Состояние;Отправлена \(мск\);Система оценки качества подготовки обучающихся — /,
    );
    expect(lines.slice(1).every((line) => line.includes('отправлена'))).toBe(true);

    const xlsx = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/answers.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const answers = (await workbook(xlsx.rawPayload)).getWorksheet('Ответы')!;
    expect(answers.rowCount).toBe(1 + 9);
    expect(answers.getRow(2).getCell(4).value).toMatch(/Директор|Заместитель|Педагог/);

    expect((await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/answers.csv` })).statusCode).toBe(403);
  });
});

describe('effective values and re-runs', () => {
  let id: number;
  const get = (user: Parameters<TestApp['request']>[0], path = '') =>
    t.request(user, { method: 'GET', url: `/api/campaigns/${id}/results${path}` });

  beforeAll(async () => {
    ({ campaignId: id } = await collectedCampaign(t, { title: 'Повторный расчёт' }));
    await t.request('regional', { method: 'POST', url: `/api/campaigns/${id}/scoring-runs` });
    await t.request('regional', { method: 'PUT', url: `/api/campaigns/${id}/experts`, payload: { userIds: [t.fixture.users.expert.id] } });
  });

  it('recommends and explains from the level an expert set, keeping the computed ones beside', async () => {
    const before = (await get('expert', `/${kirovCity}`)).json();
    expect(before.effectiveExplanation).toEqual({ mechanisms: { '1.1': null, '2.1': null }, overall: null });
    expect(before.recommendations).toEqual(before.score.recommendations);

    const reason = 'Протоколы общественного наблюдения не представлены ни по одной школе.';
    const set = await t.request('expert', {
      method: 'POST',
      url: `/api/campaigns/${id}/results/${kirovCity}/overrides`,
      payload: { mechanismCode: '2.1', target: 'mechanism_level', value: 0, reason },
    });
    expect(set.statusCode, set.body).toBe(201);
    const after = (await get('expert', `/${kirovCity}`)).json();
    expect(after.effectiveExplanation.mechanisms['2.1'][0]).toContain(`Эксперт установил уровень механизма — «не сформирована»`);
    expect(after.effectiveExplanation.mechanisms['2.1'][0]).toContain(reason);
    expect(after.effectiveExplanation.overall.at(-1)).toMatch(/^Общий уровень — «(не сформирована|есть отдельные элементы системы)»\.$/);
    // The weakest mechanism is now 2.1: its own text, with the level the expert set, comes first.
    expect(after.recommendations[0]).toMatchObject({ mechanism: '2.1', component: null });
    expect(after.recommendations[0].text).toContain('«не сформирована»');
    // The computed explanation and recommendations stay as they were.
    expect(after.score.recommendations).toEqual(before.score.recommendations);
    expect(after.score.mechanisms[1].explanation).toEqual(before.score.mechanisms[1].explanation);
    await t.request('expert', { method: 'DELETE', url: `/api/campaigns/${id}/overrides/${set.json().id}` });
  });

  it('a re-run returns changed municipalities to review, keeps unchanged confirmations, and can show an earlier run', async () => {
    for (const municipalityId of [kumeny, kirovCity]) {
      for (const code of ['1.1', '2.1'])
        await t.request('expert', { method: 'POST', url: `/api/campaigns/${id}/results/${municipalityId}/mechanisms/${code}/confirm` });
      await t.request('expert', { method: 'PUT', url: `/api/campaigns/${id}/reviews/${municipalityId}`, payload: { status: 'approved' } });
    }
    const firstRun = (await get('regional')).json().run.id;
    // Reports print the methodology by its title, not by its id.
    expect((await get('regional')).json().run.methodologyTitle).toBe(
      'Оценка муниципальных механизмов управления качеством образования: федеральный перечень',
    );
    // A correction of Куменский район's form after approval (as a database repair would): its points change.
    await t.database.db
      .update(municipalForms)
      .set({ answers: {} })
      .where(and(eq(municipalForms.campaignId, id), eq(municipalForms.municipalityId, kumeny)));
    const rerun = await t.request('regional', { method: 'POST', url: `/api/campaigns/${id}/scoring-runs` });
    expect(rerun.statusCode, rerun.body).toBe(201);

    const matrix = (await get('expert')).json();
    expect(matrix.previousRunId).toBe(firstRun);
    const row = (municipalityId: number) =>
      matrix.municipalities.find((m: { municipalityId: number }) => m.municipalityId === municipalityId);
    expect(row(kumeny)).toMatchObject({ reviewStatus: 'in_review', changedSincePreviousRun: true });
    expect(row(kumeny).cells.map((c: { confirmed: boolean }) => c.confirmed)).toEqual([false, false]);
    expect(row(kirovCity)).toMatchObject({ reviewStatus: 'approved', changedSincePreviousRun: false });
    expect(row(kirovCity).cells.map((c: { confirmed: boolean }) => c.confirmed)).toEqual([true, true]);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(id)), eq(auditLog.action, 'review.reopened_by_scoring')))
      .orderBy(auditLog.id);
    expect(audit.map((a) => a.municipalityId)).toEqual([kumeny]);
    const run = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(id)), eq(auditLog.action, 'scoring.run')))
      .orderBy(auditLog.id);
    expect(run.at(-1)!.after).toMatchObject({ previousRunId: firstRun, changed: 1, reopened: [kumeny] });

    // The matrix pages, filters and counts over the whole run.
    const ids = (body: { municipalities: Array<{ municipalityId: number }> }) => body.municipalities.map((m) => m.municipalityId);
    expect(matrix).toMatchObject({
      total: 2,
      page: 1,
      pageSize: 100,
      summary: { municipalities: 2, approved: 1, inReview: 1, notReviewed: 0, changed: 1, insufficientData: 0 },
    });
    expect(ids(matrix)).toEqual([kirovCity, kumeny]);
    const filtered = async (query: string) => {
      const response = await get('expert', query);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect(ids(await filtered('?changed=1'))).toEqual([kumeny]);
    expect((await filtered('?changed=1')).summary).toEqual(matrix.summary);
    expect(ids(await filtered('?review=approved'))).toEqual([kirovCity]);
    expect(ids(await filtered('?review=pending'))).toEqual([kumeny]);
    expect(ids(await filtered('?search=КУМЕН'))).toEqual([kumeny]);
    expect(await filtered('?search=100%25')).toMatchObject({ total: 0, municipalities: [] });
    const second = await filtered('?pageSize=1&page=2');
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(ids(second)).toEqual([kumeny]);
    expect(second.municipalities[0]).toEqual(row(kumeny));
    for (const bad of ['?pageSize=0', '?pageSize=5001', '?page=0', '?review=maybe', '?changed=yes']) {
      const refused = await get('expert', bad);
      expect(refused.statusCode, bad).toBe(400);
      expect(errorOf(refused).message).toMatch(/[а-я]/);
    }

    const earlier = await get('expert', `?runId=${firstRun}`);
    expect(earlier.statusCode).toBe(200);
    expect(earlier.json()).toMatchObject({ run: { id: firstRun }, previousRunId: null, canReview: false });
    expect(matrix.canReview).toBe(true);
    expect(earlier.json().municipalities.every((m: { changedSincePreviousRun: boolean }) => !m.changedSincePreviousRun)).toBe(true);
    expect((await get('expert', `/${kumeny}?runId=${firstRun}`)).json().run.id).toBe(firstRun);
    expect((await get('expert', '?runId=999999')).statusCode).toBe(404);
    // The region's summaries follow the chosen run as well.
    const distribution = (run?: number) =>
      get('regional', `/distribution${run ? `?runId=${run}` : ''}`).then((r) => r.json().rows.at(-1).counts);
    expect(await distribution(firstRun)).not.toEqual(await distribution());
    expect((await get('regional', `/comparison?runId=${firstRun}`)).statusCode).toBe(200);
    expect((await get('regional', '/distribution?runId=999999')).statusCode).toBe(404);
  });
});

describe('what a scoring run reads', () => {
  it('reads what was stored at submission, works it out from the answers where it is missing or stale, and stores that', async () => {
    const { campaignId: id } = await collectedCampaign(t, { title: 'Сохранённые входные данные' });
    const db = t.database.db;
    const [campaign] = await db.select({ frozen: campaigns.frozenDefinition }).from(campaigns).where(eq(campaigns.id, id));
    const scoring = campaignScoring(campaign!.frozen as FrozenDefinition);
    const storedQuestionnaires = () =>
      db
        .select({ id: responses.id, answers: responses.answers, value: responses.scoringOutcomes, key: responses.scoringInputKey })
        .from(responses)
        .where(and(eq(responses.campaignId, id), eq(responses.status, 'submitted')))
        .orderBy(responses.id);
    const storedForms = () =>
      db
        .select({
          id: municipalForms.id,
          answers: municipalForms.answers,
          value: municipalForms.scoringEvidence,
          key: municipalForms.scoringInputKey,
        })
        .from(municipalForms)
        .where(and(eq(municipalForms.campaignId, id), eq(municipalForms.status, 'submitted')))
        .orderBy(municipalForms.id);
    const expectedQuestionnaires = (rows: Awaited<ReturnType<typeof storedQuestionnaires>>) =>
      rows.map((row) => ({ ...row, value: questionnaireOutcomes(scoring, row.answers), key: scoring.inputKey }));
    const expectedForms = (rows: Awaited<ReturnType<typeof storedForms>>) =>
      rows.map((row) => ({ ...row, value: formEvidence(scoring, row.answers), key: scoring.inputKey }));
    const questionnaires = await storedQuestionnaires();
    const forms = await storedForms();
    expect([questionnaires.length, forms.length]).toEqual([9, 2]);
    expect(questionnaires).toEqual(expectedQuestionnaires(questionnaires));
    expect(forms).toEqual(expectedForms(forms));
    expect(forms[0]!.value).toMatch(/^[adv]{18}$/);
    // A run reads outcome strings packed in plain text: the database keeps them to outcome letters.
    const refused = await db
      .update(responses)
      .set({ scoringOutcomes: 'cc,1 director c' })
      .where(eq(responses.id, questionnaires[0]!.id))
      .catch((error: Error) => error);
    expect((refused as Error).cause).toMatchObject({ message: expect.stringContaining('responses_scoring_outcomes_letters') });

    const matrix = async () => {
      expect((await t.request('regional', { method: 'POST', url: `/api/campaigns/${id}/scoring-runs` })).statusCode).toBe(201);
      const body = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${id}/results` })).json();
      return body.municipalities.map(
        ({ municipalityId, overall, cells, insufficientData, respondingSchools, formSubmitted }: Record<string, unknown>) => ({
          municipalityId,
          overall,
          cells,
          insufficientData,
          respondingSchools,
          formSubmitted,
        }),
      );
    };
    const fromStored = await matrix();

    // As stored before these columns existed, and under an earlier key with strings that would deny everything.
    await db.update(responses).set({ scoringOutcomes: null, scoringInputKey: null }).where(eq(responses.id, questionnaires[0]!.id));
    await db
      .update(responses)
      .set({ scoringOutcomes: 'd'.repeat(scoring.questions.length), scoringInputKey: 'earlier' })
      .where(eq(responses.id, questionnaires[1]!.id));
    await db.update(municipalForms).set({ scoringEvidence: null, scoringInputKey: null }).where(eq(municipalForms.id, forms[0]!.id));
    await db
      .update(municipalForms)
      .set({ scoringEvidence: 'a'.repeat(18), scoringInputKey: 'earlier' })
      .where(eq(municipalForms.id, forms[1]!.id));
    expect(await matrix()).toEqual(fromStored);
    expect(await storedQuestionnaires()).toEqual(expectedQuestionnaires(questionnaires));
    expect(await storedForms()).toEqual(expectedForms(forms));
    // The run's levels are the ones an expert's page recomputes in full from the answers.
    for (const municipalityId of [kumeny, kirovCity]) {
      const detail = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${id}/results/${municipalityId}` })).json();
      expect(detail.consistent).toBe(true);
    }
    // Answers changed by hand, without a new scoring input, leave the stored one under no key.
    await db.update(responses).set({ answers: {} }).where(eq(responses.id, questionnaires[2]!.id));
    await db.update(municipalForms).set({ answers: {} }).where(eq(municipalForms.id, forms[0]!.id));
    const keys = async () => [
      ...(await db.select({ key: responses.scoringInputKey }).from(responses).where(eq(responses.id, questionnaires[2]!.id))),
      ...(await db.select({ key: municipalForms.scoringInputKey }).from(municipalForms).where(eq(municipalForms.id, forms[0]!.id))),
    ];
    expect(await keys()).toEqual([{ key: null }, { key: null }]);
  });
});
