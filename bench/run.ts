import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { generateSecret, getOrCreateSetting } from '../server/lib/settings';
import { startServerProcess } from '../server/test/server-process';
import { withDatabase } from '../server/test/global-setup';
import { measureRespondentBundle } from './bundle';
import { measureColdStart } from './cold-start';
import { measureDashboards } from './dashboards';
import type { Figure } from './measure';
import { generateCampaign, NATIONAL, REGION, type Scale } from './national';
import { measureWrites } from './save-throughput';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01234';
/** BENCH_ONLY=bundle,cold,region,national runs a subset while working on one figure. */
const only = new Set((process.env.BENCH_ONLY ?? 'bundle,cold,region,national').split(','));

function log(message: string) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

/** A database of its own on the given server, so the benchmark never touches real data. */
async function freshDatabase(serverUrl: string): Promise<{ handle: DatabaseHandle; url: string; drop(): Promise<void> }> {
  const name = `muko_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ kind: 'postgres', url, maxConnections: 10 });
  await handle.migrate();
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function campaignFigures(label: string, scale: Scale, serverUrl: string): Promise<Figure[]> {
  const database = await freshDatabase(serverUrl);
  try {
    const db = database.handle.db;
    const pepper = await getOrCreateSetting(db, 'access_code_pepper', generateSecret);
    log(`${label}: generating ${scale.municipalities} municipalities × ${scale.schoolsPerMunicipality} schools`);
    const generated = await generateCampaign(db, scale, pepper, label);
    log(`${label}: ${JSON.stringify(generated.counts)}`);
    const figures: Figure[] = [];
    const server = await startServerProcess({ DATABASE_URL: database.url, JWT_SECRET, LOG_LEVEL: 'error' });
    try {
      figures.push(
        ...(await measureDashboards(db, server.baseUrl, JWT_SECRET, generated.adminId, [
          { id: `${label}-progress`, title: `Заполнение по муниципалитетам (${label})`, path: `/api/campaigns/${generated.campaignId}/progress` },
        ])),
      );
    } finally {
      await server.stop();
    }
    if (label === 'national') {
      log('writes: autosave and submit against the bare insert');
      figures.push(...(await measureWrites(db, database.url, generated.campaignId, seconds)));
    }
    return figures;
  } finally {
    if (!process.env.BENCH_KEEP) await database.drop();
  }
}

function markdown(figures: Figure[]): string {
  const rows = figures.map((f) => `| ${f.title} | ${f.value} | ${f.ceiling} | ${f.target} | ${f.pass ? 'да' : 'НЕТ'} |`);
  return ['| показатель | измерено | потолок в том же прогоне | цель | выполнено |', '|---|---|---|---|---|', ...rows].join('\n');
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error('Укажите DATABASE_URL сервера PostgreSQL, например: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench');
    process.exit(2);
  }
  const figures: Figure[] = [];
  if (only.has('bundle')) figures.push(measureRespondentBundle(path.join(root, 'client/dist')));
  if (only.has('cold')) {
    log('cold start');
    figures.push(await measureColdStart());
  }
  if (only.has('region')) figures.push(...(await campaignFigures('region', REGION, serverUrl)));
  if (only.has('national')) figures.push(...(await campaignFigures('national', NATIONAL, serverUrl)));

  const table = markdown(figures);
  console.log(table);
  await mkdir(path.join(root, 'bench'), { recursive: true });
  await writeFile(path.join(root, 'bench/results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, figures }, null, 2)}\n`);
  await writeFile(path.join(root, 'bench/RESULTS.md'), `# Результаты нагрузочного теста\n\nИзмерено ${new Date().toISOString()} (\`npm run bench\`).\n\n${table}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
