import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessions } from '../../../db/schema';
import { buildApp, type App } from '../../app';
import { loadConfig, type TrustProxy } from '../../config';
import { createTestApp, errorOf, testConfig, type TestApp } from '../../test/app';
import { FIXTURE_PASSWORD } from '../../test/fixture';
import { accountDelaySeconds } from './auth.service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('login, me and logout', () => {
  it('logs in with a cookie that is httpOnly and SameSite=Strict, and /api/me answers', async () => {
    const response = await login('Regional@Fixture.test', FIXTURE_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'muko_session');
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe('Strict');
    expect(response.json().user).toMatchObject({
      email: 'regional@fixture.test',
      role: 'regional_coordinator',
      region: { name: 'Кировская область' },
    });

    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { muko_session: cookie!.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'regional@fixture.test', municipality: null });

    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: { muko_session: cookie!.value } });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { muko_session: cookie!.value } });
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).message).toMatch(/Войдите снова/);
  });

  it('issues a Bearer token for API clients', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: 'expert@fixture.test', password: FIXTURE_PASSWORD },
      remoteAddress: '10.0.0.2',
    });
    expect(response.statusCode).toBe(200);
    expect(response.cookies).toHaveLength(0);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${response.json().token}` } });
    expect(me.json().role).toBe('expert');
  });

  it('refuses a wrong password and an unknown e-mail with the same Russian message', async () => {
    const wrong = await login('regional@fixture.test', 'wrong-password', '10.0.0.3');
    const unknown = await login('nobody@fixture.test', 'wrong-password', '10.0.0.3');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(errorOf(wrong).message).toBe('Неверный адрес электронной почты или пароль. Осталось попыток: 4.');
  });

  it('refuses a disabled account', async () => {
    const response = await login('disabled@fixture.test', FIXTURE_PASSWORD, '10.0.0.4');
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('account_disabled');
  });

  it('validates the body with Russian messages', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email' } });
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'email', message: expect.stringMatching(/электронной почты/) }),
        expect.objectContaining({ path: 'password', message: 'Обязательное поле' }),
      ]),
    );
    // An empty address asks for one, rather than calling it malformed.
    const empty = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: '  ', password: 'x' } });
    expect(errorOf(empty).details).toEqual([expect.objectContaining({ path: 'email', message: 'Введите адрес электронной почты.' })]);
  });

  it('rejects a forged or expired token', async () => {
    const forged = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.statusCode).toBe(401);
    const expired = t.app.jwt.sign({ typ: 'staff', sid: '00000000-0000-0000-0000-000000000000' }, { expiresIn: -10 });
    const response = await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${expired}` } });
    expect(response.statusCode).toBe(401);
  });
});

describe('login rate limits', () => {
  it('counts only failures per address: a whole district office signs in from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await login('expert@fixture.test', FIXTURE_PASSWORD, '10.1.9.1')).statusCode);
    expect(statuses).toEqual(Array<number>(62).fill(200));
  });

  it('limits one address on one account, telling how many attempts are left', async () => {
    const attacker = '10.1.0.1';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await login('municipalrzhev@fixture.test', `bad-guess-${i}`, attacker);
      expect(response.statusCode).toBe(401);
      messages.push(errorOf(response).message);
    }
    expect(messages.slice(0, 4)).toEqual([4, 3, 2, 1].map((n) => `Неверный адрес электронной почты или пароль. Осталось попыток: ${n}.`));
    expect(messages[4]).toMatch(
      /^Неверный адрес электронной почты или пароль\. Попытки входа с этого адреса исчерпаны: повторите через \d+ мин\.$/,
    );
    // Locked for this address, even with the right password…
    const locked = await login('municipalrzhev@fixture.test', FIXTURE_PASSWORD, attacker);
    expect(locked.statusCode).toBe(429);
    expect(errorOf(locked).message).toMatch(/^Слишком много неудачных попыток входа в эту учётную запись с этого адреса\. Повторите через/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // …but not for the owner anywhere else.
    expect((await login('municipalrzhev@fixture.test', FIXTURE_PASSWORD, '10.1.1.1')).statusCode).toBe(200);
  });

  it('never refuses the right password from an address with no failures, however many others guessed', async () => {
    // Strangers from twenty addresses, three wrong guesses each: 60 failures on the account.
    for (let address = 0; address < 20; address++) {
      for (let i = 0; i < 3; i++) {
        const response = await login('expertTver@fixture.test', `guess-${address}-${i}`, `10.5.${address}.1`);
        expect([401, 429]).toContain(response.statusCode);
      }
    }
    const owner = await login('expertTver@fixture.test', FIXTURE_PASSWORD, '10.5.200.1');
    expect(owner.statusCode).toBe(200);
    // A guessing address waits a growing delay after the account's last failure; a clean one is still checked.
    const again = await login('expertTver@fixture.test', 'one-more-guess', '10.5.0.1');
    expect(again.statusCode).toBe(429);
    expect(errorOf(again).message).toMatch(/^Было много неудачных попыток входа в эту учётную запись\. Повторите через \d+ (с|мин)\.$/);
    expect((await login('expertTver@fixture.test', 'a-wrong-one', '10.5.201.1')).statusCode).toBe(401);
    expect((await login('expertTver@fixture.test', FIXTURE_PASSWORD, '10.5.202.1')).statusCode).toBe(200);
  });

  it('grows the delay with the account’s failures, up to a quarter of an hour', () => {
    expect([0, 4, 5, 6, 10, 15, 40].map(accountDelaySeconds)).toEqual([0, 0, 1, 2, 32, 900, 900]);
  });

  it('limits failures per IP address across accounts', async () => {
    let last = 0;
    for (let i = 0; i < 61; i++) last = (await login(`guess${i}@fixture.test`, 'x', '10.2.0.1')).statusCode;
    expect(last).toBe(429);
  });
});

