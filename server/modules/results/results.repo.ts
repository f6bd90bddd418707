import { and, asc, count, desc, eq, getTableColumns, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import {
  municipalities,
  mechanismConfirmations,
  municipalityReviews,
  overrides,
  scoringResults,
  scoringRuns,
  users,
} from '../../../db/schema';
import { fromCellTuple, type StoredCell } from '../../../db/schema/scoring';
import type { MunicipalityReviewStatus, OverrideTarget } from '../../../db/schema/values';
import { offsetOf } from '../../lib/paging';
import { qualified, searchAny, storedRussianOrder } from '../../lib/sql';
import type { PreviousResult } from './rerun';

// ---------- runs ----------

export type RunInsert = typeof scoringRuns.$inferInsert;
export type ResultInsert = typeof scoringResults.$inferInsert;

/**
 * A run's results in one statement with one parameter: the database unpacks a JSON array into the table's row
 * type. The query builder's per-value work for a national run took longer than the scoring itself (bench/). Every
 * column is given, so none relies on a default.
 */
async function insertResults(db: Executor, rows: ResultInsert[]) {
  if (rows.length === 0) return;
  const columns = Object.entries(getTableColumns(scoringResults)) as Array<[keyof ResultInsert, { name: string }]>;
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map(([key, column]) => [column.name, row[key] ?? null]))));
  await db.execute(sql`insert into ${scoringResults} select * from jsonb_populate_recordset(null::${scoringResults}, ${json}::jsonb)`);
}

export async function insertRun(db: Executor, run: RunInsert, results: ResultInsert[]) {
  const [row] = await db.insert(scoringRuns).values(run).returning();
  await insertResults(
    db,
    results.map((r) => ({ ...r, runId: row!.id })),
  );
  return row!;
}

const runColumns = {
  id: scoringRuns.id,
  campaignId: scoringRuns.campaignId,
  methodologyId: scoringRuns.methodologyId,
  methodologyVersion: scoringRuns.methodologyVersion,
  inputs: scoringRuns.inputs,
  durationMs: scoringRuns.durationMs,
  createdAt: scoringRuns.createdAt,
  createdBy: users.fullName,
};

export async function listRuns(db: Executor, campaignId: number) {
  return db
    .select(runColumns)
    .from(scoringRuns)
    .leftJoin(users, eq(users.id, scoringRuns.createdBy))
    .where(eq(scoringRuns.campaignId, campaignId))
    .orderBy(desc(scoringRuns.id));
}

export async function findRun(db: Executor, campaignId: number, runId?: number) {
  const [row] = await db
    .select(runColumns)
    .from(scoringRuns)
    .leftJoin(users, eq(users.id, scoringRuns.createdBy))
    .where(and(eq(scoringRuns.campaignId, campaignId), runId === undefined ? undefined : eq(scoringRuns.id, runId)))
    .orderBy(desc(scoringRuns.id))
    .limit(1);
  return row ?? null;
}

/** One municipality, several (a page of the matrix) or, undefined, all of them. */
export type MunicipalityScope = number | readonly number[] | undefined;

export function inScope(
  column: typeof scoringResults.municipalityId | typeof overrides.municipalityId | typeof mechanismConfirmations.municipalityId,
  scope: MunicipalityScope,
) {
  if (scope === undefined) return undefined;
  return typeof scope === 'number' ? eq(column, scope) : inArray(column, [...scope]);
}

/** Which rows of the matrix a coordinator or an expert is looking at. */
export interface MatrixFilter {
  /** Part of the municipality's name. */
  search?: string;
  /** `pending` is everything not yet approved. */
  review?: MunicipalityReviewStatus | 'pending';
  changedOnly?: boolean;
}

export const reviewStatus = sql<MunicipalityReviewStatus>`coalesce(${municipalityReviews.status}, 'not_reviewed')`;

function matrixConditions(runId: number, scope: MunicipalityScope, filter: MatrixFilter) {
  return and(
    eq(scoringResults.runId, runId),
    inScope(scoringResults.municipalityId, scope),
    searchAny(filter.search, [municipalities.name]),
    filter.review === undefined
      ? undefined
      : filter.review === 'pending'
        ? sql`${reviewStatus} <> 'approved'`
        : sql`${reviewStatus} = ${filter.review}`,
    filter.changedOnly ? eq(scoringResults.changedSincePreviousRun, true) : undefined,
  );
}

/** A select from a run's results, joined with their municipality and its review (for names, filters and order). */
function withMunicipalityAndReview<T extends PgSelect>(query: T, campaignId: number) {
  return query
    .innerJoin(municipalities, eq(municipalities.id, scoringResults.municipalityId))
    .leftJoin(
      municipalityReviews,
      and(eq(municipalityReviews.campaignId, campaignId), eq(municipalityReviews.municipalityId, scoringResults.municipalityId)),
    );
}

const matrixOrder = () => [storedRussianOrder(municipalities.nameOrder), asc(scoringResults.municipalityId)];

