import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { auditLog, jobs, responses } from '../db/schema';
import { generateAccessCode } from './modules/access/access-code';
import type { SurveyJson } from './modules/methodology/assemble';
import { sampleAnswers } from './modules/methodology/sample-answers';
import type { IssuedCode } from './test/campaign-journey';
import { createTestDatabase } from './test/database';
import { FIXTURE_PASSWORD } from './test/fixture';
import { startServerProcess, type ServerProcess } from './test/server-process';
import { startTestSmtpServer, type TestSmtpServer } from './test/smtp';
import { until } from './test/until';

/**
 * Two compiled server processes on one PostgreSQL database, as behind a balancer: whatever one instance does, the
 * other sees at once, because nothing that matters lives in a process's memory.
 */
let database: DatabaseHandle & { url?: string };
let smtp: TestSmtpServer;
let a: ServerProcess;
let b: ServerProcess;
const extra: ServerProcess[] = [];
const fixture = inject('fixture');

function instanceEnv(): Record<string, string | undefined> {
  return {
    DATABASE_URL: database.url!,
    DB_POOL_SIZE: '5',
    // No secret in the environment: the instances must agree on the one generated into the database.
    JWT_SECRET: undefined,
    SEED_DEMO: undefined,
    // The test is the proxy: each client tells its own address, so the tests' rate limits never meet.
    TRUST_PROXY: 'loopback',
    JOBS_POLL_SECONDS: '1',
    SMTP_URL: smtp.config.smtpUrl,
    MAIL_FROM: smtp.config.mailFrom,
    PUBLIC_URL: 'https://muko.example.ru',
  };
}

/** How long a wait for another process may take on a busy 2-core machine, and how often it looks. */
const busyMachine = { deadlineMs: 30_000, stepMs: 50 };

/** A busy 2-core machine can take a while to start a process. */
const startInstance = () => startServerProcess(instanceEnv(), { startupTimeoutMs: 120_000 });

beforeAll(async () => {
  database = await createTestDatabase();
  if (!database.url) throw new Error('the two-instance test needs a PostgreSQL test database');
  // Each message is held a while, so jobs claimed by both instances overlap in time.
  smtp = await startTestSmtpServer({ delayMs: 100 });
  // Started together: both race to create the shared secrets on a first start.
  [a, b] = await Promise.all([startInstance(), startInstance()]);
}, 240_000);
afterAll(async () => {
  for (const server of [a, b, ...extra]) await server?.stop('SIGKILL');
  await smtp?.close();
  await database?.close();
});

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

interface CallOptions {
  token?: string;
  cookie?: string;
  body?: unknown;
  /** The client's address, as the proxy in front tells it (X-Forwarded-For). */
  from?: string;
}

async function call(server: ServerProcess, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.from) headers['x-forwarded-for'] = options.from;
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

let addresses = 0;
/** A client address no other request of this file used. */
const newAddress = () => `10.77.${++addresses >> 8}.${addresses & 255}`;

async function signIn(server: ServerProcess, email: string): Promise<string> {
  const reply = await call(server, 'POST', '/api/auth/token', { body: { email, password: FIXTURE_PASSWORD }, from: newAddress() });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.token as string;
}

