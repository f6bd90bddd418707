import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import { sessions } from '../../db/schema';
import type { RespondentRole } from '../../db/schema/values';
import { launchCampaign, type IssuedCode } from '../test/campaign-journey';
import { createTestApp, uniqueAddress, type TestApp } from '../test/app';
import type { FixtureUserKey } from '../test/fixture';
import { succeeded } from '../test/succeeded';
import { fullSuites, suiteDepth } from '../test/suite-depth';

let t: TestApp;
let respondentCookie = '';
/** Credentials that look right but must not work; each is built for real in beforeAll. */
const stale = {
  expiredJwt: '',
  expiredSession: '',
  revokedSession: '',
  revokedCodeCookie: '',
  wrongCodeCookie: '',
  expiredRespondentCookie: '',
  loggedOutRespondentCookie: '',
  sessionlessRespondentCookie: '',
};
let revokedCode = '';
const fuzzedUsers: FixtureUserKey[] = ['admin', 'regional', 'municipal', 'expert', 'regionalTver'];

beforeAll(async () => {
  t = await createTestApp();
  const created = succeeded(
    await t.request('regional', {
      method: 'POST',
      url: '/api/campaigns',
      payload: {
        title: 'Кампания для проверки на мусор',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      },
    }),
    'campaign draft',
  );
  const codes: IssuedCode[] = await launchCampaign(t, created.json().id);
  const enter = async (code: string) => {
    const entered = succeeded(
      await t.app.inject({
        method: 'POST',
        url: '/api/respondent/session',
        payload: { code },
        remoteAddress: uniqueAddress(),
      }),
      'respondent session',
    );
    return `muko_respondent=${entered.cookies.find((c) => c.name === 'muko_respondent')!.value}`;
  };
  respondentCookie = await enter(codes[0]!.code);

  // A code replaced by a new one: its session and the code itself must stop working.
  const replaced = codes.find((c) => c.municipalityId === t.fixture.municipalities.kirovCity)!;
  stale.revokedCodeCookie = await enter(replaced.code);
  revokedCode = replaced.code;
  succeeded(
    await t.request('regional', {
      method: 'POST',
      url: `/api/campaigns/${created.json().id}/access-codes`,
      payload: { responseIds: [replaced.responseId] },
    }),
    'code reissued',
  );
  // A respondent token naming a questionnaire with the code of another one.
  const other = codes.find((c) => c.responseId !== codes[0]!.responseId && c.responseId !== replaced.responseId)!;
  const [token] = respondentCookie.split('=').slice(1);
  const payload = t.app.jwt.decode<{ sid: string; rid: number; acid: number; cid: number; role: RespondentRole }>(token!)!;
  stale.wrongCodeCookie = `muko_respondent=${t.app.jwt.sign({ ...payload, typ: 'respondent', rid: other.responseId })}`;
  stale.expiredRespondentCookie = `muko_respondent=${t.app.jwt.sign({ ...payload, typ: 'respondent' }, { expiresIn: -60 })}`;
  // A session ended by leaving, and a token from before sessions were kept (no sid).
  stale.loggedOutRespondentCookie = await enter(other.code);
  await t.app.inject({ method: 'DELETE', url: '/api/respondent/session', headers: { cookie: stale.loggedOutRespondentCookie } });
  stale.sessionlessRespondentCookie = `muko_respondent=${t.app.jwt.sign({ typ: 'respondent', rid: payload.rid, acid: payload.acid, cid: payload.cid, role: payload.role } as never)}`;

  // Staff sessions that exist in the database but are over: by the token's expiry, the row's expiry, or logout.
  const session = async (expiresAt: Date, revokedAt: Date | null = null) => {
    const sid = randomUUID();
    await t.database.db.insert(sessions).values({ id: sid, userId: t.fixture.users.admin.id, expiresAt, revokedAt });
    return sid;
  };
  stale.expiredJwt = t.app.jwt.sign({ typ: 'staff', sid: await session(new Date(Date.now() + 3600_000)) }, { expiresIn: -60 });
  stale.expiredSession = t.app.jwt.sign({ typ: 'staff', sid: await session(new Date(Date.now() - 60_000)) }, { expiresIn: 3600 });
  stale.revokedSession = t.app.jwt.sign(
    { typ: 'staff', sid: await session(new Date(Date.now() + 3600_000), new Date()) },
    { expiresIn: 3600 },
  );
  // Every session the run uses exists before the first fingerprint.
  for (const user of fuzzedUsers) await t.authAs(user);
});
afterAll(async () => t?.close());

