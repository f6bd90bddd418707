import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { sessions } from '../../db/schema';
import { buildApp, type App, type BuildOptions } from '../app';
import type { AppConfig } from '../config';
import { createTestDatabase } from './database';
import type { FixtureUserKey, TestFixture } from './fixture';

export const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  port: 0,
  host: '127.0.0.1',
  database: { kind: 'pglite' },
  jwtSecret: 'test-secret-test-secret-test-secret-0123',
  sessionTtlHours: 12,
  cookieSecure: false,
  trustProxy: false,
  logLevel: 'silent',
  // On in tests, so that the access matrix, the probes and the fuzzing cover /api/metrics.
  metrics: true,
  ...overrides,
});

export interface TestApp {
  app: App;
  database: DatabaseHandle;
  fixture: TestFixture;
  /** A Bearer header for a fixture user, with a real session row (no password hashing per test). */
  authAs(user: FixtureUserKey): Promise<Record<string, string>>;
  /** Like authAs, but a session of its own, for calls that end or change it. */
  newSession(user: FixtureUserKey, ttlSeconds?: number): Promise<Record<string, string>>;
  /** app.inject as a fixture user (or anonymously with null). */
  request(user: FixtureUserKey | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<AppConfig> = {}, buildOptions: BuildOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp(testConfig(overrides), database, buildOptions);
  await app.ready();
  const fixture = inject('fixture');
  const tokens = new Map<FixtureUserKey, string>();

  async function sessionToken(user: FixtureUserKey, ttlSeconds = 3600) {
    const sid = randomUUID();
    await database.db
      .insert(sessions)
      .values({ id: sid, userId: fixture.users[user].id, expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
    return app.jwt.sign({ typ: 'staff', sid }, { expiresIn: ttlSeconds });
  }

  async function authAs(user: FixtureUserKey) {
    let token = tokens.get(user);
    if (!token) {
      token = await sessionToken(user);
      tokens.set(user, token);
    }
    return { authorization: `Bearer ${token}` };
  }

  return {
    app,
    database,
    fixture,
    authAs,
    newSession: async (user, ttlSeconds) => ({ authorization: `Bearer ${await sessionToken(user, ttlSeconds)}` }),
    async request(user, options) {
      const headers = { ...(user ? await authAs(user) : {}), ...(options.headers ?? {}) };
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let addresses = 0;
/** A client address no other request of the test file used, so per-address rate limits stay out of the way. */
export function uniqueAddress(): string {
  addresses++;
  return `10.${200 + (addresses >> 16)}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** The standard error body, asserted loosely enough to read well in tests. */
export function errorOf(response: LightMyRequestResponse): { code: string; message: string; details?: unknown } {
  return response.json().error;
}
