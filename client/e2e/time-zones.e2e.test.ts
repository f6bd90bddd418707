import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../../db/schema';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => j?.close());

describe('campaign dates follow the region, not the browser', () => {
  it('a campaign created from a UTC browser closes at 23:59 Moscow time and reads the same from a Moscow browser', async () => {
    const utc = await j.browser.newContext({ timezoneId: 'UTC' });
    const page = await utc.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns`);
    await page.getByRole('button', { name: 'Новая кампания' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Название').fill('Кампания из браузера в UTC');
    await dialog.getByLabel('Начало приёма анкет').fill('2027-02-01');
    await dialog.getByLabel('Окончание приёма').fill('2027-03-05');
    await dialog.getByText('До 23:59 последнего дня по московскому времени').waitFor();
    await dialog.getByRole('button', { name: 'Создать черновик' }).click();
    await page.getByRole('heading', { name: 'Кампания из браузера в UTC' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const [stored] = await j.t.database.db.select().from(campaigns).where(eq(campaigns.id, id));
    expect(stored!.opensAt.toISOString()).toBe('2027-01-31T21:00:00.000Z');
    expect(stored!.closesAt.toISOString()).toBe('2027-03-05T20:59:59.000Z');
    const utcLead = await page.locator('.lead').first().innerText();
    await utc.close();

    const moscow = await j.browser.newContext({ timezoneId: 'Europe/Moscow' });
    const moscowPage = await moscow.newPage();
    await signIn(moscowPage, j.baseUrl, 'regional@fixture.test');
    await moscowPage.goto(`${j.baseUrl}/campaigns/${id}`);
    const lead = moscowPage.locator('.lead').first();
    await lead.getByText('до 5 марта 2027 г. в 23:59 по московскому времени').waitFor();
    expect(await lead.innerText()).toContain('с 1 февраля 2027 г. в 00:00');
    expect(await lead.innerText()).toBe(utcLead);
    await moscow.close();
  });
});