/** Rate-limit counters count refused attempts too; that is their purpose. */
const countsRefusals = new Set<string>([getTableName(schema.rateLimits)]);
const fingerprintedTables = Object.values(schema)
  .flatMap((value) => (is(value, PgTable) ? [getTableName(value)] : []))
  .filter((name) => !countsRefusals.has(name));

/**
 * Everything a rejected write must leave as it was: every table of the schema (a new one joins by itself),
 * per table its row count and newest row version (xmin), so any insert, update or delete shows.
 */
const FINGERPRINT = sql.raw(
  `select ${fingerprintedTables.map((table) => `(select count(*) || ':' || coalesce(max(xmin::text::bigint), 0) from "${table}")`).join(` || ';' || `)} as fingerprint`,
);

async function fingerprint(): Promise<string> {
  const result = await t.database.db.execute(FINGERPRINT);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ fingerprint: string }>;
  return rows[0]!.fingerprint;
}

/** Access codes that must not open anything: a replaced one, and well-formed guesses. */
const wrongCode = fc.oneof(
  fc.constant(null).map(() => revokedCode),
  fc.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
);

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  wrongCode,
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    'NaN',
    '-1',
    '1e309',
    '9'.repeat(40),
    'null',
    '{}',
    'ё'.repeat(3),
    '\uFEFF',
    '\uD800',
    'a\u0000b',
    '\uDC00\uD800',
    '2026-13-45T25:61:00Z',
    '2026-02-30T10:00:00+03:00',
  ),
  fc.integer().map(String),
  fc.string({ minLength: 2000, maxLength: 5000 }),
);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    nasty,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(
          'email',
          'password',
          'code',
          'answers',
          'revision',
          'saveId',
          'name',
          'title',
          'regionId',
          'municipalityId',
          'closesAt',
          'opensAt',
          'issuedAt',
          'role',
          '__proto__',
          'constructor',
        ),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/**
 * A deeply nested document, alone or as a questionnaire's answer (where a recursive checker would meet it):
 * parsers and checkers must refuse it, never fall over.
 */
const deepJson = fc.tuple(fc.oneof(fc.integer({ min: 50, max: 3000 }), fc.constant(50_000)), fc.boolean()).map(([depth, asAnswer]) => {
  const nested = '['.repeat(depth) + ']'.repeat(depth);
  return asAnswer
    ? `{"answers":{"m1_1_recommendations_use":${nested}},"revision":0,"currentPage":0,"saveId":"00000000-0000-4000-8000-000000000001"}`
    : nested;
});

/** A lone surrogate cannot be URI-encoded; send the bytes of an invalid UTF-8 sequence instead. */
function encodePathPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

const SEED = 20261122;
const FULL_RUNS = 5000;
/** The smoke subset (server/test/suite-depth.ts): about a thousand requests over the routes, each route reached. */
const SMOKE_RUNS_PER_ROUTE = 6;

type Auth = 'none' | 'forged' | 'expired' | keyof typeof stale | FixtureUserKey | 'respondent' | 'staffAsRespondent';

