import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { succeeded } from '../../server/test/succeeded';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
let versionId = '';
beforeAll(async () => {
  j = await startJourney();
  // One of Куменский район's two schools answers: 50 % of schools, enough under federal-2020 (≥ 50 %).
  const { campaignId } = await collectedCampaign(j.t, {
    title: 'Прошлая кампания для пересчёта',
    submitCode: (code) => code.schoolId !== j.t.fixture.schools.kumenySchool2,
  });
  succeeded(await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` }), 'scoring run');
  versionId = succeeded(await j.t.request('regional', { method: 'POST', url: '/api/methodologies/federal-2020/fork' }), 'fork').json()
    .version.id;
  const document = (await j.t.request('regional', { method: 'GET', url: `/api/methodologies/${versionId}/document` })).json();
  // The fork asks for 75 % of schools: Куменский район's levels are withheld, город Киров (1 of 1) keeps its own.
  document.scoring.responseRate.minShareOfSchools = 0.75;
  succeeded(await j.t.request('regional', { method: 'PUT', url: `/api/methodologies/${versionId}/document`, payload: document }), 'save');
});
afterAll(async () => j?.close());

describe('what-if page', () => {
  it('re-scores a past campaign under a draft and shows what changes and why', async () => {
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, j.t.fixture.users.regional.email);
    await page.goto(`${j.baseUrl}/methodology/versions/${versionId}/what-if`);
    await page.getByLabel('Кампания').selectOption({ label: 'Прошлая кампания для пересчёта (2026)' });
    await page.getByRole('button', { name: 'Пересчитать' }).click();
    await page.getByRole('rowheader', { name: 'Общий уровень' }).waitFor();
    const changed = page.locator('td[data-changed]');
    expect(await changed.count()).toBeGreaterThan(0);
    await changed.first().getByText('почему').click();
    await changed
      .first()
      .getByText(/По версии уровень не присваивается/)
      .waitFor();
    await page.getByLabel('Только изменения').check();
    expect(await page.getByRole('rowheader', { name: 'Куменский район' }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: 'город Киров' }).count()).toBe(0);
    await page.close();
  });
});
