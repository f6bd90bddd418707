import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => j?.close());

describe('the methodology workbench', () => {
  it('lets a regional coordinator fork, edit, fix and publish a version, then offers it for a campaign', async () => {
    const page = await j.browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/methodology/versions`);
    const federal = page.getByRole('row').filter({ hasText: 'federal-2020' }).first();
    await federal.getByRole('button', { name: 'Создать черновик на основе' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Создать черновик' }).click();
    await page.waitForURL(/\/methodology\/versions\/federal-2020-r\d+-1$/);

    const band = page.locator('#field-scoring_levelBands_1__fromPercent');
    await band.fill('30');
    await page.locator('summary', { hasText: 'Система оценки качества подготовки обучающихся' }).first().click();
    await page.locator('#field-mechanisms_0__questionnaire_questions_0_ > summary').click();
    const question = page.locator('#field-mechanisms_0__questionnaire_questions_0__question_title');
    await question.fill('Переформулированный вопрос о результатах');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Ошибок нет: версию можно опубликовать.').waitFor();

    await band.fill('60');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'Ошибки в версии' });
    await problems.getByText('scoring.levelBands[2].fromPercent').waitFor();
    expect(await problems.innerText()).toContain('Границы уровней должны строго возрастать');
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByRole('dialog').getByText('Черновик нельзя опубликовать').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click();

    await band.fill('30');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Ошибок нет: версию можно опубликовать.').waitFor();
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Опубликовать' }).click();
    await page.locator('.badge', { hasText: 'опубликована' }).first().waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;

    await page.goto(`${j.baseUrl}/campaigns`);
    await page.getByRole('button', { name: 'Новая кампания' }).click();
    const options = await page.getByLabel('Методика').locator('option').allTextContents();
    expect(options.some((text) => text.includes('версия региона'))).toBe(true);
    await page.getByLabel('Методика').selectOption(id);
    await page.close();
  });
});
