import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/modules/audit/audit.repo';
import { draftCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';

const IP = '203.0.113.91';
let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  const { users, regions, municipalities } = j.t.fixture;
  const campaignId = await draftCampaign(j.t, { title: 'Журнальная кампания' });
  await recordAudit(
    j.t.database.db,
    { userId: users.regional.id, label: users.regional.email, ip: IP },
    {
      action: 'review.overridden',
      entityType: 'campaign',
      entityId: campaignId,
      regionId: regions.kirov,
      municipalityId: municipalities.kumeny,
      before: { computedValue: 1 },
      after: { campaignId, mechanismCode: '1.1', target: 'mechanism_level', componentCode: null, value: 2, reason: 'Найден приказ' },
    },
  );
});
afterAll(async () => j?.close());

describe('the audit page', () => {
  it('shows an administrator the worded record, the address and the raw details behind «подробности»', async () => {
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'admin@fixture.test');
    await page.goto(`${j.baseUrl}/audit`);
    const row = page.getByRole('row').filter({ hasText: 'Эксперт изменил значение' });
    await row.getByText('Кампания «Журнальная кампания» · Куменский район').waitFor();
    await row.getByText('Было по расчёту: 1 — есть отдельные элементы системы → стало: 2 — частично сформирована').waitFor();
    await row.getByText(IP).waitFor();
    await row.getByText(j.t.fixture.users.regional.email).waitFor();
    await row.getByText('подробности', { exact: true }).click();
    await row.getByText('"target": "mechanism_level"').waitFor();
    await page.close();
  });

  it("shows a municipal coordinator the same record without anyone else's e-mail, an address or raw details", async () => {
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'municipal@fixture.test');
    await page.goto(`${j.baseUrl}/audit`);
    const row = page.getByRole('row').filter({ hasText: 'Эксперт изменил значение' });
    await row.getByText('Механизм 1.1 «Система оценки качества подготовки обучающихся»: уровень механизма').waitFor();
    await row.getByText('(региональный координатор)').waitFor();
    const table = await page.locator('table').innerText();
    expect(table).not.toContain(j.t.fixture.users.regional.email);
    expect(table).not.toContain(IP);
    expect(await page.getByText('подробности', { exact: true }).count()).toBe(0);
    expect(await page.getByText('mechanism_level').count()).toBe(0);
    await page.close();
  });
});
