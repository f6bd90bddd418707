import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCampaign, launchCampaign, type IssuedCode } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';
import { answerCurrentPage } from './survey-helpers';

let j: Journey;
let campaignId: number;
let codes: IssuedCode[];

const phone = { width: 375, height: 812 };
const desktop = { width: 1366, height: 768 };

beforeAll(async () => {
  j = await startJourney();
  campaignId = await draftCampaign(j.t, {
    title: 'Анкетирование с проверкой',
    mechanismCodes: ['1.1', '2.1'],
    closesAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
  });
  codes = await launchCampaign(j.t, campaignId);
});
afterAll(async () => j?.close());

/** Nothing sticks out sideways: the page scrolls only up and down. */
async function fitsWidth(page: Page, width: number) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

const progressText = (page: Page) => page.locator('.form-progress-text').textContent();

describe('a respondent’s pages and the final check', () => {
  for (const [viewport, role] of [
    [phone, 'director'],
    [desktop, 'deputy_director'],
  ] as const) {
    it(`at ${viewport.width} px: progress in words, the introduction once, a check before sending, a receipt that fits`, async () => {
      const code = codes.find((c) => c.respondentRole === role && c.schoolId === j.t.fixture.schools.kumenySchool1)!;
      const context = await j.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${j.baseUrl}/anketa/k/${code.code}`);
      await page.locator('.sd-question').first().waitFor();

      // First page: the introduction, and progress as words and a bar instead of the engine's unlabelled dots.
      expect(await page.getByText('Заполнение займёт около').isVisible()).toBe(true);
      expect(await progressText(page)).toBe('Страница 1 из 2 · отвечено 0 %');
      const bar = page.getByRole('progressbar', { name: 'Отвечено' });
      expect(await bar.getAttribute('aria-valuenow')).toBe('0');
      expect(await page.locator('[class*="sd-progress-buttons"]').count()).toBe(0);
      await fitsWidth(page, viewport.width);

      await answerCurrentPage(page);
      const first = page.locator('.sd-question').first();
      const firstTitle = (await first.locator('.sd-question__title').textContent())!;
      await first.getByText('Затрудняюсь ответить').click();
      expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
      const afterFirstPage = await progressText(page);
      expect(afterFirstPage).toMatch(/^Страница 1 из 2 · отвечено [1-9]\d? %$/);

      // Later pages: no introduction, the questions start right after the progress line.
      await page.getByRole('button', { name: 'Далее' }).click();
      await page.getByText('Страница 2 из 2', { exact: false }).waitFor();
      expect(await page.getByText('Заполнение займёт около').count()).toBe(0);
      const questionTop = await page
        .locator('.sd-question')
        .first()
        .evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
      expect(questionTop).toBeLessThan(viewport.height);
      await fitsWidth(page, viewport.width);
      await answerCurrentPage(page);

      // «Отправить анкету» opens the check: the «затрудняюсь» answer is listed and leads back to its question.
      await page.getByRole('button', { name: 'Отправить анкету' }).click();
      const check = page.locator('.final-check');
      await check.getByRole('heading', { name: 'Проверка перед отправкой' }).waitFor();
      expect(await check.textContent()).toContain('После отправки изменить ответы будет нельзя.');
      expect(await check.getByRole('heading', { name: 'Ответ «затрудняюсь»: 1 вопрос' }).count()).toBe(1);
      expect(await page.locator('.sd-question').first().isVisible()).toBe(false);
      await fitsWidth(page, viewport.width);
      await check.getByRole('button', { name: firstTitle.replace(/\s*\*$/, '').trim() }).click();
      await page.getByText('Страница 1 из 2', { exact: false }).waitFor();
      await first.getByText('Да', { exact: true }).click();
      await page.getByRole('button', { name: 'Далее' }).click();

      await page.getByRole('button', { name: 'Отправить анкету' }).click();
      await check.getByText('Ответы даны на все вопросы').waitFor();
      await check.getByRole('button', { name: 'Отправить анкету' }).click();
      await page.getByRole('heading', { name: 'Анкета отправлена' }).waitFor();

      // The receipt: its button inside its card, no «займёт около… можно прерваться», no progress.
      const card = await page.locator('.receipt').boundingBox();
      const button = await page.getByRole('button', { name: 'Распечатать квитанцию и ответы' }).boundingBox();
      expect(button!.x).toBeGreaterThanOrEqual(card!.x);
      expect(button!.x + button!.width).toBeLessThanOrEqual(card!.x + card!.width);
      await fitsWidth(page, viewport.width);
      expect(await page.getByText(/займёт около|можно прерваться/).count()).toBe(0);
      expect(await page.locator('.form-progress').count()).toBe(0);
      await context.close();
    });
  }
});

describe('the municipal form', () => {
  for (const [viewport, user, municipality] of [
    [phone, 'municipalkirovcity@fixture.test', 'kirovCity'],
    [desktop, 'municipal@fixture.test', 'kumeny'],
  ] as const) {
    it(`at ${viewport.width} px: numbers only its questions, counts filled components, checks before sending`, async () => {
      const context = await j.browser.newContext({ viewport });
      const page = await context.newPage();
      await signIn(page, j.baseUrl, user);
      await page.goto(`${j.baseUrl}/campaigns/${campaignId}/municipal-form/${j.t.fixture.municipalities[municipality]}`);
      await page.locator('.sd-question').first().waitFor();

      // No sub-field of a document block carries a number of its own; the components are numbered 1…9.
      expect(await page.locator('.sd-element__num:visible').count()).toBe(0);
      const panelTitles = await page
        .locator('.sd-page > .sd-row .sd-panel__title, .sd-page .sd-panel > .sd-panel__header .sd-title')
        .allTextContents();
      expect(panelTitles.slice(0, 2).map((title) => title.trim().slice(0, 3))).toEqual(['1. ', '2. ']);
      expect(await progressText(page)).toBe('Страница 1 из 2 · отвечено 0 %');
      const components = page.locator('.form-progress-components');
      expect(await components.textContent()).toBe('Компоненты механизма: заполнено 0 из 9');
      await fitsWidth(page, viewport.width);

      for (let pageNo = 0; pageNo < 2; pageNo++) {
        const existence = page.locator('.sd-question[data-name$="_exists"]');
        const count = await existence.count();
        for (let i = 0; i < count; i++) await existence.nth(i).getByText('Нет', { exact: true }).click();
        expect(await components.textContent()).toBe(`Компоненты механизма: заполнено ${count} из ${count}`);
        if (pageNo === 0) {
          await page.locator('.sd-question[data-name="m1_1_vpr_participation_share"] input').fill('97');
          await page.getByRole('button', { name: 'Далее' }).click();
          await page.getByText('Страница 2 из 2', { exact: false }).waitFor();
        }
      }

      // The check lists the key indicators left empty, by mechanism, not the one filled in.
      await page.getByRole('button', { name: 'Отправить форму' }).click();
      const check = page.locator('.final-check');
      await check.getByRole('heading', { name: 'Проверка перед отправкой' }).waitFor();
      expect(await check.textContent()).toContain('После отправки изменить ответы будет нельзя.');
      expect(await check.getByRole('heading', { name: /^Без ответа: \d+ необязательн/ }).count()).toBe(1);
      expect(await check.getByText('Доля общеобразовательных организаций, участвовавших во ВПР', { exact: false }).count()).toBe(0);
      const ogeTitle = /Ключевые показатели механизма — Доля выпускников 9 классов/;
      expect(await check.getByRole('button', { name: ogeTitle }).count()).toBe(1);
      await fitsWidth(page, viewport.width);

      // Back to an empty indicator, fill it in; it leaves the list.
      await check.getByRole('button', { name: ogeTitle }).click();
      await page.getByText('Страница 1 из 2', { exact: false }).waitFor();
      await page.locator('.sd-question[data-name="m1_1_oge_below_threshold_share"] input').fill('3');
      await page.getByRole('button', { name: 'Далее' }).click();
      await page.getByRole('button', { name: 'Отправить форму' }).click();
      await check.getByRole('heading', { name: 'Проверка перед отправкой' }).waitFor();
      expect(await check.getByRole('button', { name: ogeTitle }).count()).toBe(0);
      await check.getByRole('button', { name: 'Отправить форму' }).click();
      await page.getByText('Форма отправлена').waitFor();
      await context.close();
    });
  }
});
