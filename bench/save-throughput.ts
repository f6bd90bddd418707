import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import autocannon from 'autocannon';
import { createSigner } from 'fast-jwt';
import { defaultPoolSize, type Database } from '../db/client';
import { accessCodes, campaigns, respondentSessions, responses } from '../db/schema';
import type { RespondentRole } from '../db/schema/values';
import type { FrozenDefinition } from '../server/modules/campaigns/frozen-definition';
import { sortedAnswers } from '../server/modules/forms/answers-json';
import { checkAnswers } from '../server/modules/methodology/check';
import { sampleAnswers } from '../server/modules/methodology/sample-answers';
import { campaignScoring, storedQuestionnaireInput } from '../server/modules/scoring/campaign-scoring';
import { freePort, startServerProcess } from '../server/test/server-process';
import { plural } from '../server/lib/plural';
import { median, round, type Figure } from './measure';

const WARM_UP_SECONDS = 2;
/** Submissions made before the measured ones, while the server compiles the submit's code. */
const SUBMIT_WARM_UP = 3000;
/** Autosave and its ceiling alternate this many times; so do submit and its ceilings. */
const AUTOSAVE_ROUNDS = 2;
const SUBMIT_ROUNDS = 2;

interface Slot {
  responseId: number;
  accessCodeId: number;
  role: RespondentRole;
  /** The respondent session a code entry would have opened: every request's token names one. */
  sessionId: string;
}

async function openSlots(db: Database, campaignId: number): Promise<Slot[]> {
  const slots = await db
    .select({ responseId: responses.id, accessCodeId: accessCodes.id, role: responses.respondentRole })
    .from(responses)
    .innerJoin(accessCodes, and(eq(accessCodes.responseId, responses.id), isNull(accessCodes.revokedAt)))
    .where(and(eq(responses.campaignId, campaignId), eq(responses.status, 'not_started')))
    .orderBy(responses.id);
  const withSessions = slots.map((slot) => ({ ...slot, sessionId: randomUUID() }));
  const expiresAt = new Date(Date.now() + 24 * 3600_000);
  for (let i = 0; i < withSessions.length; i += 1000) {
    await db
      .insert(respondentSessions)
      .values(withSessions.slice(i, i + 1000).map(({ sessionId, accessCodeId }) => ({ id: sessionId, accessCodeId, expiresAt })));
  }
  return withSessions;
}

async function startBare(databaseUrl: string, poolSize: number): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(poolSize), PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`${url}/bare`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { url, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('bare server did not start');
}

interface Load {
  requestsPerSecond: number;
  p99: number;
  p50: number;
  non2xx: number;
  total: number;
  /** CPU time of PostgreSQL per request (null when the server runs elsewhere). */
  databaseCpuMicros: number | null;
  /** CPU time of the server process per request: where the gap to the bare server is spent, beside the rate. */
  serverCpuMicros: number;
}

async function run(options: autocannon.Options, serverPid: number): Promise<Load> {
  const serverBefore = await processCpuMs(serverPid);
  const cpuBefore = await postgresCpuMs();
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', () => (lastAnswer = performance.now()));
  });
  const cpuAfter = await postgresCpuMs();
  const serverAfter = await processCpuMs(serverPid);
  const total = result.requests.total;
  return {
    // Not autocannon's rate or duration: both count whole seconds, so a run of a fixed amount, a few seconds long,
    // would get its rate in steps of a third or a quarter. The run ends with its last answer.
    requestsPerSecond: total / ((lastAnswer - started) / 1000),
    p99: result.latency.p99,
    p50: result.latency.p50,
    non2xx: result.non2xx,
    total,
    databaseCpuMicros: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / total,
    serverCpuMicros: ((serverAfter - serverBefore) * 1000) / total,
  };
}

/**
 * Autosave and submit, through the whole stack (respondent token, shape check or full check, revision check)
 * against the bare insert of the same body, 10 connections each, the servers in their own processes.
 */
