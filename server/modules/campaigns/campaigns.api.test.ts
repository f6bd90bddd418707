import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, responses } from '../../../db/schema';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { sampleAnswers } from '../methodology/sample-answers';
import type { SurveyJson } from '../methodology/assemble';
import { campaignCodes, type IssuedCode } from '../../test/campaign-journey';
import { sortedAnswers } from '../forms/answers-json';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const hour = 3600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function createCampaign(overrides: Record<string, unknown> = {}) {
  const response = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: 'Оценка механизмов управления 2026',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1', '2.1'],
      opensAt: iso(-hour),
      closesAt: iso(7 * 24 * hour),
      ...overrides,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** A respondent's browser: keeps the respondent cookie between calls. */
function respondentClient() {
  let cookie = '';
  return {
    async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
      const response = await t.app.inject({ method, url, payload: payload as object, headers: cookie ? { cookie } : {} });
      const set = response.cookies.find((c) => c.name === 'muko_respondent');
      if (set) cookie = `muko_respondent=${set.value}`;
      return response;
    },
    save(answers: Record<string, unknown>, revision: number, saveId = randomUUID(), currentPage = 0) {
      return this.call('PUT', '/api/respondent/answers', { answers, revision, saveId, currentPage });
    },
  };
}

describe('campaign lifecycle and data collection', () => {
  let campaignId: number;
  let codes: IssuedCode[];
  let definition: SurveyJson;

  it('creates a draft that municipalities cannot see, and edits it', async () => {
    const campaign = await createCampaign();
    campaignId = campaign.id;
    expect(campaign).toMatchObject({
      state: 'draft',
      phase: 'draft',
      municipalityIds: [t.fixture.municipalities.kumeny, t.fixture.municipalities.kirovCity].sort((a, b) => a - b),
    });
    expect((await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}` })).statusCode).toBe(404);
    expect((await t.request('regionalTver', { method: 'GET', url: `/api/campaigns/${campaignId}` })).statusCode).toBe(404);

    const edited = await t.request('regional', {
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: { title: 'Оценка МУКО — 2026' },
    });
    expect(edited.json().title).toBe('Оценка МУКО — 2026');
    const badMechanism = await t.request('regional', {
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: { mechanismCodes: ['9.9'] },
    });
    expect(badMechanism.statusCode).toBe(400);
    expect(errorOf(badMechanism).message).toMatch(/нет механизмов: 9\.9/);
    const foreignMunicipality = await t.request('regional', {
      method: 'PATCH',
      url: `/api/campaigns/${campaignId}`,
      payload: { municipalityIds: [t.fixture.municipalities.rzhev] },
    });
    expect(foreignMunicipality.statusCode).toBe(400);
  });

  it('launches once: freezes questionnaires, creates every slot and issues every code', async () => {
    const launched = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/launch` });
    expect(launched.statusCode, launched.body).toBe(200);
    const body = launched.json();
    expect(body.campaign).toMatchObject({ state: 'open', phase: 'open' });
    // 3 schools of the region × 3 roles.
    expect(body.codesIssued).toBe(9);
    codes = await campaignCodes(t, campaignId);
    expect(codes).toHaveLength(9);
    expect(new Set(codes.map((c) => c.code)).size).toBe(9);
    expect(codes[0]!.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    expect((await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/launch` })).statusCode).toBe(409);
    expect(
      (await t.request('regional', { method: 'PATCH', url: `/api/campaigns/${campaignId}`, payload: { title: 'Другое' } })).statusCode,
    ).toBe(409);
    expect((await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}` })).statusCode).toBe(200);

    // Both municipalities have a coordinator in the fixture (see the last test for a gap).
    const gaps = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/coordinator-gaps` });
    expect(gaps.json()).toEqual([]);

    const stored = await t.database.db.select().from(responses).where(eq(responses.campaignId, campaignId));
    expect(stored).toHaveLength(9);
    const auditText = JSON.stringify(await t.database.db.select().from(auditLog));
    for (const code of codes) expect(auditText).not.toContain(code.code);
  });

  it('lets a director enter with a code typed carelessly, save, resume and submit once', async () => {
    const director = codes.find((c) => c.respondentRole === 'director' && c.schoolId === t.fixture.schools.kumenySchool1)!;
    const browser = respondentClient();
    const typed = ` ${director.code.toLowerCase().replaceAll('-', ' ')} `;
    const entered = await browser.call('POST', '/api/respondent/session', { code: typed });
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({
      respondentRole: 'director',
      editable: true,
      school: { shortName: 'МКОУ СОШ пгт Кумёны' },
      form: { status: 'not_started', revision: 0 },
    });
    const cookie = entered.cookies.find((c) => c.name === 'muko_respondent')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');

    const def = await browser.call('GET', '/api/respondent/definition');
    expect(def.statusCode).toBe(200);
    definition = def.json();
    expect(definition.pages.length).toBe(2);
    const full = sampleAnswers(definition);
    const firstPage = Object.fromEntries(Object.entries(full).filter(([key]) => key.startsWith('m1_1')));

    const saveId = randomUUID();
    const saved = await browser.save(firstPage, 0, saveId, 1);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().revision).toBe(1);
    // A retry of the same save (keys in another order) is answered as the save; the same id with other content is not.
    const replay = await browser.save(Object.fromEntries(Object.entries(firstPage).reverse()), 0, saveId, 1);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().revision).toBe(1);
    for (const [answers, page] of [
      [{ ...firstPage, [Object.keys(firstPage)[0]!]: 'no' }, 1],
      [firstPage, 0],
    ] as const) {
      const reused = await browser.save(answers, 0, saveId, page);
      expect(reused.statusCode).toBe(409);
      expect(errorOf(reused).code).toBe('save_id_reused');
      expect(errorOf(reused).message).toMatch(/^Это сохранение уже принято с другими ответами/);
    }
    const stale = await browser.save({}, 0);
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).message).toMatch(/другой вкладке или на другом устройстве/);

    const [firstQuestion] = Object.keys(firstPage);
    const invalid = await browser.save({ ...firstPage, [firstQuestion!]: 'not-a-choice', unknown_key: 1 }, 1);
    expect(invalid.statusCode).toBe(400);
    expect((errorOf(invalid).details as Array<{ question: string }>).map((d) => d.question)).toEqual(
      expect.arrayContaining([firstQuestion, 'unknown_key']),
    );

    // Another device: the same code resumes on the same page with every answer.
    const phone = respondentClient();
    const resumed = await phone.call('POST', '/api/respondent/session', { code: director.code });
    expect(resumed.json().form).toMatchObject({ status: 'in_progress', revision: 1, currentPage: 1, answers: firstPage });

    const incomplete = await phone.call('POST', '/api/respondent/submit', {
      answers: firstPage,
      revision: 1,
      saveId: randomUUID(),
      currentPage: 1,
    });
    expect(incomplete.statusCode).toBe(422);
    expect(errorOf(incomplete).message).toMatch(/заполнена не полностью/);
    expect((errorOf(incomplete).details as unknown[]).length).toBeGreaterThan(0);

    // The text of «Другое» without «Другое» itself: survey-core would let it through, the check refuses it.
    expect(full.m1_1_recommendations_use).not.toContain('other');
    const strayComment = await phone.call('POST', '/api/respondent/submit', {
      answers: { ...full, 'm1_1_recommendations_use-Comment': 'Обсудили на педсовете' },
      revision: 1,
      saveId: randomUUID(),
      currentPage: 1,
    });
    expect(strayComment.statusCode).toBe(422);
    expect(errorOf(strayComment).details).toEqual([
      {
        question: 'm1_1_recommendations_use-Comment',
        title: expect.stringMatching(/рекомендации/) as unknown,
        message: 'Пояснение относится к варианту «Другое», а он не выбран.',
      },
    ]);

    // Keys sorted, as the browser sends them: the receipt is then fingerprinted from the body's own JSON.
    const submission = { answers: sortedAnswers(full), revision: 1, saveId: randomUUID(), currentPage: 1 };
    const submitted = await phone.call('POST', '/api/respondent/submit', submission);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', revision: 2 });
    expect(submitted.json().receipt).toMatch(/^R\d+-[0-9A-F]{8}$/);
    // Answered from the submission's own statement, yet exactly what the stored form reads (and a retry answers).
    const stored = await phone.call('GET', '/api/respondent/questionnaire');
    const { answers: storedAnswers, currentPage, ...storedState } = stored.json().form;
    expect(storedState).toEqual(submitted.json());
    expect({ answers: storedAnswers, currentPage }).toEqual({ answers: full, currentPage: 1 });
    const retried = await phone.call('POST', '/api/respondent/submit', submission);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(submitted.json());

    const after = await browser.save(full, 2);
    expect(after.statusCode).toBe(409);
    expect(errorOf(after).message).toMatch(/уже отправлена/);
    const context = await browser.call('GET', '/api/respondent/questionnaire');
    expect(context.json()).toMatchObject({ editable: false, form: { status: 'submitted' } });
  });

  it('never loses an update when two devices save the same questionnaire at once', async () => {
    const teacher = codes.find((c) => c.respondentRole === 'teacher' && c.schoolId === t.fixture.schools.kumenySchool2)!;
    const [a, b] = [respondentClient(), respondentClient()];
    await a.call('POST', '/api/respondent/session', { code: teacher.code });
    await b.call('POST', '/api/respondent/session', { code: teacher.code });
    const teacherAnswers = Object.entries(sampleAnswers((await a.call('GET', '/api/respondent/definition')).json()));
    const answersA = Object.fromEntries(teacherAnswers.slice(0, 2));
    const answersB = Object.fromEntries(teacherAnswers.slice(0, 3));
    const race = await Promise.all([a.save(answersA, 0), b.save(answersB, 0)]);
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = race[0].statusCode === 200 ? answersA : answersB;
    const [row] = await t.database.db.select().from(responses).where(eq(responses.id, teacher.responseId));
    expect(row).toMatchObject({ revision: 1, answers: winner, status: 'in_progress' });
  });

  it('reissues a code without losing answers; the old code stops working at once', async () => {
    const director = codes.find((c) => c.respondentRole === 'director' && c.schoolId === t.fixture.schools.kumenySchool1)!;
    const oldSession = respondentClient();
    await oldSession.call('POST', '/api/respondent/session', { code: director.code });

    const foreign = await t.request('municipalKirovCity', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { responseIds: [director.responseId] },
    });
    expect(foreign.statusCode).toBe(404);
    const reissued = await t.request('municipal', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { responseIds: [director.responseId] },
    });
    expect(reissued.statusCode, reissued.body).toBe(200);
    expect(reissued.json()).toEqual({ campaignId, reissued: 1 });
    const [fresh] = await campaignCodes(t, campaignId, `?schoolId=${director.schoolId}`).then((list) =>
      list.filter((c) => c.responseId === director.responseId),
    );
    expect(fresh!.code).not.toBe(director.code);

    const lost = await oldSession.call('GET', '/api/respondent/questionnaire');
    expect(lost.statusCode).toBe(401);
    expect(errorOf(lost)).toMatchObject({ code: 'code_replaced', message: 'Код заменён новым — ответы сохранены, войдите с новым кодом.' });
    const oldCode = await respondentClient().call('POST', '/api/respondent/session', { code: director.code });
    expect(oldCode.statusCode).toBe(401);
    expect(errorOf(oldCode).message).toMatch(/заменён новым/);
    const withNew = await respondentClient().call('POST', '/api/respondent/session', { code: fresh!.code });
    expect(withNew.json().form).toMatchObject({ status: 'submitted', revision: 2 });
    director.code = fresh!.code;
  });

  it('refuses unknown codes clearly and limits guessing', async () => {
    const guess = await respondentClient().call('POST', '/api/respondent/session', { code: 'AAAA-BBBB-CCCC' });
    expect(guess.statusCode).toBe(404);
    expect(errorOf(guess).message).toMatch(/Код не найден/);
    const junk = await respondentClient().call('POST', '/api/respondent/session', { code: "'; drop table responses; --" });
    expect(junk.statusCode).toBe(404);
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/respondent/session',
          payload: { code: 'ZZZZ-ZZZZ-ZZZZ' },
          remoteAddress: '10.9.9.9',
        })
      ).statusCode;
    }
    expect(last).toBe(429);
  });

  it('extends, then closes early; afterwards only submitted questionnaires open, read-only', async () => {
    const earlier = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/extend`,
      payload: { closesAt: iso(hour) },
    });
    expect(earlier.statusCode).toBe(400);
    const extended = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/extend`,
      payload: { closesAt: iso(14 * 24 * hour) },
    });
    expect(extended.statusCode).toBe(200);
    expect(new Date(extended.json().closesAt).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * hour);

    const deputy = codes.find((c) => c.respondentRole === 'deputy_director' && c.schoolId === t.fixture.schools.kirovSchool)!;
    const working = respondentClient();
    await working.call('POST', '/api/respondent/session', { code: deputy.code });

    expect((await t.request('municipal', { method: 'POST', url: `/api/campaigns/${campaignId}/close` })).statusCode).toBe(403);
    const closed = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/close` });
    expect(closed.json()).toMatchObject({ state: 'closed', phase: 'closed' });

    const refusedSave = await working.save({}, 0);
    expect(refusedSave.statusCode).toBe(403);
    expect(errorOf(refusedSave).message).toMatch(/Приём анкет завершён/);
    const late = await respondentClient().call('POST', '/api/respondent/session', { code: deputy.code });
    expect(late.statusCode).toBe(403);
    expect(errorOf(late).message).toMatch(/Приём анкет завершён/);
    const director = codes.find((c) => c.respondentRole === 'director' && c.schoolId === t.fixture.schools.kumenySchool1)!;
    const receipt = await respondentClient().call('POST', '/api/respondent/session', { code: director.code });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.json()).toMatchObject({ editable: false, form: { status: 'submitted' } });

    const actions = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(campaignId)))
    ).map((a) => a.action);
    expect(actions).toEqual([
      'campaign.created',
      'campaign.updated',
      'campaign.launched',
      'access.codes_viewed',
      'access.codes_viewed',
      'access.reissued',
      'access.codes_viewed',
      'campaign.extended',
      'campaign.closed',
    ]);
  });

  it('tells a respondent when a scheduled campaign opens', async () => {
    const campaign = await createCampaign({
      opensAt: iso(24 * hour),
      closesAt: iso(10 * 24 * hour),
      municipalityIds: [t.fixture.municipalities.kirovCity],
    });
    const launched = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaign.id}/launch` });
    expect(launched.json().campaign.phase).toBe('scheduled');
    const [first] = await campaignCodes(t, campaign.id);
    const early = await respondentClient().call('POST', '/api/respondent/session', { code: first!.code });
    expect(early.statusCode).toBe(403);
    expect(errorOf(early).message).toMatch(/Анкетирование начнётся/);
  });

  it('names the municipalities left without a coordinator', async () => {
    await t.request('admin', { method: 'PATCH', url: `/api/users/${t.fixture.users.municipalKirovCity.id}`, payload: { disabled: true } });
    const gaps = await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/coordinator-gaps` });
    expect(gaps.json()).toEqual([{ municipalityId: t.fixture.municipalities.kirovCity, name: 'город Киров' }]);
    expect((await t.request('municipal', { method: 'GET', url: `/api/campaigns/${campaignId}/coordinator-gaps` })).statusCode).toBe(403);
  });
});
