import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client';
import { loadAccessKeys } from '../server/modules/access/access-keys';
import { startServerProcess } from '../server/test/server-process';
import { withDatabase } from '../server/test/global-setup';
import { measureRespondentBundle } from './bundle';
import { measureColdStart } from './cold-start';
import { measureFirstVisit } from './first-visit';
import { measureCloneToFirstPage, measureMemory } from './memory';
import { measureDashboards, pagedPaths, staffToken } from './dashboards';
import { round, type Figure } from './measure';
import { generateCampaign, NATIONAL, REGION, type Scale } from './national';
import { closeCampaign, measureAnswersExport, measureScoring, measureWhatIf, readScoringInputMs, type Target } from './results-figures';
import { measureWrites } from './save-throughput';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01234';
/**
 * BENCH_ONLY=bundle,clone,cold,memory,visit,region,region-pglite,national runs a subset while working on one figure;
 * BENCH_ONLY=what-if scores a region's campaign on PostgreSQL and measures only the what-if (the region runs measure it too).
 */
const ALL_FIGURES = ['bundle', 'clone', 'cold', 'memory', 'visit', 'region', 'region-pglite', 'national'];
const PARTS = [...ALL_FIGURES, 'what-if'];
const only = new Set(process.env.BENCH_ONLY?.split(',') ?? ALL_FIGURES);
const unknownParts = [...only].filter((part) => !PARTS.includes(part));

function log(message: string) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** Where a campaign is generated and served from. */
interface Backend {
  db: Database;
  /** The server's environment for this database. */
  serverEnv: Record<string, string | undefined>;
  /** postgres.js URL, for the write figures (which compare against a bare postgres.js server). */
  url?: string;
  /** PGlite: one process owns the files, so the harness lets go of them before the server opens them. */
  release(): Promise<void>;
  drop(): Promise<void>;
}

