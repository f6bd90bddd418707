import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app';
import { callersOf, createProbeWorld, prepareCall, routeKey, sendCall, type ProbeWorld, type RouteCall } from '../test/route-probes';
import type { RouteAccess } from './auth';
import { MAX_JSON_DEPTH } from './boundary';

let t: TestApp;
let w: ProbeWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await createProbeWorld(t);
});
afterAll(async () => t?.close());

/** Every API route but the documentation, with its first allowed caller. */
const routes = () =>
  t.app.accessTable
    .filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'))
    .map((route) => ({ route, user: callersOf(route)[0]! }));

/** The body with its first string (depth first) changed, or with one more field when it has none. */
function withFirstString(body: unknown, change: (text: string) => string): unknown {
  let changed = false;
  const visit = (value: unknown): unknown => {
    if (changed) return value;
    if (typeof value === 'string') {
      changed = true;
      return change(value);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item)]));
    return value;
  };
  const result = visit(body);
  return changed ? result : { ...(result as object), note: change('') };
}

type Caller = ReturnType<typeof callersOf>[number];

/**
 * The in-scope call of a route, prepared once: every request here is refused, so a call (and the respondent code
 * it may use up) serves every variant.
 */
const prepared = new Map<string, RouteCall>();
async function callOf(route: RouteAccess, user: Caller): Promise<RouteCall> {
  if (!prepared.has(routeKey(route))) prepared.set(routeKey(route), await prepareCall(w, route, user));
  return structuredClone(prepared.get(routeKey(route))!);
}

async function send(route: RouteAccess, user: Caller, change: (call: RouteCall) => void) {
  const call = await callOf(route, user);
  change(call);
  return sendCall(w, route, user, call);
}

/** The route's own call with a JSON body written by hand (JSON.stringify itself recurses): `extra` joins its fields. */
async function sendRaw(route: RouteAccess, user: Caller, extra: string, without?: string) {
  const call = await callOf(route, user);
  const body = { ...((call.body as Record<string, unknown> | undefined) ?? {}) };
  if (without) delete body[without];
  const json = JSON.stringify(body);
  return w.t.request(call.headers ? null : user, {
    method: route.method,
    url: call.url,
    headers: { ...call.headers, 'content-type': 'application/json' },
    payload: json === '{}' ? `{${extra}}` : `${json.slice(0, -1)},${extra}}`,
  });
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const refusedWith = (code: string) =>
  expect.objectContaining({ statusCode: 400, body: expect.stringContaining(`"code":"${code}"`) as unknown });

describe('values every route refuses at the boundary', () => {
  it('a NUL in the query: 400 with a Russian message, on every route', async () => {
    for (const { route, user } of routes()) {
      for (const [value, code] of [
        ['%00', 'bad_characters'],
        ['a%00b', 'bad_characters'],
      ] as const) {
        const response = await send(route, user, (call) => {
          call.url += `${call.url.includes('?') ? '&' : '?'}search=${value}`;
        });
        expect({ statusCode: response.statusCode, body: response.body }, `${routeKey(route)} ?search=${value}`).toEqual(refusedWith(code));
        expect(response.json().error.message).toMatch(/недопустимый символ/);
      }
    }
  });

  it('a NUL, a lone surrogate or a 50 000-deep array in a JSON body: 400, on every route that takes one', async () => {
    let checked = 0;
    for (const { route, user } of routes()) {
      const probe = await callOf(route, user);
      if (probe.file || route.method === 'GET' || route.method === 'DELETE') continue;
      checked++;
      for (const [change, code] of [
        [(text: string) => `${text}\u0000`, 'bad_characters'],
        [(text: string) => `${text}\uD800`, 'bad_characters'],
        [(text: string) => `\uDC00${text}`, 'bad_characters'],
      ] as const) {
        const response = await send(route, user, (call) => {
          call.body = withFirstString(call.body ?? {}, change);
        });
        expect({ statusCode: response.statusCode, body: response.body }, routeKey(route)).toEqual(refusedWith(code));
      }
      const response = await sendRaw(route, user, `"deep":${deep(50_000)}`);
      expect({ statusCode: response.statusCode, body: response.body }, `${routeKey(route)} deep`).toEqual(refusedWith('too_deep'));
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('answers nested deeper than the limit are refused before the checker, answers within it reach the checker', async () => {
    const route = t.app.accessTable.find((r) => routeKey(r) === 'PUT /api/respondent/answers')!;
    for (const [depth, code] of [
      [50_000, 'too_deep'],
      [MAX_JSON_DEPTH, 'too_deep'],
      [MAX_JSON_DEPTH - 3, 'bad_request'],
    ] as const) {
      const response = await sendRaw(route, null, `"answers":{"m1_1_recommendations_use":${deep(depth)}}`, 'answers');
      expect({ statusCode: response.statusCode, code: response.json().error.code }, `depth ${depth}`).toEqual({ statusCode: 400, code });
    }
  });

  it('an invalid date in any date field of a body: 400, never a failure further in', async () => {
    let checked = 0;
    for (const { route, user } of routes()) {
      const probe = await callOf(route, user);
      if (!probe.body || typeof probe.body !== 'object') continue;
      const dateKeys = Object.keys(probe.body).filter((key) => /At$/.test(key));
      for (const key of dateKeys) {
        for (const invalid of ['2026-13-45T25:61:00Z', 'не дата', '']) {
          checked++;
          const response = await send(route, user, (call) => {
            call.body = { ...(call.body as object), [key]: invalid };
          });
          expect(response.statusCode, `${routeKey(route)} ${key}=${invalid}: ${response.body.slice(0, 200)}`).toBe(400);
          expect(response.json().error.message).toMatch(/[А-Яа-яЁё]/);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
});