export async function measureWrites(db: Database, databaseUrl: string, campaignId: number, seconds: number): Promise<Figure[]> {
  const jwtSecret = 'bench-secret-bench-secret-bench-secret-01234';
  const sign = createSigner({ key: jwtSecret, expiresIn: 3600_000 });
  const [campaign] = await db.select({ frozen: campaigns.frozenDefinition }).from(campaigns).where(eq(campaigns.id, campaignId));
  const definition = campaign!.frozen as FrozenDefinition;
  const sample = Object.fromEntries(
    (['director', 'deputy_director', 'teacher'] as const).map((role) => [role, sampleAnswers(definition.questionnaires[role]!)]),
  );
  // Sent as the questionnaire sends them: keys in the receipt's order (forms/answers-json).
  const complete = Object.fromEntries(Object.entries(sample).map(([role, answers]) => [role, sortedAnswers(answers)]));
  // A draft as it is autosaved mid-questionnaire: the first two pages answered.
  const draft = Object.fromEntries(
    Object.entries(sample).map(([role, answers]) => [role, sortedAnswers(Object.fromEntries(Object.entries(answers).slice(0, 12)))]),
  );

  const slots = await openSlots(db, campaignId);
  const saveSlots = slots.slice(0, 200);
  const submitSlots = slots.slice(200);
  // BENCH_PROFILE=<dir>: our server writes a CPU profile of the write figures there when it stops.
  const profileDir = process.env.BENCH_PROFILE;
  // Both servers get the connections our server has by default; DB_POOL_SIZE in the environment overrides it for both.
  const poolSize = Number(process.env.DB_POOL_SIZE ?? defaultPoolSize());
  const ours = await startServerProcess(
    { DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(poolSize), JWT_SECRET: jwtSecret, LOG_LEVEL: 'error' },
    { startupTimeoutMs: 120_000, nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] },
  );
  const bare = await startBare(databaseUrl, poolSize);
  const figures: Figure[] = [];
  try {
    const token = (slot: Slot) =>
      sign({ typ: 'respondent', sid: slot.sessionId, rid: slot.responseId, acid: slot.accessCodeId, cid: campaignId, role: slot.role });
    // The bare server gets the very same request stream (the same bodies and cookies, built per request by the same
    // code), so the runs differ only in what the server does with a request.
    // Autosaves go round the questionnaires, each with its latest revision (read afresh before each run: the last
    // requests of a run are cut off unanswered); with 200 of them and 10 connections a questionnaire is never saved
    // twice at once. The bare save names its questionnaire and code in the path instead of a token.
    const autosaveRequests = async (path: (slot: Slot) => string): Promise<autocannon.Request[]> => {
      const stored = await db
        .select({ id: responses.id, revision: responses.revision })
        .from(responses)
        .where(
          inArray(
            responses.id,
            saveSlots.map((slot) => slot.responseId),
          ),
        );
      const revisions = new Map(stored.map((row) => [row.id, row.revision]));
      const queue = saveSlots.map((slot) => ({
        slot,
        path: path(slot),
        cookie: `muko_respondent=${token(slot)}`,
        revision: revisions.get(slot.responseId)!,
      }));
      let next = 0;
      return [
        {
          method: 'PUT',
          setupRequest: (request, state: object) => {
            const taken = queue[next++ % queue.length]!;
            (state as { taken?: (typeof queue)[number] }).taken = taken;
            return {
              ...request,
              path: taken.path,
              headers: { 'content-type': 'application/json', cookie: taken.cookie },
              body: JSON.stringify({
                answers: draft[taken.slot.role],
                currentPage: 1,
                revision: taken.revision,
                saveId: crypto.randomUUID(),
              }),
            };
          },
          onResponse: (status, body, state: object) => {
            if (status !== 200) return;
            // The bare insert answers without a revision; the questionnaire's stays as it was.
            const { revision } = JSON.parse(body) as { revision?: number };
            if (revision !== undefined) (state as { taken: (typeof queue)[number] }).taken.revision = revision;
          },
        },
      ];
    };
    // The bare submit statement is sent the scoring input our server would compute, beside the same body.
    const scoringInputs = Object.fromEntries(
      Object.entries(complete).map(([role, answers]) => [role, storedQuestionnaireInput(campaignScoring(definition), answers)]),
    );
    const submitRequests = (path: (slot: Slot) => string, queue: Slot[], withScoringInput = false): autocannon.Request[] => {
      let next = 0;
      return [
        {
          method: 'POST',
          setupRequest: (request) => {
            const slot = queue[next++]!;
            const body = { answers: complete[slot.role], currentPage: 8, revision: 0, saveId: crypto.randomUUID() };
            return {
              ...request,
              path: path(slot),
              headers: { 'content-type': 'application/json', cookie: `muko_respondent=${token(slot)}` },
              body: JSON.stringify(withScoringInput ? { ...body, scoringInput: scoringInputs[slot.role] } : body),
            };
          },
        },
      ];
    };
    // Each server is measured after a short run of the same load: a just-started process is still compiling.
    const measure = async ({ url, pid }: { url: string; pid: number }, path: (slot: Slot) => string) => {
      await run({ url, connections: 10, duration: WARM_UP_SECONDS, requests: await autosaveRequests(path) }, pid);
      return run({ url, connections: 10, duration: seconds, requests: await autosaveRequests(path) }, pid);
    };
    const oursTarget = { url: ours.baseUrl, pid: ours.child.pid! };
    const bareTarget = { url: bare.url, pid: bare.child.pid! };
    // The autosave's ceiling is the bare server running our own save statement. The machine is shared and its load
    // drifts within a minute, so the two alternate and each figure is the mean of its rounds.
    const savePath = (slot: Slot) => `/bare-save?response=${slot.responseId}&session=${slot.sessionId}`;
    const autosaveRounds: Load[] = [];
    const bareSaveRounds: Load[] = [];
    for (let pass = 0; pass < AUTOSAVE_ROUNDS; pass++) {
      autosaveRounds.push(await measure(oursTarget, () => '/api/respondent/answers'));
      bareSaveRounds.push(await measure(bareTarget, savePath));
    }
    const autosave = meanLoad(autosaveRounds);
    const bareSave = meanLoad(bareSaveRounds);
    const bareInsert = await measure(bareTarget, () => '/bare');
    const bareUpdate = await measure(bareTarget, (slot) => `/bare-update?response=${slot.responseId}&session=${slot.sessionId}`);
    refuseFailedCeilings({ bareSave, bareInsert, bareUpdate });
    const share = (load: Load) =>
      `${round(load.requestsPerSecond, 0)} запр/с (${round(load.requestsPerSecond / bareInsert.requestsPerSecond, 2)} голой вставки)`;
    const cpu = (load: Load) => (load.databaseCpuMicros === null ? '?' : String(round(load.databaseCpuMicros, 0)));
    const pool = `у обоих серверов по ${poolSize} ${plural(poolSize, 'соединению', 'соединения', 'соединений')} с PostgreSQL`;
    const rounds = (loads: Load[]) => loads.map((load) => round(load.requestsPerSecond, 0)).join(', ');
    figures.push(
      writeFigure('autosave', 'Автосохранение анкеты (10 соединений)', autosave, bareSave, {
        ceiling: 'голый сервер с нашей инструкцией сохранения',
        minRatio: 0.8,
        text: `; по раундам ${rounds(autosaveRounds)} у нас и ${rounds(bareSaveRounds)} у голого сохранения; голая вставка — ${share(bareInsert)}, наше сохранение — ${share(autosave)}, голое сохранение — ${share(bareSave)}, то же обновление строки без условий доступа — ${share(bareUpdate)}; CPU PostgreSQL на запрос: ${cpu(autosave)} мкс у нас, ${cpu(bareSave)} у голого сохранения, ${cpu(bareInsert)} у вставки; CPU самого сервера на запрос: ${round(autosave.serverCpuMicros, 0)} мкс у нас, ${round(bareSave.serverCpuMicros, 0)} у голого сохранения; ${pool}`,
        poolSize,
        bareInsert,
        bareUpdate,
        autosaveRounds,
        bareSaveRounds,
      }),
    );

    // The first submissions are not measured: the submit's own code (the full check, the scoring input) is still
    // being compiled, as the autosave's is during its warm-up run.
    // The rest is split: our server submits one half; the bare server runs our submit statement on the other (a
    // questionnaire is submitted once), and the bare insert takes the first half's bodies again. As with autosave,
    // the three alternate in rounds, each figure the mean of its rounds: the machine's load drifts within a minute.
    const warmUp = submitSlots.slice(0, SUBMIT_WARM_UP);
    const half = Math.min(Math.floor((submitSlots.length - SUBMIT_WARM_UP) / 2), 10_000);
    const measured = submitSlots.slice(SUBMIT_WARM_UP, SUBMIT_WARM_UP + half);
    const forStatement = submitSlots.slice(SUBMIT_WARM_UP + half, SUBMIT_WARM_UP + 2 * half);
    const submitRun = (target: { url: string; pid: number }, path: (slot: Slot) => string, queue: Slot[], withScoringInput = false) =>
      run({ url: target.url, connections: 10, amount: queue.length, requests: submitRequests(path, queue, withScoringInput) }, target.pid);
    const ourSubmit = () => '/api/respondent/submit';
    const statementPath = (slot: Slot) => `/bare-submit?response=${slot.responseId}&session=${slot.sessionId}`;
    await submitRun(oursTarget, ourSubmit, warmUp);
    const roundSize = Math.ceil(half / SUBMIT_ROUNDS);
    const submitRounds: Load[] = [];
    const bareSubmitRounds: Load[] = [];
    const statementRounds: Load[] = [];
    for (let pass = 0; pass < SUBMIT_ROUNDS; pass++) {
      const slice = (queue: Slot[]) => queue.slice(pass * roundSize, (pass + 1) * roundSize);
      submitRounds.push(await submitRun(oursTarget, ourSubmit, slice(measured)));
      bareSubmitRounds.push(await submitRun(bareTarget, () => '/bare', slice(measured)));
      statementRounds.push(await submitRun(bareTarget, statementPath, slice(forStatement), true));
    }
    const submit = meanLoad(submitRounds);
    const bareSubmit = meanLoad(bareSubmitRounds);
    const submitStatement = meanLoad(statementRounds);
    refuseFailedCeilings({ bareSubmit, submitStatement });
    const check = submitCheckMs(definition, complete);
    figures.push(
      writeFigure('submit', 'Отправка анкеты с полной проверкой (10 соединений)', submit, bareSubmit, {
        ceiling: 'голая вставка',
        minRatio: 0.5,
        text: `; по раундам ${rounds(submitRounds)} у нас и ${rounds(bareSubmitRounds)} у голой вставки; наша инструкция отправки на голом сервере — ${round(submitStatement.requestsPerSecond, 0)} запр/с (${round(submitStatement.requestsPerSecond / bareSubmit.requestsPerSecond, 2)} голой вставки); CPU PostgreSQL на запрос: ${cpu(submit)} мкс у нас, ${cpu(submitStatement)} у голой инструкции отправки, ${cpu(bareSubmit)} у вставки; CPU самого сервера на запрос: ${round(submit.serverCpuMicros, 0)} мкс у нас, ${round(bareSubmit.serverCpuMicros, 0)} у голой вставки; одна полная проверка ответов ${round(check, 2)} мс — не больше ${round(1000 / check, 0)} запр/с на ядро; ${pool}`,
        poolSize,
        checkMs: check,
        submitStatement,
        submitRounds,
        bareSubmitRounds,
        statementRounds,
      }),
    );
  } finally {
    await ours.stop();
    bare.child.kill();
  }
  return figures;
}

