import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses } from '../../db/schema';
import { launchCampaign, type IssuedCode } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';
import { answerCurrentPage } from './survey-helpers';

// Long on purpose: the slips must hold a long campaign title, school name and address inside their cut lines.
const PUBLIC_URL = 'https://ocenka-kachestva-obrazovaniya.ministerstvo-obrazovaniya.kirovskaya-oblast.example.ru';
const LONG_TITLE =
  'Оценка механизмов управления качеством образования в муниципальных образованиях Кировской области: второй этап мониторинга 2026 года';
const LONG_SCHOOL =
  'Муниципальное казённое общеобразовательное учреждение средняя общеобразовательная школа с углублённым изучением отдельных предметов посёлка городского типа Кумёны';

let j: Journey;
let campaignId: number;
let codes: IssuedCode[];
let longSchoolId: number;

beforeAll(async () => {
  j = await startJourney({ publicUrl: PUBLIC_URL });
  const school = await j.t.request('regional', {
    method: 'POST',
    url: '/api/schools',
    payload: {
      municipalityId: j.t.fixture.municipalities.kumeny,
      code: 'LONG-1',
      fullName: LONG_SCHOOL,
      shortName: LONG_SCHOOL,
      locality: 'rural',
    },
  });
  expect(school.statusCode, school.body).toBe(201);
  longSchoolId = school.json().id;
  const created = await j.t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: LONG_TITLE,
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    },
  });
  campaignId = created.json().id;
  codes = await launchCampaign(j.t, campaignId);
}, 120_000);
afterAll(async () => j?.close());

async function openCodes(page: Page) {
  await page.goto(`${j.baseUrl}/campaigns/${campaignId}/municipalities/${j.t.fixture.municipalities.kumeny}`);
  await page.getByRole('link', { name: 'Коды доступа и бланки' }).click();
  await page.getByRole('heading', { name: /Коды доступа — Куменский/ }).waitFor();
}

