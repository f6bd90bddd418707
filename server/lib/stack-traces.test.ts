import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'muko-stack-'));
  // Line 4 throws; the bundle puts it elsewhere, behind the helper's own code.
  await writeFile(
    path.join(dir, 'entry.ts'),
    [
      `import { mapStackTracesOnDemand } from ${JSON.stringify(path.join(here, 'stack-traces.ts'))};`,
      'mapStackTracesOnDemand();',
      'function fail(): never {',
      "  throw new Error('сбой');",
      '}',
      'try { fail(); } catch (error) { console.log((error as Error).stack); }',
    ].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function stackOf(sourcemap: 'linked' | false): Promise<string> {
  const outfile = path.join(dir, `bundle-${String(sourcemap)}.mjs`);
  await build({
    entryPoints: [path.join(dir, 'entry.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    sourcemap,
    logLevel: 'silent',
  });
  return execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
}

describe('stack traces of the compiled server', () => {
  it('point at the TypeScript source when the bundle has a map beside it', async () => {
    const stack = await stackOf('linked');
    expect(stack).toMatch(/^Error: сбой\n/);
    expect(stack).toContain(`fail (${path.join(dir, 'entry.ts')}:4:9)`);
  });

  it('stay on the bundle without one', async () => {
    const stack = await stackOf(false);
    expect(stack).toMatch(/bundle-false\.mjs:\d+:\d+/);
    expect(stack).not.toContain('entry.ts');
  });
});
