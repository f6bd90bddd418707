import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import {
  campaignExperts,
  campaignMunicipalities,
  campaignMunicipalityProgress,
  campaignPublications,
  campaignSchoolExclusions,
  municipalForms,
  municipalities,
  mechanismConfirmations,
  municipalityReviews,
  overrides,
  responses,
  schools,
  scoringResults,
  scoringRuns,
  users,
} from '../../../db/schema';
import { fromCellTuple, type StoredCell } from '../../../db/schema/scoring';
import type { MunicipalityReviewStatus, OverrideTarget, RespondentRole } from '../../../db/schema/values';
import { offsetOf } from '../../lib/paging';
import { qualified, russianOrder, searchAny, storedRussianOrder } from '../../lib/sql';
import type { PreviousResult, RunComparison } from './rerun';

// ---------- scoring inputs ----------

/** The campaign's municipalities with their number of schools (from the completion counters). */
export async function scoringMunicipalities(db: Executor, campaignId: number) {
  return db
    .select({ municipalityId: campaignMunicipalityProgress.municipalityId, totalSchools: campaignMunicipalityProgress.schools })
    .from(campaignMunicipalityProgress)
    .where(eq(campaignMunicipalityProgress.campaignId, campaignId))
    .orderBy(asc(campaignMunicipalityProgress.municipalityId));
}

/*
 * What scoring reads is stored with each submission (`scoring_outcomes`, `scoring_evidence`): a short string per
 * form instead of its answers, most of a national run's saving. A string counts only under the campaign's current
 * input key; otherwise (stored before the strings were, under an earlier key, or restored from a backup) the
 * answers are read instead, and the run stores the strings it worked out from them.
 */

/** A submitted questionnaire with its outcome string, as a run reads it. */
export interface StoredOutcomes {
  schoolId: number;
  role: RespondentRole;
  outcomes: string;
}

/** Submitted questionnaires of the schools still in the campaign: an excluded school's answers are kept, not counted. */
const submittedQuestionnairesOf = (campaignId: number, municipalityIds: readonly number[]) =>
  and(
    eq(responses.campaignId, campaignId),
    eq(responses.status, 'submitted'),
    inArray(responses.municipalityId, [...municipalityIds]),
    sql`not exists (select 1 from ${campaignSchoolExclusions} where ${campaignSchoolExclusions.campaignId} = ${qualified(responses.campaignId)} and ${campaignSchoolExclusions.schoolId} = ${qualified(responses.schoolId)})`,
  );

/** The schools taken out of a campaign in one municipality, as an explanation names them: «name» — reason. */
export async function excludedSchoolNames(db: Executor, campaignId: number, municipalityId: number) {
  const rows = await db
    .select({ name: schools.shortName, reason: campaignSchoolExclusions.reason })
    .from(campaignSchoolExclusions)
    .innerJoin(schools, eq(schools.id, campaignSchoolExclusions.schoolId))
    .where(and(eq(campaignSchoolExclusions.campaignId, campaignId), eq(schools.municipalityId, municipalityId)))
    .orderBy(asc(schools.shortName));
  return rows.map((row) => `«${row.name}» — ${row.reason}`);
}
const outcomesStored = (inputKey: string) => sql`${responses.scoringInputKey} = ${inputKey} and ${responses.scoringOutcomes} is not null`;

/**
 * Submitted questionnaires, one row per municipality: the outcome strings stored under `inputKey`, packed as
 * «schoolId role outcomes» entries joined by commas (outcomes are letters only, a check constraint holds them to
 * that), and how many have no such string (`questionnaireAnswers` reads those). Packed rather than a row per
 * questionnaire: a region's 3 600 rows cost PGlite 35–60 ms to hand over field by field, 50 strings 6–9 ms, and a
 * national run's reads on PostgreSQL went from 420–540 to 260–320 ms (bench/).
 */
export async function submittedQuestionnaires(db: Executor, campaignId: number, municipalityIds: readonly number[], inputKey: string) {
  const stored = outcomesStored(inputKey);
  const rows = await db
    .select({
      municipalityId: responses.municipalityId,
      packed: sql<
        string | null
      >`string_agg(${responses.schoolId} || ' ' || ${responses.respondentRole}::text || ' ' || ${responses.scoringOutcomes}, ',') filter (where ${stored})`,
      withoutOutcomes: sql<number>`count(*) filter (where (${stored}) is not true)`.mapWith(Number),
    })
    .from(responses)
    .where(submittedQuestionnairesOf(campaignId, municipalityIds))
    .groupBy(responses.municipalityId);
  return rows.map(({ municipalityId, packed, withoutOutcomes }) => ({
    municipalityId,
    questionnaires: (packed?.split(',') ?? []).map((entry): StoredOutcomes => {
      const [schoolId, role, outcomes] = entry.split(' ');
      return { schoolId: Number(schoolId), role: role as RespondentRole, outcomes: outcomes! };
    }),
    withoutOutcomes,
  }));
}

