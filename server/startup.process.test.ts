import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './test/server-process';

/** `npm start` on a fresh machine: no DATABASE_URL, an empty data folder. */
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'muko-start-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

const env = () => ({ DATABASE_URL: undefined, SEED_DEMO: undefined, JWT_SECRET: undefined, DATA_DIR: dataDir });
// Creating the embedded database and scoring the demo campaigns takes a few seconds alone, more on a busy CI box.
const slowStart = { startupTimeoutMs: 90_000 };

async function signIn(baseUrl: string, email: string) {
  const response = await fetch(`${baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo12345' }),
  });
  return { status: response.status, body: await response.json() };
}

describe('first start on the embedded database', () => {
  it('seeds the demo region once, lets every demo login in, and shuts down cleanly on SIGTERM', async () => {
    const first = await startServerProcess(env(), slowStart);
    const logins = {
      'admin@demo.local': 'admin',
      'region@demo.local': 'regional_coordinator',
      'kumeny@demo.local': 'municipal_coordinator',
      'expert@demo.local': 'expert',
    };
    let token = '';
    for (const [email, role] of Object.entries(logins)) {
      const { status, body } = await signIn(first.baseUrl, email);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.user.role).toBe(role);
      if (role === 'regional_coordinator') token = body.token;
    }
    const campaigns = async (baseUrl: string) =>
      (await fetch(`${baseUrl}/api/campaigns`, { headers: { authorization: `Bearer ${token}` } })).json();
    // The two scored Kirov campaigns and this year's open preschool one.
    expect((await campaigns(first.baseUrl)).map((c: { year: number }) => c.year).sort()).toEqual([2020, 2021, new Date().getFullYear()]);

    await first.stop('SIGTERM');
    expect(first.child.exitCode, first.output()).toBe(0);

    // The data folder was released and closed properly: a second start opens it, keeps the session, seeds nothing.
    const second = await startServerProcess(env(), slowStart);
    try {
      expect((await campaigns(second.baseUrl)).length).toBe(3);
    } finally {
      await second.stop('SIGTERM');
    }
    expect(second.child.exitCode, second.output()).toBe(0);
  }, 240_000);
});