/** A Kirov campaign drafted and launched on `server`; its id and codes. */
async function launchedCampaign(server: ServerProcess, token: string, title: string): Promise<{ id: number; codes: IssuedCode[] }> {
  const created = await call(server, 'POST', '/api/campaigns', {
    token,
    body: {
      title,
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1', '2.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const launched = await call(server, 'POST', `/api/campaigns/${created.body.id}/launch`, { token });
  expect(launched.status, JSON.stringify(launched.body)).toBe(200);
  const codes = await call(server, 'GET', `/api/campaigns/${created.body.id}/access-codes`, { token });
  expect(codes.status).toBe(200);
  return { id: created.body.id, codes: codes.body.codes };
}

interface Respondent {
  cookie: string;
  responseId: number;
  definition: SurveyJson;
}

/** A respondent enters a code on `server`: the session cookie, the form's id and its questionnaire. */
async function enter(server: ServerProcess, code: string): Promise<Respondent> {
  const entered = await call(server, 'POST', '/api/respondent/session', { body: { code }, from: newAddress() });
  expect(entered.status, JSON.stringify(entered.body)).toBe(200);
  const cookie = entered.headers.get('set-cookie')!.split(';')[0]!;
  const definition = await call(server, 'GET', '/api/respondent/definition', { cookie });
  expect(definition.status).toBe(200);
  return { cookie, responseId: entered.body.responseId, definition: definition.body };
}

const saveBody = (answers: Record<string, unknown>, revision: number) => ({ answers, revision, currentPage: 0, saveId: randomUUID() });

describe('two instances on one database', () => {
  it('a staff session made on A works on B, and a logout on A is refused on B at once', async () => {
    const token = await signIn(a, 'regional@fixture.test');
    const me = await call(b, 'GET', '/api/me', { token });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.email).toBe('regional@fixture.test');

    expect((await call(a, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    // No waiting: the very next request on the other instance is refused.
    const after = await call(b, 'GET', '/api/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.message).toMatch(/Сеанс завершён/);
    expect((await call(a, 'GET', '/api/me', { token })).status).toBe(401);
  }, 60_000);

  it('a respondent session made on A works on B', async () => {
    const token = await signIn(a, 'regional@fixture.test');
    const { codes } = await launchedCampaign(a, token, 'Сеанс респондента на двух экземплярах');
    const respondent = await enter(a, codes[0]!.code);
    const context = await call(b, 'GET', '/api/respondent/questionnaire', { cookie: respondent.cookie });
    expect(context.status, JSON.stringify(context.body)).toBe(200);
    expect(context.body.responseId).toBe(respondent.responseId);
  }, 60_000);

  it('a respondent logout on A is refused on B at once', async () => {
    const token = await signIn(a, 'regional@fixture.test');
    const { codes } = await launchedCampaign(a, token, 'Выход респондента на двух экземплярах');
    const respondent = await enter(a, codes[0]!.code);
    expect((await call(b, 'GET', '/api/respondent/questionnaire', { cookie: respondent.cookie })).status).toBe(200);

    expect((await call(a, 'DELETE', '/api/respondent/session', { cookie: respondent.cookie })).status).toBe(204);
    // The session row is revoked in the database: the other instance refuses the same cookie on its next request.
    expect((await call(b, 'GET', '/api/respondent/questionnaire', { cookie: respondent.cookie })).status).toBe(401);
  }, 60_000);

  it('counts failed logins on A and on B against one limit', async () => {
    const from = newAddress();
    const attempt = (server: ServerProcess) =>
      call(server, 'POST', '/api/auth/token', { body: { email: 'nobody@fixture.test', password: 'wrong-password-1' }, from });
    const remaining: number[] = [];
    for (const server of [a, b, a, b, a]) {
      const failed = await attempt(server);
      expect(failed.status, JSON.stringify(failed.body)).toBe(401);
      remaining.push(failed.body.error.details.remainingAttempts);
    }
    // One allowance of five for this account from this address, whichever instance was asked.
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    for (const server of [b, a]) {
      const refused = await attempt(server);
      expect(refused.status, JSON.stringify(refused.body)).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  }, 60_000);

  it('counts failed entries of one code on A and on B against one limit', async () => {
    const guess = generateAccessCode();
    // Ten addresses (a whole network guessing), alternating instances: the code's own limit of ten is reached.
    for (let i = 0; i < 10; i++) {
      const failed = await call(i % 2 ? b : a, 'POST', '/api/respondent/session', { body: { code: guess }, from: newAddress() });
      expect(failed.status, JSON.stringify(failed.body)).toBe(404);
    }
    for (const server of [a, b]) {
      const refused = await call(server, 'POST', '/api/respondent/session', { body: { code: guess }, from: newAddress() });
      expect(refused.status, JSON.stringify(refused.body)).toBe(429);
      expect(refused.body.error.message).toMatch(/попыток входа с этим кодом/);
    }
  }, 60_000);

  it('a campaign launched on A takes saves and submissions on B; a scoring run on A is read on B', async () => {
    const regional = await signIn(a, 'regional@fixture.test');
    const { id, codes } = await launchedCampaign(a, regional, 'Кампания на двух экземплярах');
    expect(codes).toHaveLength(9);

    for (const code of codes) {
      const respondent = await enter(b, code.code);
      const full = sampleAnswers(respondent.definition);
      const firstKey = Object.keys(full)[0]!;
      const saved = await call(b, 'PUT', '/api/respondent/answers', {
        cookie: respondent.cookie,
        body: saveBody({ [firstKey]: full[firstKey] }, 0),
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body.revision).toBe(1);
      const submitted = await call(b, 'POST', '/api/respondent/submit', { cookie: respondent.cookie, body: saveBody(full, 1) });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      expect(submitted.body.status).toBe('submitted');
    }
    // The coordinators of both districts submit their municipal forms on B.
    for (const [email, municipalityId] of [
      ['municipal@fixture.test', fixture.municipalities.kumeny],
      ['municipalkirovcity@fixture.test', fixture.municipalities.kirovCity],
    ] as const) {
      const token = await signIn(b, email);
      const base = `/api/campaigns/${id}/municipal-forms/${municipalityId}`;
      const definition = await call(b, 'GET', `${base}/definition`, { token });
      expect(definition.status, JSON.stringify(definition.body)).toBe(200);
      const submitted = await call(b, 'POST', `${base}/submit`, { token, body: saveBody(sampleAnswers(definition.body), 0) });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    // A scores everything B took.
    expect((await call(a, 'POST', `/api/campaigns/${id}/close`, { token: regional })).status).toBe(200);
    const run = await call(a, 'POST', `/api/campaigns/${id}/scoring-runs`, { token: regional });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body.inputs).toMatchObject({ municipalities: 2, schools: 3, questionnaires: 9, municipalForms: 2 });

    const regionalOnB = await signIn(b, 'regional@fixture.test');
    const runs = await call(b, 'GET', `/api/campaigns/${id}/scoring-runs`, { token: regionalOnB });
    expect(runs.status).toBe(200);
    expect(runs.body.map((r: { id: number }) => r.id)).toEqual([run.body.id]);
    const matrix = await call(b, 'GET', `/api/campaigns/${id}/results`, { token: regionalOnB });
    expect(matrix.status, JSON.stringify(matrix.body)).toBe(200);
    expect(matrix.body.run.id).toBe(run.body.id);
    expect(matrix.body.municipalities).toHaveLength(2);
  }, 180_000);

  it('runs each automatic reminder once while both instances poll the jobs table', async () => {
    const regional = await signIn(a, 'regional@fixture.test');
    // More coordinators than instances, so both find jobs to claim in the same second.
    const added = Array.from({ length: 6 }, (_, i) => `kumeny-${i}@fixture.test`);
    for (const [i, email] of added.entries()) {
      const created = await call(a, 'POST', '/api/users', {
        token: regional,
        body: {
          email,
          fullName: `Координатор Куменского района ${i}`,
          role: 'municipal_coordinator',
          municipalityId: fixture.municipalities.kumeny,
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const { id } = await launchedCampaign(a, regional, 'Напоминания на двух экземплярах');
    // Set on B, due at once (the deadline is a day away), run by whichever instance polls first.
    const scheduled = await call(b, 'PUT', `/api/campaigns/${id}/reminder-schedule`, { token: regional, body: { daysBefore: 3 } });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);

    const recipients = ['municipal@fixture.test', 'municipalkirovcity@fixture.test', ...added].sort();
    await smtp.waitFor(recipients.length, 60_000);
    await until(
      async () => {
        const rows = await database.db.select({ doneAt: jobs.doneAt }).from(jobs);
        return rows.length === recipients.length && rows.every((row) => row.doneAt !== null);
      },
      'every reminder job marked done',
      busyMachine,
    );
    // Not a synchronisation but an observation window: three more polls of each instance must send nothing more.
    await new Promise((resolve) => setTimeout(resolve, 3_500));

    expect(smtp.received.map((mail) => mail.recipients.join()).sort()).toEqual(recipients);
    const rows = await database.db.select().from(jobs);
    expect(rows).toHaveLength(recipients.length);
    expect(rows.every((row) => row.attempts === 1 && row.lastError === null)).toBe(true);
    const sent = await database.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.action, 'campaign.reminder_sent'));
    expect(sent.filter((row) => Number(row.entityId) === id)).toHaveLength(recipients.length);
  }, 120_000);
});

interface LoadClient extends Respondent {
  keys: string[];
  full: Record<string, unknown>;
  acked: { revision: number; answers: Record<string, unknown> } | null;
  revisions: number[];
  acksOnStopping: number;
  acksOnOther: number;
  retriedOnOther: number;
}

/**
 * A save whose request is in flight: the server has read its headers (it answered «100 Continue») and waits for the
 * rest of the body, which `finish` sends.
 */
function startSlowSave(server: ServerProcess, cookie: string, body: unknown): Promise<{ finish(): Promise<Reply> }> {
  const payload = Buffer.from(JSON.stringify(body));
  const half = payload.length >> 1;
  return new Promise((started, failed) => {
    const request = httpRequest(new URL('/api/respondent/answers', server.baseUrl), {
      method: 'PUT',
      agent: false,
      headers: { cookie, 'content-type': 'application/json', 'content-length': payload.length, expect: '100-continue' },
    });
    const response = new Promise<Reply>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, headers: new Headers() }));
        res.on('error', reject);
      });
      request.on('error', reject);
    });
    response.catch(() => undefined);
    request.on('error', failed);
    request.on('continue', () => {
      request.write(payload.subarray(0, half));
      started({
        finish() {
          request.end(payload.subarray(half));
          return response;
        },
      });
    });
    request.flushHeaders();
  });
}

describe('a SIGTERM drill', () => {
  it('an instance under autosave load drains, exits 0, keeps every acknowledged save, and its clients carry on on A', async () => {
    const stopping = await startInstance();
    extra.push(stopping);
    const regional = await signIn(a, 'regional@fixture.test');
    const { codes } = await launchedCampaign(a, regional, 'Остановка экземпляра под нагрузкой');
    const [slowCode, ...loadCodes] = codes;
    const slow = await enter(stopping, slowCode!.code);
    const slowAnswers = sampleAnswers(slow.definition);
    const clients: LoadClient[] = [];
    for (const code of loadCodes) {
      const respondent = await enter(stopping, code.code);
      const full = sampleAnswers(respondent.definition);
      clients.push({
        ...respondent,
        keys: Object.keys(full),
        full,
        acked: null,
        revisions: [],
        acksOnStopping: 0,
        acksOnOther: 0,
        retriedOnOther: 0,
      });
    }

    let signalled = false;
    const afterSignal: string[] = [];
    // Each client saves a growing part of its answers as fast as it can. When the instance refuses (503 while it
    // closes) or is gone, the same save (same id, same revision) is sent to A, and the client stays there.
    const drive = async (client: LoadClient) => {
      let target: ServerProcess = stopping;
      for (let step = 1; client.acksOnOther < 3; step++) {
        const answers = Object.fromEntries(client.keys.slice(0, (step % client.keys.length) + 1).map((key) => [key, client.full[key]]));
        const body = saveBody(answers, client.acked?.revision ?? 0);
        for (;;) {
          let reply: Reply | undefined;
          try {
            reply = await call(target, 'PUT', '/api/respondent/answers', { cookie: client.cookie, body });
          } catch {
            // the connection was closed: the instance is going away
          }
          if (target === stopping && signalled) afterSignal.push(String(reply?.status ?? 'closed'));
          if (reply?.status === 200) {
            client.acked = { revision: reply.body.revision, answers };
            client.revisions.push(reply.body.revision);
            if (target === stopping) client.acksOnStopping++;
            else client.acksOnOther++;
            break;
          }
          if (target === stopping && (!reply || reply.status === 503)) {
            target = a;
            client.retriedOnOther++;
            continue;
          }
          throw new Error(`a save was refused: ${reply?.status} ${JSON.stringify(reply?.body)}`);
        }
      }
    };
    const load = Promise.all(clients.map(drive));
    load.catch(() => undefined);
    const inFlight = await startSlowSave(stopping, slow.cookie, saveBody(slowAnswers, 0));
    await until(() => clients.every((client) => client.acksOnStopping >= 2), 'every client saving on the instance', busyMachine);

    signalled = true;
    stopping.child.kill('SIGTERM');
    // Closing has begun once it refuses new work: 503 on a kept-alive connection, or no connection at all.
    await until(
      async () => {
        try {
          return (await fetch(`${stopping.baseUrl}/api/health`)).status === 503;
        } catch {
          return true;
        }
      },
      'the instance to start closing',
      busyMachine,
    );
    // The request that was in flight when the signal came is still answered, and its save is kept.
    const slowSaved = await inFlight.finish();
    expect(slowSaved.status, JSON.stringify(slowSaved.body)).toBe(200);
    expect(slowSaved.body.revision).toBe(1);

    await load;
    await until(() => stopping.child.exitCode !== null || stopping.child.signalCode !== null, 'the instance to exit', busyMachine);
    expect(stopping.child.exitCode, stopping.output()).toBe(0);
    // While it closed, the instance answered, refused with 503, or had already closed: never an error.
    expect(afterSignal.filter((outcome) => !['200', '503', 'closed'].includes(outcome))).toEqual([]);

    for (const client of [...clients, { ...slow, acked: { revision: 1, answers: slowAnswers }, revisions: [1], retriedOnOther: 1 }]) {
      // Every client moved to A and its retry there succeeded; its acknowledged revisions only went up.
      expect(client.retriedOnOther).toBeGreaterThanOrEqual(1);
      expect(client.revisions).toEqual([...client.revisions].sort((x, y) => x - y));
      expect(new Set(client.revisions).size).toBe(client.revisions.length);
      // Nothing is in flight any more: what is stored is exactly the last acknowledged save.
      const [stored] = await database.db
        .select({ revision: responses.revision, answers: responses.answers })
        .from(responses)
        .where(eq(responses.id, client.responseId));
      expect(stored).toEqual(client.acked);
    }
  }, 300_000);
});
