import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { createTestDatabase } from '../../test/database';
import { FIXTURE_PASSWORD } from '../../test/fixture';
import { startServerProcess, type ServerProcess } from '../../test/server-process';
import { until } from '../../test/until';
import type { IssuedCode } from '../../test/campaign-journey';
import type { SurveyJson } from '../methodology/assemble';
import { checkAnswers } from '../methodology/check';
import { sampleAnswers } from '../methodology/sample-answers';

const JWT_SECRET = 'crash-test-secret-crash-test-secret-0123456789';
let database: DatabaseHandle & { url?: string };
let server: ServerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) throw new Error('crash-safety tests need a PostgreSQL test database');
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.close();
});

interface Respondent {
  cookie: string;
  definition: SurveyJson;
  keys: string[];
  full: Record<string, unknown>;
  acknowledged: { revision: number; answers: Record<string, unknown>; submitted: boolean } | null;
  attempted: Array<Record<string, unknown>>;
  /** How many saves the server has acknowledged, and whether the driver stopped on a refusal. */
  saves: number;
  refused: boolean;
}

async function json(response: Response) {
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

describe('crash safety', () => {
  it('keeps every acknowledged save through a SIGKILL mid-load, and corrupts nothing', async () => {
    const env = { DATABASE_URL: database.url!, JWT_SECRET };
    server = await startServerProcess(env);
    const base = () => server!.baseUrl;

    const login = await json(
      await fetch(`${base()}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'regional@fixture.test', password: FIXTURE_PASSWORD }),
      }),
    );
    expect(login.token, JSON.stringify(login)).toEqual(expect.any(String));
    const token = login.token;
    const staff = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const campaign = await json(
      await fetch(`${base()}/api/campaigns`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({
          title: 'Проверка устойчивости',
          year: 2026,
          methodologyId: 'federal-2020',
          mechanismCodes: ['1.1', '2.1'],
          opensAt: new Date(Date.now() - 3600_000).toISOString(),
          closesAt: new Date(Date.now() + 86400_000).toISOString(),
        }),
      }),
    );
    const launchResponse = await fetch(`${base()}/api/campaigns/${campaign.id}/launch`, {
      method: 'POST',
      headers: { authorization: staff.authorization },
    });
    const launched = await json(launchResponse);
    expect(launchResponse.status, JSON.stringify(launched)).toBe(200);
    const codes: IssuedCode[] = (await json(await fetch(`${base()}/api/campaigns/${campaign.id}/access-codes`, { headers: staff }))).codes;

    const respondents: Respondent[] = [];
    for (const code of codes) {
      const entered = await fetch(`${base()}/api/respondent/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.code }),
      });
      const cookie = entered.headers.get('set-cookie')!.split(';')[0]!;
      const definition: SurveyJson = await json(await fetch(`${base()}/api/respondent/definition`, { headers: { cookie } }));
      const full = sampleAnswers(definition);
      respondents.push({ cookie, definition, keys: Object.keys(full), full, acknowledged: null, attempted: [], saves: 0, refused: false });
    }

    // Every respondent saves as fast as it can: a growing prefix of its answers, some of them submitting midway.
    let stopped = false;
    const drive = async (r: Respondent, index: number) => {
      for (let step = 1; !stopped; step++) {
        const submit = index % 3 === 0 && step === 12;
        const answers = submit ? r.full : Object.fromEntries(r.keys.slice(0, (step % r.keys.length) + 1).map((key) => [key, r.full[key]]));
        r.attempted.push(answers);
        try {
          const response = await fetch(`${base()}${submit ? '/api/respondent/submit' : '/api/respondent/answers'}`, {
            method: submit ? 'POST' : 'PUT',
            headers: { cookie: r.cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ answers, revision: r.acknowledged?.revision ?? 0, currentPage: 0, saveId: crypto.randomUUID() }),
          });
          if (response.status !== 200) {
            r.refused = true;
            return;
          }
          const body = await json(response);
          r.acknowledged = { revision: body.revision, answers, submitted: submit };
          r.saves++;
          if (submit) return;
        } catch {
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(respondents.map(drive));
    // The kill comes once the load is well under way: every third respondent has submitted, the rest have each had a
    // dozen saves acknowledged and are still saving.
    await until(
      () => respondents.every((r) => r.refused || r.acknowledged?.submitted || r.saves >= 12),
      'every respondent has submitted or had 12 saves acknowledged',
      { deadlineMs: 60_000 },
    );
    stopped = true;
    server.child.kill('SIGKILL');
    await load;
    await server.stop('SIGKILL');
    const acknowledgedSaves = respondents.filter((r) => r.acknowledged).length;
    expect(acknowledgedSaves).toBe(respondents.length);

    server = await startServerProcess(env);
    for (const r of respondents) {
      const context = await json(await fetch(`${base()}/api/respondent/questionnaire`, { headers: { cookie: r.cookie } }));
      const acked = r.acknowledged!;
      expect(context.form.revision).toBeGreaterThanOrEqual(acked.revision);
      // A save may have been committed just before the kill without its answer reaching us: then it is the next one tried.
      if (context.form.revision === acked.revision) expect(context.form.answers).toEqual(acked.answers);
      else expect(r.attempted).toContainEqual(context.form.answers);
      if (acked.submitted) expect(context.form.status).toBe('submitted');
      expect(checkAnswers(r.definition, context.form.answers, context.form.status === 'submitted' ? 'complete' : 'partial').ok).toBe(true);
    }
  }, 120_000);
});
