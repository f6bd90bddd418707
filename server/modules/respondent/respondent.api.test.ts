import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchCampaign, type IssuedCode } from '../../test/campaign-journey';
import { CODE_ALPHABET } from '../access/access-code';
import { createTestApp, errorOf, uniqueAddress, type TestApp } from '../../test/app';

let t: TestApp;
let codes: IssuedCode[];
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
  codes = await launchCampaign(t, created.json().id);
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
  });

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
