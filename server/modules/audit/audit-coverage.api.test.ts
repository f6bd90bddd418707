import { gt, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema';
import { createTestApp, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import { fullSuites, suiteDepth } from '../../test/suite-depth';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp';
import { callersOf, createProbeWorld, prepareCall, routeKey, sendCall, type ProbeWorld } from '../../test/route-probes';

let t: TestApp;
let w: ProbeWorld;
/** Reminders are sent for real, so that their audit records are checked like any other write's. */
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp(smtp.config);
  w = await createProbeWorld(t);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Writes that are not changes of the platform's records, or are recorded elsewhere; each says why. */
const notAudited: Record<string, string> = {
  'POST /api/auth/login': 'a sign-in changes no record; the session row keeps when, from where and with which browser',
  'POST /api/auth/token': 'a sign-in for API clients, kept as a session row like the login',
  'POST /api/auth/logout': "ends one's own session; the session row keeps when",
  'POST /api/respondent/session': 'a respondent entering a code; the code keeps its last use, and codes never enter the log',
  'DELETE /api/respondent/session': 'a respondent leaving: ends their own session on one device; no data changes',
  'PUT /api/respondent/answers': 'autosave of anonymous answers, every few seconds; the questionnaire keeps its revision and times',
  'POST /api/respondent/submit':
    'anonymous answers; the questionnaire keeps its submission time, and respondents are not staff to be audited',
  'PUT /api/campaigns/:id/municipal-forms/:municipalityId/answers': 'autosave of a draft; the submission is audited',
  'POST /api/directory/import/preview': 'a dry run that changes nothing; the commit is audited',
  'POST /api/campaigns/:id/what-if': 'a re-scoring under another version that stores nothing: no run, no scoring inputs',
  'POST /api/backup/restore': 'audited (backup.imported), shown by backup.api.test.ts: a restore needs an installation without the region',
};

const isWrite = (method: string) => method !== 'GET';

describe('audit completeness', () => {
  it('lists as exempt only routes that exist and write', () => {
    const writes = t.app.accessTable.filter((route) => isWrite(route.method)).map(routeKey);
    expect(Object.keys(notAudited).filter((route) => !writes.includes(route))).toEqual([]);
  });

  it(`logs every successful write of every route and caller, in the caller's name (${suiteDepth})`, async () => {
    const unaudited: string[] = [];
    const audited = t.app.accessTable.filter((r) => isWrite(r.method) && !notAudited[routeKey(r)]);
    const everyCaller = new Set(audited.flatMap(callersOf));
    const called = new Set<FixtureUserKey | null>();
    for (const [index, route] of audited.entries()) {
      const callers = callersOf(route);
      // The smoke subset calls each route once, as the next of its callers in turn.
      for (const user of fullSuites ? callers : [callers[index % callers.length]!]) {
        called.add(user);
        const call = await prepareCall(w, route, user);
        const [before] = await t.database.db.select({ id: max(auditLog.id) }).from(auditLog);
        const response = await sendCall(w, route, user, call);
        const label = `${routeKey(route)} as ${user ?? 'anonymous'}`;
        expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBeLessThan(300);
        const logged = await t.database.db
          .select()
          .from(auditLog)
          .where(gt(auditLog.id, before?.id ?? 0));
        const actor = user && t.fixture.users[user].email;
        if (!logged.some((entry) => entry.actor === actor)) unaudited.push(label);
      }
    }
    expect(unaudited).toEqual([]);
    // Even the smoke subset writes as every kind of caller.
    expect([...called].sort()).toEqual([...everyCaller].sort());
  }, 120_000);
});
