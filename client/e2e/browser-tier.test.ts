import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM_PATH, browserTier } from './browser-tier';

describe('browser tier guard', () => {
  const present =
    (...files: string[]) =>
    (file: string) =>
      files.includes(file);

  it('runs the journeys with Debian Chromium when it is there', () => {
    expect(browserTier({}, present(DEFAULT_CHROMIUM_PATH))).toEqual({
      kind: 'run',
      executablePath: DEFAULT_CHROMIUM_PATH,
    });
  });

  it('takes CHROMIUM_PATH over the default, and looks only there', () => {
    expect(browserTier({ CHROMIUM_PATH: '/opt/chrome' }, present('/opt/chrome'))).toEqual({
      kind: 'run',
      executablePath: '/opt/chrome',
    });
    const tier = browserTier({ CHROMIUM_PATH: '/opt/chrome' }, present(DEFAULT_CHROMIUM_PATH));
    expect(tier.kind).toBe('skip');
  });

  it('skips loudly, in Russian, with how to install, when a developer has no browser', () => {
    const tier = browserTier({}, present());
    expect(tier.kind).toBe('skip');
    if (tier.kind !== 'skip') return;
    expect(tier.notice).toContain('БРАУЗЕРНЫЕ ТЕСТЫ ПРОПУЩЕНЫ');
    expect(tier.notice).toContain('apt-get install chromium');
    expect(tier.notice).toContain(DEFAULT_CHROMIUM_PATH);
  });

  it('fails under CI instead of skipping', () => {
    const tier = browserTier({ MUKO_CI: '1', CHROMIUM_PATH: '/nowhere/chromium' }, present(DEFAULT_CHROMIUM_PATH));
    expect(tier.kind).toBe('fail');
    if (tier.kind !== 'fail') return;
    expect(tier.message).toContain('/nowhere/chromium');
    expect(tier.message).toContain('MUKO_CI=1');
  });

  it('does not fail under CI when the browser is there', () => {
    expect(browserTier({ MUKO_CI: '1' }, present(DEFAULT_CHROMIUM_PATH)).kind).toBe('run');
  });
});
