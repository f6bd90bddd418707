/**
 * The long property and coverage suites (fuzz, audit coverage) check the application, not the database: they run in
 * full on PGlite, which `npm test` always runs, and as a smoke subset on PostgreSQL that still reaches every route.
 * MUKO_TEST_FULL=1 runs them in full on PostgreSQL too.
 */
export const fullSuites = process.env.MUKO_TEST_DB !== 'postgres' || process.env.MUKO_TEST_FULL === '1';

/** Said in the suites' names, so a run's report shows which depth ran. */
export const suiteDepth = fullSuites ? 'full' : 'smoke subset, MUKO_TEST_FULL=1 for full';
