import { and, asc, count, eq, getTableColumns, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { alias, union, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import { fromCellTuple, toCellTuple, type CellTuple, type StoredCell } from '../../../db/schema/scoring';
import {
  campaignExperts,
  campaignMunicipalities,
  campaignPublications,
  campaignReminderSchedules,
  campaignSchoolExclusions,
  campaigns,
  mechanismConfirmations,
  municipalForms,
  municipalities,
  municipalityReviews,
  overrides,
  regions,
  responses,
  schools,
  scoringResults,
  scoringRuns,
  users,
} from '../../../db/schema';

/** Rows read per query while exporting: memory is one batch, whatever the size of the campaign. */
export const EXPORT_BATCH = 1000;
/** A municipal form's answers weigh about 25 KB (ten times a questionnaire's): smaller pages, the same memory. */
const FORM_BATCH = 100;

/** Keyset pages of a table by a numeric id column: no offset scans, no whole table in memory. */
async function* keysetBatches<T extends Record<string, unknown>>(
  page: (after: number) => Promise<T[]>,
  idOf: (row: T) => number,
): AsyncGenerator<T[]> {
  for (let after = 0; ;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    yield rows;
    after = idOf(rows.at(-1)!);
  }
}

// ---------- export ----------

export async function campaignRow(db: Executor, campaignId: number) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!row) return null;
  const included = await db
    .select({ id: campaignMunicipalities.municipalityId, closesAt: campaignMunicipalities.closesAt })
    .from(campaignMunicipalities)
    .where(eq(campaignMunicipalities.campaignId, campaignId))
    .orderBy(asc(campaignMunicipalities.municipalityId));
  return {
    ...row,
    municipalityIds: included.map((m) => m.id),
    municipalityDeadlines: included.flatMap((m) => (m.closesAt ? [{ municipalityId: m.id, closesAt: m.closesAt }] : [])),
  };
}

export async function regionRow(db: Executor, regionId: number) {
  const [row] = await db
    .select({ id: regions.id, code: regions.code, name: regions.name, timeZone: regions.timeZone })
    .from(regions)
    .where(eq(regions.id, regionId));
  return row!;
}

/** The campaign's excluded schools, its automatic reminder setting and its publications (withdrawn ones too): small. */
export async function campaignFieldTables(db: Executor, campaignId: number) {
  const [exclusions, schedules, publications] = await Promise.all([
    db
      .select()
      .from(campaignSchoolExclusions)
      .where(eq(campaignSchoolExclusions.campaignId, campaignId))
      .orderBy(asc(campaignSchoolExclusions.schoolId)),
    db.select().from(campaignReminderSchedules).where(eq(campaignReminderSchedules.campaignId, campaignId)),
    db.select().from(campaignPublications).where(eq(campaignPublications.campaignId, campaignId)).orderBy(asc(campaignPublications.number)),
  ]);
  return { exclusions, schedule: schedules[0] ?? null, publications };
}

/** The whole directory of the region: a staff member's scope may name a municipality outside the campaign. */
export function regionMunicipalities(db: Executor, regionId: number) {
  return db
    .select({ id: municipalities.id, code: municipalities.code, name: municipalities.name, kind: municipalities.kind })
    .from(municipalities)
    .where(eq(municipalities.regionId, regionId))
    .orderBy(asc(municipalities.id));
}

export function regionSchools(db: Executor, regionId: number) {
  const { regionId: _region, createdAt: _created, updatedAt: _updated, ...columns } = getTableColumns(schools);
  return keysetBatches(
    (after) =>
      db
        .select(columns)
        .from(schools)
        .where(and(eq(schools.regionId, regionId), gt(schools.id, after)))
        .orderBy(asc(schools.id))
        .limit(EXPORT_BATCH),
    (row) => row.id,
  );
}

/** Every staff account a row of the campaign names, with its scope as codes (ids differ between installations). */
export function referencedUsers(db: Executor, campaignId: number) {
  const ofCampaign = <T extends PgTable>(table: T, column: PgColumn, campaignColumn: PgColumn) =>
    db
      .select({ id: column })
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc cannot pick an overload for the union of tables
      .from(table as PgTable)
      .where(eq(campaignColumn, campaignId));
  const ids = union(
    ofCampaign(campaigns, campaigns.createdBy, campaigns.id),
    ofCampaign(campaigns, campaigns.publishedBy, campaigns.id),
    ofCampaign(municipalForms, municipalForms.updatedBy, municipalForms.campaignId),
    ofCampaign(scoringRuns, scoringRuns.createdBy, scoringRuns.campaignId),
    ofCampaign(campaignExperts, campaignExperts.userId, campaignExperts.campaignId),
    ofCampaign(campaignExperts, campaignExperts.assignedBy, campaignExperts.campaignId),
    ofCampaign(municipalityReviews, municipalityReviews.updatedBy, municipalityReviews.campaignId),
    ofCampaign(mechanismConfirmations, mechanismConfirmations.confirmedBy, mechanismConfirmations.campaignId),
    ofCampaign(overrides, overrides.createdBy, overrides.campaignId),
    ofCampaign(overrides, overrides.withdrawnBy, overrides.campaignId),
    ofCampaign(campaignSchoolExclusions, campaignSchoolExclusions.excludedBy, campaignSchoolExclusions.campaignId),
    ofCampaign(campaignReminderSchedules, campaignReminderSchedules.updatedBy, campaignReminderSchedules.campaignId),
    ofCampaign(campaignPublications, campaignPublications.publishedBy, campaignPublications.campaignId),
    ofCampaign(campaignPublications, campaignPublications.withdrawnBy, campaignPublications.campaignId),
  );
  return selectUsers(db, inArray(users.id, ids));
}

