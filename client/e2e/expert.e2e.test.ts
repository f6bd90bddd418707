import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
let campaignId: number;

beforeAll(async () => {
  j = await startJourney();
  ({ campaignId } = await collectedCampaign(j.t));
  await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
  await j.t.request('regional', {
    method: 'PUT',
    url: `/api/campaigns/${campaignId}/experts`,
    payload: { userIds: [j.t.fixture.users.expert.id] },
  });
});
afterAll(async () => j?.close());

describe('expert review', () => {
  it('an expert overrides a mechanism level with a reason; the computed level stays beside it', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'expert@fixture.test');
    await page.getByRole('link', { name: 'Проверить уровни' }).click();
    await page.getByRole('heading', { name: 'Результаты оценки' }).waitFor();
    await page.getByRole('link', { name: /^Куменский район, 2\.1/ }).click();
    await page.getByRole('heading', { name: 'Куменский район' }).waitFor();
    await page.getByRole('heading', { name: /^2\.1\./ }).waitFor();

    await page.getByRole('button', { name: 'Изменить уровень…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Уровень механизма 2.1' });
    await dialog.getByLabel('Уровень').selectOption({ label: 'не сформирована' });
    await dialog.getByRole('button', { name: 'Сохранить изменение' }).click();
    await dialog.getByText('Опишите причину: не короче 10 символов').waitFor();
    await dialog.getByLabel(/Причина/).fill('Протоколы общественного наблюдения представлены не по всем школам района.');
    await dialog.getByRole('button', { name: 'Сохранить изменение' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page
      .getByText(/рассчитано:/)
      .first()
      .waitFor();
    await page.getByRole('heading', { name: 'Изменения экспертов' }).waitFor();
    // The reason stands in the list of changes and in the explanation of the level the expert set.
    await page.locator('.override-list').getByText('Протоколы общественного наблюдения представлены не по всем школам района.').waitFor();
    await page.getByText(/^Эксперт установил уровень механизма — «не сформирована»/).waitFor();
    expect(await page.getByText(/уровень механизма 2\.1: .* → не сформирована/).count()).toBe(1);

    // A confirmed mechanism reads as confirmed: a tick on its tab, and no button asking to confirm it again.
    await page.getByRole('button', { name: 'Подтвердить уровень' }).click();
    await page.getByText('✓ Уровень подтверждён').waitFor();
    expect(await page.getByRole('button', { name: 'Подтвердить уровень' }).count()).toBe(0);
    await page
      .getByRole('navigation', { name: 'Механизмы' })
      .getByRole('button', { name: /^2\.1/ })
      .getByLabel('подтверждено экспертом')
      .waitFor();

    // The review state is a state, with the actions beside it.
    const review = page.getByRole('group', { name: 'Проверка муниципалитета' });
    // The override took the municipality into review.
    await review.getByText('Статус проверки: на проверке').waitFor();
    expect(await review.getByRole('button', { name: 'Взять на проверку' }).count()).toBe(0);
    await review.getByRole('button', { name: 'Утвердить муниципалитет' }).click();
    await review.getByText('Статус проверки: утверждён').waitFor();
    await review.getByRole('button', { name: 'Вернуть на проверку' }).waitFor();
    expect(await review.getByRole('button', { name: 'Утвердить муниципалитет' }).count()).toBe(0);
    await page.getByRole('link', { name: '← Результаты кампании' }).click();
    const row = page.getByRole('row', { name: /Куменский район/ });
    await row.waitFor();
    expect(await row.locator('.mark-override').count()).toBeGreaterThan(0);
    expect(await row.textContent()).toContain('утверждён');

    // What is still to approve, then a search within it; the filter lives in the address.
    await page.getByLabel('Проверка', { exact: true }).selectOption('pending');
    await row.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /город Киров/ }).waitFor();
    expect(page.url()).toContain('review=pending');
    await page.getByLabel('Поиск муниципалитета').fill('Кумен');
    await page.getByText('Муниципалитеты не найдены.').waitFor();
    await page.close();
  });

  it('the coordinator finds a municipality in the completion table and publishes the unapproved one as an exception', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    const completion = page.getByRole('table', { name: 'Заполнение по муниципалитетам' });
    await completion.getByRole('row', { name: /город Киров/ }).waitFor();
    await page.getByLabel('Поиск муниципалитета').fill('киров');
    await completion.getByRole('row', { name: /Куменский район/ }).waitFor({ state: 'detached' });
    expect(await completion.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Поиск муниципалитета').fill('');
    await completion.getByRole('row', { name: /Куменский район/ }).waitFor();
    await page.getByLabel('Порядок').selectOption('lagging');
    await page.waitForURL(/order=lagging/);
    await completion.getByRole('row', { name: /Куменский район/ }).waitFor();

    await page.goto(`${j.baseUrl}/campaigns/${campaignId}/results`);
    await page.getByText('Проверка экспертами: утверждено 1 из 2 муниципалитетов.').waitFor();
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Опубликовать результаты' });
    await dialog.getByText('Не утверждены экспертами (1): город Киров.').waitFor();
    await dialog.getByLabel('Причина публикации без утверждения').fill('Эксперт на больничном, результаты нужны к заседанию коллегии.');
    await dialog.getByRole('button', { name: 'Опубликовать с исключениями' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/^Результаты опубликованы/).waitFor();
    await page.close();
  });
});
