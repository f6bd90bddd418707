import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCodes, auditLog } from '../../../db/schema';
import { buildApp } from '../../app';
import { loadExcel } from '../../lib/excel';
import { createTestApp, errorOf, testConfig, uniqueAddress, type TestApp } from '../../test/app';
import { campaignCodes, draftCampaign, launchCampaign, type IssuedCode } from '../../test/campaign-journey';
import { reencryptAccessCodes } from '../access/access-codes.repo';
import { loadAccessKeys } from '../access/access-keys';
import { createCodeCipher, generateCodeKey } from '../access/code-cipher';
import { respondentRoleLabels } from './campaigns.schemas';

let t: TestApp;
let campaignId: number;
let codes: IssuedCode[];

beforeAll(async () => {
  t = await createTestApp();
  campaignId = await draftCampaign(t, { title: 'Коды доступа' });
  codes = await launchCampaign(t, campaignId);
});
afterAll(async () => t?.close());

const list = (user: Parameters<TestApp['request']>[0], query = '') =>
  t.request(user, { method: 'GET', url: `/api/campaigns/${campaignId}/access-codes${query}` });
const enter = (code: string) =>
  t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code }, remoteAddress: uniqueAddress() });

describe('access codes readable in scope', () => {
  it('gives the region every code of the campaign, decrypted, each one working', async () => {
    const response = await list('regional');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toMatchObject({
      campaignId,
      campaignTitle: 'Коды доступа',
      siteOrigin: 'http://localhost:80',
      siteOriginConfigured: false,
    });
    // 3 schools × 3 roles, in two municipalities.
    expect(body.codes).toHaveLength(9);
    expect(body.unreadable).toBe(0);
    expect(new Set(body.codes.map((slot: IssuedCode) => slot.municipalityId))).toEqual(
      new Set([t.fixture.municipalities.kumeny, t.fixture.municipalities.kirovCity]),
    );
    for (const slot of body.codes)
      expect(slot).toMatchObject({ status: 'not_started', code: expect.stringMatching(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){2}$/) });
    expect((await enter(body.codes[0].code)).statusCode).toBe(200);

    const kirovCity = await list('regional', `?municipalityId=${t.fixture.municipalities.kirovCity}`);
    expect(kirovCity.json().codes.map((slot: IssuedCode) => slot.schoolId)).toEqual(Array(3).fill(t.fixture.schools.kirovSchool));
  });

  it('keeps codes encrypted at rest, bound to their questionnaire', async () => {
    const stored = await t.database.db.select().from(accessCodes).where(isNull(accessCodes.revokedAt));
    const text = JSON.stringify(stored);
    for (const slot of codes) expect(text).not.toContain(slot.code);
    const director = stored.find((row) => row.responseId === codes[0]!.responseId)!;
    expect(director.codeCiphertext).toMatch(/^v1\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    // A ciphertext copied onto another questionnaire's row is not shown as that questionnaire's code.
    const other = stored.find((row) => row.responseId === codes[1]!.responseId)!;
    await t.database.db.update(accessCodes).set({ codeCiphertext: director.codeCiphertext }).where(eq(accessCodes.id, other.id));
    const moved = (await list('regional')).json().codes.find((slot: IssuedCode) => slot.responseId === other.responseId);
    expect(moved.code).toBeNull();
    await t.database.db.update(accessCodes).set({ codeCiphertext: other.codeCiphertext }).where(eq(accessCodes.id, other.id));
  });

  it('gives a municipal coordinator their own municipality only', async () => {
    const own = await list('municipal');
    expect(own.statusCode).toBe(200);
    expect(new Set(own.json().codes.map((slot: IssuedCode) => slot.municipalityId))).toEqual(new Set([t.fixture.municipalities.kumeny]));
    expect(own.json().codes).toHaveLength(6);
    const school = await list('municipal', `?schoolId=${t.fixture.schools.kumenySchool2}`);
    expect(school.json().codes.map((slot: IssuedCode) => slot.respondentRole)).toEqual(['director', 'deputy_director', 'teacher']);

    expect((await list('municipal', `?municipalityId=${t.fixture.municipalities.kirovCity}`)).statusCode).toBe(403);
    expect((await list('municipal', `?schoolId=${t.fixture.schools.kirovSchool}`)).statusCode).toBe(404);
    expect((await list('regionalTver')).statusCode).toBe(404);
    expect((await list('expert')).statusCode).toBe(403);
    expect((await list(null)).statusCode).toBe(401);
    const respondent = await enter(codes[0]!.code);
    const cookie = respondent.cookies.find((c) => c.name === 'muko_respondent')!;
    const asRespondent = await t.app.inject({
      method: 'GET',
      url: `/api/campaigns/${campaignId}/access-codes`,
      cookies: { muko_respondent: cookie.value },
    });
    expect(asRespondent.statusCode).toBe(401);
  });

  it('audits every read per municipality with its count, never the codes', async () => {
    const before = await t.database.db.select({ id: auditLog.id }).from(auditLog);
    await list('municipal', `?schoolId=${t.fixture.schools.kumenySchool1}`);
    await list('regional');
    const entries = (await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'access.codes_viewed'))).filter(
      (entry) => !before.some((row) => row.id === entry.id),
    );
    expect(
      entries
        .map((entry) => ({ actor: entry.actor, municipalityId: entry.municipalityId, after: entry.after }))
        .sort((a, b) => `${a.actor}${a.municipalityId}`.localeCompare(`${b.actor}${b.municipalityId}`)),
    ).toEqual(
      [
        {
          actor: t.fixture.users.municipal.email,
          municipalityId: t.fixture.municipalities.kumeny,
          after: { codes: 3, schoolId: t.fixture.schools.kumenySchool1, purpose: 'list' },
        },
        {
          actor: t.fixture.users.regional.email,
          municipalityId: t.fixture.municipalities.kumeny,
          after: { codes: 6, schoolId: null, purpose: 'list' },
        },
        {
          actor: t.fixture.users.regional.email,
          municipalityId: t.fixture.municipalities.kirovCity,
          after: { codes: 3, schoolId: null, purpose: 'list' },
        },
      ].sort((a, b) => `${a.actor}${a.municipalityId}`.localeCompare(`${b.actor}${b.municipalityId}`)),
    );
    const log = JSON.stringify(await t.database.db.select().from(auditLog));
    for (const slot of codes) expect(log).not.toContain(slot.code);
  });

  it('downloads the list as XLSX for a municipality or a school', async () => {
    const sheet = await t.request('municipal', {
      method: 'GET',
      url: `/api/campaigns/${campaignId}/access-codes.xlsx?schoolId=${t.fixture.schools.kumenySchool1}`,
    });
    expect(sheet.statusCode, sheet.body).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/spreadsheetml/);
    expect(sheet.headers['content-disposition']).toContain(`kody-dostupa-${campaignId}-shkola-${t.fixture.schools.kumenySchool1}.xlsx`);
    const workbook = new (await loadExcel()).Workbook();
    await workbook.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(String(rows[1]![0])).toContain('Адрес для заполнения анкет: http://localhost:80/anketa.');
    expect(rows[3]).toEqual(['Муниципалитет', 'Код школы', 'Школа', 'Респондент', 'Код доступа', 'Личная ссылка', 'Анкета']);
    const school = codes.filter((slot) => slot.schoolId === t.fixture.schools.kumenySchool1);
    expect(rows.slice(4)).toHaveLength(3);
    for (const [index, slot] of school.entries()) {
      const row = rows[4 + index]!;
      expect(row.slice(1, 5)).toEqual([slot.schoolCode, slot.schoolName, respondentRoleLabels[slot.respondentRole], slot.code]);
      expect(row[5]).toEqual({ text: `http://localhost:80/anketa/k/${slot.code}`, hyperlink: `http://localhost:80/anketa/k/${slot.code}` });
    }
    const [audited] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access.codes_viewed'), eq(auditLog.actor, t.fixture.users.municipal.email)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audited!.after).toMatchObject({ purpose: 'xlsx', codes: 3 });
    expect(
      (
        await t.request('municipal', {
          method: 'GET',
          url: `/api/campaigns/${campaignId}/access-codes.xlsx?schoolId=${t.fixture.schools.kirovSchool}`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('names the codes issued before codes were kept and makes them readable by a reissue', async () => {
    const legacy = codes.filter((slot) => slot.schoolId === t.fixture.schools.kirovSchool).map((slot) => slot.responseId);
    await t.database.db
      .update(accessCodes)
      .set({ codeCiphertext: null })
      .where(and(inArray(accessCodes.responseId, legacy), isNull(accessCodes.revokedAt)));
    const listed = (await list('regional', `?municipalityId=${t.fixture.municipalities.kirovCity}`)).json();
    expect(listed.unreadable).toBe(3);
    expect(listed.codes.every((slot: IssuedCode) => slot.code === null)).toBe(true);
    // The old codes still open their questionnaires until reissued.
    expect((await enter(codes.find((slot) => slot.responseId === legacy[0])!.code)).statusCode).toBe(200);

    const reissued = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { responseIds: legacy },
    });
    expect(reissued.json()).toEqual({ campaignId, reissued: 3 });
    const after = (await list('regional', `?municipalityId=${t.fixture.municipalities.kirovCity}`)).json();
    expect(after.unreadable).toBe(0);
    expect((await enter(after.codes[0].code)).statusCode).toBe(200);
  });
});

describe('reissue', () => {
  it('replaces the codes of one school only; the live session learns its code was replaced, the answers stay', async () => {
    const school = codes.filter((slot) => slot.schoolId === t.fixture.schools.kumenySchool2);
    const working = await enter(school[0]!.code);
    const cookies = { muko_respondent: working.cookies.find((c) => c.name === 'muko_respondent')!.value };
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/respondent/answers',
      cookies,
      payload: { answers: {}, revision: 0, currentPage: 1, saveId: randomUUID() },
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const foreign = await t.request('municipalKirovCity', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { schoolId: t.fixture.schools.kumenySchool2 },
    });
    expect(foreign.statusCode).toBe(404);
    const reissued = await t.request('municipal', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { schoolId: t.fixture.schools.kumenySchool2 },
    });
    expect(reissued.json()).toEqual({ campaignId, reissued: 3 });

    const lost = await t.app.inject({
      method: 'PUT',
      url: '/api/respondent/answers',
      cookies,
      payload: { answers: {}, revision: 1, currentPage: 1, saveId: randomUUID() },
    });
    expect(lost.statusCode).toBe(401);
    expect(errorOf(lost)).toMatchObject({ code: 'code_replaced', message: 'Код заменён новым — ответы сохранены, войдите с новым кодом.' });
    for (const slot of school) expect((await enter(slot.code)).statusCode).toBe(401);
    const untouched = codes.find((slot) => slot.schoolId === t.fixture.schools.kumenySchool1)!;
    expect((await enter(untouched.code)).statusCode).toBe(200);

    const [fresh] = (await campaignCodes(t, campaignId, `?schoolId=${t.fixture.schools.kumenySchool2}`)).filter(
      (slot) => slot.responseId === school[0]!.responseId,
    );
    const back = await enter(fresh!.code);
    expect(back.json().form).toMatchObject({ status: 'in_progress', revision: 1, currentPage: 1 });
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'access.reissued'));
    expect(audit).toMatchObject({ actor: t.fixture.users.regional.email });
  });

  it('refuses reissues outside an open campaign and code lists of a draft', async () => {
    const draft = await draftCampaign(t, { title: 'Черновик' });
    const draftList = await t.request('regional', { method: 'GET', url: `/api/campaigns/${draft}/access-codes` });
    expect(draftList.statusCode).toBe(409);
    expect(errorOf(draftList).message).toBe('Коды выдаются при запуске кампании.');
    const empty = await t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/access-codes`, payload: {} });
    expect(empty.statusCode).toBe(400);
  });
});

describe('the code encryption key', () => {
  it('moves to a key from the environment without losing a code, and re-encrypts under it', async () => {
    const key = generateCodeKey();
    const app = await buildApp(testConfig({ codeEncryptionKey: key }), t.database);
    try {
      const staff = await t.authAs('regional');
      const read = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/access-codes`, headers: staff });
      const readable = read.json().codes.filter((slot: IssuedCode) => slot.code !== null);
      expect(readable.length).toBeGreaterThan(0);

      const { codeCipher } = await loadAccessKeys(t.database.db, { encryptionKey: key });
      const result = await reencryptAccessCodes(t.database.db, codeCipher);
      expect(result).toEqual({ reencrypted: expect.any(Number), unreadable: 0 });
      expect(result.reencrypted).toBeGreaterThan(0);
      const live = await t.database.db.select().from(accessCodes).where(isNull(accessCodes.revokedAt));
      expect(
        live.filter((row) => row.codeCiphertext).every((row) => row.codeCiphertext!.startsWith(`v1.${codeCipher.currentKeyId}.`)),
      ).toBe(true);
      // The new key alone (the stored one forgotten) now reads every code, and they are the same codes.
      const newKeyOnly = createCodeCipher(key);
      const byResponse = new Map(live.map((row) => [row.responseId, row.codeCiphertext]));
      for (const slot of readable) expect(newKeyOnly.decrypt(byResponse.get(slot.responseId)!, slot.responseId)).toBe(slot.code);
      expect(await reencryptAccessCodes(t.database.db, codeCipher)).toEqual({ reencrypted: 0, unreadable: 0 });
    } finally {
      await app.close();
    }
  });
});
