import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Tests that start the server as a process run the compiled one: build it when its sources are newer. */
export default function setup() {
  execFileSync(process.execPath, ['build.mjs', '--server'], { cwd: root, stdio: 'inherit' });
}
