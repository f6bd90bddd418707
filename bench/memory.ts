import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../server/test/server-process';
import { round, type Figure } from './measure';

const DEMO_LOGIN = { email: 'admin@demo.local', password: 'demo12345' };

/** Resident memory of a process from /proc: now, its peak, and how much of it is the process's own (anonymous). */
async function memoryOf(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1024);
  return { rssMb: mb('VmRSS'), peakMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') };
}

/**
 * What a person does in the first minute: the health checks, the pages, the script of the start page, a sign-in
 * (scrypt), the campaign list and the directory, and a respondent's wrong code.
 */
async function firstRequests(baseUrl: string) {
  const get = (url: string, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}${url}`, { headers: { 'accept-encoding': 'br, gzip', ...headers } }).then(async (r) => ({
      status: r.status,
      text: await r.text(),
    }));
  for (const url of ['/api/health', '/api/ready', '/', '/anketa']) await get(url);
  const page = await get('/');
  for (const script of page.text.match(/\/assets\/[^"]+\.js/g) ?? []) await get(script);
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_LOGIN),
  });
  if (!login.ok) throw new Error(`demo sign-in refused: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  for (const url of ['/api/campaigns', '/api/regions', '/api/methodologies']) await get(url, { cookie });
  await fetch(`${baseUrl}/api/respondent/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'AAAA-AAAA-AAAA' }),
  });
}

/** The server as `npm start` runs it, after its start and the first requests; then stopped. */
async function serverMemory(env: Record<string, string | undefined>) {
  const server = await startServerProcess({ LOG_LEVEL: 'error', JWT_SECRET: undefined, ...env }, { startupTimeoutMs: 180_000 });
  try {
    const afterStart = await memoryOf(server.child.pid!);
    await firstRequests(server.baseUrl);
    // Let the first requests' garbage be collected as it would be on an idle server.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { startupMs: Math.round(server.startupMs), afterStart, afterRequests: await memoryOf(server.child.pid!) };
  } finally {
    await server.stop();
  }
}

interface BarePglite {
  dataDir: string;
  /** PostgreSQL's default shared_buffers (128 MB) instead of the server's 16 MB. */
  defaultBuffers?: boolean;
  /** PGlite's initialMemory: the WebAssembly memory it starts with, in bytes. */
  initialMemory?: number;
}

/**
 * Node alone, or Node with nothing but PGlite opened on the data folder (two queries), in this run. A start PGlite
 * refuses is reported with its error: that is the proof of a floor.
 */
function bareMemory(root: string, pglite?: BarePglite): { rssMb: number; peakMb: number } | { error: string } {
  const params = pglite?.defaultBuffers ? '' : ", '-c', 'shared_buffers=16MB'";
  const script = pglite
    ? `import { PGlite } from '@electric-sql/pglite';
       const db = await PGlite.create({ dataDir: ${JSON.stringify(pglite.dataDir)}, initialMemory: ${pglite.initialMemory},
         startParams: [...PGlite.defaultStartParams${params}] });
       await db.query('select count(*) from schools');
       await db.query('select count(*) from responses');`
    : '';
  const probe = `${script}
    const status = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8');
    const mb = (f) => Math.round(Number(new RegExp(f + ':\\\\s+(\\\\d+) kB').exec(status)[1]) / 102.4) / 10;
    console.log(JSON.stringify({ rssMb: mb('VmRSS'), peakMb: mb('VmHWM') }));
    process.exit(0);`;
  // The server keeps only V8's baseline code of PGlite's WebAssembly (server/main.ts); so does the probe.
  const flags = pglite ? ['--liftoff-only'] : [];
  const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) return { error: /\w*Error: [^\n\]]*/.exec(run.stderr)?.[0] ?? run.stderr.slice(-300) };
  return JSON.parse(run.stdout.trim()) as { rssMb: number; peakMb: number };
}

const show = (m: { rssMb: number; peakMb: number; anonMb?: number }) =>
  `${m.rssMb} МБ (пик ${m.peakMb}${m.anonMb === undefined ? '' : `, своя память ${m.anonMb}`})`;

/**
 * Server memory after the start and the first requests: on PostgreSQL (the demo loaded by an earlier start, as a
 * production server never loads it), and on PGlite on the first start that creates the database and loads the
 * demo, and on a restart. Beside them, in the same run: Node alone and Node with only PGlite on the same folder.
 */
export async function measureMemory(root: string, postgresUrl: string): Promise<Figure[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'muko-bench-memory-'));
  try {
    // The demo goes into PostgreSQL once; the measured start is a normal one.
    const seeding = await startServerProcess(
      { DATABASE_URL: postgresUrl, SEED_DEMO: '1', LOG_LEVEL: 'error' },
      { startupTimeoutMs: 180_000 },
    );
    await seeding.stop();
    const postgres = await serverMemory({ DATABASE_URL: postgresUrl, SEED_DEMO: '0' });
    const pgliteFirst = await serverMemory({ DATABASE_URL: undefined, DATA_DIR: dataDir, SEED_DEMO: undefined });
    const pgliteAgain = await serverMemory({ DATABASE_URL: undefined, DATA_DIR: dataDir, SEED_DEMO: undefined });
    const bareNode = bareMemory(root) as { rssMb: number; peakMb: number };
    const barePglite = bareMemory(root, { dataDir });
    const defaultBuffers = bareMemory(root, { dataDir, defaultBuffers: true });
    const smallerWasm = bareMemory(root, { dataDir, initialMemory: 64 * 1024 * 1024 });
    const floor = `Node без кода — ${bareNode.rssMb} МБ`;
    const shown = (m: ReturnType<typeof bareMemory>) => ('error' in m ? `не запускается: ${m.error}` : show(m));
    return [
      {
        id: 'memory-postgres',
        title: 'Память сервера после запуска и первых запросов (PostgreSQL)',
        value: show(postgres.afterRequests),
        ceiling: `${floor}; сразу после запуска — ${show(postgres.afterStart)}`,
        target: '≤ 120 МБ',
        pass: postgres.afterRequests.rssMb <= 120,
        details: postgres,
      },
      {
        id: 'memory-pglite',
        title: 'Память сервера после запуска и первых запросов (PGlite, первый запуск с загрузкой демо и повторный)',
        value: `${show(pgliteFirst.afterRequests)} на первом запуске, ${show(pgliteAgain.afterRequests)} на повторном`,
        ceiling:
          `${floor}; Node только с PGlite на той же папке, два запроса: ${shown(barePglite)} с настройками сервера (shared_buffers=16MB, --liftoff-only); ` +
          `${shown(defaultBuffers)} с shared_buffers по умолчанию (128MB); с initialMemory 64 МБ — ${shown(smallerWasm)}`,
        target: '≤ 180 МБ',
        pass: Math.max(pgliteFirst.afterRequests.rssMb, pgliteAgain.afterRequests.rssMb) <= 180,
        details: { first: pgliteFirst, again: pgliteAgain, barePglite, defaultBuffers, smallerWasm, bareNode },
      },
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * A newcomer's two commands from a fresh clone: `git clone`, `npm install`, `npm start` until the first page is
 * served. npm install uses this machine's npm cache (`--prefer-offline`); the registry is asked only for what is
 * missing there, so the figure is a clone on a machine that has installed these packages before.
 */
export async function measureCloneToFirstPage(root: string): Promise<Figure> {
  const dir = await mkdtemp(path.join(tmpdir(), 'muko-bench-clone-'));
  const steps: Record<string, number> = {};
  const timed = (name: string, command: string, args: string[], cwd: string) => {
    const started = performance.now();
    const run = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    steps[name] = round((performance.now() - started) / 1000);
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  };
  try {
    const clone = path.join(dir, 'muko');
    timed('git clone', 'git', ['clone', '--quiet', '--no-hardlinks', root, clone], dir);
    timed('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], clone);
    const started = performance.now();
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    // A newcomer's environment: no database server named, so the embedded one with the demo.
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' };
    for (const name of ['DATABASE_URL', 'DATA_DIR', 'SEED_DEMO', 'JWT_SECRET']) delete env[name];
    const child = spawn('npm', ['start'], {
      cwd: clone,
      env,
      stdio: 'ignore',
      detached: true,
    });
    try {
      for (;;) {
        const page = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
        if (page?.ok && (await page.text()).includes('<div id="root">')) break;
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
        if (performance.now() - started > 300_000) throw new Error('npm start did not serve the first page in 5 minutes');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      steps['npm start → первая страница'] = round((performance.now() - started) / 1000);
    } finally {
      // npm start runs node under npm: the whole group is stopped.
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const total = round(Object.values(steps).reduce((sum, value) => sum + value, 0));
    const packages = (JSON.parse(readFileSync(path.join(clone, 'package-lock.json'), 'utf8')) as { packages: object }).packages;
    return {
      id: 'clone-to-first-page',
      title: 'От git clone до первой страницы (npm install && npm start, PGlite с демо-данными)',
      value: `${total} с`,
      ceiling: `${Object.entries(steps)
        .map(([name, seconds]) => `${name} ${seconds} с`)
        .join(', ')}; npm install из кеша npm этой машины (${Object.keys(packages).length - 1} пакетов)`,
      target: '≤ 45 с',
      pass: total <= 45,
      details: steps,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