/** The answers of submitted questionnaires with no outcome string under `inputKey`, to work it out from. */
export async function questionnaireAnswers(db: Executor, campaignId: number, municipalityIds: readonly number[], inputKey: string) {
  return db
    .select({
      id: responses.id,
      municipalityId: responses.municipalityId,
      schoolId: responses.schoolId,
      role: responses.respondentRole,
      answers: responses.answers,
    })
    .from(responses)
    .where(and(submittedQuestionnairesOf(campaignId, municipalityIds), sql`(${outcomesStored(inputKey)}) is not true`));
}

const submittedFormsOf = (campaignId: number, municipalityIds: readonly number[]) =>
  and(
    eq(municipalForms.campaignId, campaignId),
    eq(municipalForms.status, 'submitted'),
    inArray(municipalForms.municipalityId, [...municipalityIds]),
  );

/** Submitted municipal forms as a run reads them: the stored evidence, or the answers to work it out from. */
export async function submittedFormEvidence(db: Executor, campaignId: number, municipalityIds: readonly number[], inputKey: string) {
  const current = eq(municipalForms.scoringInputKey, inputKey);
  return db
    .select({
      id: municipalForms.id,
      municipalityId: municipalForms.municipalityId,
      evidence: sql<string | null>`case when ${current} then ${municipalForms.scoringEvidence} end`,
      answers: sql<Record<string, unknown> | null>`case when ${current} then null else ${municipalForms.answers} end`.mapWith(
        municipalForms.answers,
      ),
    })
    .from(municipalForms)
    .where(submittedFormsOf(campaignId, municipalityIds));
}

/** Whole submitted municipal forms, for the detail of a result (document titles, links, reasons). */
export async function submittedMunicipalForms(db: Executor, campaignId: number, municipalityIds: readonly number[]) {
  return db
    .select({ municipalityId: municipalForms.municipalityId, answers: municipalForms.answers })
    .from(municipalForms)
    .where(submittedFormsOf(campaignId, municipalityIds));
}

export interface ComputedInput {
  id: number;
  value: string;
}

/** Stores strings a run worked out from answers, one statement per table, so the next run reads them instead. */
export async function storeScoringInputs(
  db: Executor,
  inputKey: string,
  computed: { questionnaires: readonly ComputedInput[]; forms: readonly ComputedInput[] },
) {
  const rows = (list: readonly ComputedInput[]) => sql`jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as v(id bigint, value text)`;
  if (computed.questionnaires.length) {
    await db.execute(
      sql`update ${responses} set scoring_outcomes = v.value, scoring_input_key = ${inputKey} from ${rows(computed.questionnaires)} where ${responses.id} = v.id`,
    );
  }
  if (computed.forms.length) {
    await db.execute(
      sql`update ${municipalForms} set scoring_evidence = v.value, scoring_input_key = ${inputKey} from ${rows(computed.forms)} where ${municipalForms.id} = v.id`,
    );
  }
}

export async function schoolNames(db: Executor, schoolIds: readonly number[]) {
  if (schoolIds.length === 0) return [];
  return db
    .select({ id: schools.id, shortName: schools.shortName })
    .from(schools)
    .where(inArray(schools.id, [...schoolIds]));
}

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

function inScope(
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

const reviewStatus = sql<MunicipalityReviewStatus>`coalesce(${municipalityReviews.status}, 'not_reviewed')`;

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
function judgementsOf(campaignId: number) {
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

// ---------- review ----------

export async function listExperts(db: Executor, campaignId: number) {
  return db
    .select({ id: users.id, fullName: users.fullName, email: users.email })
    .from(campaignExperts)
    .innerJoin(users, eq(users.id, campaignExperts.userId))
    .where(eq(campaignExperts.campaignId, campaignId))
    .orderBy(russianOrder(users.fullName));
}

export async function isAssignedExpert(db: Executor, campaignId: number, userId: number) {
  const [row] = await db
    .select({ userId: campaignExperts.userId })
    .from(campaignExperts)
    .where(and(eq(campaignExperts.campaignId, campaignId), eq(campaignExperts.userId, userId)));
  return Boolean(row);
}

/** Active experts of a region among the given users: the only ones a campaign of that region may be assigned. */
export async function regionExperts(db: Executor, regionId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), eq(users.role, 'expert'), eq(users.regionId, regionId), isNull(users.disabledAt)));
}

