import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, responses } from '../../../db/schema';
import { createTestApp, errorOf, uniqueAddress, type TestApp } from '../../test/app';
import { campaignCodes, collectedCampaign, draftCampaign, launchCampaign, type IssuedCode } from '../../test/campaign-journey';
import type { SurveyJson } from '../methodology/assemble';
import { sampleAnswers } from '../methodology/sample-answers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const day = 86400_000;
const inDays = (days: number) => new Date(Date.now() + days * day).toISOString();
const post = (user: Parameters<TestApp['request']>[0], url: string, payload: object) => t.request(user, { method: 'POST', url, payload });

/** A respondent's cookie for a code. */
async function enter(code: string) {
  const entered = await t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code }, remoteAddress: uniqueAddress() });
  return { entered, cookies: { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')?.value ?? '' } };
}

async function submit(code: IssuedCode) {
  const { cookies } = await enter(code.code);
  const definition: SurveyJson = (await t.app.inject({ method: 'GET', url: '/api/respondent/definition', cookies })).json();
  return t.app.inject({
    method: 'POST',
    url: '/api/respondent/submit',
    cookies,
    payload: { answers: sampleAnswers(definition), revision: 0, currentPage: 0, saveId: randomUUID() },
  });
}

async function progressOf(campaignId: number, municipalityId: number) {
  const response = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/progress?search=` });
  return response.json().municipalities.find((m: { municipalityId: number }) => m.municipalityId === municipalityId);
}

describe('excluded schools', () => {
  it('keeps the answers, stops the codes, leaves the completion figures and the scoring, and is named in the explanation', async () => {
    const { campaignId, codes } = await collectedCampaign(t, {
      title: 'Исключение школы',
      mechanismCodes: ['1.1'],
      submitCode: (code) => code.schoolId !== t.fixture.schools.kumenySchool2,
    });
    const before = await progressOf(campaignId, t.fixture.municipalities.kumeny);
    expect(before).toMatchObject({ schools: 2, respondingSchools: 1 });

    const closed = codes.find((code) => code.schoolId === t.fixture.schools.kumenySchool2)!;
    expect(
      (await post('municipal', `/api/campaigns/${campaignId}/exclusions`, { schoolId: closed.schoolId, reason: 'закрыта' })).statusCode,
    ).toBe(403);
    const tooShort = await post('regional', `/api/campaigns/${campaignId}/exclusions`, { schoolId: closed.schoolId, reason: ' ' });
    expect(tooShort.statusCode).toBe(400);
    const excluded = await post('regional', `/api/campaigns/${campaignId}/exclusions`, {
      schoolId: closed.schoolId,
      reason: 'школа закрыта в 2026 году',
    });
    expect(excluded.statusCode, excluded.body).toBe(200);
    expect(
      (await post('regional', `/api/campaigns/${campaignId}/exclusions`, { schoolId: closed.schoolId, reason: 'ещё раз' })).statusCode,
    ).toBe(409);

    expect(await progressOf(campaignId, t.fixture.municipalities.kumeny)).toMatchObject({
      schools: 1,
      respondingSchools: 1,
      questionnaires: 3,
    });
    const listed = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/schools` })).json();
    expect(listed.find((s: { schoolId: number }) => s.schoolId === closed.schoolId)).toMatchObject({
      status: 'excluded',
      exclusionReason: 'школа закрыта в 2026 году',
    });
    // The municipality page lists it, marked, and counts only the others; its unfinished list no longer awaits it.
    const detail = await t.request('regional', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/progress/${t.fixture.municipalities.kumeny}`,
    });
    expect(detail.statusCode, detail.body).toBe(200);
    const marked = detail.json().schools.map((s: { schoolId: number; exclusionReason: string | null }) => [s.schoolId, s.exclusionReason]);
    expect(marked).toEqual(
      expect.arrayContaining([
        [closed.schoolId, 'школа закрыта в 2026 году'],
        [t.fixture.schools.kumenySchool1, null],
      ]),
    );
    const unfinished = await t.request('regional', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/progress.xlsx?municipalityId=${t.fixture.municipalities.kumeny}&unfinished=1`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(unfinished.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(4);
    const stored = await t.database.db.select().from(responses).where(eq(responses.schoolId, closed.schoolId));
    expect(stored.filter((row) => row.campaignId === campaignId)).toHaveLength(3);

    await post('regional', `/api/campaigns/${campaignId}/scoring-runs`, {});
    const result = await t.request('regional', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/results/${t.fixture.municipalities.kumeny}`,
    });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json().score.responseRate).toMatchObject({ totalSchools: 1, respondingSchools: 1, sufficient: true });
    expect(JSON.stringify(result.json())).toContain(
      'Исключены из кампании и не учитываются: «МКОУ ООШ с. Вожгалы» — школа закрыта в 2026 году.',
    );
  });

  it('stops the codes of an excluded school in a running campaign and takes it back with new codes', async () => {
    const campaignId = await draftCampaign(t, { title: 'Исключение и возврат' });
    const codes = await launchCampaign(t, campaignId);
    const school = codes.filter((code) => code.schoolId === t.fixture.schools.kumenySchool1);
    const working = await enter(school[0]!.code);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/respondent/answers',
      cookies: working.cookies,
      payload: { answers: {}, revision: 0, currentPage: 1, saveId: randomUUID() },
    });
    expect(saved.statusCode).toBe(200);
    await post('regional', `/api/campaigns/${campaignId}/exclusions`, {
      schoolId: school[0]!.schoolId,
      reason: 'присоединена к другой школе',
    });
    expect((await enter(school[0]!.code)).entered.statusCode).toBe(401);
    expect((await progressOf(campaignId, t.fixture.municipalities.kumeny)).schools).toBe(1);

    const back = await post('municipal', `/api/campaigns/${campaignId}/schools`, { schoolIds: [school[0]!.schoolId] });
    expect(back.json()).toEqual({ added: 0, reincluded: 1, codesIssued: 3 });
    expect(await progressOf(campaignId, t.fixture.municipalities.kumeny)).toMatchObject({ schools: 2, inProgress: 1 });
    const [fresh] = (await campaignCodes(t, campaignId, `?schoolId=${school[0]!.schoolId}`)).filter(
      (c) => c.responseId === school[0]!.responseId,
    );
    expect((await enter(fresh!.code)).entered.json().form).toMatchObject({ status: 'in_progress', revision: 1 });
  });
});

describe('deadlines that bend', () => {
  it('reopens a closed campaign for one municipality; the others stay read-only and hear when answers stopped', async () => {
    const campaignId = await draftCampaign(t, { title: 'Открыть заново', closesAt: inDays(10) });
    const codes = await launchCampaign(t, campaignId);
    const kumeny = codes.find((code) => code.municipalityId === t.fixture.municipalities.kumeny)!;
    const kirov = codes.find((code) => code.municipalityId === t.fixture.municipalities.kirovCity)!;
    const reopenBody = { closesAt: inDays(3), municipalityIds: [t.fixture.municipalities.kumeny], reason: 'карантин в школах района' };
    const notClosed = await post('regional', `/api/campaigns/${campaignId}/reopen`, reopenBody);
    expect(notClosed.statusCode).toBe(409);

    await post('regional', `/api/campaigns/${campaignId}/close`, {});
    const closedAt = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}` })).json().closedAt as string;
    // Closed early: the refusal names the moment answers actually stopped, not the planned deadline.
    const late = await enter(kirov.code);
    expect(late.entered.statusCode).toBe(403);
    const stopped = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', timeZone: 'Europe/Moscow' }).format(
      new Date(closedAt),
    );
    expect(errorOf(late.entered).message).toContain(stopped);

    expect((await post('municipal', `/api/campaigns/${campaignId}/reopen`, reopenBody)).statusCode).toBe(403);
    expect((await post('regional', `/api/campaigns/${campaignId}/reopen`, { ...reopenBody, reason: '' })).statusCode).toBe(400);
    expect(
      (await post('regional', `/api/campaigns/${campaignId}/reopen`, { ...reopenBody, municipalityIds: [t.fixture.municipalities.rzhev] }))
        .statusCode,
    ).toBe(400);
    expect((await post('regional', `/api/campaigns/${campaignId}/reopen`, { ...reopenBody, closesAt: inDays(-1) })).statusCode).toBe(400);
    const reopened = await post('regional', `/api/campaigns/${campaignId}/reopen`, reopenBody);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({
      state: 'open',
      phase: 'open',
      municipalityDeadlines: [{ municipalityId: t.fixture.municipalities.kumeny, closesAt: reopenBody.closesAt }],
    });
    expect(Date.parse(reopened.json().closesAt)).toBeLessThanOrEqual(Date.parse(closedAt));

    expect((await submit(kumeny)).statusCode).toBe(200);
    const stillClosed = await enter(kirov.code);
    expect(stillClosed.entered.statusCode).toBe(403);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.reopened'), eq(auditLog.entityId, String(campaignId))));
    expect(audit!.after).toMatchObject({ reason: 'карантин в школах района', municipalityIds: [t.fixture.municipalities.kumeny] });

    // Extending one municipality after the campaign's deadline passed, then the whole campaign.
    const extendOne = await post('regional', `/api/campaigns/${campaignId}/extend`, {
      closesAt: inDays(5),
      municipalityIds: [t.fixture.municipalities.kirovCity],
    });
    expect(extendOne.statusCode, extendOne.body).toBe(200);
    expect((await enter(kirov.code)).entered.statusCode).toBe(200);
    const earlier = await post('regional', `/api/campaigns/${campaignId}/extend`, {
      closesAt: inDays(4),
      municipalityIds: [t.fixture.municipalities.kirovCity],
    });
    expect(earlier.statusCode).toBe(400);
    const extendAll = await post('regional', `/api/campaigns/${campaignId}/extend`, { closesAt: inDays(20) });
    expect(extendAll.statusCode).toBe(200);
    expect(extendAll.json().municipalityDeadlines).toEqual([]);
  });

  it('reopens a whole scored campaign; earlier runs stay, the next run marks what changed', async () => {
    const { campaignId, codes } = await collectedCampaign(t, {
      title: 'Заново после расчёта',
      mechanismCodes: ['1.1'],
      submitCode: (code) => code.schoolId !== t.fixture.schools.kirovSchool,
    });
    const first = await post('regional', `/api/campaigns/${campaignId}/scoring-runs`, {});
    expect(first.statusCode, first.body).toBe(201);
    const reopened = await post('regional', `/api/campaigns/${campaignId}/reopen`, { closesAt: inDays(2), reason: 'опоздавшая школа' });
    expect(reopened.json()).toMatchObject({ state: 'open', municipalityDeadlines: [] });
    for (const code of codes.filter((c) => c.schoolId === t.fixture.schools.kirovSchool)) expect((await submit(code)).statusCode).toBe(200);
    await post('regional', `/api/campaigns/${campaignId}/close`, {});
    const second = await post('regional', `/api/campaigns/${campaignId}/scoring-runs`, {});
    expect(second.statusCode).toBe(201);
    const runs = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/scoring-runs` })).json();
    expect(runs).toHaveLength(2);
    const matrix = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results` })).json();
    const kirovCity = matrix.municipalities.find(
      (m: { municipalityId: number }) => m.municipalityId === t.fixture.municipalities.kirovCity,
    );
    // Without its only school the city had too little data; the school that answered after the reopening changed that.
    expect(kirovCity).toMatchObject({ respondingSchools: 1, insufficientData: false, changedSincePreviousRun: true });
  });
});

