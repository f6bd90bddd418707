import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { users } from '../../db/schema';
import { buildApp, type App } from '../../server/app';
import { hashPassword } from '../../server/modules/auth/password';
import { testConfig } from '../../server/test/app';
import { collectedCampaign } from '../../server/test/campaign-journey';
import { createEmptyTestDatabase } from '../../server/test/database';
import { FIXTURE_PASSWORD } from '../../server/test/fixture';
import { signIn, startJourney, type Journey } from './harness';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

let j: Journey;
let campaignId: number;
/** A second, empty installation with only its administrator: where the backup goes. */
let fresh: { app: App; database: DatabaseHandle; baseUrl: string };

beforeAll(async () => {
  j = await startJourney();
  ({ campaignId } = await collectedCampaign(j.t, { title: 'Кампания для переноса', mechanismCodes: ['1.1'] }));
  const database = await createEmptyTestDatabase();
  await database.db.insert(users).values({
    email: 'admin@new.test',
    fullName: 'Администратор новой установки',
    role: 'admin',
    passwordHash: await hashPassword(FIXTURE_PASSWORD),
  });
  const app = await buildApp(testConfig({ clientDistDir: distDir }), database);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  fresh = { app, database, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
});
afterAll(async () => {
  await fresh?.app.close();
  await fresh?.database.close();
  await j?.close();
});

describe('campaign backup in the browser', () => {
  it('a regional coordinator downloads a backup; the administrator of a new installation loads it and sees the campaign', async () => {
    const page = await j.browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    await signIn(page, j.baseUrl, 'regional@fixture.test');
    await page.goto(`${j.baseUrl}/campaigns/${campaignId}`);
    await page.getByRole('heading', { name: 'Кампания для переноса' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Резервная копия' }).click()]);
    expect(download.suggestedFilename()).toBe(`kampaniya-${campaignId}.ndjson.gz`);
    const file = await readFile(await download.path());
    expect(JSON.parse(gunzipSync(file).toString('utf8').split('\n')[0]!)).toMatchObject({ type: 'header', format: 'muko-campaign-backup' });
    await page.close();

    const admin = await j.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(admin, fresh.baseUrl, 'admin@new.test');
    await admin.goto(`${fresh.baseUrl}/campaigns`);
    await admin.getByText('Кампаний пока нет.').waitFor();
    await admin.getByRole('button', { name: 'Загрузить из резервной копии' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Загрузить кампанию из резервной копии' });
    // A damaged file is refused with the reason, and nothing is loaded.
    await dialog
      .getByLabel('Файл резервной копии')
      .setInputFiles({ name: 'broken.ndjson.gz', mimeType: 'application/gzip', buffer: file.subarray(0, 60) });
    await dialog.getByRole('button', { name: 'Загрузить' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'обрезан' }).waitFor();

    await dialog
      .getByLabel('Файл резервной копии')
      .setInputFiles({ name: `kampaniya-${campaignId}.ndjson.gz`, mimeType: 'application/gzip', buffer: file });
    await dialog.getByRole('button', { name: 'Загрузить' }).click();
    // Signed by the other installation: loaded only once the administrator vouches for it.
    await dialog.getByRole('alert').filter({ hasText: 'сделана в другой установке' }).waitFor();
    await dialog.getByRole('button', { name: 'Я доверяю источнику — загрузить' }).click();
    await admin.getByRole('heading', { name: 'Кампания для переноса' }).waitFor();
    await admin.getByText('Кировская область').first().waitFor();
    await admin.goto(`${fresh.baseUrl}/campaigns`);
    await admin.getByRole('link', { name: 'Кампания для переноса' }).waitFor();
    await admin.close();
  });
});