describe('codes reach every school', () => {
  it('lets a district coordinator read, download and print their codes, also after a reload', async () => {
    const context = await j.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, j.baseUrl, 'municipal@fixture.test');
    await openCodes(page);
    await page.reload();
    await page.getByRole('heading', { name: /Коды доступа — Куменский/ }).waitFor();
    const kumeny = codes.filter((slot) => slot.municipalityId === j.t.fixture.municipalities.kumeny);
    // 3 schools × 3 roles: the two of the fixture and the long-named one.
    expect(kumeny).toHaveLength(9);
    const shown = await page.locator('td.code-cell').allTextContents();
    expect(shown.sort()).toEqual(kumeny.map((slot) => slot.code).sort());
    expect(await page.getByText('открывается только на этом компьютере').count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать список (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`kody-dostupa-${campaignId}-mo-${j.t.fixture.municipalities.kumeny}.xlsx`);
    expect((await download.createReadStream()).readable).toBe(true);

    // On paper only the slips print, one per code, each with a QR code of its personal link.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('table').isVisible()).toBe(false);
    expect(await page.locator('.slip').count()).toBe(9);
    expect(await page.locator('.slip svg.qr path').count()).toBe(9);
    await expect.poll(() => page.locator('.slip').first().isVisible()).toBe(true);
    await context.close();
  });

  it('prints slips that stay inside their cut lines with a long title, school name and address', async () => {
    // A4 minus the 10 mm margins, in CSS pixels: the width Chromium lays a printed page out at.
    const context = await j.browser.newContext({ viewport: { width: 718, height: 1047 } });
    const page = await context.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(
      `${j.baseUrl}/campaigns/${campaignId}/codes?municipalityId=${j.t.fixture.municipalities.kumeny}&schoolId=${longSchoolId}`,
    );
    await page.locator('td.code-cell').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    const slips = page.locator('.slip');
    expect(await slips.count()).toBe(3);
    const escapes = await slips.evaluateAll((elements) =>
      elements.flatMap((slip, index) => {
        const cell = slip.getBoundingClientRect();
        return [...slip.querySelectorAll('*')].flatMap((element) => {
          const box = element.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) return [];
          const inside =
            box.left >= cell.left - 0.5 && box.right <= cell.right + 0.5 && box.top >= cell.top - 0.5 && box.bottom <= cell.bottom + 0.5;
          // A clamped block may hide its overflow, but then its own box must still be inside the cell.
          return inside ? [] : [`slip ${index}: <${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`];
        });
      }),
    );
    expect(escapes).toEqual([]);
    const box = (await slips.first().boundingBox())!;
    // 69 mm × 95 mm (CSS pixels at 96 dpi), two across.
    expect(Math.round(box.height)).toBe(261);
    expect(Math.abs(box.width - 359)).toBeLessThan(2);
    const text = await slips.first().innerText();
    expect(text).toContain(`${PUBLIC_URL}/anketa`);
    expect(text).toMatch(/Приём анкет до/);
    await context.close();
  });

  it('asks before a reissue, naming how many codes stop working; the respondent who was answering recovers', async () => {
    const teacher = codes.find((slot) => slot.respondentRole === 'teacher' && slot.schoolId === j.t.fixture.schools.kumenySchool1)!;
    const phone = await j.browser.newContext({ viewport: { width: 390, height: 844 } });
    const respondent = await phone.newPage();
    await respondent.goto(`${j.baseUrl}/anketa`);
    await respondent.getByLabel('Код доступа').fill(teacher.code);
    await respondent.getByRole('button', { name: 'Открыть анкету' }).click();
    await respondent.locator('.sd-question').first().waitFor();
    await answerCurrentPage(respondent);
    await respondent.getByText('Ответы сохранены на сервере').waitFor();

    const office = await j.browser.newContext();
    const coordinator = await office.newPage();
    await signIn(coordinator, j.baseUrl, 'municipal@fixture.test');
    await openCodes(coordinator);
    const row = coordinator.locator('tr', { hasText: teacher.code });
    await row.getByRole('button', { name: 'новый код' }).click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.getByText('1 код перестанет действовать сразу, в том числе на уже напечатанных бланках').waitFor();
    await dialog.getByRole('button', { name: 'Перевыпустить 1 код' }).click();
    await coordinator.locator('tr', { hasText: teacher.code }).waitFor({ state: 'detached' });
    const [fresh] = await j.t.database.db.select().from(responses).where(eq(responses.id, teacher.responseId));
    expect(fresh!.revision).toBe(1);
    const listed = coordinator.locator('tr', { hasText: 'Педагогический работник' }).filter({ hasText: 'МКОУ СОШ пгт Кумёны' });
    const newCode = (await listed.locator('td.code-cell').textContent())!;
    expect(newCode).not.toBe(teacher.code);

    // The respondent changes an answer after the reissue: the next save is refused, the change stays on the phone.
    const question = respondent
      .locator('.sd-question[data-name]')
      .filter({ has: respondent.locator('input[type=radio]') })
      .first();
    const name = (await question.getAttribute('data-name'))!;
    await question.locator('.sd-item__control-label').nth(1).click();
    const changedTo = await question.locator('input:checked').inputValue();
    await respondent.getByText('Код заменён новым — ответы сохранены, войдите с новым кодом.').waitFor();
    await respondent.getByLabel('Код доступа').fill(newCode);
    await respondent.getByRole('button', { name: 'Открыть анкету' }).click();
    await respondent.getByText('Восстановлены ответы, которые не успели отправиться').waitFor();
    await respondent.getByText('Ответы сохранены на сервере').waitFor();
    const [saved] = await j.t.database.db.select().from(responses).where(eq(responses.id, teacher.responseId));
    expect(saved!.revision).toBe(2);
    expect(String(saved!.answers[name])).toBe(changedTo);
    await phone.close();
    await office.close();
  });
});

describe('a printed address that works only here', () => {
  it('warns on the slips page when PUBLIC_URL is unset and the page was opened on a loopback address', async () => {
    const local = await startJourney();
    try {
      const created = await local.t.request('regional', {
        method: 'POST',
        url: '/api/campaigns',
        payload: {
          title: 'Бланки без публичного адреса',
          year: 2026,
          methodologyId: 'federal-2020',
          mechanismCodes: ['1.1'],
          opensAt: new Date(Date.now() - 3600_000).toISOString(),
          closesAt: new Date(Date.now() + 86400_000).toISOString(),
        },
      });
      await launchCampaign(local.t, created.json().id);
      const page = await local.browser.newPage();
      await signIn(page, local.baseUrl, 'municipal@fixture.test');
      await page.goto(`${local.baseUrl}/campaigns/${created.json().id}/codes`);
      await page.getByText(`На бланках будет напечатан адрес ${local.baseUrl}: он открывается только на этом компьютере`).waitFor();
    } finally {
      await local.close();
    }
  });
});
