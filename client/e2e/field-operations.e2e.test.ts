import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignCodes, collectedCampaign, draftCampaign, launchCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';
import { answerCurrentPage, sendAfterFinalCheck } from './survey-helpers';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
}, 60_000);
afterAll(async () => j?.close());

describe('the field work of a campaign in the browser', () => {
  it('joins a school imported during the campaign: the import offers it, its codes follow', async () => {
    const campaignId = await draftCampaign(j.t, { title: 'Кампания с поздней школой' });
    await launchCampaign(j.t, campaignId);
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/import`);
    await page.getByLabel('Организации').check();
    const csv =
      'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n' +
      'KUM-09;Муниципальное казённое общеобразовательное учреждение «Основная школа д. Поздняя»;МКОУ ООШ д. Поздняя;KUM;сельская;\n';
    await page
      .getByLabel('Файл для импорта')
      .setInputFiles({ name: 'schools.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Загрузить в справочник' }).click();
    await page.getByText('Идёт кампания «Кампания с поздней школой»: новые школы в ней не участвуют (МКОУ ООШ д. Поздняя)').waitFor();
    await page.getByRole('button', { name: 'Добавить школу в кампанию' }).click();
    await page.getByText('В кампанию «Кампания с поздней школой» добавлено школ: 1.').waitFor();

    await page.goto(`${j.baseUrl}/campaigns/${campaignId}/municipalities/${j.t.fixture.municipalities.kumeny}`);
    await page.getByText('МКОУ ООШ д. Поздняя').first().waitFor();
    const late = (await campaignCodes(j.t, campaignId)).filter((slot) => slot.schoolName === 'МКОУ ООШ д. Поздняя');
    expect(late).toHaveLength(3);
    await page.getByRole('link', { name: 'Коды доступа и бланки' }).click();
    await page.locator('td.code-cell', { hasText: late[0]!.code }).waitFor();
    await page.close();
  });

  it('reopens a closed campaign for one district, whose respondent answers again', async () => {
    const { campaignId, codes } = await collectedCampaign(j.t, {
      title: 'Кампания, открытая заново',
      mechanismCodes: ['1.1'],
      submitCode: (code) => code.schoolId !== j.t.fixture.schools.kumenySchool2,
    });
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Открыть приём заново' }).click();
    const dialog = page.getByRole('dialog');
    const inAWeek = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Новая дата окончания (включительно)').fill(inAWeek);
    await dialog.getByLabel('Причина').fill('школа не успела из-за карантина');
    await dialog.getByLabel(/Только для отдельных муниципалитетов/).check();
    await dialog.getByLabel('Куменский район').check();
    await dialog.getByRole('button', { name: 'Открыть заново' }).click();
    await page.getByText('Продлено для отдельных муниципалитетов: 1').waitFor();

    const teacher = codes.find((code) => code.schoolId === j.t.fixture.schools.kumenySchool2 && code.respondentRole === 'teacher')!;
    const phone = await j.browser.newContext({ viewport: { width: 390, height: 844 } });
    const respondent = await phone.newPage();
    await respondent.goto(`${j.baseUrl}/anketa`);
    await respondent.getByLabel('Код доступа').fill(teacher.code);
    await respondent.getByRole('button', { name: 'Открыть анкету' }).click();
    await respondent.locator('.sd-question').first().waitFor();
    await answerCurrentPage(respondent);
    await sendAfterFinalCheck(respondent);
    await respondent.getByRole('heading', { name: 'Анкета отправлена' }).waitFor();

    await phone.close();
    await page.close();
  });

  it('withdraws a publication with a reason and publishes No. 2, which the district sees as corrected', async () => {
    const { campaignId } = await collectedCampaign(j.t, { title: 'Кампания с исправлением', mechanismCodes: ['1.1'] });
    await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
    const page = await j.browser.newPage();
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    const publish = async () => {
      await page.goto(`${j.baseUrl}/campaigns/${campaignId}/results`);
      await page.getByRole('button', { name: 'Опубликовать' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Причина публикации без утверждения').fill('Публикуется по расчёту');
      await dialog.getByRole('button', { name: 'Опубликовать с исключениями' }).click();
      await page.getByText('Результаты опубликованы').first().waitFor();
    };
    await publish();

    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Снять публикацию для исправления' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Что исправляется').fill('Уточнены ответы одной школы');
    await dialog.getByRole('button', { name: 'Снять публикацию' }).click();
    await page.getByText('Публикации: 1').waitFor();
    await publish();

    const district = await j.browser.newPage();
    await signIn(district, j.baseUrl, 'municipal@fixture.test');
    await district.goto(`${j.baseUrl}/campaigns/${campaignId}/results/${j.t.fixture.municipalities.kumeny}`);
    await district.getByText(/исправлено \d+ [а-я]+ \d{4}.*: Уточнены ответы одной школы/).waitFor();
    await district.goto(`${j.baseUrl}/campaigns/${campaignId}/results/${j.t.fixture.municipalities.kumeny}/report`);
    await district.getByText(/Уточнены ответы одной школы/).waitFor();
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    await page.getByText('Публикации: 2').click();
    await page.getByText(/№ 1 — расчёт № \d+, .*снята .*: Уточнены ответы одной школы/).waitFor();
    await district.close();
    await page.close();
  });
});
