import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../server/test/server-process';
import { round, type Figure } from './measure';

/**
 * `npm start` on a fresh machine: a new embedded database, migrations, the Kirov demo data, until the first
 * request is answered. The client is already built (that is `npm install`'s share of the work).
 */
export async function measureColdStart(): Promise<Figure> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'muko-cold-'));
  try {
    // Measured to the end even when it misses the target by far: the figure is the time, not a timeout.
    const server = await startServerProcess(
      { DATABASE_URL: undefined, DATA_DIR: dataDir, SEED_DEMO: undefined, JWT_SECRET: undefined },
      { startupTimeoutMs: 180_000 },
    );
    const seconds = server.startupMs / 1000;
    await server.stop();
    return {
      id: 'cold-start',
      title: 'Холодный старт на PGlite с демо-данными до первого ответа',
      value: `${round(seconds)} с`,
      ceiling: '—',
      target: '≤ 10 с',
      pass: seconds <= 10,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
