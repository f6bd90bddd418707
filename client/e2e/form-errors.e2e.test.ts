import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => j?.close());

describe('form errors and counts that tell the truth', () => {
  it('asks for an address when the e-mail is empty', async () => {
    const page = await j.browser.newPage();
    await page.goto(`${j.baseUrl}/login`);
    await page.getByLabel('Пароль').fill('something');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Введите адрес электронной почты.').waitFor();
    await page.close();
  });

  it('drops a stale «Код не найден» as soon as the code is edited', async () => {
    const page = await j.browser.newPage({ viewport: { width: 375, height: 740 } });
    await page.goto(`${j.baseUrl}/anketa`);
    const input = page.getByLabel('Код доступа');
    await input.fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Открыть анкету' }).click();
    const refusal = page.getByText(/^Код не найден/);
    await refusal.waitFor();
    await input.press('End');
    await input.press('Backspace');
    await refusal.waitFor({ state: 'detached' });
    expect(await page.getByText(/^Код не найден/).count()).toBe(0);
    await page.close();
  });

  it("shows a municipal coordinator the district's own school count on the home page", async () => {
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'municipal@fixture.test');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Куменский район' }) });
    await card.getByRole('link', { name: '2 школы' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Кировская область' }).count()).toBe(0);
    await page.close();
  });
});
