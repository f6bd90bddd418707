import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** What the process wrote to stderr, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The node arguments of `npm start` (`node <flags> server/dist/main.js`), read from package.json. */
function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start is expected to run node: ${scripts.start}`);
  return args;
}

/**
 * Runs the compiled server exactly as `npm start` does (server/test/build-server.ts builds it), against the given
 * environment (a variable set to undefined is removed), and waits until it answers.
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  {
    port,
    startupTimeoutMs = 30_000,
    nodeArgs = [],
  }: { port?: number; startupTimeoutMs?: number; /** e.g. --cpu-prof, which NODE_OPTIONS refuses */ nodeArgs?: string[] } = {},
): Promise<ServerProcess & { startupMs: number }> {
  const listenPort = port ?? (await freePort());
  const merged: Record<string, string | undefined> = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(listenPort),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...startArguments()], {
    cwd: root,
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + startupTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    startupMs: performance.now() - started,
    baseUrl,
    child,
    output: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