describe('change password', () => {
  it('requires the current password, then ends other sessions', async () => {
    const other = await t.authAs('municipalKirovCity');
    const first = await login('municipalkirovcity@fixture.test', FIXTURE_PASSWORD, '10.3.0.1');
    const cookie = { muko_session: first.cookies.find((c) => c.name === 'muko_session')!.value };

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      cookies: cookie,
      payload: { currentPassword: 'nope', newPassword: 'new-password-2026' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).message).toBe('Текущий пароль введён неверно.');

    for (const [weakPassword, reason] of [
      ['123', /не короче 10 символов/],
      ['qwertyuiop', /распространённых паролей/],
      ['Qwerty123456', /распространённых паролей/],
      ['йцукенгшщз', /распространённых паролей/],
      ['aaaaaaaaaaaa', /одного повторяющегося символа/],
      ['municipalkirovcity', /совпадать с адресом почты/],
    ] as const) {
      const weak = await t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        cookies: cookie,
        payload: { currentPassword: FIXTURE_PASSWORD, newPassword: weakPassword },
      });
      expect(weak.statusCode, weakPassword).toBe(400);
      expect(errorOf(weak).message, weakPassword).toMatch(reason);
      expect(JSON.stringify(errorOf(weak).details), weakPassword).toContain('newPassword');
    }

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      cookies: cookie,
      payload: { currentPassword: FIXTURE_PASSWORD, newPassword: 'new-password-2026' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', cookies: cookie })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: other })).statusCode).toBe(401);
    expect((await login('municipalkirovcity@fixture.test', 'new-password-2026', '10.3.0.2')).statusCode).toBe(200);
  });
});

describe('session expiry', () => {
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
  async function sessionRow(expiresAt: Date) {
    const sid = randomUUID();
    await t.database.db.insert(sessions).values({ id: sid, userId: t.fixture.users.expert.id, expiresAt });
    return sid;
  }

  it('refuses a live session once its token has expired', async () => {
    const sid = await sessionRow(new Date(Date.now() + 3600_000));
    expect((await me(t.app.jwt.sign({ typ: 'staff', sid }, { expiresIn: 3600 }))).statusCode).toBe(200);
    const expired = await me(t.app.jwt.sign({ typ: 'staff', sid }, { expiresIn: -1 }));
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired).message).toBe('Сеанс истёк или недействителен. Войдите снова.');
  });

  it('refuses a token it has already verified once the token expires: the verify cache follows exp', async () => {
    const sid = await sessionRow(new Date(Date.now() + 3600_000));
    const token = t.app.jwt.sign({ typ: 'staff', sid }, { expiresIn: 60 });
    expect((await me(token)).statusCode).toBe(200);
    // Now remembered: the second request is answered from the cache.
    expect((await me(token)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      const expired = await me(token);
      expect(expired.statusCode).toBe(401);
      expect(errorOf(expired).message).toBe('Сеанс истёк или недействителен. Войдите снова.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a valid token as soon as its session row expires', async () => {
    const sid = await sessionRow(new Date(Date.now() + 3600_000));
    const token = t.app.jwt.sign({ typ: 'staff', sid }, { expiresIn: 3600 });
    expect((await me(token)).statusCode).toBe(200);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, sid));
    const expired = await me(token);
    expect(expired.statusCode).toBe(401);
    expect(errorOf(expired).message).toBe('Сеанс завершён. Войдите снова.');
  });
});

