import { openSync, closeSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The embedded database is a folder that only one process may open; a second server on the same folder
 * would corrupt it. A lock file with our pid refuses that, and a stale one (dead pid) is taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<() => void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'muko.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `Папка данных ${dataDir} уже используется другим процессом МУКО (pid ${owner}). Остановите его или укажите другую папку в DATA_DIR.`,
          { cause: error },
        );
      }
      unlinkSync(lockFile);
    }
  }
  throw new Error(`Не удалось заблокировать папку данных ${dataDir}`);
}
