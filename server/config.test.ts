import { availableParallelism } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, trustProxyOption } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on port 3000', () => {
    const config = loadConfig({}, '/srv/muko');
    expect(config).toMatchObject({
      port: 3000,
      database: { kind: 'pglite', dataDir: path.resolve('/srv/muko/data') },
      cookieSecure: 'auto',
      sessionTtlHours: 12,
    });
    expect(config.seedDemo).toBeUndefined();
  });

  it('uses PostgreSQL when DATABASE_URL is set, and reads the other settings', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://u@db:5432/muko', PORT: '8080', SEED_DEMO: '1', COOKIE_SECURE: 'true', DATA_DIR: 'x' },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      database: { kind: 'postgres', url: 'postgres://u@db:5432/muko' },
      seedDemo: true,
      cookieSecure: true,
    });
  });

  it('gives each instance twice its cores plus one connections (at most 10), unless DB_POOL_SIZE says otherwise', () => {
    const url = 'postgres://u@db:5432/muko';
    expect(loadConfig({ DATABASE_URL: url }).database).toMatchObject({ maxConnections: Math.min(10, 2 * availableParallelism() + 1) });
    expect(loadConfig({ DATABASE_URL: url, DB_POOL_SIZE: '12' }).database).toMatchObject({ maxConnections: 12 });
    expect(() => loadConfig({ DATABASE_URL: url, DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
  });

  it('fails with a clear Russian message naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Ошибка конфигурации/);
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL: ожидается адрес вида postgres:/);
      expect(message).toMatch(/JWT_SECRET: не короче 32 символов/);
    }
  });

  it('reads the mail settings, asks for a sender with SMTP_URL, and polls for jobs every minute unless told otherwise', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ smtpUrl: undefined, jobPollIntervalMs: 60_000 });
    const config = loadConfig({ SMTP_URL: 'smtp://u:p@mail:587', MAIL_FROM: 'МУКО <muko@example.ru>', JOBS_POLL_SECONDS: '0' }, '/srv');
    expect(config).toMatchObject({ smtpUrl: 'smtp://u:p@mail:587', mailFrom: 'МУКО <muko@example.ru>', jobPollIntervalMs: 0 });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail:25' })).toThrow(/MAIL_FROM: с SMTP_URL нужен адрес отправителя/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.ru', MAIL_FROM: 'x@example.ru' })).toThrow(/SMTP_URL: ожидается адрес вида smtp:/);
  });

  it('reads TRUST_PROXY as nobody, a hop count, or proxy addresses and networks', () => {
    const trust = (TRUST_PROXY: string) => loadConfig({ TRUST_PROXY }).trustProxy;
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('true')).toBe(1);
    expect(trust('3')).toBe(3);
    expect(trust('127.0.0.1, 10.0.0.0/8,::1, fd00::/8, loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    for (const wrong of ['nginx', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/8', '-1']) {
      expect(() => trust(wrong), wrong).toThrow(/TRUST_PROXY: ожидается число прокси/);
    }
  });

  it('trusts a hop count by position, which fastify alone would read as «nobody»', () => {
    const option = trustProxyOption(2) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => option('203.0.113.1', hop))).toEqual([true, true, false]);
    expect(trustProxyOption(['127.0.0.1'])).toEqual(['127.0.0.1']);
  });
});