describe('Secure cookie', () => {
  /** The same database behind a second instance configured differently. */
  const instance = async (trustProxy: TrustProxy) => {
    const app = await buildApp(testConfig({ trustProxy, cookieSecure: 'auto' }), t.database);
    await app.ready();
    return app;
  };
  const secureFlag = async (app: App, headers: Record<string, string>, ip: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@fixture.test', password: FIXTURE_PASSWORD },
      headers,
      remoteAddress: ip,
    });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'muko_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    return cookie.secure === true;
  };

  it('is set when HTTPS arrives through a trusted proxy, and only then', async () => {
    const proxied = await instance(1);
    expect(await secureFlag(proxied, { 'x-forwarded-proto': 'https' }, '10.4.0.1')).toBe(true);
    expect(await secureFlag(proxied, { 'x-forwarded-proto': 'http' }, '10.4.0.2')).toBe(false);
    expect(await secureFlag(proxied, {}, '10.4.0.3')).toBe(false);
    await proxied.close();
  });

  it('ignores a forwarded protocol when no proxy is trusted', async () => {
    const direct = await instance(false);
    expect(await secureFlag(direct, { 'x-forwarded-proto': 'https' }, '10.4.0.4')).toBe(false);
    await direct.close();
  });
});

describe('trusted proxies (TRUST_PROXY)', () => {
  /** An instance configured as the environment variable says, on the same database. */
  const behind = async (TRUST_PROXY: string) => {
    const app = await buildApp(testConfig({ trustProxy: loadConfig({ TRUST_PROXY }).trustProxy }), t.database);
    await app.ready();
    return app;
  };
  /** The address the server recorded for a sign-in: the session's, as shown to the user and in the audit. */
  const signInAddress = async (app: App, remoteAddress: string, forwardedFor?: string) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: 'expertTver@fixture.test', password: FIXTURE_PASSWORD },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
      remoteAddress,
    });
    expect(response.statusCode, response.body).toBe(200);
    const sid = app.jwt.decode<{ sid: string }>(response.json().token)!.sid;
    const [row] = await t.database.db.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.id, sid));
    return row!.ip;
  };

  it('takes the right-most address a trusted proxy saw, not what the client wrote on the left', async () => {
    for (const setting of ['127.0.0.1', '127.0.0.0/8, 10.9.0.0/16', 'loopback']) {
      const app = await behind(setting);
      // The client sent «X-Forwarded-For: 6.6.6.6»; the loopback proxy appended the address it really came from.
      expect(await signInAddress(app, '127.0.0.1', '6.6.6.6, 203.0.113.7'), setting).toBe('203.0.113.7');
      // Not from a trusted proxy: its header means nothing.
      expect(await signInAddress(app, '198.51.100.9', '6.6.6.6'), setting).toBe('198.51.100.9');
      await app.close();
    }
    // Two trusted proxies in a row (a balancer 10.9.0.5 before nginx on loopback): the client is the one before them.
    const chained = await behind('127.0.0.1, 10.9.0.0/16');
    expect(await signInAddress(chained, '127.0.0.1', '6.6.6.6, 203.0.113.8, 10.9.0.5')).toBe('203.0.113.8');
    await chained.close();
  });

  it('with a hop count trusts only that many proxies from the server', async () => {
    const one = await behind('1');
    expect(await signInAddress(one, '127.0.0.1', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(await signInAddress(one, '127.0.0.1')).toBe('127.0.0.1');
    await one.close();
    const two = await behind('2');
    expect(await signInAddress(two, '127.0.0.1', '6.6.6.6, 203.0.113.10, 10.9.0.5')).toBe('203.0.113.10');
    await two.close();
  });

  it('does not let a forged left-most address escape the per-address limit', async () => {
    const app = await behind('127.0.0.1');
    let last = 0;
    for (let i = 0; i < 61; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `spoof${i}@fixture.test`, password: 'x' },
        headers: { 'x-forwarded-for': `6.6.${i}.6, 203.0.113.20` },
        remoteAddress: '127.0.0.1',
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
    await app.close();
  });
});
