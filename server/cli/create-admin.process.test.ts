import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'muko-admin-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

/** `npm run create-admin -- …` on an embedded database of its own. */
function createAdmin(args: string[], input?: string) {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined };
  delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/create-admin.ts', ...args], {
    cwd: root,
    env,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('create-admin', () => {
  it('refuses a short or common password from standard input with the reason, and takes a good one', () => {
    for (const [password, reason] of [
      ['admin2026', /не короче 10 символов/],
      ['qwertyuiop', /распространённых паролей/],
      ['йцукенгшщз', /распространённых паролей/],
      ['Password123', /распространённых паролей/],
    ] as const) {
      const refused = createAdmin(['chief@example.ru', 'Главный Администратор', '--password-stdin'], `${password}\n`);
      expect(refused.status, password).toBe(2);
      expect(refused.stderr).toMatch(reason);
    }
    const created = createAdmin(['chief@example.ru', 'Главный Администратор', '--password-stdin'], 'Кировская-весна-2026\n');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Администратор chief@example\.ru создан с паролем из стандартного ввода/);
  }, 180_000);
});
