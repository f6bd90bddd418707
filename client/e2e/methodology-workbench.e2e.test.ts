import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { succeeded } from '../../server/test/succeeded';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
  // A past campaign of the region, scored, for the what-if step.
  const { campaignId } = await collectedCampaign(j.t, { title: 'Прошлая кампания региона' });
  succeeded(await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` }), 'scoring run');
});
afterAll(async () => j?.close());

describe('the methodology workbench', () => {
  it('lets a regional coordinator fork, edit, preview, calibrate, fix and publish a version, then launch a campaign with it', async () => {
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
    const versionUrl = page.url();

    // The director's questionnaire as respondents will see it: the reworded question, read-only.
    await page.getByRole('link', { name: 'Предпросмотр' }).click();
    await page.getByRole('tab', { name: 'Директор', exact: true }).click();
    const reworded = page.locator('.sd-question', { hasText: 'Переформулированный вопрос о результатах' });
    await reworded.waitFor();
    expect(await reworded.getAttribute('class')).toContain('sd-question--readonly');
    expect(await reworded.locator('input').first().getAttribute('readonly')).not.toBeNull();
    await page.getByRole('tab', { name: 'Правила оценки' }).click();
    await page.getByRole('heading', { name: 'Уровни сформированности' }).waitFor();

    // What the new band would do to the region's past campaign.
    await page.goto(versionUrl);
    await page.getByRole('link', { name: 'Что если…' }).click();
    await page.getByLabel('Кампания').selectOption({ label: 'Прошлая кампания региона (2026)' });
    await page.getByRole('button', { name: 'Пересчитать' }).click();
    await page.getByRole('rowheader', { name: 'Общий уровень' }).waitFor();
    await page.goto(versionUrl);

    await band.fill('60');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'Ошибки в версии' });
    await problems.getByText('Правила оценки → пороги уровней, строка 3, процент').waitFor();
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
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Методика').selectOption(id);
    await dialog.getByLabel('Название').fill('Кампания по своей версии методики');
    await dialog.getByRole('button', { name: 'Создать черновик' }).click();
    await page.getByRole('heading', { name: 'Кампания по своей версии методики' }).waitFor();
    await page.getByRole('button', { name: 'Запустить кампанию' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Запустить' }).click();
    await page.getByRole('button', { name: 'Запустить кампанию' }).waitFor({ state: 'detached' });
    const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
    const campaign = (await j.t.request('regional', { method: 'GET', url: `/api/campaigns/${campaignId}` })).json<{
      methodologyId: string;
      phase: string;
    }>();
    expect(campaign.methodologyId).toBe(id);

    // The published version's workbook, uploaded back through the page, becomes a new draft with the same content.
    const workbook = await j.t.request('regional', { method: 'GET', url: `/api/methodologies/${id}/export.xlsx` });
    expect(workbook.statusCode).toBe(200);
    await page.goto(`${j.baseUrl}/methodology/versions`);
    await page.locator('summary', { hasText: 'Загрузить версию из файла' }).click();
    await page.locator('.version-upload input[type=file]').setInputFiles({
      name: `${id}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook.rawPayload,
    });
    // The workbook keeps its id, which is taken: the refusal is shown in Russian, nothing is created.
    await page.getByRole('alert').getByText('Не сохранено.').waitFor();
    await page.close();
  });
});
