import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
let campaignId: number;
let firstRun: number;
const mechanisms = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5'];
const reason = 'Протоколы общественного наблюдения представлены не по всем школам района.';

beforeAll(async () => {
  j = await startJourney();
  // The whole federal catalogue: twelve columns of the matrix, nine mechanisms of the report.
  ({ campaignId } = await collectedCampaign(j.t, { mechanismCodes: mechanisms }));
  firstRun = (await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` })).json().id;
  await j.t.request('regional', {
    method: 'PUT',
    url: `/api/campaigns/${campaignId}/experts`,
    payload: { userIds: [j.t.fixture.users.expert.id] },
  });
  const { kumeny } = j.t.fixture.municipalities;
  await j.t.request('expert', {
    method: 'POST',
    url: `/api/campaigns/${campaignId}/results/${kumeny}/overrides`,
    payload: { mechanismCode: '2.1', target: 'mechanism_level', value: 0, reason },
  });
  await j.t.request('regional', { method: 'POST', url: `/api/campaigns/${campaignId}/scoring-runs` });
});
afterAll(async () => j?.close());

/** In print: no navigation, and what the sheet must break before. */
async function printed(page: import('playwright-core').Page) {
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => ({
    topbar: getComputedStyle(document.querySelector('.topbar')!).display,
    toolbar: getComputedStyle(document.querySelector('.report-toolbar')!).display,
    breaks: [...document.querySelectorAll('.report-mechanism')].map((section) => getComputedStyle(section).breakBefore),
  }));
  await page.emulateMedia({ media: 'screen' });
  return layout;
}

describe('printable reports', () => {
  it('the region’s report: review state, counts, the matrix, the distribution and the comparison; the matrix fits 1366 px', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}/results`);
    await page.getByRole('heading', { name: 'Результаты оценки' }).waitFor();
    const overflow = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap')!;
      return wrap.scrollWidth - wrap.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('columnheader', { name: 'Проверка' }).waitFor();

    // The earlier run can be picked, with its number, date and who ran it.
    const picker = page.getByLabel('Расчёт', { exact: true });
    expect(await picker.locator(`option[value="${firstRun}"]`).textContent()).toMatch(
      new RegExp(`^№ ${firstRun} от .+, Тестовый пользователь regional`),
    );
    await picker.selectOption(String(firstRun));
    await page.getByText(`расчёт № ${firstRun} от`).waitFor();
    expect(page.url()).toContain(`run=${firstRun}`);

    await page.getByRole('link', { name: 'Отчёт для печати' }).click();
    const report = page.getByRole('article', { name: 'Отчёт по региону: Кировская область' });
    await report.getByRole('heading', { name: 'Кировская область: результаты оценки' }).waitFor();
    const text = (await report.textContent())!;
    expect(text).toContain(`№ ${firstRun} от`);
    expect(text).toContain('результаты не опубликованы');
    expect(text).toMatch(/на проверке — 1, не проверен — 1 \(из 2\)/);
    expect(text).toContain('Отправленных анкет9');
    // The methodology by its title, and the distribution's columns by their level names.
    expect(text).toContain(
      'МетодикаОценка муниципальных механизмов управления качеством образования: федеральный перечень (версия 2020.1)',
    );
    expect(text).not.toContain('federal-2020');
    await report.getByRole('columnheader', { name: 'частично сформирована' }).first().waitFor();
    for (const heading of [
      'Уровни по муниципалитетам и механизмам',
      'Распределение муниципалитетов по уровням',
      'Сравнение с предыдущей кампанией',
    ]) {
      await report.getByRole('heading', { name: heading }).waitFor();
    }
    expect(
      await report
        .getByRole('row', { name: /Куменский район/ })
        .first()
        .textContent(),
    ).toContain('не сформ.');
    expect(text).toContain('Предыдущей рассчитанной кампании в регионе нет');
    const layout = await printed(page);
    expect(layout).toMatchObject({ topbar: 'none', toolbar: 'none', breaks: ['page'] });
    await page.close();
  });

  it('the municipality’s report: every mechanism with its components, the expert’s change and reason, recommendations', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'expert@fixture.test');
    await page.getByRole('link', { name: 'Проверить уровни' }).click();
    await page.getByRole('link', { name: 'Куменский район', exact: true }).click();
    await page.getByRole('heading', { name: 'Куменский район' }).waitFor();
    await page.getByText('С учётом изменений экспертов:').first().waitFor();
    await page.getByRole('link', { name: 'Отчёт для печати' }).click();

    const report = page.getByRole('article', { name: 'Отчёт: Куменский район' });
    await report.getByRole('heading', { name: 'Итоговый уровень' }).waitFor();
    for (const code of mechanisms)
      await report
        .getByRole('heading', { name: new RegExp(`^${code.replace('.', '\\.')}\\. `) })
        .first()
        .waitFor();
    await report.getByRole('heading', { name: 'Рекомендации', exact: true }).waitFor();
    expect(await report.getByRole('table', { name: 'Компоненты управленческого цикла' }).count()).toBe(mechanisms.length);
    const text = (await report.textContent())!;
    expect(text).toContain('Проверка экспертамина проверке');
    expect(text).toContain('Эксперт установил уровень механизма — «не сформирована»');
    expect(text).toContain(reason);
    expect(text).toContain('По расчёту:');
    // Schools are named in print, not behind a «show more».
    expect(await report.locator('details').count()).toBe(0);
    expect(text).toMatch(/Подтвердили|Не подтвердили|Подтвердили все ответившие школы/);
    // Recommendations follow the level the expert set: 2.1 gets the text for a mechanism «не сформирована».
    const objectivity = report.locator('.recommendation-group').filter({ has: page.getByRole('heading', { name: /^2\.1\. / }) });
    expect(await objectivity.locator('li').first().textContent()).toContain('«не сформирована»');
    const layout = await printed(page);
    // A sheet per mechanism and one for the recommendations.
    expect(layout).toMatchObject({ topbar: 'none', toolbar: 'none', breaks: Array(mechanisms.length + 1).fill('page') });
    await page.close();
  });
});