/** A database of its own on the given server, so the benchmark never touches real data. */
async function postgresBackend(serverUrl: string): Promise<Backend> {
  const name = `muko_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 10 });
  await handle.migrate();
  return {
    db: handle.db,
    url,
    serverEnv: { DATABASE_URL: url },
    release: async () => {},
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The embedded database `npm start` uses without DATABASE_URL, in a directory of its own. */
async function pgliteBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'muko-bench-pglite-'));
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  await handle.migrate();
  let open = true;
  const release = async () => {
    if (open) await handle.close();
    open = false;
  };
  return {
    db: handle.db,
    serverEnv: { DATABASE_URL: undefined, DATA_DIR: dataDir, SEED_DEMO: '0' },
    release,
    async drop() {
      await release();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

interface Run {
  /** Figure ids start with it. */
  id: string;
  /** Shown in the titles, e.g. «страна, PostgreSQL». */
  name: string;
  scale: Scale;
  scoring: { wallTargetMs: number; rssTargetMb?: number };
  /** The write and export figures, which are asked for at national scale only. */
  national: boolean;
  /** The what-if figure's target; none at national scale. */
  whatIf?: { wallTargetMs: number };
  /** Only what the what-if needs (a scored campaign) and its figure. */
  whatIfOnly?: boolean;
}

/**
 * Every figure of one generated campaign, in the order a campaign lives: autosaves and submissions while it is
 * open, the completion dashboard, then closing, scoring, the results matrix and the raw-answers export.
 */
async function campaignFigures(run: Run, backend: Backend): Promise<Figure[]> {
  try {
    const db = backend.db;
    const keys = await loadAccessKeys(db);
    log(`${run.id}: generating ${run.scale.municipalities} municipalities × ${run.scale.schoolsPerMunicipality} schools`);
    const generated = await generateCampaign(db, run.scale, keys, run.id);
    log(`${run.id}: ${JSON.stringify(generated.counts)}`);
    const token = await staffToken(db, JWT_SECRET, generated.adminId);
    const figures: Figure[] = [];
    if (run.national && backend.url) {
      log(`${run.id}: autosave and submit against the bare insert`);
      figures.push(...(await measureWrites(db, backend.url, generated.campaignId, seconds)));
    }
    await backend.release();
    // A fresh server for each memory figure: the high-water mark then starts from a started server's memory, not
    // from the heap an earlier figure (a 4 MB matrix served 200 times) left behind.
    const withServer = async <T>(work: (target: Target) => Promise<T>): Promise<T> => {
      const server = await startServerProcess({ ...backend.serverEnv, JWT_SECRET, LOG_LEVEL: 'error' }, { startupTimeoutMs: 120_000 });
      try {
        return await work({ baseUrl: server.baseUrl, pid: server.child.pid!, token });
      } finally {
        await server.stop();
      }
    };
    const campaign = `/api/campaigns/${generated.campaignId}`;
    const whole = !run.whatIfOnly;
    await withServer(async (target) => {
      log(`${run.id}: completion dashboard`);
      if (whole)
        figures.push(
          ...(await measureDashboards(target.baseUrl, token, [
            {
              id: `${run.id}-progress`,
              title: `Заполнение по муниципалитетам (${run.name})`,
              paths: pagedPaths(`${campaign}/progress`, run.scale.municipalities),
            },
          ])),
        );
      await closeCampaign(target, generated.campaignId);
    });
    log(`${run.id}: scoring`);
    const ceiling = backend.url && whole ? await readScoringInputMs(backend.url, generated.campaignId) : undefined;
    const scoring = await withServer((target) =>
      measureScoring(
        target,
        generated.campaignId,
        { id: `${run.id}-scoring`, title: `Расчёт уровней всей кампании (${run.name})`, ...run.scoring },
        ceiling,
        whole ? 3 : 1,
      ),
    );
    if (whole) figures.push(scoring);
    if (run.whatIf) {
      log(`${run.id}: what-if`);
      const title = `Пересчёт кампании по другой версии методики без сохранения (${run.name})`;
      figures.push(
        await withServer((target) =>
          measureWhatIf(target, generated.campaignId, generated.regionId, { id: `${run.id}-what-if`, title, ...run.whatIf! }),
        ),
      );
    }
    if (!whole) return figures;
    log(`${run.id}: results matrix`);
    figures.push(
      ...(await withServer((target) =>
        measureDashboards(target.baseUrl, token, [
          {
            id: `${run.id}-results`,
            title: `Матрица результатов (${run.name})`,
            paths: pagedPaths(`${campaign}/results`, run.scale.municipalities),
          },
        ]),
      )),
    );
    if (run.national) {
      log(`${run.id}: answers export`);
      figures.push(await withServer((target) => measureAnswersExport(target, generated.campaignId, generated.counts.questionnaires)));
    }
    return figures;
  } finally {
    if (!process.env.BENCH_KEEP) await backend.drop();
  }
}

/** A figure with the run that measured it: a partial run (BENCH_ONLY) keeps the other figures of earlier runs. */
type DatedFigure = Figure & { measuredAt: string; loadAverageAtStart: number[] };

function markdown(figures: DatedFigure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.title} | ${f.value} | ${f.ceiling} | ${f.target} | ${f.pass ? 'да' : 'НЕТ'} | ${f.measuredAt.slice(0, 16).replace('T', ' ')}, ${f.loadAverageAtStart[0]} |`,
  );
  return [
    '| показатель | измерено | потолок в том же прогоне | цель | выполнено | когда (UTC), средняя загрузка |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** The figures of earlier runs that this one did not measure again, in their old order; new ones at the end. */
function mergeFigures(previous: DatedFigure[], measured: DatedFigure[]): DatedFigure[] {
  const fresh = new Map(measured.map((figure) => [figure.id, figure]));
  const merged = previous.map((figure) => fresh.get(figure.id) ?? figure);
  const known = new Set(previous.map((figure) => figure.id));
  return [...merged, ...measured.filter((figure) => !known.has(figure.id))];
}

const ANALYSIS_MARKER = '<!-- разбор: всё ниже пишется вручную и сохраняется при новом прогоне -->';
const loadAtStart = loadavg().map((value) => round(value, 2));

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error(
      'Укажите DATABASE_URL сервера PostgreSQL, например: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench',
    );
    process.exit(2);
  }
  if (unknownParts.length) {
    console.error(`BENCH_ONLY: неизвестные части ${unknownParts.join(', ')}; есть ${PARTS.join(', ')}`);
    process.exit(2);
  }
  const figures: Figure[] = [];
  const bundle = measureRespondentBundle(root);
  if (only.has('bundle')) figures.push(bundle);
  if (only.has('cold')) {
    log('cold start');
    figures.push(await measureColdStart());
  }
  if (only.has('clone')) {
    log('fresh clone to the first page');
    figures.push(await measureCloneToFirstPage(root));
  }
  if (only.has('memory')) {
    log('server memory after start and the first requests');
    const backend = await postgresBackend(serverUrl);
    try {
      figures.push(...(await measureMemory(root, backend.url!)));
    } finally {
      await backend.drop();
    }
  }
  if (only.has('visit')) {
    log('first and repeat visit of a respondent on a throttled link');
    const backend = await postgresBackend(serverUrl);
    try {
      figures.push(...(await measureFirstVisit(backend.db, backend.serverEnv, JWT_SECRET, bundle.details!.totalGzipKb as number)));
    } finally {
      await backend.drop();
    }
  }
  const region = { scale: REGION, scoring: { wallTargetMs: 150 }, national: false, whatIf: { wallTargetMs: 500 } };
  if (only.has('region'))
    figures.push(
      ...(await campaignFigures({ id: 'region', name: 'регион, 1 500 школ, PostgreSQL', ...region }, await postgresBackend(serverUrl))),
    );
  if (only.has('what-if') && !only.has('region'))
    figures.push(
      ...(await campaignFigures(
        { id: 'region', name: 'регион, 1 500 школ, PostgreSQL', ...region, whatIfOnly: true },
        await postgresBackend(serverUrl),
      )),
    );
  if (only.has('region-pglite'))
    figures.push(...(await campaignFigures({ id: 'region-pglite', name: 'регион, 1 500 школ, PGlite', ...region }, await pgliteBackend())));
  if (only.has('national')) {
    const national = {
      id: 'national',
      name: 'страна, 40 000 школ, PostgreSQL',
      scale: NATIONAL,
      scoring: { wallTargetMs: 2000, rssTargetMb: 500 },
      national: true,
    };
    figures.push(...(await campaignFigures(national, await postgresBackend(serverUrl))));
  }

  await mkdir(path.join(root, 'bench'), { recursive: true });
  // Other work on the machine slows every figure; the load average says how much there was.
  const machine = {
    cpus: cpus().length,
    node: process.version,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
  };
  const measuredAt = new Date().toISOString();
  const jsonPath = path.join(root, 'bench/results.json');
  const earlier = JSON.parse(await readFile(jsonPath, 'utf8').catch(() => '{}')) as {
    measuredAt?: string;
    machine?: { loadAverageAtStart: number[] };
    figures?: (Figure & Partial<DatedFigure>)[];
  };
  // Figures written before they carried their own date take the date of the run that wrote them.
  const previous = (earlier.figures ?? []).map((figure) => ({
    ...figure,
    measuredAt: figure.measuredAt ?? earlier.measuredAt ?? measuredAt,
    loadAverageAtStart: figure.loadAverageAtStart ?? earlier.machine?.loadAverageAtStart ?? [],
  }));
  const all = mergeFigures(
    previous,
    figures.map((figure) => ({ ...figure, measuredAt, loadAverageAtStart: loadAtStart })),
  );
  const table = markdown(all);
  console.log(table);
  await writeFile(jsonPath, `${JSON.stringify({ measuredAt, machine, figures: all }, null, 2)}\n`);
  // The hand-written analysis below the marker survives a new run; the table above it is replaced.
  const resultsPath = path.join(root, 'bench/RESULTS.md');
  const written = await readFile(resultsPath, 'utf8').catch(() => '');
  const analysis = written.includes(ANALYSIS_MARKER) ? written.slice(written.indexOf(ANALYSIS_MARKER)) : `${ANALYSIS_MARKER}\n`;
  const header = `Последний прогон ${measuredAt} (\`npm run bench\`${only.size < ALL_FIGURES.length ? `, только ${[...only].join(', ')}` : ''}), ${machine.cpus} ядра, Node ${machine.node}; средняя загрузка машины ${loadAtStart.join(' / ')} в начале и ${machine.loadAverageAtEnd.join(' / ')} в конце. Строки, не измеренные в нём, остались от прежних прогонов: когда и при какой загрузке каждая измерена — в последнем столбце.`;
  await writeFile(resultsPath, `# Результаты нагрузочного теста\n\n${header}\n\n${table}\n\n${analysis}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
