// Builds what `npm start` runs: the client (Vite) and the compiled server (esbuild). Runs before every start and
// rebuilds only what is older than its sources. `--force` rebuilds both; `--server` builds only the server (tests).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const serverOutDir = path.join(root, 'server/dist');

function newestMtime(dir, accept) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (full.includes(`${path.sep}dist${path.sep}`) || !accept(full)) continue;
    newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const lockfileChanged = mtime(path.join(root, 'package-lock.json'));
const isSource = (file) => /\.tsx?$/.test(file) && !/\.test\.ts$|[\\/](test|e2e)[\\/]/.test(file);

function buildClient() {
  // The client bundles its own sources plus what it shares with the server: zod schemas, label maps, value lists,
  // and the respondent page's inline early-entry script (its CSP hash must match the built page).
  const sharedWithClient = (file) =>
    /\.schemas\.ts$|-labels\.ts$|[\\/]early-entry\.ts$/.test(file) || file.includes(`${path.sep}lib${path.sep}`);
  const sourcesChanged = Math.max(
    newestMtime(path.join(root, 'client'), () => true),
    newestMtime(path.join(root, 'server'), sharedWithClient),
    newestMtime(path.join(root, 'db/schema'), () => true),
    lockfileChanged,
  );
  if (!force && mtime(path.join(root, 'client/dist/index.html')) >= sourcesChanged) return 0;
  console.log('Сборка клиентской части…');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  }).status;
}

/**
 * The server's own code in one bundle (plus a chunk per dynamic import), its packages left to node_modules. A
 * bundle has a single `import.meta.url`, so in each source file it is replaced by the URL that file had in the
 * sources: the surveys, migrations and package.json are found where the sources expect them.
 */
async function buildServer() {
  const sourcesChanged = Math.max(
    ...['server', 'db', 'seeds', 'surveys'].map((dir) => newestMtime(path.join(root, dir), isSource)),
    lockfileChanged,
  );
  if (!force && mtime(path.join(serverOutDir, 'main.js')) >= sourcesChanged) return 0;
  const { build } = await import('esbuild');
  const sourceUrl = {
    name: 'source-import-meta-url',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        const contents = readFileSync(args.path, 'utf8');
        const fromBundle = path.relative(serverOutDir, args.path).split(path.sep).join('/');
        return {
          contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
          loader: 'ts',
        };
      });
    },
  };
  const { metafile } = await build({
    entryPoints: [path.join(root, 'server/main.ts')],
    outdir: serverOutDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Read only when a stack trace is printed (server/lib/stack-traces.ts), never at start.
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceUrl],
    metafile: true,
    // The metafile names outputs relative to this directory, whatever directory the build was started from.
    absWorkingDir: root,
  });
  // Chunk names carry content hashes: each rebuild after a change would otherwise leave the previous ones behind.
  const written = new Set(Object.keys(metafile.outputs).map((file) => path.resolve(root, file)));
  for (const name of readdirSync(serverOutDir)) {
    const file = path.join(serverOutDir, name);
    if (!written.has(file)) rmSync(file, { force: true });
  }
  return 0;
}

const status = (args.has('--server') ? 0 : buildClient()) || (await buildServer());
process.exit(status ?? 1);
