import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import databaseSetup from '../../server/test/global-setup';

const clientRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Browser journeys run against a fresh production build of the client and the usual test database template. */
export default async function setup(project: TestProject) {
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(clientRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return databaseSetup(project);
}
