import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftCampaign, launchCampaign } from '../../server/test/campaign-journey';
import { startTestSmtpServer, type TestSmtpServer } from '../../server/test/smtp';
import { signIn, startJourney, type Journey } from './harness';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => smtp?.close());

describe('reminders to lagging districts in the browser', () => {
  it('previews each message, sends them through the mail server, and turns on automatic reminders', async () => {
    const j: Journey = await startJourney(smtp.config);
    try {
      const f = j.t.fixture;
      const id = await draftCampaign(j.t, { title: 'Кампания с напоминаниями в браузере' });
      await launchCampaign(j.t, id);
      const page = await j.browser.newPage();
      await signIn(page, j.baseUrl, 'regional@fixture.test');
      await page.goto(`${j.baseUrl}/campaigns/${id}`);
      await page.getByRole('button', { name: 'Напомнить отстающим' }).click();
      const dialog = page.getByRole('dialog', { name: 'Напомнить отстающим' });
      const kumeny = dialog.getByRole('article', { name: 'Письмо: Тестовый пользователь municipal', exact: true });
      await kumeny.getByText('• МКОУ СОШ пгт Кумёны: директор — не начата').waitFor();
      await kumeny.getByText('Муниципальная форма не отправлена (не начата).').waitFor();

      await dialog.getByRole('button', { name: 'Отправить письма (2)' }).click();
      await dialog.getByText('Отправлено писем: 2.').waitFor();
      const mails = await smtp.waitFor(2);
      expect(mails.map((mail) => mail.recipients[0]).sort()).toEqual(['municipal@fixture.test', 'municipalkirovcity@fixture.test']);
      const toKumeny = mails.find((mail) => mail.recipients[0] === 'municipal@fixture.test')!;
      expect(toKumeny.text).toContain('Не отправлены анкеты школ');
      expect(toKumeny.text).toContain('• МКОУ ООШ с. Вожгалы: директор — не начата');
      const link = `${j.baseUrl}/campaigns/${id}/municipalities/${f.municipalities.kumeny}`;
      expect(toKumeny.text).toContain(link);

      await dialog.getByLabel('За сколько дней до срока').fill('2');
      await dialog.getByRole('button', { name: 'Включить' }).click();
      await dialog.getByText(/^Включены: за 2 дн\. до срока/).waitFor();
      // The deadline is a day away: the next poll of the server sends the automatic reminders.
      await j.t.app.jobs.tick();
      const automatic = (await smtp.waitFor(4)).slice(2);
      expect(automatic.map((mail) => mail.recipients[0]).sort()).toEqual(['municipal@fixture.test', 'municipalkirovcity@fixture.test']);

      // The link in the message opens the district's page for its coordinator.
      const coordinator = await j.browser.newPage();
      await signIn(coordinator, j.baseUrl, 'municipal@fixture.test');
      await coordinator.goto(link);
      await coordinator.getByText('МКОУ ООШ с. Вожгалы').first().waitFor();
      await coordinator.close();
      await page.close();
    } finally {
      await j.close();
    }
  });

  it('without a mail server, says why sending is off and offers each message to copy or open in a mail program', async () => {
    const j: Journey = await startJourney();
    try {
      const id = await draftCampaign(j.t, { title: 'Кампания без почтового сервера' });
      await launchCampaign(j.t, id);
      const context = await j.browser.newContext();
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: j.baseUrl });
      const page = await context.newPage();
      await signIn(page, j.baseUrl, 'regional@fixture.test');
      await page.goto(`${j.baseUrl}/campaigns/${id}`);
      await page.getByRole('button', { name: 'Напомнить отстающим' }).click();
      const dialog = page.getByRole('dialog', { name: 'Напомнить отстающим' });
      const send = dialog.getByRole('button', { name: 'Отправить письма (2)' });
      await send.waitFor();
      expect(await send.isDisabled()).toBe(true);
      await dialog.getByText(/^Отправка недоступна: на сервере не настроена почта \(переменные SMTP_URL и MAIL_FROM\)/).waitFor();
      expect(await send.getAttribute('aria-describedby')).toBeTruthy();

      const kumeny = dialog.getByRole('article', { name: 'Письмо: Тестовый пользователь municipal', exact: true });
      const mailto = await kumeny.getByRole('link', { name: 'Открыть в почтовой программе' }).getAttribute('href');
      expect(mailto).toMatch(/^mailto:municipal@fixture\.test\?subject=/);
      expect(new URL(mailto!).searchParams.get('body')).toContain('МКОУ СОШ пгт Кумёны');
      await kumeny.getByRole('button', { name: 'Скопировать письмо' }).click();
      await kumeny.getByRole('button', { name: 'Скопировано' }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^Кому: municipal@fixture\.test\nТема: Напоминание: «Кампания без почтового сервера»/);
      expect(copied).toContain(`${j.baseUrl}/campaigns/${id}/municipalities/${j.t.fixture.municipalities.kumeny}`);
      await dialog.getByText('Без почтового сервера автоматические напоминания отправлять нечем.').waitFor();
      await context.close();
    } finally {
      await j.close();
    }
  });
});