describe('malformed requests across every route', () => {
  it('uses stale credentials the server really refuses', async () => {
    for (const token of [stale.expiredJwt, stale.expiredSession, stale.revokedSession]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    }
    for (const cookie of [
      stale.revokedCodeCookie,
      stale.wrongCodeCookie,
      stale.expiredRespondentCookie,
      stale.loggedOutRespondentCookie,
      stale.sessionlessRespondentCookie,
    ]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/respondent/questionnaire', headers: { cookie } })).statusCode).toBe(401);
    }
    const entered = await t.app.inject({
      method: 'POST',
      url: '/api/respondent/session',
      payload: { code: revokedCode },
      remoteAddress: uniqueAddress(),
    });
    expect(entered.json().error.code).toBe('code_revoked');
  });

  it('fingerprints every table of the schema', () => {
    expect(fingerprintedTables.length).toBeGreaterThanOrEqual(20);
    expect(fingerprintedTables).toEqual(
      expect.arrayContaining([
        'scoring_runs',
        'overrides',
        'municipality_reviews',
        'mechanism_confirmations',
        'campaign_experts',
        'sessions',
        'app_settings',
        'audit_log',
      ]),
    );
  });

  it(`never produce a 5xx, always answer in the Russian error shape, and never change data when refused (${suiteDepth})`, async () => {
    const routes = t.app.accessTable.filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'));
    // Ending one's own session or password would only make the rest of the run anonymous.
    const sessionChanging = new Set(['POST /api/auth/logout', 'POST /api/me/password', 'DELETE /api/respondent/session']);
    const expired = t.app.jwt.sign({ typ: 'staff', sid: '00000000-0000-4000-8000-000000000000' }, { expiresIn: -60 });
    let requests = 0;
    // Refused requests leave the data as it was, so the fingerprint may change only after an accepted one.
    let known = await fingerprint();

    const property = (routeIndex: fc.Arbitrary<number>) =>
      fc.asyncProperty(
        routeIndex,
        fc.constantFrom<Auth>(
          'none',
          'forged',
          'expired',
          ...(Object.keys(stale) as Array<keyof typeof stale>),
          ...fuzzedUsers,
          'respondent',
          'staffAsRespondent',
        ),
        fc.array(nasty, { minLength: 2, maxLength: 2 }),
        fc.dictionary(
          fc.constantFrom(
            'page',
            'pageSize',
            'search',
            'regionId',
            'municipalityId',
            'kind',
            'format',
            'role',
            'from',
            'to',
            'unfinished',
            'locality',
            'action',
            'with',
          ),
          nasty,
          { maxKeys: 3 },
        ),
        fc.oneof(
          jsonValue.map((value) => ({ kind: 'json' as const, value })),
          deepJson.map((text) => ({ kind: 'raw' as const, text })),
          nasty.map((text) => ({ kind: 'raw' as const, text })),
        ),
        fc.constantFrom(
          'application/json',
          'application/octet-stream',
          'text/csv',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=koi8-r',
        ),
        async (index, auth, params, query, body, contentType) => {
          const route = routes[index]!;
          const key = `${route.method} ${route.url}`;
          const useAuth = sessionChanging.has(key) ? 'none' : auth;
          let pathIndex = 0;
          const url = route.url.replace(/:[A-Za-z]+/g, () => encodePathPart(params[pathIndex++] ?? '1'));
          const headers: Record<string, string> = {};
          if (useAuth === 'forged') headers.authorization = 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged';
          else if (useAuth === 'expired') headers.authorization = `Bearer ${expired}`;
          else if (useAuth === 'respondent') headers.cookie = respondentCookie;
          else if (useAuth === 'expiredJwt' || useAuth === 'expiredSession' || useAuth === 'revokedSession')
            headers.authorization = `Bearer ${stale[useAuth]}`;
          else if (
            useAuth === 'revokedCodeCookie' ||
            useAuth === 'wrongCodeCookie' ||
            useAuth === 'expiredRespondentCookie' ||
            useAuth === 'loggedOutRespondentCookie' ||
            useAuth === 'sessionlessRespondentCookie'
          )
            headers.cookie = stale[useAuth];
          else if (useAuth === 'staffAsRespondent')
            Object.assign(headers, await t.authAs('admin'), { cookie: respondentCookie.replace('muko_respondent', 'muko_session') });
          else if (useAuth !== 'none') Object.assign(headers, await t.authAs(useAuth));
          const isWrite = route.method !== 'GET';
          if (isWrite) headers['content-type'] = contentType;
          const response = await t.app.inject({
            method: route.method as 'GET',
            url: `${url}?${Object.entries(query)
              .map(([name, value]) => `${name}=${encodePathPart(value)}`)
              .join('&')}`,
            headers,
            payload: isWrite ? (body.kind === 'json' ? JSON.stringify(body.value) : body.text) : undefined,
          });
          requests++;
          expect(response.statusCode, `${key} → ${response.statusCode} ${response.body.slice(0, 200)}`).toBeLessThan(500);
          if (response.statusCode >= 400) {
            const error = response.json().error;
            expect(error.code, key).toEqual(expect.any(String));
            expect(error.message, key).toMatch(/[А-Яа-яЁё]/);
            expect(response.body).not.toMatch(/\bat \S+\.(ts|js):\d+/);
            expect(response.body).not.toMatch(/\b(select|insert|update|delete)\b .* \bfrom\b/i);
            if (isWrite) expect(await fingerprint(), `${key} refused with ${response.statusCode} but changed data`).toBe(known);
          } else {
            // An accepted write changes data, and so may an accepted read (a backup download is audited).
            known = await fingerprint();
          }
        },
      );
    if (fullSuites) {
      await fc.assert(property(fc.nat({ max: routes.length - 1 })), { numRuns: FULL_RUNS, seed: SEED });
      expect(requests).toBe(FULL_RUNS);
    } else {
      // Every route in turn, a few cases each: fewer cases than the full run, but none of its routes left out.
      for (const index of routes.keys()) {
        await fc.assert(property(fc.constant(index)), { numRuns: SMOKE_RUNS_PER_ROUTE, seed: SEED + index });
      }
      expect(requests).toBe(routes.length * SMOKE_RUNS_PER_ROUTE);
    }
  }, 600_000);
});