/** A run's results with the municipality's name and review status, in name order; a page of them when asked. */
export async function runResults(
  db: Executor,
  campaignId: number,
  runId: number,
  scope: MunicipalityScope,
  filter: MatrixFilter = {},
  page?: { page: number; pageSize: number },
) {
  // A page is chosen by sorting only the keys, then its rows are read whole: sorting every row with its cells
  // (1.6 KB each) spilled 4 MB to disk at national scale and took 18 ms of a 20 ms query.
  const pageKeys = page
    ? withMunicipalityAndReview(db.select({ municipalityId: scoringResults.municipalityId }).from(scoringResults).$dynamic(), campaignId)
        .where(matrixConditions(runId, scope, filter))
        .orderBy(...matrixOrder())
        .limit(page.pageSize)
        .offset(offsetOf(page.page, page.pageSize))
    : undefined;
  const columns = {
    municipalityId: scoringResults.municipalityId,
    name: municipalities.name,
    overallPercent: scoringResults.overallPercent,
    overallCappedLevel: scoringResults.overallCappedLevel,
    insufficientData: scoringResults.insufficientData,
    respondingSchools: scoringResults.respondingSchools,
    totalSchools: scoringResults.totalSchools,
    formSubmitted: scoringResults.formSubmitted,
    changedSincePreviousRun: scoringResults.changedSincePreviousRun,
    reviewStatus,
    cells: scoringResults.cells,
    ...judgementsOf(campaignId),
  };
  const rows = await withMunicipalityAndReview(db.select(columns).from(scoringResults).$dynamic(), campaignId)
    .where(
      pageKeys
        ? and(eq(scoringResults.runId, runId), inArray(scoringResults.municipalityId, pageKeys))
        : matrixConditions(runId, scope, filter),
    )
    .orderBy(...matrixOrder());
  return rows.map(({ activeOverrides, ...row }) => ({
    ...row,
    cells: row.cells.map(fromCellTuple),
    activeOverrides: activeOverrides.map(([mechanismCode, target, componentCode, value]) => ({
      mechanismCode,
      target,
      componentCode,
      value,
    })),
  }));
}

/**
 * Experts' judgements of a result row, read in the row's own statement (one round trip, one snapshot): the active
 * overrides, newest first as listOverrides has them, and the mechanisms confirmed in the row's run.
 */
export function judgementsOf(campaignId: number) {
  return {
    activeOverrides: sql<Array<[string, OverrideTarget, string | null, number]>>`(
      select coalesce(json_agg(json_build_array(${overrides.mechanismCode}, ${overrides.target}, ${overrides.componentCode}, ${overrides.value}) order by ${overrides.id} desc), '[]'::json)
      from ${overrides}
      where ${overrides.campaignId} = ${campaignId} and ${overrides.municipalityId} = ${qualified(scoringResults.municipalityId)} and ${overrides.withdrawnAt} is null)`,
    confirmedMechanisms: sql<string[]>`(
      select coalesce(json_agg(${mechanismConfirmations.mechanismCode}), '[]'::json)
      from ${mechanismConfirmations}
      where ${mechanismConfirmations.campaignId} = ${campaignId} and ${mechanismConfirmations.municipalityId} = ${qualified(scoringResults.municipalityId)}
        and ${mechanismConfirmations.runId} = ${qualified(scoringResults.runId)})`,
  };
}

const countWhere = (condition: SQL) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

/**
 * Counts over a run for the matrix's header and filters: all municipalities in scope, those matching the filter,
 * each review status, changed since the previous run, and the schools that answered.
 */
export async function runResultsSummary(db: Executor, campaignId: number, runId: number, scope: MunicipalityScope, filter: MatrixFilter) {
  const counts = db
    .select({
      municipalities: count(),
      matching: countWhere(matrixConditions(runId, scope, filter)!),
      approved: countWhere(sql`${reviewStatus} = 'approved'`),
      inReview: countWhere(sql`${reviewStatus} = 'in_review'`),
      notReviewed: countWhere(sql`${reviewStatus} = 'not_reviewed'`),
      changed: countWhere(eq(scoringResults.changedSincePreviousRun, true)),
      insufficientData: countWhere(eq(scoringResults.insufficientData, true)),
      respondingSchools: sql<number>`coalesce(sum(${scoringResults.respondingSchools}), 0)`.mapWith(Number),
    })
    .from(scoringResults)
    .$dynamic();
  const [row] = await withMunicipalityAndReview(counts, campaignId).where(
    and(eq(scoringResults.runId, runId), inScope(scoringResults.municipalityId, scope)),
  );
  return row!;
}

/** The stored cells of one municipality in a run. */
export async function runCells(db: Executor, runId: number, municipalityId: number): Promise<StoredCell[]> {
  const [row] = await db
    .select({ cells: scoringResults.cells })
    .from(scoringResults)
    .where(and(eq(scoringResults.runId, runId), eq(scoringResults.municipalityId, municipalityId)));
  return row?.cells.map(fromCellTuple) ?? [];
}

// ---------- re-runs ----------

/** The run before `runId` in a campaign (without one, its latest run): what a new run is compared with. */
export async function previousRun(db: Executor, campaignId: number, runId?: number) {
  const [row] = await db
    .select({ id: scoringRuns.id })
    .from(scoringRuns)
    .where(and(eq(scoringRuns.campaignId, campaignId), runId === undefined ? undefined : lt(scoringRuns.id, runId)))
    .orderBy(desc(scoringRuns.id))
    .limit(1);
  return row ?? null;
}

/** A run's results as a new run is compared with them (rerun.ts), with the mechanisms confirmed in that run. */
export async function comparedResults(db: Executor, campaignId: number, runId: number): Promise<PreviousResult[]> {
  const { confirmedMechanisms } = judgementsOf(campaignId);
  return db
    .select({
      municipalityId: scoringResults.municipalityId,
      insufficientData: scoringResults.insufficientData,
      cells: scoringResults.cells,
      confirmedMechanisms,
    })
    .from(scoringResults)
    .where(eq(scoringResults.runId, runId));
}
