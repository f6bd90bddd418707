import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondentSessions } from '../../../db/schema';
import type { RespondentRole } from '../../../db/schema/values';
import { campaignCodes, launchCampaign, type IssuedCode } from '../../test/campaign-journey';
import { CODE_ALPHABET } from '../access/access-code';
import { createTestApp, errorOf, uniqueAddress, type TestApp } from '../../test/app';

let t: TestApp;
let codes: IssuedCode[];
let campaignId: number;
/** Everything the server logs, as it would reach stdout. */
let log = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  t = await createTestApp({ logLevel: 'info' }, { logStream: stream });
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: 'Кампания для проверки входа по коду',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  campaignId = created.json().id;
  codes = await launchCampaign(t, campaignId);
});
afterAll(async () => t?.close());

const enter = (code: string, ip = uniqueAddress()) =>
  t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code }, remoteAddress: ip });

/** The code with one symbol changed to its neighbour in the alphabet. */
function nearMiss(code: string, position: number): string {
  const symbols = [...code];
  const index = symbols.findIndex((ch, i) => i >= position && ch !== '-');
  symbols[index] = CODE_ALPHABET[(CODE_ALPHABET.indexOf(symbols[index]!) + 1) % CODE_ALPHABET.length]!;
  return symbols.join('');
}

describe('entering an access code', () => {
  it('opens the questionnaire with the exact code and refuses a code one symbol off', async () => {
    const code = codes[0]!.code;
    expect((await enter(code)).statusCode).toBe(200);
    for (const position of [0, 7, code.length - 1]) {
      const refused = await enter(nearMiss(code, position));
      expect(refused.statusCode).toBe(404);
      expect(errorOf(refused).code).toBe('code_not_found');
      expect(refused.cookies).toEqual([]);
    }
  });

  it('limits guesses of one code even when they come from many addresses', async () => {
    const guessed = nearMiss(codes[1]!.code, 0);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await enter(guessed)).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(404), 429]);
    const locked = await enter(guessed);
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).message).toMatch(/^Слишком много попыток входа с этим кодом\. Повторите через \d+ мин\.$/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The limit is the code's: another code from the same address still opens.
    expect((await enter(codes[1]!.code)).statusCode).toBe(200);
  });

  it('limits wrong codes from one address, saying how many attempts are left near the end', async () => {
    const ip = uniqueAddress();
    const responses = [];
    for (let i = 0; i < 31; i++) responses.push(await enter(nearMiss(codes[2]!.code, i % 12), ip));
    expect(responses.slice(0, 30).map((r) => r.statusCode)).toEqual(Array<number>(30).fill(404));
    expect(errorOf(responses[0]!).message).not.toMatch(/Осталось попыток/);
    expect(errorOf(responses[25]!).message).toMatch(/ Осталось попыток: 4\.$/);
    expect(responses[30]!.statusCode).toBe(429);
    const locked = await enter(codes[2]!.code, ip);
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).message).toMatch(/^Слишком много неверных кодов с этого адреса\./);
  });

  it('counts only failures: 300 right codes from one address in a minute are all admitted', async () => {
    const ip = uniqueAddress();
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await enter(codes[5 + (i % 3)]!.code, ip)).statusCode);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(statuses).toEqual(Array<number>(300).fill(200));
    // Successes gave their attempts back: the address still has its whole allowance for mistakes.
    const wrong = await enter(nearMiss(codes[5]!.code, 0), ip);
    expect(errorOf(wrong).message).not.toMatch(/Осталось попыток/);
    // The minute is the assertion above; the runner's own limit only guards against a hang on a loaded machine.
  }, 90_000);

  it('never writes a code to the log, whether typed or arriving in a link', async () => {
    const code = codes[3]!.code;
    const before = log.length;
    expect((await enter(code.toLowerCase())).statusCode).toBe(200);
    expect((await enter(nearMiss(code, 5))).statusCode).toBe(404);
    await t.app.inject({ method: 'GET', url: `/anketa/k/${code}` });
    await t.app.inject({ method: 'GET', url: `/anketa/k/${code.replaceAll('-', '')}?from=qr` });
    const written = log.slice(before);
    // The requests were logged (so the test can see them), with the link's code hidden.
    expect(written).toContain('/api/respondent/session');
    expect(written).toContain('/anketa/k/[скрыто]');
    const compact = code.replaceAll('-', '');
    for (const form of [code, compact, nearMiss(code, 5)]) expect(written.toUpperCase(), form).not.toContain(form);
  });

  it('never writes answers to the log, even when the database refuses a save', async () => {
    const code = codes.find((c, index) => index > 4 && c.respondentRole === 'director')!;
    const entered = await enter(code.code);
    const cookies = { muko_respondent: entered.cookies.find((c) => c.name === 'muko_respondent')!.value };
    const secret = 'Ответ, который видит только анкета 7741';
    // A constraint the save breaks: the database's refusal carries the statement's parameters (the answers).
    await t.database.db.execute(
      sql.raw(
        `alter table responses add constraint test_refuse_comment check ((answers->>'m1_1_recommendations_use-Comment') is null) not valid`,
      ),
    );
    const before = log.length;
    try {
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/respondent/answers',
        cookies,
        payload: {
          answers: {
            m1_1_recommendations_received: 'yes',
            m1_1_recommendations_use: ['other'],
            'm1_1_recommendations_use-Comment': secret,
          },
          revision: 0,
          currentPage: 0,
          saveId: randomUUID(),
        },
      });
      expect(saved.statusCode).toBe(500);
    } finally {
      await t.database.db.execute(sql.raw('alter table responses drop constraint test_refuse_comment'));
    }
    const written = log.slice(before);
    // The failure is logged with its query and the database's error code, without the values.
    expect(written).toContain('Failed query');
    expect(written).not.toContain('7741');
    expect(written).toContain('23514');
  });
});

