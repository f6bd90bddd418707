import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppConfig } from '../../server/config';
import { createTestApp, type TestApp } from '../../server/test/app';
import { FIXTURE_PASSWORD } from '../../server/test/fixture';
import { chromiumPath } from './browser-tier';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

export interface Journey {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A real server on a free port with the built client, and Debian's Chromium driven by playwright-core. */
export async function startJourney(config: Partial<AppConfig> = {}): Promise<Journey> {
  const t = await createTestApp({ clientDistDir: distDir, ...config });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  return {
    t,
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

export async function signIn(page: Page, baseUrl: string, email: string, password = FIXTURE_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
}