export async function replaceExperts(db: Executor, campaignId: number, userIds: readonly number[], assignedBy: number) {
  await db.delete(campaignExperts).where(eq(campaignExperts.campaignId, campaignId));
  if (userIds.length) await db.insert(campaignExperts).values(userIds.map((userId) => ({ campaignId, userId, assignedBy })));
}

/** The campaign's municipalities no expert has approved, in name order: what publishing needs exceptions for. */
export async function unapprovedMunicipalities(db: Executor, campaignId: number) {
  return db
    .select({ municipalityId: campaignMunicipalities.municipalityId, name: municipalities.name })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, eq(municipalities.id, campaignMunicipalities.municipalityId))
    .leftJoin(
      municipalityReviews,
      and(
        eq(municipalityReviews.campaignId, campaignMunicipalities.campaignId),
        eq(municipalityReviews.municipalityId, campaignMunicipalities.municipalityId),
      ),
    )
    .where(and(eq(campaignMunicipalities.campaignId, campaignId), sql`${reviewStatus} <> 'approved'`))
    .orderBy(storedRussianOrder(municipalities.nameOrder));
}

export async function setReviewStatus(
  db: Executor,
  campaignId: number,
  municipalityId: number,
  status: MunicipalityReviewStatus,
  userId: number,
) {
  await db
    .insert(municipalityReviews)
    .values({ campaignId, municipalityId, status, updatedBy: userId })
    .onConflictDoUpdate({
      target: [municipalityReviews.campaignId, municipalityReviews.municipalityId],
      set: { status, updatedBy: userId, updatedAt: sql`now()` },
    });
}

/** Moves a municipality from "not reviewed" to "in review" when an expert first acts on it. */
export async function startReview(db: Executor, campaignId: number, municipalityId: number, userId: number) {
  await db
    .insert(municipalityReviews)
    .values({ campaignId, municipalityId, status: 'in_review', updatedBy: userId })
    .onConflictDoUpdate({
      target: [municipalityReviews.campaignId, municipalityReviews.municipalityId],
      set: { status: 'in_review', updatedBy: userId, updatedAt: sql`now()` },
      setWhere: sql`${municipalityReviews.status} = 'not_reviewed'`,
    });
}

export async function confirmations(db: Executor, campaignId: number, scope: MunicipalityScope) {
  return db
    .select({
      municipalityId: mechanismConfirmations.municipalityId,
      mechanismCode: mechanismConfirmations.mechanismCode,
      runId: mechanismConfirmations.runId,
      confirmedBy: users.fullName,
      confirmedAt: mechanismConfirmations.confirmedAt,
    })
    .from(mechanismConfirmations)
    .innerJoin(users, eq(users.id, mechanismConfirmations.confirmedBy))
    .where(and(eq(mechanismConfirmations.campaignId, campaignId), inScope(mechanismConfirmations.municipalityId, scope)));
}

export async function confirm(db: Executor, row: typeof mechanismConfirmations.$inferInsert) {
  await db
    .insert(mechanismConfirmations)
    .values(row)
    .onConflictDoUpdate({
      target: [mechanismConfirmations.campaignId, mechanismConfirmations.municipalityId, mechanismConfirmations.mechanismCode],
      set: { runId: row.runId, confirmedBy: row.confirmedBy, confirmedAt: sql`now()` },
    });
}

const overrideColumns = {
  id: overrides.id,
  municipalityId: overrides.municipalityId,
  mechanismCode: overrides.mechanismCode,
  target: overrides.target,
  componentCode: overrides.componentCode,
  runId: overrides.runId,
  computedValue: overrides.computedValue,
  value: overrides.value,
  reason: overrides.reason,
  createdBy: users.fullName,
  createdAt: overrides.createdAt,
  withdrawnAt: overrides.withdrawnAt,
};

/** Every override of a campaign (or one municipality), newest first: active ones and the withdrawn history. */
export async function listOverrides(db: Executor, campaignId: number, scope: MunicipalityScope) {
  return db
    .select(overrideColumns)
    .from(overrides)
    .innerJoin(users, eq(users.id, overrides.createdBy))
    .where(and(eq(overrides.campaignId, campaignId), inScope(overrides.municipalityId, scope)))
    .orderBy(desc(overrides.id));
}

export async function findOverride(db: Executor, campaignId: number, overrideId: number) {
  const [row] = await db
    .select()
    .from(overrides)
    .where(and(eq(overrides.campaignId, campaignId), eq(overrides.id, overrideId)));
  return row ?? null;
}

