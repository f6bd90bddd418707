import { defineConfig } from 'vitest/config';
import { browserTier } from './client/e2e/browser-tier.ts';

const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const apiTests = ['server/**/*.api.test.ts', 'seeds/**/*.api.test.ts'];
/** Tests that need a real PostgreSQL server (a child process, a dropped connection): PostgreSQL project only. */
const postgresOnlyTests = ['server/**/*.pg.test.ts'];
/** Tests that start the server or a CLI command as a process of its own: `npm start` on a fresh machine. */
const processTests = ['server/**/*.process.test.ts'];

/** The browser journeys need Chromium: without it they are skipped with a notice, or under CI the run fails. */
const browser = browserTier(process.env);
if (browser.kind === 'fail') throw new Error(browser.message);
if (browser.kind === 'skip') console.warn(`\n${browser.notice}\n`);

/**
 * Tiers: unit (pure functions), process (the compiled server and the CLI as processes), api on PGlite, api on
 * PostgreSQL (when TEST_DATABASE_URL is set), and browser journeys (e2e) against a built client.
 */
export default defineConfig({
  // Client modules import shared code as @server/… and @db/… (tsconfig.json's paths); every project extends this.
  resolve: { tsconfigPaths: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Without a browser the notice is printed again after the run, where it cannot scroll away.
          globalSetup: browser.kind === 'skip' ? ['client/e2e/skipped-notice.ts'] : [],
          // Building a survey-core model of a whole questionnaire takes a second or two on a busy 2-core box.
          testTimeout: 20_000,
          include: ['server/**/*.test.ts', 'surveys/**/*.test.ts', 'seeds/**/*.test.ts', 'client/src/**/*.test.ts', 'client/e2e/*.test.ts'],
          exclude: [...apiTests, ...postgresOnlyTests, ...processTests, '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: processTests,
          // They run the compiled server, as `npm start` does, and the CLI commands, each on an embedded database of its own.
          globalSetup: ['server/test/build-server.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'api-pglite',
          include: apiTests,
          env: { MUKO_TEST_DB: 'pglite' },
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'api-postgres',
                include: [...apiTests, ...postgresOnlyTests],
                env: { MUKO_TEST_DB: 'postgres' },
                globalSetup: ['server/test/build-server.ts', 'server/test/global-setup.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      ...(browser.kind === 'run'
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e',
                include: ['client/e2e/**/*.e2e.test.ts'],
                env: { MUKO_TEST_DB: 'pglite', CHROMIUM_PATH: browser.executablePath },
                globalSetup: ['client/e2e/global-setup.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
    ],
  },
});
