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
  it('gives the region each scored campaign up to this one with the same set of mechanisms, as the matrix counts it', async () => {
    const response = await get('regional', `/api/campaigns/${later}/results/history`);
    expect(response.statusCode, response.body).toBe(200);
    const history = response.json();
    expect(history.levels.map((level: { code: number }) => level.code)).toEqual([0, 1, 2, 3]);
    // The first campaign assessed 1.1 only: its overall levels do not compare with those over 1.1 and 2.1.
    expect(history.campaigns.map((c: { id: number; title: string }) => [c.id, c.title])).toEqual([[later, 'Вторая кампания']]);
    const rows = (await matrix(later)).municipalities as Array<{ overall: { level: number | null } }>;
    expect(rows.length).toBe(2);
    expect(history.campaigns[0]).toMatchObject({
      counts: [0, 1, 2, 3].map((code) => rows.filter((row) => row.overall.level === code).length),
      insufficient: rows.filter((row) => row.overall.level === null).length,
    });
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
      expect(history.campaigns[index].cells).toEqual(
        row.cells.map((cell: { mechanismCode: string; level: number | null }) => ({
          mechanismCode: cell.mechanismCode,
          level: cell.level,
        })),
      );
    }
    expect(history.campaigns[0].cells.map((c: { mechanismCode: string }) => c.mechanismCode)).toEqual(['1.1']);
    // The overall level over 1.1 alone is not put beside the one over 1.1 and 2.1.
    expect(history.campaigns[0]).not.toHaveProperty('overall');
    const current = (await matrix(later)).municipalities.find((r: { municipalityId: number }) => r.municipalityId === kumeny());
    expect(history.campaigns[1].overall).toBe(current.overall.level);
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

describe('comparison and history across methodologies: the same mechanism is the same code and title', () => {
  /** The preschool catalogue's 2.1 (managers' effectiveness), not the federal 2.1 (objectivity). */
  let preschool: number;
  /** A region's fork of the federal catalogue that keeps its codes and titles; 1.1 and 2.1, as the later campaign. */
  let forked: number;
  const comparison = async (campaignId: number, query = '') => {
    const response = await get('regional', `/api/campaigns/${campaignId}/results/comparison${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const changes = (body: { rows: Array<{ cells: Array<{ mechanismCode: string | null; change: string }> }> }) =>
    body.rows.map((row) => row.cells.map((cell) => [cell.mechanismCode, cell.change]));

  beforeAll(async () => {
    ({ campaignId: preschool } = await collectedCampaign(t, {
      title: 'Дошкольная кампания',
      methodologyId: 'regional-preschool-2021',
      mechanismCodes: ['2.1'],
    }));
    await t.request('regional', { method: 'POST', url: `/api/campaigns/${preschool}/scoring-runs` });
    const fork = await t.request('regional', { method: 'POST', url: '/api/methodologies/federal-2020/fork' });
    const forkId: string = fork.json().version.id;
    const published = await t.request('regional', { method: 'POST', url: `/api/methodologies/${forkId}/publish` });
    expect(published.statusCode, published.body).toBe(200);
    ({ campaignId: forked } = await collectedCampaign(t, { title: 'Кампания по форку', methodologyId: forkId }));
    await t.request('regional', { method: 'POST', url: `/api/campaigns/${forked}/scoring-runs` });
  });

  it('does not compare a campaign with earlier ones whose codes name other mechanisms', async () => {
    const body = await comparison(preschool);
    expect(body.previous).toBeNull();
    expect(
      changes(body)
        .flat()
        .every(([, change]) => change === 'not_comparable'),
    ).toBe(true);
  });

  it('compares a fork keeping code and title with the latest earlier campaign sharing a mechanism, skipping the one that does not', async () => {
    const body = await comparison(forked);
    expect(body.previous).toEqual({
      id: later,
      title: 'Вторая кампания',
      year: 2026,
      mechanismCodes: ['1.1', '2.1'],
      overallComparable: true,
    });
    const before = new Map(
      (await matrix(later)).municipalities.map((row: { municipalityId: number; cells: Array<{ level: number | null }> }) => [
        row.municipalityId,
        row.cells.map((cell) => cell.level),
      ]),
    );
    for (const row of body.rows) {
      expect(row.cells.map((cell: { previous: number | null }) => cell.previous).slice(0, 2)).toEqual(before.get(row.municipalityId));
      expect(row.cells.every((cell: { change: string }) => cell.change !== 'not_comparable')).toBe(true);
    }
  });

  it('compares with a named campaign only what it scored as the same mechanism, and the overall level only over the same set', async () => {
    const withPreschool = await comparison(forked, `?previousCampaignId=${preschool}`);
    expect(withPreschool.previous).toMatchObject({ id: preschool, mechanismCodes: [], overallComparable: false });
    for (const row of changes(withPreschool))
      expect(row).toEqual([
        ['1.1', 'not_comparable'],
        ['2.1', 'not_comparable'],
        [null, 'not_comparable'],
      ]);
    expect(withPreschool.rows.flatMap((row: { cells: Array<{ previous: number | null }> }) => row.cells.map((c) => c.previous))).toEqual(
      Array(6).fill(null),
    );

    const withEarlier = await comparison(forked, `?previousCampaignId=${earlier}`);
    expect(withEarlier.previous).toMatchObject({ id: earlier, mechanismCodes: ['1.1'], overallComparable: false });
    for (const row of changes(withEarlier)) {
      expect(row[0]![1]).not.toBe('not_comparable');
      expect(row.slice(1)).toEqual([
        ['2.1', 'not_comparable'],
        [null, 'not_comparable'],
      ]);
    }
  });

  it('draws a history only of campaigns sharing the mechanism, each line under this campaign’s own title', async () => {
    const kumeny = t.fixture.municipalities.kumeny;
    const own = (await get('regional', `/api/campaigns/${preschool}/results/${kumeny}/history`)).json();
    expect(own.mechanisms).toEqual([{ code: '2.1', title: 'Система мониторинга эффективности руководителей образовательных организаций' }]);
    expect(own.campaigns.map((c: { id: number }) => c.id)).toEqual([preschool]);
    expect(
      (await get('regional', `/api/campaigns/${preschool}/results/history`)).json().campaigns.map((c: { id: number }) => c.id),
    ).toEqual([preschool]);

    const fork = (await get('regional', `/api/campaigns/${forked}/results/${kumeny}/history`)).json();
    expect(fork.mechanisms.map((m: { code: string }) => m.code)).toEqual(['1.1', '2.1']);
    expect(
      fork.campaigns.map((c: { id: number; overall?: number | null; cells: Array<{ mechanismCode: string }> }) => [
        c.id,
        'overall' in c,
        c.cells.map((cell) => cell.mechanismCode),
      ]),
    ).toEqual([
      [earlier, false, ['1.1']],
      [later, true, ['1.1', '2.1']],
      [forked, true, ['1.1', '2.1']],
    ]);
    const region = (await get('regional', `/api/campaigns/${forked}/results/history`)).json();
    expect(region.campaigns.map((c: { id: number }) => c.id)).toEqual([later, forked]);
  });
});
