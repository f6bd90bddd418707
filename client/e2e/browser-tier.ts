import { accessSync, constants } from 'node:fs';

/** Debian's Chromium, the one `.ci/run` installs; CHROMIUM_PATH points the journeys at another. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type BrowserTier = { kind: 'run'; executablePath: string } | { kind: 'skip'; notice: string } | { kind: 'fail'; message: string };

const installHint = (file: string) =>
  `Браузер для браузерных тестов не найден: ${file}. Установите Chromium из пакетов Debian ` +
  '(`sudo apt-get install chromium`) или укажите путь к нему в переменной CHROMIUM_PATH.';

/**
 * Whether `npm test` runs the browser journeys. Without a browser a developer's run skips them and says so loudly;
 * under CI (MUKO_CI=1, set by `.ci/run`) a missing browser fails the run at once, so CI never passes without them.
 */
export function browserTier(env: NodeJS.ProcessEnv, exists: (file: string) => boolean = isExecutable): BrowserTier {
  const file = chromiumPath(env);
  if (exists(file)) return { kind: 'run', executablePath: file };
  if (env.MUKO_CI === '1') {
    return { kind: 'fail', message: `${installHint(file)} В CI (MUKO_CI=1) браузерные тесты обязательны.` };
  }
  const bar = '!'.repeat(100);
  return {
    kind: 'skip',
    notice: [
      bar,
      '!!! БРАУЗЕРНЫЕ ТЕСТЫ ПРОПУЩЕНЫ (client/e2e/*.e2e.test.ts): проверено всё, кроме них.',
      `!!! ${installHint(file)}`,
      bar,
    ].join('\n'),
  };
}
