import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { defaultPoolSize, type DatabaseTarget } from '../db/client';

/**
 * Which peers may tell the client's address in X-Forwarded-For: nobody (0), the nearest N proxies (a hop count), or
 * the proxies at these addresses and networks. The client is then the right-most address that is not a trusted
 * proxy — never the left-most, which the client itself writes.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for the loopback, link-local and private ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrNetwork(value: string): boolean {
  if (PROXY_RANGE_NAMES.has(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    if (['', '0', 'false', 'no'].includes(value)) return false;
    // «1» (and the old «true») mean one proxy in front, such as nginx on the same server.
    if (value === 'true' || value === 'yes') return 1;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const wrong = entries.filter((entry) => !isAddressOrNetwork(entry));
    if (wrong.length) {
      context.addIssue({
        code: 'custom',
        message: `ожидается число прокси перед сервером или их адреса и сети через запятую (127.0.0.1, 10.0.0.0/8, loopback); не подходит: ${wrong.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });

const flag = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((value) => value === '1' || value === 'true' || value === 'yes');

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'ожидается адрес вида postgres://пользователь@сервер:5432/база')
      .optional(),
    MIGRATION_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'ожидается адрес вида postgres://владелец@сервер:5432/база')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    JWT_SECRET: z.string().min(32, 'не короче 32 символов').optional(),
    SESSION_TTL_HOURS: z.coerce.number().min(1).max(720).default(12),
    COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    TRUST_PROXY: trustProxy.default(false),
    SEED_DEMO: flag.optional(),
    PUBLIC_URL: z.url().optional(),
    CODE_ENCRYPTION_KEY: z
      .string()
      .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9_\-+/]{43}=?)$/, 'ожидается ключ из 32 байт: base64 или 64 шестнадцатеричных знака')
      .optional(),
    CODE_ENCRYPTION_PREVIOUS_KEYS: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(defaultPoolSize()),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'ожидается адрес вида smtp://пользователь:пароль@сервер:587 или smtps://…:465')
      .optional(),
    MAIL_FROM: z.string().trim().min(3).max(200).optional(),
    JOBS_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    RESTORE_MAX_ROWS: z.coerce.number().int().min(1).max(100_000_000).default(2_000_000),
    METRICS: flag.default(false),
  })
  .refine((e) => !e.MIGRATION_DATABASE_URL || e.DATABASE_URL, {
    path: ['MIGRATION_DATABASE_URL'],
    message: 'задаётся вместе с DATABASE_URL (встроенная база работает с одной ролью)',
  })
  .refine((e) => !e.SMTP_URL || e.MAIL_FROM, {
    path: ['MAIL_FROM'],
    message: 'с SMTP_URL нужен адрес отправителя, например «МУКО <muko@example.ru>»',
  });

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** When absent, a secret is generated once and kept in the database, shared by every instance. */
  jwtSecret?: string;
  sessionTtlHours: number;
  cookieSecure: 'auto' | boolean;
  trustProxy: TrustProxy;
  /** undefined: seed only into a fresh embedded database. */
  seedDemo?: boolean;
  /** Address respondents type in, printed on access slips. */
  publicUrl?: string;
  /** Overrides the access-code encryption key kept in the database; earlier keys still decrypt. */
  codeEncryptionKey?: string;
  previousCodeEncryptionKeys?: string[];
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** GET /api/metrics for Prometheus. */
  metrics: boolean;
  /** Where reminders are sent through (nodemailer URL); without it messages are only previewed. */
  smtpUrl?: string;
  /** The From of every message; required with smtpUrl. */
  mailFrom?: string;
  /** How often an instance looks for due background jobs (automatic reminders); absent or 0: never (tests). */
  jobPollIntervalMs?: number;
  /** The most rows a campaign restore may create (checked against the backup's header, and as its lines arrive). */
  restoreMaxRows?: number;
  /** Built client served by the server; absent in API-only tests. */
  clientDistDir?: string;
}

/**
 * The option fastify takes. A hop count is a function of the position alone: fastify reads a bare number as
 * «trust nobody», so `1` would silently stop working behind nginx.
 */
export function trustProxyOption(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Ошибка конфигурации (переменные окружения):\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, maxConnections: e.DB_POOL_SIZE, migrationUrl: e.MIGRATION_DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(cwd, e.DATA_DIR) },
    jwtSecret: e.JWT_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    publicUrl: e.PUBLIC_URL,
    codeEncryptionKey: e.CODE_ENCRYPTION_KEY,
    previousCodeEncryptionKeys: (e.CODE_ENCRYPTION_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    metrics: e.METRICS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    jobPollIntervalMs: e.JOBS_POLL_SECONDS * 1000,
    restoreMaxRows: e.RESTORE_MAX_ROWS,
    clientDistDir: path.resolve(cwd, 'client/dist'),
  };
}
