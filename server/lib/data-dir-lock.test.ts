import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from './data-dir-lock';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'muko-lock-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, 'muko.lock');
/** A pid that belonged to a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

/**
 * Another starter: a process that takes the lock (or fails to) and says which, then holds it until killed. With
 * `gated`, it loads everything, says `ready`, and tries only when it reads `go` on its input, so rivals released
 * together race for the lock.
 */
function starter(gated = false): { child: ChildProcess; ready: Promise<void>; go(): void; outcome: Promise<'locked' | 'refused'> } {
  const script = `
    const { acquireDataDirLock } = await import(${JSON.stringify(path.join(root, 'server/lib/data-dir-lock.ts'))});
    if (${gated}) {
      console.log('ready');
      await new Promise((resolve) => process.stdin.once('data', resolve));
    }
    try { await acquireDataDirLock(${JSON.stringify(dir)}); console.log('locked'); }
    catch { console.log('refused'); }
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  const said = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return;
        child.stdout.off('data', check);
        resolve(match[0]);
      };
      child.stdout.on('data', check);
    });
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ready = said(/ready/).then(() => undefined);
  const outcome = said(/locked|refused/) as Promise<'locked' | 'refused'>;
  return { child, ready, go: () => child.stdin.write('go\n'), outcome };
}

describe('the data folder lock', () => {
  it('refuses while its owner lives, and is released for the next start', async () => {
    const release = await acquireDataDirLock(dir);
    const rival = starter();
    expect(await rival.outcome).toBe('refused');
    release();
    expect(existsSync(lockFile())).toBe(false);
    const next = starter();
    expect(await next.outcome).toBe('locked');
    expect(readFileSync(lockFile(), 'utf8').split('\n')[0]).toBe(String(next.child.pid));
  }, 60_000);

  it('takes over a dead owner’s lock, but never a lock a rival took over in the meantime', async () => {
    writeFileSync(lockFile(), `${deadPid()}\nstale\n`);
    let rival: ReturnType<typeof starter> | undefined;
    // Between seeing the dead owner and taking over, a rival starter does the whole takeover itself.
    const ours = acquireDataDirLock(dir, {
      onStaleOwner: async () => {
        rival ??= starter();
        expect(await rival.outcome).toBe('locked');
      },
    });
    await expect(ours).rejects.toThrow(/уже используется другим процессом МУКО/);
    expect(readFileSync(lockFile(), 'utf8').split('\n')[0]).toBe(String(rival!.child.pid));
    expect(existsSync(`${lockFile()}.break`)).toBe(false);
  }, 60_000);

  it('lets exactly one of several simultaneous starters take a stale lock', async () => {
    writeFileSync(lockFile(), `${deadPid()}\nstale\n`);
    const rivals = Array.from({ length: 4 }, () => starter(true));
    await Promise.all(rivals.map((rival) => rival.ready));
    for (const rival of rivals) rival.go();
    const outcomes = await Promise.all(rivals.map((rival) => rival.outcome));
    expect(outcomes.filter((outcome) => outcome === 'locked')).toHaveLength(1);
  }, 60_000);

  it('takes over a lock of its own pid, left by an earlier life of the same pid (a restarted container)', async () => {
    writeFileSync(lockFile(), `${process.pid}\nearlier\n`);
    const release = await acquireDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).not.toContain('earlier');
    release();
  });
});
