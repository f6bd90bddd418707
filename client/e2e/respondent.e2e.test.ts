import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responses } from '../../db/schema';
import { launchCampaign, type IssuedCode } from '../../server/test/campaign-journey';
import { signIn, startJourney, type Journey } from './harness';
import { answerCurrentPage, sendAfterFinalCheck } from './survey-helpers';

let j: Journey;
let campaignId: number;
let director: IssuedCode;
let teacher: IssuedCode;
let others: IssuedCode[];

beforeAll(async () => {
  j = await startJourney();
  const created = await j.t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title: 'Анкетирование 2026',
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1', '2.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    },
  });
  campaignId = created.json().id;
  const codes = await launchCampaign(j.t, campaignId);
  director = codes.find((c) => c.respondentRole === 'director' && c.schoolId === j.t.fixture.schools.kumenySchool1)!;
  teacher = codes.find((c) => c.respondentRole === 'teacher' && c.schoolId === j.t.fixture.schools.kumenySchool1)!;
  others = codes.filter((c) => c.schoolId !== j.t.fixture.schools.kumenySchool1);
});
afterAll(async () => j?.close());

describe('a director fills the questionnaire', () => {
  it('enters a code, answers part, reloads, resumes on the same page and submits; dashboards show it', async () => {
    const context = await j.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${j.baseUrl}/anketa`);
    await page.getByLabel('Код доступа').fill(director.code.toLowerCase());
    await page.getByRole('button', { name: 'Открыть анкету' }).click();
    await page.getByText('МКОУ СОШ пгт Кумёны').waitFor();
    await page.locator('.sd-question').first().waitFor();

    await answerCurrentPage(page);
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByText('Ответы сохранены на сервере').waitFor();
    const secondPageTitle = await page.locator('.sd-page__title').first().textContent();

    const asked: string[] = [];
    page.on('request', (request) => void (request.url().includes('/api/respondent/') && asked.push(new URL(request.url()).pathname)));
    await page.reload();
    await page.locator('.sd-question').first().waitFor();
    expect(await page.locator('.sd-page__title').first().textContent()).toBe(secondPageTitle);
    // The page's inline script asked for the session's questionnaire at once, and the application took that answer.
    expect(asked.filter((path) => path === '/api/respondent/questionnaire')).toHaveLength(1);
    await page.getByRole('button', { name: 'Назад' }).click();
    expect(await page.locator('.sd-question input:checked').count()).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'Далее' }).click();

    await answerCurrentPage(page);
    await sendAfterFinalCheck(page);
    await page.getByRole('heading', { name: 'Анкета отправлена' }).waitFor();
    expect(await page.locator('.receipt-number').textContent()).toMatch(/^R\d+-[0-9A-F]{8}$/);
    await context.close();

    const staff = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(staff, j.baseUrl, 'municipal@fixture.test');
    await staff.goto(`${j.baseUrl}/campaigns/${campaignId}/municipalities/${j.t.fixture.municipalities.kumeny}`);
    const row = staff.getByRole('row', { name: /МКОУ СОШ пгт Кумёны/ });
    await row.waitFor();
    expect(await row.locator('.status-dot.submitted').count()).toBe(1);
    await staff.getByRole('button', { name: 'Выйти' }).click();

    await signIn(staff, j.baseUrl, 'regional@fixture.test');
    await staff.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    const kumeny = staff.getByRole('row', { name: /Куменский район/ });
    await kumeny.waitFor();
    expect(await kumeny.textContent()).toContain('1 из 6');
    await staff.close();
  });
});

describe('a teacher on a bad connection', () => {
  it('enters by the personal link, answers while offline, and the answers reach the server when the link returns', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const entries: string[] = [];
    page.on('request', (request) => void (request.url().endsWith('/api/respondent/session') && entries.push(request.method())));
    const refusedScripts: string[] = [];
    page.on('console', (message) => void (/Content Security Policy/.test(message.text()) && refusedScripts.push(message.text())));
    await page.goto(`${j.baseUrl}/anketa/k/${teacher.code}`);
    await page.locator('.sd-question').first().waitFor();
    // The page's inline script sent the code before the application ran (the CSP allows it by its hash), and the
    // application took its answer over: sending the code again is what a personal link refuses.
    expect(refusedScripts).toEqual([]);
    expect(entries).toEqual(['POST']);
    // The code leaves the address bar at once: a shared computer's history must not keep it.
    expect(new URL(page.url()).pathname).toBe('/anketa');
    await page.getByText('Педагогический работник', { exact: false }).first().waitFor();

    await context.setOffline(true);
    await answerCurrentPage(page);
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByText('Нет связи с сервером. Ответы сохранены на этом устройстве').waitFor();
    const stored = async () => {
      const [row] = await j.t.database.db
        .select({ answers: responses.answers })
        .from(responses)
        .where(eq(responses.id, teacher.responseId));
      return Object.keys(row?.answers ?? {}).length;
    };
    expect(await stored()).toBe(0);

    await context.setOffline(false);
    await page.getByText('Ответы сохранены на сервере').waitFor({ timeout: 20_000 });
    expect(await stored()).toBeGreaterThan(3);
    await context.close();

    // The next person at a shared computer opens the link from its history: asked for the code, told why.
    const next = await j.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const later = await next.newPage();
    await later.goto(`${j.baseUrl}/anketa/k/${teacher.code}`);
    await later.getByText('Эта личная ссылка уже открывалась', { exact: false }).waitFor();
    expect(await later.getByLabel('Код доступа').isVisible()).toBe(true);
    expect(await later.locator('.sd-question').count()).toBe(0);
    await next.close();
  });
});

describe('the next respondent on the same phone', () => {
  it('opens the page and its files from the service worker, without the network, and the answers reach the server', async () => {
    const [first, second] = [others.find((c) => c.respondentRole === 'director')!, others.find((c) => c.respondentRole === 'teacher')!];
    const context = await j.browser.newContext({ viewport: { width: 375, height: 667 } });
    const page = await context.newPage();
    await page.goto(`${j.baseUrl}/anketa/k/${first.code}`);
    await page.locator('.sd-question').first().waitFor();
    // The worker installs once the questionnaire is shown, and keeps the page and its files.
    const cached = () =>
      page.evaluate(async () => (await (await caches.open('muko-anketa')).keys()).map((request) => new URL(request.url).pathname));
    await page.waitForFunction(async () => (await caches.open('muko-anketa')).match('/anketa').then(Boolean), undefined, { polling: 100 });
    // The page is stored before the worker has finished installing; navigations are its own only once it is active.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));

    // From now on the network refuses the page and its files; the API still answers.
    const refused: string[] = [];
    await context.route(/\/(anketa|assets)(\/|$)/, async (route) => {
      refused.push(new URL(route.request().url()).pathname);
      await route.abort();
    });
    await page.goto(`${j.baseUrl}/anketa/k/${second.code}`);
    await page.getByText('Педагогический работник', { exact: false }).first().waitFor();
    await page.locator('.sd-question').first().waitFor();
    expect(refused.filter((path) => path.startsWith('/assets/'))).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/anketa');

    await answerCurrentPage(page);
    await page.getByRole('button', { name: 'Далее' }).click();
    await page.getByText('Ответы сохранены на сервере').waitFor();
    const [row] = await j.t.database.db.select({ answers: responses.answers }).from(responses).where(eq(responses.id, second.responseId));
    expect(Object.keys(row?.answers ?? {}).length).toBeGreaterThan(3);

    // Only the page (under its own address, never a code's) and hashed files are kept: no answers, no API.
    const kept = await cached();
    expect(kept).toContain('/anketa');
    expect(kept.every((path) => path === '/anketa' || path.startsWith('/assets/'))).toBe(true);
    await context.close();
  });
});