const userMunicipality = alias(municipalities, 'user_municipality');

function selectUsers(db: Executor, where: SQL) {
  return db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      regionCode: regions.code,
      municipalityCode: userMunicipality.code,
    })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(userMunicipality, eq(userMunicipality.id, users.municipalityId))
    .where(where)
    .orderBy(asc(users.id));
}

export function campaignResponses(db: Executor, campaignId: number) {
  // What scoring reads is derived from the answers: a restored campaign's first run works it out again.
  const { campaignId: _campaign, scoringOutcomes: _outcomes, scoringInputKey: _key, ...columns } = getTableColumns(responses);
  return keysetBatches(
    (after) =>
      db
        .select(columns)
        .from(responses)
        .where(and(eq(responses.campaignId, campaignId), gt(responses.id, after)))
        .orderBy(asc(responses.id))
        .limit(EXPORT_BATCH),
    (row) => row.id,
  );
}

/** Municipal forms carry answers like questionnaires do: read in pages too (a national campaign has thousands). */
export function campaignMunicipalForms(db: Executor, campaignId: number) {
  const { campaignId: _campaign, scoringEvidence: _evidence, scoringInputKey: _key, ...columns } = getTableColumns(municipalForms);
  return keysetBatches(
    (after) =>
      db
        .select(columns)
        .from(municipalForms)
        .where(and(eq(municipalForms.campaignId, campaignId), gt(municipalForms.id, after)))
        .orderBy(asc(municipalForms.id))
        .limit(FORM_BATCH),
    (row) => row.id,
  );
}

/** The campaign's review tables (rows per municipality and mechanism at most), each in the order it was written. */
export async function campaignReviewTables(db: Executor, campaignId: number) {
  const runs = await db.select().from(scoringRuns).where(eq(scoringRuns.campaignId, campaignId)).orderBy(asc(scoringRuns.id));
  const runIds = runs.map((r) => r.id);
  const [experts, reviews, confirmations, overrideRows] = await Promise.all([
    db.select().from(campaignExperts).where(eq(campaignExperts.campaignId, campaignId)).orderBy(asc(campaignExperts.userId)),
    db
      .select()
      .from(municipalityReviews)
      .where(eq(municipalityReviews.campaignId, campaignId))
      .orderBy(asc(municipalityReviews.municipalityId)),
    db
      .select()
      .from(mechanismConfirmations)
      .where(eq(mechanismConfirmations.campaignId, campaignId))
      .orderBy(asc(mechanismConfirmations.municipalityId), asc(mechanismConfirmations.mechanismCode)),
    db.select().from(overrides).where(eq(overrides.campaignId, campaignId)).orderBy(asc(overrides.id)),
  ]);
  return { runs, experts, reviews, confirmations, overrides: overrideRows, runIds };
}

/** The header's counts of the large tables, read in the export's snapshot. */
export async function campaignCounts(db: Executor, campaignId: number, regionId: number) {
  const ofRuns = inArray(
    scoringResults.runId,
    db.select({ id: scoringRuns.id }).from(scoringRuns).where(eq(scoringRuns.campaignId, campaignId)),
  );
  const [[s], [r], [f], [sr], [mr]] = await Promise.all([
    db.select({ n: count() }).from(schools).where(eq(schools.regionId, regionId)),
    db.select({ n: count() }).from(responses).where(eq(responses.campaignId, campaignId)),
    db.select({ n: count() }).from(municipalForms).where(eq(municipalForms.campaignId, campaignId)),
    db.select({ n: count() }).from(scoringResults).where(ofRuns),
    db
      .select({ n: sql<number>`coalesce(sum(jsonb_array_length(${scoringResults.cells})), 0)`.mapWith(Number) })
      .from(scoringResults)
      .where(ofRuns),
  ]);
  return { schools: s!.n, responses: r!.n, municipalForms: f!.n, scoringResults: sr!.n, mechanismResults: mr!.n };
}