// Last: the late school it imports stays in the directory of the shared test database.
describe('late schools', () => {
  it('lists a school imported after the launch and adds it with questionnaires and codes; a district adds only its own', async () => {
    const campaignId = await draftCampaign(t, { title: 'Поздние школы' });
    await launchCampaign(t, campaignId);
    const created = await post('regional', '/api/schools', {
      municipalityId: t.fixture.municipalities.kumeny,
      code: 'LATE-1',
      fullName: 'МКОУ ООШ д. Поздняя',
      shortName: 'ООШ д. Поздняя',
      locality: 'rural',
    });
    const lateSchool: number = created.json().id;
    const listed = await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/schools` });
    expect(listed.json().filter((s: { status: string }) => s.status === 'missing')).toEqual([
      expect.objectContaining({ schoolId: lateSchool, shortName: 'ООШ д. Поздняя', status: 'missing' }),
    ]);
    expect(listed.json().every((s: { municipalityId: number }) => s.municipalityId === t.fixture.municipalities.kumeny)).toBe(true);
    expect((await progressOf(campaignId, t.fixture.municipalities.kumeny)).schools).toBe(2);

    expect((await post('municipalKirovCity', `/api/campaigns/${campaignId}/schools`, { schoolIds: [lateSchool] })).statusCode).toBe(404);
    expect((await post('expert', `/api/campaigns/${campaignId}/schools`, { schoolIds: [lateSchool] })).statusCode).toBe(403);
    const added = await post('municipal', `/api/campaigns/${campaignId}/schools`, { schoolIds: [lateSchool] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({ added: 1, reincluded: 0, codesIssued: 3 });
    const again = await post('municipal', `/api/campaigns/${campaignId}/schools`, { schoolIds: [lateSchool] });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toBe('Выбранные организации уже участвуют в кампании.');

    expect((await progressOf(campaignId, t.fixture.municipalities.kumeny)).schools).toBe(3);
    const lateCodes = await campaignCodes(t, campaignId, `?schoolId=${lateSchool}`);
    expect(lateCodes.map((code) => code.respondentRole)).toEqual(['director', 'deputy_director', 'teacher']);
    expect((await submit(lateCodes[0]!)).statusCode).toBe(200);
    expect((await progressOf(campaignId, t.fixture.municipalities.kumeny)).submitted).toBe(1);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'campaign.schools_added'), eq(auditLog.entityId, String(campaignId))));
    expect(audit).toMatchObject({ actor: t.fixture.users.municipal.email, after: { schoolIds: [lateSchool], codes: 3 } });
  });

  it('refuses to add schools to a campaign that is not accepting answers', async () => {
    const { campaignId } = await collectedCampaign(t, { title: 'Закрытая', mechanismCodes: ['1.1'] });
    const refused = await post('regional', `/api/campaigns/${campaignId}/schools`, { schoolIds: [t.fixture.schools.kumenySchool1] });
    expect(refused.statusCode).toBe(409);
  });
});

describe('time zones', () => {
  it('keeps an IANA zone per region and speaks of campaign dates in it', async () => {
    const bad = await t.request('admin', {
      method: 'POST',
      url: '/api/regions',
      payload: { code: '66', name: 'Свердловская область', timeZone: 'Урал' },
    });
    expect(bad.statusCode).toBe(400);
    const created = await t.request('admin', {
      method: 'POST',
      url: '/api/regions',
      payload: { code: '66', name: 'Свердловская область' },
    });
    expect(created.json()).toMatchObject({ timeZone: 'Europe/Moscow' });

    const kirov = t.fixture.regions.kirov;
    const moved = await t.request('admin', { method: 'PATCH', url: `/api/regions/${kirov}`, payload: { timeZone: 'Asia/Yekaterinburg' } });
    expect(moved.statusCode, moved.body).toBe(200);
    try {
      // Opens on 1 February at 00:00 in Yekaterinburg: 31 January, 19:00 UTC.
      const campaignId = await draftCampaign(t, { opensAt: '2027-01-31T19:00:00.000Z', closesAt: '2027-03-05T18:59:59.000Z' });
      const campaign = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}` })).json();
      expect(campaign.timeZone).toBe('Asia/Yekaterinburg');
      const [code] = await launchCampaign(t, campaignId);
      const early = (await enter(code!.code)).entered;
      expect(errorOf(early).message).toBe('Анкетирование начнётся 1 февраля 2027 г. в 00:00 (мск+2). Код действителен — сохраните его.');
      const me = await t.request('regional', { method: 'GET', url: '/api/me' });
      expect(me.json().region).toMatchObject({ timeZone: 'Asia/Yekaterinburg' });
    } finally {
      await t.request('admin', { method: 'PATCH', url: `/api/regions/${kirov}`, payload: { timeZone: 'Europe/Moscow' } });
    }
  });
});