describe('what a shared computer keeps of a respondent', () => {
  const sessionOf = async (code: IssuedCode) => {
    const entered = await enter(code.code);
    expect(entered.statusCode, entered.body).toBe(200);
    const cookie = entered.cookies.find((c) => c.name === 'muko_respondent')!;
    return { entered, context: entered.json(), headers: { cookie: `muko_respondent=${cookie.value}` } };
  };
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

  it('keeps the definition for good only at an address that names campaign and role, and nothing at the bare one', async () => {
    const directors = codes.filter((c) => c.respondentRole === 'director');
    const teacher = codes.find((c) => c.respondentRole === 'teacher')!;
    const own = await sessionOf(directors[0]!);
    const addressedUrl = `/api/respondent/definition?campaign=${own.context.campaign.id}&role=${own.context.respondentRole}`;
    const addressed = await get(addressedUrl, own.headers);
    expect(addressed.statusCode).toBe(200);
    expect(addressed.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(addressed.json().pages.length).toBeGreaterThan(0);
    // What that address holds is nobody's in particular: another school's director gets the very same bytes there.
    const sameRole = await sessionOf(directors[1]!);
    expect(sameRole.context.school).not.toEqual(own.context.school);
    expect((await get(addressedUrl, sameRole.headers)).body).toBe(addressed.body);

    // Another respondent on the same device must never be served this one's questionnaire from the cache.
    const other = await sessionOf(teacher);
    const foreign = await get(`/api/respondent/definition?campaign=${own.context.campaign.id}&role=director`, other.headers);
    expect(foreign.statusCode).toBe(409);
    expect(foreign.headers['cache-control']).toBe('no-store');
    expect(errorOf(foreign).message).toBe('Эта анкета относится к другому входу. Обновите страницу.');
    expect((await get(`/api/respondent/definition?campaign=${own.context.campaign.id}`, own.headers)).statusCode).toBe(400);

    // The bare address is the same for everyone on the device: stored nowhere, so the teacher gets the teacher's.
    const bare = await get('/api/respondent/definition', own.headers);
    expect(bare.statusCode).toBe(200);
    expect(bare.headers['cache-control']).toBe('private, no-store');
    expect(bare.headers.etag).toBeUndefined();
    const otherBare = await get('/api/respondent/definition', other.headers);
    expect(otherBare.headers['cache-control']).toBe('private, no-store');
    expect(otherBare.body).not.toBe(bare.body);
  });

  it('brings each respondent their own role’s definition with the entry, kept nowhere (one round trip on a shared computer)', async () => {
    const director = await sessionOf(codes.find((c) => c.respondentRole === 'director')!);
    const teacher = await sessionOf(codes.find((c) => c.respondentRole === 'teacher')!);
    for (const entered of [director, teacher]) {
      expect(entered.entered.headers['cache-control']).toBe('no-store');
      expect(entered.context.definition).toEqual((await get('/api/respondent/definition', entered.headers)).json());
    }
    expect(teacher.context.definition).not.toEqual(director.context.definition);
    const { definition, ...context } = director.context;
    expect(definition.pages.length).toBeGreaterThan(0);
    expect(context).toEqual((await get('/api/respondent/questionnaire', director.headers)).json());
  });

  it('stores no answer about the respondent: the session, the context, saves and refusals', async () => {
    const own = await sessionOf(codes.filter((c) => c.respondentRole === 'teacher').at(-1)!);
    expect(own.entered.headers['cache-control']).toBe('no-store');
    const context = await get('/api/respondent/questionnaire', own.headers);
    expect(context.statusCode).toBe(200);
    expect(context.json().school.shortName).toBe(own.context.school.shortName);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/respondent/answers',
      headers: own.headers,
      payload: { answers: {}, revision: own.context.form.revision, currentPage: 0, saveId: randomUUID() },
    });
    const refused = await get('/api/respondent/questionnaire', {});
    const left = await t.app.inject({ method: 'DELETE', url: '/api/respondent/session', headers: own.headers });
    for (const [name, answer] of Object.entries({ context, saved, refused, left })) {
      expect(answer.headers['cache-control'], name).toBe('no-store');
    }
    expect(saved.statusCode, saved.body).toBe(200);
    expect(refused.statusCode).toBe(401);
  });
});

