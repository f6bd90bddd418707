// Runs before `npm start`: builds the client when there is no build yet or its sources are newer.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'client/dist/index.html');

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

function builtAt() {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return 0;
  }
}

// The client bundles its own sources plus the zod schemas and value lists it shares with the server.
const sourcesChanged = Math.max(
  newestMtime(path.join(root, 'client'), () => true),
  newestMtime(path.join(root, 'server'), (file) => file.endsWith('.schemas.ts') || file.includes(`${path.sep}lib${path.sep}`)),
  newestMtime(path.join(root, 'db/schema'), () => true),
  statSync(path.join(root, 'package-lock.json')).mtimeMs,
);

if (builtAt() >= sourcesChanged) process.exit(0);
console.log('Сборка клиентской части…');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