/**
 * What the submit check alone costs in this process, per questionnaire (the median over the three roles, after
 * warming up): every condition, required answer and validator of the compiled check, which no bare insert does.
 */
function submitCheckMs(definition: FrozenDefinition, complete: Record<string, Record<string, unknown>>): number {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    for (const [role, answers] of Object.entries(complete)) {
      const started = performance.now();
      if (!checkAnswers(definition.questionnaires[role as RespondentRole]!, answers, 'complete').ok)
        throw new Error(`sample answers of ${role} fail the check`);
      if (i >= 5) times.push(performance.now() - started);
    }
  }
  return median(times);
}

/** A ceiling that answered errors measured how fast it fails, not how fast it writes: no figure then. */
function refuseFailedCeilings(ceilings: Record<string, Load>) {
  for (const [name, load] of Object.entries(ceilings)) {
    if (load.non2xx > 0) throw new Error(`${name}: ${load.non2xx} of ${load.total} requests failed`);
  }
}

/** User and system CPU time of one process so far, in milliseconds. */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}

/** CPU time of every PostgreSQL process on this machine so far (null when the server runs elsewhere). */
async function postgresCpuMs(): Promise<number | null> {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  let total = 0;
  let found = false;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' ');
    total += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  return found ? total / ticksPerMs : null;
}

