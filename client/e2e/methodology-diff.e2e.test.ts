import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { succeeded } from '../../server/test/succeeded';
import { signIn, startJourney, type Journey } from './harness';

// Issue #20 §5: a regional coordinator compares a draft with the federal version it was forked from.

let j: Journey;
let forkId = '';
beforeAll(async () => {
  j = await startJourney();
  const forked = succeeded(await j.t.request('regional', { method: 'POST', url: '/api/methodologies/federal-2020/fork' }), 'fork');
  forkId = forked.json().version.id;
  const document = succeeded(
    await j.t.request('regional', { method: 'GET', url: `/api/methodologies/${forkId}/document` }),
    'document',
  ).json();
  document.scoring.levelBands[2].fromPercent = 55;
  const questions = document.mechanisms.find((m: { code: string }) => m.code === '2.1').questionnaire.questions;
  questions[1].question.title = 'Перепроверял ли МОУО работы обучающихся вашей школы?';
  questions.push({
    roles: ['teacher'],
    scale: 'yes_no',
    question: { type: 'radiogroup', name: 'm2_1_feedback', title: 'Обсуждал ли МОУО с учителями итоги перепроверки?', isRequired: true },
  });
  succeeded(await j.t.request('regional', { method: 'PUT', url: `/api/methodologies/${forkId}/document`, payload: document }), 'save');
});
afterAll(async () => j?.close());

describe('methodology versions compared', () => {
  it('shows a fork against its original: the summary, the changed band and the reworded and added questions', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/methodology/versions/${forkId}/diff`);
    await page.getByRole('heading', { name: 'Сравнение версий методики', level: 1 }).waitFor();
    const questionsRow = page.getByRole('row', { name: /^Вопросы анкет/ });
    expect(await questionsRow.getByRole('cell').allTextContents()).toEqual(['1', '0', '1']);
    expect(await page.getByLabel('С какой версией сравнить').inputValue()).toBe('federal-2020');

    const band = page.getByRole('region', { name: 'Правила оценки' }).getByRole('row', { name: /Нижняя граница: уровень 2/ });
    expect(await band.locator('del').textContent()).toBe('50');
    expect(await band.locator('ins').textContent()).toBe('55');

    const reworded = page.getByRole('article', { name: 'Вопрос m2_1_recheck' });
    expect(await reworded.locator('ins').allTextContents()).toEqual(expect.arrayContaining(['Перепроверял']));
    const added = page.getByRole('article', { name: 'Вопрос m2_1_feedback' });
    await added.getByText('добавлено', { exact: true }).waitFor();
    await added
      .getByRole('row', { name: /^Формулировка/ })
      .getByText('Обсуждал ли МОУО с учителями итоги перепроверки?')
      .waitFor();

    // Another version to compare with: the address keeps it.
    await page.getByLabel('С какой версией сравнить').selectOption('regional-preschool-2021');
    await page.waitForURL(/with=regional-preschool-2021/);
    await page.getByText(`regional-preschool-2021`, { exact: true }).waitFor();
    await page.close();
  });

  it('stays readable on a phone: «Было» and «Стало» stack, nothing runs off the screen', async () => {
    const width = 375;
    const page = await j.browser.newPage({ viewport: { width, height: 740 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/methodology/versions/${forkId}/diff?with=federal-2020`);
    const row = page.getByRole('article', { name: 'Вопрос m2_1_recheck' }).getByRole('row', { name: /^Формулировка/ });
    await row.waitFor();
    const [before, after] = await row.getByRole('cell').all();
    const [a, b] = [await before!.boundingBox(), await after!.boundingBox()];
    expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.close();
  });
});
