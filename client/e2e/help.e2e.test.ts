import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
let campaignId: number;
beforeAll(async () => {
  j = await startJourney();
  campaignId = await draftCampaign(j.t, { title: 'Кампания для справки' });
});
afterAll(async () => j?.close());

describe('help', () => {
  it('takes a regional coordinator from a campaign page to the campaign steps, with the glossary from the methodology', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('link', { name: 'Справка: как провести кампанию' }).click();
    await page.waitForURL(/\/help#campaign$/);
    const steps = page.getByRole('region', { name: 'Кампания от загрузки справочника до публикации' });
    await steps.waitFor();
    expect(await steps.getByRole('listitem').count()).toBeGreaterThanOrEqual(8);
    const glossary = page.getByRole('region', { name: 'Словарь методики' });
    await glossary.getByText('Компонент управленческого цикла', { exact: true }).waitFor();
    await glossary.getByText(/^«Цели» — /).waitFor();
    await glossary.getByText('Ограничения уровня', { exact: true }).waitFor();
    await page.close();
  });

  it("sends a municipal coordinator to their own sections and shows no one else's", async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'municipal@fixture.test');
    await page.goto(`${j.baseUrl}/audit`);
    await page.getByRole('link', { name: 'Справка: журнал действий' }).click();
    await page.waitForURL(/\/help#audit$/);
    await page.getByRole('region', { name: 'Журнал действий' }).waitFor();
    await page.getByRole('region', { name: 'Муниципальная форма' }).waitFor();
    await page.getByRole('region', { name: 'Коды доступа школ и детских садов' }).waitFor();
    expect(await page.getByRole('region', { name: 'Кампания от загрузки справочника до публикации' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Когда подтверждать и когда менять уровень' }).count()).toBe(0);
    await page.close();
  });

  it('opens «Справка» from the menu for an expert, with reading an explanation and when to override', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'expert@fixture.test');
    await page.getByRole('link', { name: 'Справка', exact: true }).click();
    await page.getByRole('heading', { name: 'Справка', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Как читать объяснение уровня' }).waitFor();
    await page.getByRole('region', { name: 'Когда подтверждать и когда менять уровень' }).waitFor();
    expect(await page.getByRole('region', { name: 'Коды доступа школ и детских садов' }).count()).toBe(0);
    await page.close();
  });
});