describe('respondent sessions kept on the server', () => {
  const cookieOf = (response: { cookies: Array<{ name: string; value: string }> }) => {
    const set = response.cookies.find((c) => c.name === 'muko_respondent');
    return set ? `muko_respondent=${set.value}` : undefined;
  };
  const withCookie = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, cookie: string | undefined, payload?: object) =>
    t.app.inject({ method, url, payload, headers: cookie ? { cookie } : {}, remoteAddress: uniqueAddress() });
  const save = (cookie: string, revision = 0) =>
    withCookie('PUT', '/api/respondent/answers', cookie, { answers: {}, revision, currentPage: 0, saveId: randomUUID() });
  /** A new, never-used code for a questionnaire (the region's coordinator reissues it), and its slot. */
  const freshCode = async (slot: IssuedCode) => {
    const reissued = await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${campaignId}/access-codes`,
      payload: { responseIds: [slot.responseId] },
    });
    expect(reissued.statusCode, reissued.body).toBe(200);
    return (await campaignCodes(t, campaignId)).find((c) => c.responseId === slot.responseId)!;
  };

  it('ends the session on leaving: the same token, copied anywhere, no longer reads or saves', async () => {
    const entered = await enter(codes[4]!.code);
    const cookie = cookieOf(entered)!;
    expect((await withCookie('GET', '/api/respondent/questionnaire', cookie)).statusCode).toBe(200);
    const left = await withCookie('DELETE', '/api/respondent/session', cookie);
    expect(left.statusCode).toBe(204);
    for (const refused of [await withCookie('GET', '/api/respondent/questionnaire', cookie), await save(cookie)]) {
      expect(refused.statusCode).toBe(401);
      expect(errorOf(refused).message).toBe('Сеанс анкеты завершён. Введите код доступа снова — ответы сохранены.');
    }
    // As a Bearer token too, and the code itself still opens a new session.
    const bearer = await t.app.inject({
      method: 'GET',
      url: '/api/respondent/questionnaire',
      headers: { authorization: `Bearer ${cookie.split('=')[1]}` },
    });
    expect(bearer.statusCode).toBe(401);
    const again = await enter(codes[4]!.code);
    expect((await withCookie('GET', '/api/respondent/questionnaire', cookieOf(again))).statusCode).toBe(200);
    // Leaving without a session, or twice, is harmless.
    expect((await withCookie('DELETE', '/api/respondent/session', undefined)).statusCode).toBe(204);
    expect((await withCookie('DELETE', '/api/respondent/session', cookie)).statusCode).toBe(204);
  });

  it('refuses a token issued before sessions were kept with a clean 401, and one whose session has run out', async () => {
    const entered = await enter(codes[4]!.code);
    const token = cookieOf(entered)!.split('=')[1]!;
    const claims = t.app.jwt.decode<{ sid: string; rid: number; acid: number; cid: number; role: RespondentRole }>(token)!;
    const sessionless = t.app.jwt.sign({
      typ: 'respondent',
      rid: claims.rid,
      acid: claims.acid,
      cid: claims.cid,
      role: claims.role,
    } as never);
    const old = await withCookie('GET', '/api/respondent/questionnaire', `muko_respondent=${sessionless}`);
    expect(old.statusCode).toBe(401);
    expect(errorOf(old)).toMatchObject({
      code: 'unauthorized',
      message: 'Сеанс анкеты завершён. Введите код доступа снова — ответы сохранены.',
    });
    // A session row for another code does not open this questionnaire.
    const other = cookieOf(await enter(codes[3]!.code))!.split('=')[1]!;
    const otherSid = t.app.jwt.decode<{ sid: string }>(other)!.sid;
    const borrowed = t.app.jwt.sign({ ...claims, typ: 'respondent', sid: otherSid });
    expect((await withCookie('GET', '/api/respondent/questionnaire', `muko_respondent=${borrowed}`)).statusCode).toBe(401);

    await t.database.db
      .update(respondentSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(respondentSessions.id, claims.sid));
    expect((await save(`muko_respondent=${token}`)).statusCode).toBe(401);
  });

  it('opens a personal link once; afterwards only the same browser’s session continues, anyone else types the code', async () => {
    const code = await freshCode(codes[6]!);
    const viaLink = (cookie?: string) => withCookie('POST', '/api/respondent/session', cookie, { code: code.code, via: 'link' });

    const first = await viaLink();
    expect(first.statusCode, first.body).toBe(200);
    const cookie = cookieOf(first)!;
    // Same browser, the link from its history: the session continues (no new one is issued).
    const sameBrowser = await viaLink(cookie);
    expect(sameBrowser.statusCode).toBe(200);
    expect(sameBrowser.json().responseId).toBe(code.responseId);
    expect(cookieOf(sameBrowser)).toBeUndefined();
    // Another browser with the link: asked for the code.
    const elsewhere = await viaLink();
    expect(elsewhere.statusCode).toBe(401);
    expect(errorOf(elsewhere)).toMatchObject({
      code: 'link_used',
      message: 'Эта личная ссылка уже открывалась. Чтобы продолжить, введите код доступа с бланка — ответы сохранены.',
    });
    expect(cookieOf(elsewhere)).toBeUndefined();
    // A browser holding another questionnaire's session gains nothing either.
    const otherSession = cookieOf(await enter(codes[3]!.code));
    expect((await viaLink(otherSession)).statusCode).toBe(401);
    // The respondent leaves the shared computer: the link in its history is dead, the typed code still works.
    await withCookie('DELETE', '/api/respondent/session', cookie);
    expect((await viaLink(cookie)).statusCode).toBe(401);
    expect((await enter(code.code)).statusCode).toBe(200);
  });

  it('treats a code first typed as used, and lets only one of two browsers opening a fresh link at once in', async () => {
    const typed = await freshCode(codes[7]!);
    const raced = await freshCode(codes[8]!);
    expect((await enter(typed.code)).statusCode).toBe(200);
    const link = await withCookie('POST', '/api/respondent/session', undefined, { code: typed.code, via: 'link' });
    expect(errorOf(link).code).toBe('link_used');

    const race = await Promise.all(
      [0, 1, 2].map(() => withCookie('POST', '/api/respondent/session', undefined, { code: raced.code, via: 'link' })),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('a reissued code’s link opens once more, and the old session hears that the code was replaced', async () => {
    const slot = await freshCode(codes[6]!);
    const old = cookieOf(await enter(slot.code))!;
    const fresh = await freshCode(slot);
    const lost = await withCookie('GET', '/api/respondent/questionnaire', old);
    expect(errorOf(lost).code).toBe('code_replaced');
    const viaNewLink = await withCookie('POST', '/api/respondent/session', undefined, { code: fresh.code, via: 'link' });
    expect(viaNewLink.statusCode, viaNewLink.body).toBe(200);
    expect((await withCookie('GET', '/api/respondent/questionnaire', cookieOf(viaNewLink))).statusCode).toBe(200);
  });
});
