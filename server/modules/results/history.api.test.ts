import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { collectedCampaign } from '../../test/campaign-journey';
import type { FixtureUserKey } from '../../test/fixture';

let t: TestApp;
/** Scored and published; assessed 1.1 only. */
let earlier: number;
/** Scored after it, not yet published; assessed 1.1 and 2.1. */
let later: number;

async function publish(campaignId: number) {
  const unapproved = (await t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}/results/unapproved` })).json();
  const municipalityIds = unapproved.municipalities.map((row: { municipalityId: number }) => row.municipalityId);
  const published = await t.request('regional', {
    method: 'POST',
    url: `/api/campaigns/${campaignId}/publish`,
    payload: { exceptions: { municipalityIds, reason: 'Публикуется по расчёту.' } },
  });
  expect(published.statusCode, published.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  ({ campaignId: earlier } = await collectedCampaign(t, { title: 'Первая кампания', mechanismCodes: ['1.1'] }));
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${earlier}/scoring-runs` });
  await publish(earlier);
  // Half the questionnaires this time, so the levels differ from the first campaign's somewhere.
  ({ campaignId: later } = await collectedCampaign(t, {
    title: 'Вторая кампания',
    submitCode: (code) => code.respondentRole !== 'teacher',
  }));
  await t.request('regional', { method: 'POST', url: `/api/campaigns/${later}/scoring-runs` });
});
afterAll(async () => t?.close());

const get = (user: FixtureUserKey, url: string) => t.request(user, { method: 'GET', url });
const matrix = async (campaignId: number) => (await get('regional', `/api/campaigns/${campaignId}/results`)).json();

describe('GET /api/campaigns/:id/results/history', () => {
  it('gives the region each scored campaign up to this one with its distribution by overall level, matching the matrix', async () => {
    const response = await get('regional', `/api/campaigns/${later}/results/history`);
    expect(response.statusCode, response.body).toBe(200);
    const history = response.json();
    expect(history.levels.map((level: { code: number }) => level.code)).toEqual([0, 1, 2, 3]);
    expect(history.campaigns.map((c: { id: number; title: string }) => [c.id, c.title])).toEqual([
      [earlier, 'Первая кампания'],
      [later, 'Вторая кампания'],
    ]);
    for (const [index, campaignId] of [earlier, later].entries()) {
      const rows = (await matrix(campaignId)).municipalities as Array<{ overall: { level: number | null } }>;
      const expected = [0, 1, 2, 3].map((code) => rows.filter((row) => row.overall.level === code).length);
      expect(history.campaigns[index]).toMatchObject({
        counts: expected,
        insufficient: rows.filter((row) => row.overall.level === null).length,
      });
      expect(rows.length).toBe(2);
    }
    // Seen from the earlier campaign, the later one is not part of its history.
    const fromEarlier = (await get('regional', `/api/campaigns/${earlier}/results/history`)).json();
    expect(fromEarlier.campaigns.map((c: { id: number }) => c.id)).toEqual([earlier]);
  });

  it('shows a municipality only published campaigns and only itself; an expert not assigned is refused', async () => {
    expect((await get('municipal', `/api/campaigns/${later}/results/history`)).statusCode).toBe(403);
    const own = (await get('municipal', `/api/campaigns/${earlier}/results/history`)).json();
    expect(own.campaigns).toHaveLength(1);
    expect(own.campaigns[0].counts.reduce((a: number, b: number) => a + b, own.campaigns[0].insufficient)).toBe(1);
    expect((await get('expert', `/api/campaigns/${later}/results/history`)).statusCode).toBe(403);
  });
});

describe('GET /api/campaigns/:id/results/:municipalityId/history', () => {
  const kumeny = () => t.fixture.municipalities.kumeny;

  it('gives a municipality’s overall and mechanism levels in each campaign, as the results pages show them', async () => {
    const response = await get('regional', `/api/campaigns/${later}/results/${kumeny()}/history`);
    expect(response.statusCode, response.body).toBe(200);
    const history = response.json();
    expect(history).toMatchObject({ campaignId: later, municipalityId: kumeny(), name: 'Куменский район' });
    expect(history.mechanisms.map((m: { code: string }) => m.code)).toEqual(['1.1', '2.1']);
    expect(history.campaigns.map((c: { id: number }) => c.id)).toEqual([earlier, later]);
    for (const [index, campaignId] of [earlier, later].entries()) {
      const row = (await matrix(campaignId)).municipalities.find((r: { municipalityId: number }) => r.municipalityId === kumeny());
      expect(history.campaigns[index].overall).toBe(row.overall.level);
      expect(history.campaigns[index].cells).toEqual(
        row.cells.map((cell: { mechanismCode: string; level: number | null }) => ({
          mechanismCode: cell.mechanismCode,
          level: cell.level,
        })),
      );
    }
    expect(history.campaigns[0].cells.map((c: { mechanismCode: string }) => c.mechanismCode)).toEqual(['1.1']);
  });

  it('refuses another district to a municipality, and a municipality outside the campaign to anyone', async () => {
    await publish(later);
    const own = await get('municipal', `/api/campaigns/${later}/results/${kumeny()}/history`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().campaigns).toHaveLength(2);
    const foreign = await get('municipal', `/api/campaigns/${later}/results/${t.fixture.municipalities.kirovCity}/history`);
    expect(foreign.statusCode).toBe(403);
    expect((await get('regional', `/api/campaigns/${later}/results/${t.fixture.municipalities.rzhev}/history`)).statusCode).toBe(404);
  });
});
