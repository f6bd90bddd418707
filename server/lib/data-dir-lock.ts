import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's content, or null when there is no lock file. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const ownerOf = (content: string) => Number(content.split('\n')[0]);

/** Alive and not us: a lock of our own pid is left from an earlier life of this pid (a restarted container). */
const heldByAnother = (content: string) => {
  const owner = ownerOf(content);
  return Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner);
};

/**
 * Creates `file` with `content` only if it does not exist, all at once: the content is written to a file of our own
 * and linked into place, which fails if the name is taken. (Opening with O_EXCL and then writing left a moment when
 * the lock existed empty, and a reader took an empty lock for a stale one.)
 */
function createWithContent(file: string, content: string): boolean {
  const own = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(own, content);
  try {
    linkSync(own, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(own);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DataDirLockOptions {
  /** Called once a dead owner's lock is seen, before taking it over: tests start a rival there. */
  onStaleOwner?: () => Promise<void>;
}

/**
 * The embedded database is a folder that only one process may open; a second server on the same folder would corrupt
 * it. A lock file with our pid (and a token of this acquisition) refuses that.
 *
 * A stale lock (its owner is dead) is taken over atomically: only the holder of a second file, `muko.lock.break`,
 * created exclusively, may remove a lock, and only after reading again, while holding it, that the lock is still the
 * very one it judged stale. Two starters that both saw the same dead owner cannot then both remove a lock — the
 * second would have removed the first's fresh one — and at most one of them creates the new lock.
 */
export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): Promise<() => void> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'muko.lock');
  const breakFile = `${lockFile}.break`;
  const content = `${process.pid}\n${randomUUID()}\n`;
  const inUse = (owner: number) =>
    new Error(
      `Папка данных ${dataDir} уже используется другим процессом МУКО (pid ${owner}). Остановите его или укажите другую папку в DATA_DIR.`,
    );

  for (let attempt = 0; attempt < 50; attempt++) {
    if (createWithContent(lockFile, content)) {
      return () => {
        // Only our own lock: never one that another process has taken over since.
        if (readLock(lockFile) === content) unlinkSync(lockFile);
      };
    }
    const seen = readLock(lockFile);
    if (seen === null) continue;
    if (heldByAnother(seen)) throw inUse(ownerOf(seen));
    await options.onStaleOwner?.();
    if (!createWithContent(breakFile, content)) {
      const breaker = readLock(breakFile);
      if (breaker !== null && !heldByAnother(breaker)) {
        throw new Error(
          `Не удалось занять папку данных ${dataDir}: процесс, снимавший её старую блокировку, завершился на середине. Убедитесь, что МУКО не запущен, и удалите файлы ${lockFile} и ${breakFile}.`,
        );
      }
      // Someone else is taking the stale lock over right now: see what they made of it.
      await pause(20);
      continue;
    }
    try {
      if (readLock(lockFile) === seen) unlinkSync(lockFile);
    } finally {
      unlinkSync(breakFile);
    }
  }
  throw new Error(`Не удалось заблокировать папку данных ${dataDir}`);
}
