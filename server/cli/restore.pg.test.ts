import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { createBackupService, loadBackupSigningKey } from '../modules/backup/backup.service';
import { createTestApp, type TestApp } from '../test/app';
import { draftCampaign } from '../test/campaign-journey';
import { createEmptyTestDatabase } from '../test/database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let source: TestApp;
let target: DatabaseHandle & { url?: string };
let dir: string;
let file: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestApp(), createEmptyTestDatabase()]);
  if (!target.url) throw new Error('the restore command test needs a PostgreSQL test database');
  dir = await mkdtemp(path.join(tmpdir(), 'muko-restore-cli-'));
  file = path.join(dir, 'kampaniya.ndjson.gz');
  await createBackupService({ db: source.database.db, signingKey: await loadBackupSigningKey(source.database.db) }).exportCampaign(
    await draftCampaign(source),
    createWriteStream(file),
  );
}, 120_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function restore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/restore.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: target.url! },
  })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));
}

describe('npm run restore', () => {
  it('loads another installation’s backup only with --foreign', async () => {
    const refused = await restore(file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('сделана в другой установке');
    const loaded = await restore('--foreign', file);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('Кампания «Кампания теста» загружена');
    expect((await restore('--foreign')).code).toBe(2);
  });
});
