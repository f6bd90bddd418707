import type { Page } from 'playwright-core';

/**
 * Answers every visible, still unanswered question on the current SurveyJS page through the UI, choosing the
 * first option; repeats while answers open follow-up questions.
 */
export async function answerCurrentPage(page: Page) {
  for (let pass = 0; pass < 6; pass++) {
    const unanswered = await page.$$eval('.sd-question[data-name]', (elements) =>
      elements
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .filter((el) => {
          const inputs = el.querySelectorAll('input[type=radio], input[type=checkbox]');
          if (inputs.length) return ![...inputs].some((input) => (input as HTMLInputElement).checked);
          const text = el.querySelector<HTMLInputElement>('input[type=text], input:not([type]), textarea');
          return text ? text.value === '' : false;
        })
        .map((el) => el.getAttribute('data-name')!),
    );
    if (unanswered.length === 0) return;
    for (const name of unanswered) {
      const question = page.locator(`.sd-question[data-name="${name}"]`);
      const option = question.locator('.sd-item__control-label, .sd-boolean__thumb-text').first();
      if (await option.count()) await option.click();
      else await question.locator('input, textarea').first().fill('Ответ');
    }
  }
}

/**
 * Sends a form the way a person does: the form's own button opens the final check, whose button of the same name
 * sends it.
 */
export async function sendAfterFinalCheck(page: Page, action = 'Отправить анкету') {
  await page.getByRole('button', { name: action }).click();
  await page.getByRole('heading', { name: 'Проверка перед отправкой' }).waitFor();
  await page.locator('.final-check').getByRole('button', { name: action }).click();
}
