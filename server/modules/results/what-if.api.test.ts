import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { municipalForms } from '../../../db/schema';
import { evidenceQuestionNames } from '../methodology/methodology.schemas';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { collectedCampaign, draftCampaign } from '../../test/campaign-journey';
import type { FixtureUserKey } from '../../test/fixture';
import { succeeded } from '../../test/succeeded';
import type { WhatIf } from './what-if.schemas';

// What-if (issue #20 §6) on the fixture's Kirov campaign under federal-2020 (mechanisms 1.1 and 2.1): every
// questionnaire submitted with confirming answers, both municipal forms complete (2 points a component), except that
// Куменский район says three components of 1.1 are absent. So, by hand (18 points a mechanism at best):
//   Куменский 1.1: goals 2 + indicators 2 + methods 0 + monitoring 2 + analysis 2 + recommendations 0 + measures 0
//                  + decisions 2 + effectiveness 2 = 12 of 18 = 66,7 %
//   Куменский 2.1: 18 of 18 = 100 %;  overall: (12 + 18) / 36 = 83,3 %
//   город Киров:  100 % in both mechanisms and overall.

let t: TestApp;
let campaignId: number;
let kumeny: number;

type Doc = Record<string, any>;
const call = (user: FixtureUserKey, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.request(user, { method, url, payload: payload as object | undefined });
const whatIf = (user: FixtureUserKey, methodologyId: string, campaign = campaignId) =>
  call(user, 'POST', `/api/campaigns/${campaign}/what-if`, { methodologyId });

/** A draft of `user`'s region forked from federal-2020, with its document changed by `change`. */
async function fork(user: FixtureUserKey, change: (document: Doc) => void): Promise<string> {
  const id = succeeded(await call(user, 'POST', '/api/methodologies/federal-2020/fork'), 'fork').json().version.id as string;
  const document = (await call(user, 'GET', `/api/methodologies/${id}/document`)).json<Doc>();
  change(document);
  await call(user, 'PUT', `/api/methodologies/${id}/document`, document);
  return id;
}

const runCount = async () => (await call('regional', 'GET', `/api/campaigns/${campaignId}/scoring-runs`)).json<unknown[]>().length;

beforeAll(async () => {
  t = await createTestApp();
  ({ campaignId } = await collectedCampaign(t));
  kumeny = t.fixture.municipalities.kumeny;
  const absent = Object.fromEntries(
    ['methods', 'recommendations', 'measures'].map((component) => [evidenceQuestionNames('1.1', component).exists, 'no']),
  );
  // The form as if submitted so; its stored evidence is dropped, so the run works it out from these answers.
  await t.database.db
    .update(municipalForms)
    .set({ answers: sql`${municipalForms.answers} || ${JSON.stringify(absent)}::jsonb`, scoringEvidence: null, scoringInputKey: null })
    .where(and(eq(municipalForms.campaignId, campaignId), eq(municipalForms.municipalityId, kumeny)));
  succeeded(await call('regional', 'POST', `/api/campaigns/${campaignId}/scoring-runs`), 'scoring run');
});
afterAll(async () => t?.close());

const rowOf = (body: WhatIf, name: string) => body.municipalities.find((row) => row.name === name)!;
const cellOf = (body: WhatIf, name: string, code: string) => rowOf(body, name).cells.find((cell) => cell.mechanismCode === code)!;

describe('what-if under another methodology version', () => {
  it('re-scores under a fork with other level bands, says what changed and why, and stores no run', async () => {
    // Bands 0 / 30 / 70 / 90 instead of 0 / 25 / 50 / 80:
    //   Куменский 1.1: 66,7 % was «частично сформирована» (50–80), is «есть отдельные элементы» (30–70) → down 2 → 1.
    //   Куменский 2.1: 100 % ≥ 90, every cap met → stays 3.
    //   Куменский overall: 83,3 % was band 3, capped at lowest mechanism (2) + 1 = 3; now band 2 (70–90), and the
    //     cap is lowest (1) + 1 = 2 → down 3 → 2.
    //   город Киров: 100 % everywhere → stays 3.
    const bands = await fork('regional', (document) => {
      document.scoring.levelBands = [0, 30, 70, 90].map((fromPercent, level) => ({ level, fromPercent }));
    });
    const runsBefore = await runCount();
    const response = await whatIf('regional', bands);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<WhatIf>();
    expect(body.mechanisms.map((m) => m.code)).toEqual(['1.1', '2.1']);
    expect(body.missingMechanisms).toEqual([]);

    const kumeny11 = cellOf(body, 'Куменский район', '1.1');
    expect(kumeny11).toMatchObject({ now: { computedLevel: 2, level: 2, overridden: false }, version: { level: 1 }, change: 'down' });
    expect(kumeny11.now.computedPercent).toBeCloseTo(66.667, 2);
    expect(kumeny11.version.percent).toBeCloseTo(66.667, 2);
    expect(kumeny11.reasons.join(' ')).toMatch(
      /Граница уровня пересечена: «частично сформирована» \(от 50 до 80.%\) → «есть отдельные элементы системы» \(от 30 до 70.%\)/,
    );
    expect(kumeny11.explanation.join(' ')).toMatch(/Сумма баллов: 12 из 18/);
    expect(cellOf(body, 'Куменский район', '2.1')).toMatchObject({
      now: { computedLevel: 3 },
      version: { level: 3 },
      change: 'same',
      changed: false,
    });
    const overall = rowOf(body, 'Куменский район').overall;
    expect(overall).toMatchObject({ now: { computedLevel: 3 }, version: { level: 2 }, change: 'down', changed: true });
    expect(overall.version.percent).toBeCloseTo(83.333, 2);
    expect(rowOf(body, 'город Киров').overall).toMatchObject({ now: { computedLevel: 3 }, version: { level: 3 }, change: 'same' });

    const none = { up: 0, down: 0, same: 0, withheld: 0, given: 0 };
    expect(body.summary).toEqual({
      overall: { ...none, down: 1, same: 1 },
      mechanisms: [
        { code: '1.1', counts: { ...none, down: 1, same: 1 } },
        { code: '2.1', counts: { ...none, same: 2 } },
      ],
    });
    expect(await runCount()).toBe(runsBefore);
  });

  it('scores only the mechanisms a draft has, names those it lacks and adds, and reads the answers anew', async () => {
    // Without 2.1 the overall level is 1.1 alone: Куменский 66,7 % → band 2, lowest mechanism 2 → 2 (was 3, down);
    // город Киров 100 % → 3 (same). 1.1 itself is scored as before.
    const without = await fork('regional', (document) => {
      document.mechanisms = document.mechanisms.filter((m: Doc) => m.code !== '2.1');
      for (const block of document.blocks) block.mechanisms = block.mechanisms.filter((code: string) => code !== '2.1');
    });
    const body = succeeded(await whatIf('regional', without), 'what-if').json<WhatIf>();
    expect(body.mechanisms.map((m) => m.code)).toEqual(['1.1']);
    expect(body.missingMechanisms.map((m) => m.code)).toEqual(['2.1']);
    expect(body.addedMechanisms.map((m) => m.code)).toEqual(['1.2', '1.3', '1.4', '2.2', '2.3', '2.4', '2.5']);
    expect(rowOf(body, 'Куменский район').cells.map((c) => [c.mechanismCode, c.change])).toEqual([['1.1', 'same']]);
    const overall = rowOf(body, 'Куменский район').overall;
    expect(overall).toMatchObject({ version: { level: 2 }, change: 'down' });
    expect(overall.reasons.join(' ')).toMatch(/по 1 механизму из 2/);
    expect(body.summary.overall).toMatchObject({ down: 1, same: 1 });
  });

  it('refuses a draft with problems and a campaign still open, in Russian', async () => {
    const broken = await fork('regional', (document) => {
      document.scoring.levelBands = [{ level: 0, fromPercent: 50 }];
    });
    const refused = await whatIf('regional', broken);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toMatch(/В черновике .* ошиб/);
    const open = await draftCampaign(t);
    const notClosed = await whatIf('regional', 'federal-2020', open);
    expect(notClosed.statusCode).toBe(409);
    expect(errorOf(notClosed).message).toMatch(/завершённую или опубликованную/);
  });

  it('keeps to the caller’s region: another region’s draft or campaign is not found', async () => {
    const tverDraft = await fork('regionalTver', () => {});
    expect((await whatIf('regional', tverDraft)).statusCode).toBe(404);
    // An administrator sees every draft, but a version goes only with campaigns of its own region.
    expect((await whatIf('admin', tverDraft)).statusCode).toBe(404);
    const tverCampaign = succeeded(
      await call('regionalTver', 'POST', '/api/campaigns', {
        title: 'Кампания Твери',
        year: 2026,
        methodologyId: 'federal-2020',
        mechanismCodes: ['1.1'],
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        closesAt: new Date(Date.now() + 86400_000).toISOString(),
      }),
      'Tver campaign',
    ).json().id as number;
    expect((await whatIf('regional', 'federal-2020', tverCampaign)).statusCode).toBe(404);
    expect((await whatIf('regional', 'no-such-version')).statusCode).toBe(404);
  });

  it('lets assigned experts compare under published versions, and no municipal coordinator', async () => {
    expect((await whatIf('municipal', 'federal-2020')).statusCode).toBe(403);
    expect((await whatIf('expert', 'federal-2020')).statusCode).toBe(403);
    succeeded(
      await call('regional', 'PUT', `/api/campaigns/${campaignId}/experts`, { userIds: [t.fixture.users.expert.id] }),
      'expert assigned',
    );
    const same = succeeded(await whatIf('expert', 'federal-2020'), 'expert what-if').json<WhatIf>();
    // The campaign's own version: nothing changes.
    expect(same.summary.overall).toMatchObject({ same: 2, up: 0, down: 0 });
    expect(same.municipalities.every((row) => row.cells.every((cell) => !cell.changed))).toBe(true);
    const draft = await fork('regional', () => {});
    expect((await whatIf('expert', draft)).statusCode).toBe(404);
  });
});