/** A new override of a target withdraws the previous active one of the same target. */
export async function insertOverride(
  db: Executor,
  row: {
    campaignId: number;
    municipalityId: number;
    mechanismCode: string;
    target: OverrideTarget;
    componentCode: string | null;
    runId: number;
    computedValue: number | null;
    value: number;
    reason: string;
    createdBy: number;
  },
) {
  await db
    .update(overrides)
    .set({ withdrawnAt: sql`now()`, withdrawnBy: row.createdBy })
    .where(
      and(
        eq(overrides.campaignId, row.campaignId),
        eq(overrides.municipalityId, row.municipalityId),
        eq(overrides.mechanismCode, row.mechanismCode),
        eq(overrides.target, row.target),
        row.componentCode === null ? isNull(overrides.componentCode) : eq(overrides.componentCode, row.componentCode),
        isNull(overrides.withdrawnAt),
      ),
    );
  const [inserted] = await db.insert(overrides).values(row).returning({ id: overrides.id });
  return inserted!.id;
}

export async function withdrawOverride(db: Executor, overrideId: number, userId: number) {
  await db
    .update(overrides)
    .set({ withdrawnAt: sql`now()`, withdrawnBy: userId })
    .where(and(eq(overrides.id, overrideId), isNull(overrides.withdrawnAt)));
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

/** Approved municipalities among `municipalityIds` go back to review; returns those that did. */
export async function reopenApproved(
  db: Executor,
  campaignId: number,
  municipalityIds: readonly number[],
  userId: number,
): Promise<number[]> {
  if (municipalityIds.length === 0) return [];
  const rows = await db
    .update(municipalityReviews)
    .set({ status: 'in_review', updatedBy: userId, updatedAt: sql`now()` })
    .where(
      and(
        eq(municipalityReviews.campaignId, campaignId),
        eq(municipalityReviews.status, 'approved'),
        inArray(municipalityReviews.municipalityId, [...municipalityIds]),
      ),
    )
    .returning({ municipalityId: municipalityReviews.municipalityId });
  return rows.map((row) => row.municipalityId);
}

/** Confirmations of `previousRunId` that still hold move to `runId`; the others stay with the run they confirmed. */
export async function carryConfirmations(
  db: Executor,
  campaignId: number,
  previousRunId: number,
  runId: number,
  carried: RunComparison['carried'],
) {
  if (carried.length === 0) return;
  const still = sql`(select municipality_id, mechanism_code from json_to_recordset(${JSON.stringify(carried.map((c) => ({ municipality_id: c.municipalityId, mechanism_code: c.mechanismCode })))}::json) as v(municipality_id int, mechanism_code text))`;
  await db
    .update(mechanismConfirmations)
    .set({ runId })
    .where(
      and(
        eq(mechanismConfirmations.campaignId, campaignId),
        eq(mechanismConfirmations.runId, previousRunId),
        sql`(${mechanismConfirmations.municipalityId}, ${mechanismConfirmations.mechanismCode}) in ${still}`,
      ),
    );
}

// ---------- publications ----------

export async function insertPublication(
  db: Executor,
  values: {
    campaignId: number;
    scoringRunId: number;
    publishedBy: number;
    exceptions: { municipalityIds: number[]; reason: string } | null;
  },
) {
  const [row] = await db
    .insert(campaignPublications)
    .values({
      ...values,
      number: sql`(select coalesce(max(${campaignPublications.number}), 0) + 1 from ${campaignPublications} where ${campaignPublications.campaignId} = ${values.campaignId})`,
    })
    .returning({ number: campaignPublications.number });
  return row!.number;
}

/** Marks the campaign's current publication withdrawn; returns its number, or null when none is current. */
export async function withdrawPublication(db: Executor, campaignId: number, withdrawnBy: number, reason: string) {
  const [row] = await db
    .update(campaignPublications)
    .set({ withdrawnAt: sql`now()`, withdrawnBy, withdrawalReason: reason })
    .where(and(eq(campaignPublications.campaignId, campaignId), isNull(campaignPublications.withdrawnAt)))
    .returning({ number: campaignPublications.number });
  return row?.number ?? null;
}

const publisher = sql`(select ${users.fullName} from ${users} where ${users.id} = ${qualified(campaignPublications.publishedBy)})`;
const withdrawer = sql`(select ${users.fullName} from ${users} where ${users.id} = ${qualified(campaignPublications.withdrawnBy)})`;

/** Every publication of a campaign, the first first. */
export async function listPublications(db: Executor, campaignId: number) {
  return db
    .select({
      number: campaignPublications.number,
      scoringRunId: campaignPublications.scoringRunId,
      publishedAt: campaignPublications.publishedAt,
      publishedBy: sql<string | null>`${publisher}`,
      exceptions: campaignPublications.exceptions,
      withdrawnAt: campaignPublications.withdrawnAt,
      withdrawnBy: sql<string | null>`${withdrawer}`,
      withdrawalReason: campaignPublications.withdrawalReason,
    })
    .from(campaignPublications)
    .where(eq(campaignPublications.campaignId, campaignId))
    .orderBy(asc(campaignPublications.number));
}
