import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plural } from '../../server/lib/plural';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
/** Assessed 1.1 only: its overall level does not compare with the later ones'. */
let earlier: number;
/** Assessed 1.1 and 2.1, as the later one. */
let middle: number;
let later: number;

beforeAll(async () => {
  j = await startJourney();
  ({ campaignId: earlier } = await collectedCampaign(j.t, { title: 'Первая кампания', mechanismCodes: ['1.1'] }));
  await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${earlier}/scoring-runs` });
  ({ campaignId: middle } = await collectedCampaign(j.t, { title: 'Промежуточная кампания' }));
  await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${middle}/scoring-runs` });
  ({ campaignId: later } = await collectedCampaign(j.t, {
    title: 'Вторая кампания',
    submitCode: (code) => code.respondentRole !== 'teacher',
  }));
  await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${later}/scoring-runs` });
});
afterAll(async () => j?.close());

type Levels = Array<{ code: number; label: string }>;
const api = async (url: string) => (await j.t.request('regional', { method: 'GET', url })).json();
const labelOf = (levels: Levels, insufficient: string, level: number | null) =>
  level === null ? insufficient : levels.find((l) => l.code === level)!.label;

/** What each segment of a stacked bar says about itself, as the chart should draw it from these counts. */
function segmentTitles(label: string, counts: number[], insufficient: number, levels: Levels, insufficientLabel: string) {
  const total = counts.reduce((a, b) => a + b, 0) + insufficient;
  return [...counts.map((count, level) => ({ count, level: level })), { count: insufficient, level: null }]
    .filter((part) => part.count > 0)
    .map(
      (part) =>
        `${label}: ${labelOf(levels, insufficientLabel, part.level)} — ${part.count} ${plural(part.count, 'муниципалитет', 'муниципалитета', 'муниципалитетов')} из ${total}`,
    );
}

const svgTitles = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => el.textContent));

/** On an A4 sheet (210 mm at 96 dpi, less 2 × 10 mm margins) each picture fits the width and one page's height. */
async function fitsA4(page: Page) {
  await page.setViewportSize({ width: 718, height: 1047 });
  await page.emulateMedia({ media: 'print' });
  const boxes = await page.locator('.chart').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()));
  await page.emulateMedia({ media: 'screen' });
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) {
    expect(box.width).toBeGreaterThan(300);
    expect(box.width).toBeLessThanOrEqual(718);
    expect(box.height).toBeLessThanOrEqual(1047);
  }
}

describe('results pictures drawn from the data', () => {
  it('the campaign results page: municipalities by level, overall and per mechanism, as stacked bars', async () => {
    const distribution = await api(`/api/campaigns/${later}/results/distribution`);
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${later}/results?view=distribution`);
    await page.getByRole('img', { name: 'Распределение муниципалитетов по уровням: итоговый уровень и механизмы' }).waitFor();
    const rows = [
      ...distribution.rows.filter((r: { mechanismCode: string | null }) => r.mechanismCode === null),
      ...distribution.rows.slice(0, -1),
    ];
    expect(await page.locator('.chart-row').count()).toBe(3);
    const expected = rows.flatMap((row: { title: string; counts: number[]; insufficient: number }) =>
      segmentTitles(row.title, row.counts, row.insufficient, distribution.levels, distribution.insufficientDataLabel),
    );
    expect(await svgTitles(page, '.chart-segment rect > title')).toEqual(expected);
    await fitsA4(page);
    await page.close();
  });

  it('a municipality’s page and report: its levels over the region’s campaigns, overall and per mechanism', async () => {
    const { kumeny } = j.t.fixture.municipalities;
    const history = await api(`/api/campaigns/${later}/results/${kumeny}/history`);
    expect(history.campaigns.map((c: { id: number }) => c.id)).toEqual([earlier, middle, later]);
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    for (const path of [`/campaigns/${later}/results/${kumeny}`, `/campaigns/${later}/results/${kumeny}/report`]) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${j.baseUrl}${path}`);
      await page.getByRole('heading', { name: 'Уровни по кампаниям региона' }).waitFor();
      await page.locator('.level-history .chart-multiple').first().waitFor();
      expect(await page.locator('.level-history figcaption').allTextContents()).toEqual([
        'Итоговый уровень',
        '1.1. Система оценки качества подготовки обучающихся',
        '2.1. Система объективности процедур оценки качества образования и олимпиад школьников',
      ]);
      const described = (campaign: { year: number; title: string }, level: number | null | undefined, missing = 'не оценивался') =>
        `${campaign.year}, ${campaign.title}: ${level === undefined ? missing : labelOf(history.levels, history.insufficientDataLabel, level)}`;
      const expected = [
        ...history.campaigns.map((c: { overall?: number | null } & { year: number; title: string }) =>
          described(c, c.overall, 'несравним: другой набор механизмов'),
        ),
        ...['1.1', '2.1'].flatMap((code) =>
          history.campaigns.map((c: { year: number; title: string; cells: Array<{ mechanismCode: string; level: number | null }> }) =>
            described(c, c.cells.find((cell) => cell.mechanismCode === code)?.level),
          ),
        ),
      ];
      expect(await svgTitles(page, '.level-history svg circle > title, .level-history svg text > title')).toEqual(expected);
      // 2.1 was not assessed in the first campaign, so neither is its overall level comparable: dashes, not points.
      expect(expected.filter((text) => text.endsWith('не оценивался'))).toHaveLength(1);
      expect(expected.filter((text) => text.endsWith('другой набор механизмов'))).toHaveLength(1);
      await fitsA4(page);
    }
    await page.close();
  });

  it('the comparison names what does not compare: a mechanism the earlier campaign lacked, and the overall level', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${middle}/results?view=comparison`);
    await page.getByText('Сравнение с кампанией «Первая кампания»').waitFor();
    expect(await page.getByText('Сравнение с кампанией').textContent()).toContain(
      'Не сравниваются механизмы 2.1: в той кампании их не было (с тем же кодом и названием). Итоговый уровень не сравнивается',
    );
    const kumeny = page.getByRole('row', { name: /Куменский район/ });
    const cells = await kumeny.locator('td').allTextContents();
    expect(cells).toHaveLength(3);
    expect(cells[0]).toMatch(/→/);
    expect(cells.slice(1).every((text) => text.endsWith('; не сравнивается'))).toBe(true);
    await page.close();
  });

  it('the region report: the region’s distribution over the years', async () => {
    const history = await api(`/api/campaigns/${later}/results/history`);
    // The first campaign's overall levels, over another set of mechanisms, are not drawn beside these.
    expect(history.campaigns.map((c: { id: number }) => c.id)).toEqual([middle, later]);
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${later}/results/report`);
    const chart = page.getByRole('img', { name: 'Распределение муниципалитетов по итоговому уровню по годам' });
    await chart.waitFor();
    const expected = history.campaigns.flatMap((c: { year: number; title: string; counts: number[]; insufficient: number }) =>
      segmentTitles(`${c.year} · ${c.title}`, c.counts, c.insufficient, history.levels, history.insufficientDataLabel),
    );
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('.chart-segment rect > title').allTextContents()).toEqual(expected);
    await fitsA4(page);
    await page.close();
  });
});