function writeFigure(
  id: string,
  title: string,
  ours: Load,
  bare: Load,
  check: { ceiling: string; minRatio: number; text: string; [detail: string]: unknown },
): Figure {
  const ratio = ours.requestsPerSecond / bare.requestsPerSecond;
  const { ceiling, minRatio, text, ...details } = check;
  return {
    id,
    title,
    value: `${round(ours.requestsPerSecond, 0)} запр/с (${round(ratio, 2)} потолка), p99 ${ours.p99} мс`,
    ceiling: `${round(bare.requestsPerSecond, 0)} запр/с, p99 ${bare.p99} мс (${ceiling})${text}`,
    target: `≥ ${String(minRatio).replace('.', ',')} потолка, p99 ≤ 25 мс`,
    pass: ratio >= minRatio && ours.p99 <= 25 && ours.non2xx === 0,
    details: { ratio: round(ratio, 2), ours, bare, ...details },
  };
}

/** The mean of several runs of one load: rates and percentiles averaged, counts summed. */
function meanLoad(loads: Load[]): Load {
  const mean = (pick: (load: Load) => number) => loads.reduce((sum, load) => sum + pick(load), 0) / loads.length;
  const cpu = loads.every((load) => load.databaseCpuMicros !== null) ? mean((load) => load.databaseCpuMicros!) : null;
  return {
    requestsPerSecond: mean((load) => load.requestsPerSecond),
    p99: round(
      mean((load) => load.p99),
      1,
    ),
    p50: round(
      mean((load) => load.p50),
      1,
    ),
    non2xx: loads.reduce((sum, load) => sum + load.non2xx, 0),
    total: loads.reduce((sum, load) => sum + load.total, 0),
    databaseCpuMicros: cpu,
    serverCpuMicros: mean((load) => load.serverCpuMicros),
  };
}