/** A run's results without their cells, which a backup carries as rows of their own (`runCellRows`). */
export function runResults(db: Executor, runId: number) {
  const { cells: _cells, ...columns } = getTableColumns(scoringResults);
  return db.select(columns).from(scoringResults).where(eq(scoringResults.runId, runId)).orderBy(asc(scoringResults.municipalityId));
}

/** A run's cells, one row each (the backup format's `mechanism_result`), by municipality and mechanism. */
export async function runCellRows(db: Executor, runId: number) {
  const results = await db
    .select({ municipalityId: scoringResults.municipalityId, cells: scoringResults.cells })
    .from(scoringResults)
    .where(eq(scoringResults.runId, runId))
    .orderBy(asc(scoringResults.municipalityId));
  return results.flatMap(({ municipalityId, cells }) =>
    cells
      .map(fromCellTuple)
      .sort((a, b) => (a.mechanismCode < b.mechanismCode ? -1 : a.mechanismCode > b.mechanismCode ? 1 : 0))
      .map((cell) => ({ runId, municipalityId, ...cell })),
  );
}

/**
 * Restored cells join their municipality's restored result. False when some cell has no result to join, which
 * the restore refuses.
 */
export async function appendCells(
  db: Executor,
  rows: Array<{ runId: number; municipalityId: number; cell: StoredCell }>,
): Promise<boolean> {
  if (rows.length === 0) return true;
  const grouped = new Map<string, { run_id: number; municipality_id: number; cells: CellTuple[] }>();
  for (const { runId, municipalityId, cell } of rows) {
    const key = `${runId}:${municipalityId}`;
    const group = grouped.get(key) ?? { run_id: runId, municipality_id: municipalityId, cells: [] };
    group.cells.push(toCellTuple(cell));
    grouped.set(key, group);
  }
  const updated = await db
    .update(scoringResults)
    .set({ cells: sql`${scoringResults.cells} || v.cells` })
    .from(sql`jsonb_to_recordset(${JSON.stringify([...grouped.values()])}::jsonb) as v(run_id int, municipality_id int, cells jsonb)`)
    .where(sql`${scoringResults.runId} = v.run_id and ${scoringResults.municipalityId} = v.municipality_id`)
    .returning({ runId: scoringResults.runId });
  return updated.length === grouped.size;
}

// ---------- import ----------

export async function regionIdByCode(db: Executor, code: string) {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, code));
  return row?.id ?? null;
}

export async function municipalityIdByCode(db: Executor, regionId: number, code: string) {
  const [row] = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.regionId, regionId), eq(municipalities.code, code)));
  return row?.id ?? null;
}

export function usersByEmail(db: Executor, emails: string[]) {
  return selectUsers(db, inArray(users.email, emails));
}

export async function insertRegion(db: Executor, values: typeof regions.$inferInsert) {
  const [row] = await db.insert(regions).values(values).returning({ id: regions.id });
  return row!.id;
}

export function insertMunicipalities(db: Executor, values: Array<typeof municipalities.$inferInsert>) {
  return db.insert(municipalities).values(values).returning({ id: municipalities.id, code: municipalities.code });
}

export function insertSchools(db: Executor, values: Array<typeof schools.$inferInsert>) {
  return db.insert(schools).values(values).returning({ id: schools.id, code: schools.code });
}

export function insertUsers(db: Executor, values: Array<typeof users.$inferInsert>) {
  return db.insert(users).values(values).returning({ id: users.id, email: users.email });
}

export async function insertCampaign(
  db: Executor,
  values: typeof campaigns.$inferInsert,
  included: Array<{ municipalityId: number; closesAt: Date | null }>,
) {
  const [row] = await db.insert(campaigns).values(values).returning({ id: campaigns.id });
  await db.insert(campaignMunicipalities).values(included.map((m) => ({ campaignId: row!.id, ...m })));
  return row!.id;
}

export async function insertScoringRun(db: Executor, values: typeof scoringRuns.$inferInsert) {
  const [row] = await db.insert(scoringRuns).values(values).returning({ id: scoringRuns.id });
  return row!.id;
}

/** The tables whose rows a restore inserts in batches as they are; a closed list, so no query is built from input. */
export const batchTables = {
  response: responses,
  municipal_form: municipalForms,
  scoring_result: scoringResults,
  campaign_expert: campaignExperts,
  review: municipalityReviews,
  confirmation: mechanismConfirmations,
  override: overrides,
  school_exclusion: campaignSchoolExclusions,
  reminder_schedule: campaignReminderSchedules,
  publication: campaignPublications,
} as const;
export type BatchTable = keyof typeof batchTables;

/** Inserts in the order given: identity ids follow the source order, so lists sorted by id read the same. */
export async function insertBatch<K extends BatchTable>(db: Executor, kind: K, values: Array<(typeof batchTables)[K]['$inferInsert']>) {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- tsc cannot pick an overload for the union of tables
  if (values.length) await db.insert(batchTables[kind] as PgTable).values(values as never);
}
