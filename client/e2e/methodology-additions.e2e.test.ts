import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { succeeded } from '../../server/test/succeeded';
import { signIn, startJourney, type Journey } from './harness';

// Issue #20: the editor adds what other parts refer to (here an answer scale and a whole mechanism), names the new
// mechanism's problems by place in Russian, refuses to remove a scale questions use, and removes what is unused.

let j: Journey;
let forkId = '';
beforeAll(async () => {
  j = await startJourney();
  const forked = succeeded(await j.t.request('regional', { method: 'POST', url: '/api/methodologies/federal-2020/fork' }), 'fork');
  forkId = forked.json().version.id;
});
afterAll(async () => j?.close());

describe('adding to a methodology version', () => {
  it('adds an answer scale and a mechanism, shows where the mechanism is incomplete, and fixes it', async () => {
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/methodology/versions/${forkId}`);

    // A new answer scale; a scale the questions use cannot go.
    await page.locator('summary', { hasText: 'Шкалы ответов' }).click();
    await page.getByRole('button', { name: 'Добавить шкалу' }).click();
    const scaleDialog = page.getByRole('dialog', { name: 'Новая шкала ответов' });
    await scaleDialog.getByRole('button', { name: 'Добавить' }).click();
    await scaleDialog.getByText('Укажите код шкалы').waitFor();
    await scaleDialog.getByLabel('Код шкалы').fill('often_rarely');
    await scaleDialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByRole('group', { name: 'Шкала «often_rarely»' }).waitFor();
    await page
      .locator('.card', { has: page.getByRole('group', { name: 'Шкала «yes_no»' }) })
      .getByRole('button', { name: 'Удалить шкалу' })
      .click();
    await page.getByRole('alert').filter({ hasText: 'Шкалу «yes_no» нельзя удалить, её используют: вопрос' }).waitFor();

    // A new mechanism in block 1: its empty questionnaire and blank texts are named by place.
    await page.getByRole('button', { name: 'Добавить механизм' }).click();
    const mechanismDialog = page.getByRole('dialog', { name: 'Новый механизм' });
    await mechanismDialog.getByLabel('Код механизма').fill('1.5');
    await mechanismDialog.getByLabel('Название').fill('Система наставничества');
    await mechanismDialog.getByLabel('Цель').fill('Поддержать молодых педагогов.');
    await mechanismDialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'Ошибки в версии' });
    const place = 'Механизм 1.5 «Система наставничества», вступление к вопросам';
    await problems.getByRole('link', { name: place }).waitFor();
    await problems.getByRole('link', { name: 'Механизм 1.5 «Система наставничества», вопросы анкеты' }).first().waitFor();
    expect(await problems.getByRole('link', { name: place }).getAttribute('title')).toBe('mechanisms[4].questionnaire.description');

    // The link opens the field; filled in, that problem is gone.
    await problems.getByRole('link', { name: place }).click();
    const description = page.locator('#field-mechanisms_4__questionnaire_description');
    await description.fill('Вопросы о наставничестве молодых педагогов.');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('button', { name: 'Сохранено' }).waitFor();
    expect(await problems.getByRole('link', { name: place }).count()).toBe(0);
    await problems.getByRole('link', { name: 'Механизм 1.5 «Система наставничества», вопросы анкеты' }).first().waitFor();

    // The mechanism refers to nothing else: removed, the version is whole again, the new scale kept.
    await page.locator('#field-mechanisms_4_').getByRole('button', { name: 'Удалить механизм' }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Ошибок нет: версию можно опубликовать.').waitFor();
    const saved = succeeded(
      await j.t.request('regional', { method: 'GET', url: `/api/methodologies/${forkId}/document` }),
      'document',
    ).json();
    expect(saved.answerScales.often_rarely).toEqual([
      { value: 'yes', text: 'Да' },
      { value: 'no', text: 'Нет' },
    ]);
    expect(saved.mechanisms.map((m: { code: string }) => m.code)).not.toContain('1.5');
    await page.close();
  });
});
