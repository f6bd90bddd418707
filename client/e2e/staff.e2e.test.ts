import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startJourney, type Journey } from './harness';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => j?.close());

describe('staff journeys', () => {
  it('a regional coordinator signs in, browses the directory, adds a kindergarten, filters by kind and signs out', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Здравствуйте');

    const nav = page.getByRole('navigation', { name: 'Основные разделы' });
    await nav.getByRole('link', { name: 'Справочник' }).click();
    await page.getByRole('heading', { name: 'Муниципалитеты' }).waitFor();
    await page.getByRole('cell', { name: 'Куменский район' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Ржевский муниципальный округ' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Куменский район' }).click();
    await page.getByRole('heading', { name: 'Образовательные организации' }).waitFor();
    await page.getByText('МКОУ ООШ с. Вожгалы').waitFor();
    expect(page.url()).toContain('municipalityId=');

    await page.getByRole('button', { name: 'Добавить организацию' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новая организация' });
    await dialog.getByLabel('Тип').selectOption({ label: 'ДОО — дошкольная образовательная организация' });
    await dialog.getByLabel('Код').fill('KUM-E2E');
    await dialog
      .getByLabel('Полное наименование')
      .fill('Муниципальное казённое дошкольное образовательное учреждение «Детский сад д. Шабалины»');
    await dialog.getByLabel('Краткое наименование').fill('МКДОУ детский сад д. Шабалины');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('МКДОУ детский сад д. Шабалины').waitFor();

    // The kindergarten alone under «ДОО»; the schools of the district under «ОО».
    await page.getByLabel('Тип').selectOption({ label: 'ДОО — дошкольная образовательная организация' });
    await page.waitForURL(/kind=preschool/);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('cell', { name: 'ДОО', exact: true }).waitFor();
    await page.getByLabel('Тип').selectOption({ label: 'ОО — общеобразовательная организация' });
    await page.getByText('МКОУ ООШ с. Вожгалы').waitFor();
    expect(await page.getByText('МКДОУ детский сад д. Шабалины').count()).toBe(0);
    await page.getByLabel('Тип').selectOption({ label: 'Все типы' });

    await page.getByRole('searchbox').fill('Шабалины');
    await page.waitForURL(/search=/);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await page.close();
  });

  it('a regional coordinator imports municipalities from a CSV: sees problems, fixes the file, commits; an organisations file previews each kind', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.getByRole('navigation', { name: 'Основные разделы' }).getByRole('link', { name: 'Справочник' }).click();
    await page.getByRole('navigation', { name: 'Разделы справочника' }).getByRole('link', { name: 'Импорт из файла' }).click();
    await page.getByRole('heading', { name: 'Импорт справочника' }).waitFor();

    const file = (body: string) => ({ name: 'municipalities.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${body}`, 'utf8') });
    await page.getByLabel('Файл для импорта').setInputFiles(file('Код;Наименование;Тип\r\nYAR;Яранский район;деревня\r\n'));
    await page.getByText('Найдено ошибок: 1').waitFor();
    await page.getByRole('cell', { name: /«деревня» не подходит/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Загрузить в справочник' }).count()).toBe(0);

    await page
      .getByLabel('Файл для импорта')
      .setInputFiles(file('Код;Наименование;Тип\r\nYAR;Яранский район;район\r\nSOV;Советский район;район\r\n'));
    await page.getByText('Ошибок нет. Будет добавлено: 2').waitFor();
    await page.getByRole('button', { name: 'Загрузить в справочник' }).click();
    await page.getByText('Готово: добавлено 2').waitFor();
    await page.getByRole('link', { name: 'Открыть муниципалитеты' }).click();
    await page.getByRole('cell', { name: 'Яранский район' }).waitFor();

    // An organisations file: the preview names each row's kind before anything is loaded.
    await page.goBack();
    await page.getByRole('heading', { name: 'Импорт справочника' }).waitFor();
    await page.getByRole('radio', { name: 'Организации' }).check();
    await page.getByLabel('Файл для импорта').setInputFiles({
      ...file(
        'Код;Тип;Полное наименование;Краткое наименование;Код муниципалитета;Местность\r\n' +
          'YAR-D01;ДОО;Муниципальное казённое дошкольное образовательное учреждение «Детский сад «Ромашка»»;МКДОУ д/с «Ромашка»;YAR;сельская\r\n' +
          'YAR-S01;;Муниципальное казённое общеобразовательное учреждение «Средняя школа г. Яранска»;МКОУ СОШ г. Яранска;YAR;городская\r\n',
      ),
      name: 'organisations.csv',
    });
    await page.getByText('Ошибок нет. Будет добавлено: 2').waitFor();
    const kinds = await page
      .locator('.import-step table tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(kinds.map((cells) => [cells[1], cells[3]])).toEqual([
      ['YAR-D01', 'ДОО'],
      ['YAR-S01', 'ОО'],
    ]);
    await page.close();
  });

  it('a municipal coordinator sees only its own municipality, on a phone-sized screen', async () => {
    const page = await j.browser.newPage({ viewport: { width: 375, height: 740 } });
    await signIn(page, j.baseUrl, 'municipal@fixture.test');
    await page.getByRole('button', { name: 'Меню' }).click();
    await page.getByRole('link', { name: 'Справочник' }).click();
    await page.getByRole('navigation', { name: 'Разделы справочника' }).getByRole('link', { name: 'Организации' }).click();
    await page.getByText('МКОУ СОШ пгт Кумёны').waitFor();
    expect(await page.getByText('г. Кирова').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Импорт из файла' }).count()).toBe(0);
    await page.close();
  });

  it('a wrong password shows a Russian message and the form stays', async () => {
    const page = await j.browser.newPage();
    await page.goto(`${j.baseUrl}/login`);
    await page.getByLabel('Электронная почта').fill('expert@fixture.test');
    await page.getByLabel('Пароль').fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByText('Неверный адрес электронной почты или пароль.').waitFor();
    // Still the sign-in page, with what was typed kept, ready for another try; nobody is signed in.
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel('Электронная почта').inputValue()).toBe('expert@fixture.test');
    expect(await page.getByRole('button', { name: 'Войти' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Выйти' }).count()).toBe(0);
    // Before a lock, the page says how many attempts this address has left on the account.
    await page.getByText(/Осталось попыток: \d+\./).waitFor();
    await page.close();
  });
});
