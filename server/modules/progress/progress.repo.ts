import { and, asc, count, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  campaignMunicipalities,
  campaignMunicipalityProgress,
  campaignProgressChanges,
  campaignSchoolExclusions,
  campaignSchoolProgress,
  municipalForms,
  municipalities,
  responses,
  schools,
} from '../../../db/schema';
import { offsetOf } from '../../lib/paging';
import { russianOrder, searchAny, storedRussianOrder } from '../../lib/sql';
import { questionnaireSchoolRows } from '../campaigns/questionnaires.repo';

export type ProgressOrder = 'name' | 'lagging';

const p = campaignMunicipalityProgress;
/** The completion counters, each through `read` (a municipality's own value, or a sum). */
const counters = (read: (column: AnyColumn) => SQL<number>) => ({
  questionnaires: read(p.questionnaires),
  submitted: read(p.submitted),
  inProgress: read(p.inProgress),
  schools: read(p.schools),
  respondingSchools: read(p.respondingSchools),
  completeSchools: read(p.completeSchools),
});
const own = (column: AnyColumn) => sql<number>`coalesce(${column}, 0)`.mapWith(Number);
const summed = (column: AnyColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

function listConditions(campaignId: number, municipalityId: number | undefined, search: string | undefined) {
  return and(
    eq(campaignMunicipalities.campaignId, campaignId),
    municipalityId === undefined ? undefined : eq(municipalities.id, municipalityId),
    searchAny(search, [municipalities.name]),
  );
}

/** How a campaign's municipality meets its municipal form (if started) and its completion counters. */
const joinsOf = (campaignId: number) => ({
  municipality: eq(municipalities.id, campaignMunicipalities.municipalityId),
  form: and(eq(municipalForms.campaignId, campaignId), eq(municipalForms.municipalityId, municipalities.id)),
  counters: and(eq(p.campaignId, campaignId), eq(p.municipalityId, municipalities.id)),
});

/**
 * Folds the status changes recorded since the last reader into the campaign's counters (migration
 * progress_change_log); every read of the counters comes after it, so they never disagree with the questionnaires.
 */
export async function foldCampaignProgress(db: Executor, campaignId: number) {
  await db.execute(sql`select campaign_progress_fold(${campaignId})`);
}

/**
 * Folds every campaign with recorded changes: the job poller's pass on every instance, so the log stays short even
 * while nobody reads a dashboard, and a reader's fold has little left to do.
 */
export async function foldPendingProgress(db: Executor) {
  const pending = await db.selectDistinct({ campaignId: campaignProgressChanges.campaignId }).from(campaignProgressChanges);
  for (const { campaignId } of pending) await foldCampaignProgress(db, campaignId);
}

/**
 * A page of the campaign's municipalities with their counts, read from the counters once folded
 * (foldCampaignProgress): no questionnaire is read. `lagging` puts the lowest share of submitted questionnaires first.
 */
export async function municipalityProgress(
  db: Executor,
  campaignId: number,
  query: { municipalityId?: number; search?: string; order?: ProgressOrder; page?: { page: number; pageSize: number } },
) {
  const byName = [storedRussianOrder(municipalities.nameOrder), asc(municipalities.id)];
  const on = joinsOf(campaignId);
  const rows = db
    .select({
      municipalityId: municipalities.id,
      name: municipalities.name,
      municipalForm: municipalForms.status,
      ...counters(own),
    })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, on.municipality)
    .leftJoin(municipalForms, on.form)
    .leftJoin(p, on.counters)
    .where(listConditions(campaignId, query.municipalityId, query.search))
    .orderBy(...(query.order === 'lagging' ? [sql`coalesce(${p.submitted}::real / nullif(${p.questionnaires}, 0), 0)`, ...byName] : byName))
    .$dynamic();
  return query.page ? rows.limit(query.page.pageSize).offset(offsetOf(query.page.page, query.page.pageSize)) : rows;
}

/** Sums over every municipality in scope, and how many of them match the search. */
export async function progressTotals(db: Executor, campaignId: number, municipalityId: number | undefined, search: string | undefined) {
  const on = joinsOf(campaignId);
  const [row] = await db
    .select({
      municipalities: count(),
      matching: search ? sql<number>`count(*) filter (where ${searchAny(search, [municipalities.name])})`.mapWith(Number) : count(),
      municipalFormsSubmitted: sql<number>`count(*) filter (where ${municipalForms.status} = 'submitted')`.mapWith(Number),
      ...counters(summed),
    })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, on.municipality)
    .leftJoin(municipalForms, on.form)
    .leftJoin(p, on.counters)
    .where(listConditions(campaignId, municipalityId, undefined));
  return row!;
}

/**
 * Every questionnaire of a municipality's organisations with its state and last activity, and why the organisation
 * was excluded from the campaign if it was.
 */
export async function schoolQuestionnaires(db: Executor, campaignId: number, municipalityId: number) {
  return questionnaireSchoolRows(db, {
    schoolId: schools.id,
    code: schools.code,
    shortName: schools.shortName,
    kind: schools.kind,
    exclusionReason: campaignSchoolExclusions.reason,
    responseId: responses.id,
    respondentRole: responses.respondentRole,
    status: responses.status,
    updatedAt: responses.updatedAt,
    submittedAt: responses.submittedAt,
  })
    .leftJoin(
      campaignSchoolExclusions,
      and(eq(campaignSchoolExclusions.campaignId, responses.campaignId), eq(campaignSchoolExclusions.schoolId, schools.id)),
    )
    .where(and(eq(responses.campaignId, campaignId), eq(responses.municipalityId, municipalityId)))
    .orderBy(russianOrder(schools.shortName), asc(schools.id), asc(responses.respondentRole));
}

/**
 * A campaign's completion per municipality and kind of organisation, summed from its organisations' counters, for a
 * campaign that asks schools and kindergartens alike; `municipalityId` narrows it to one municipality.
 */
export async function kindProgress(db: Executor, campaignId: number, municipalityId: number | undefined) {
  const s = campaignSchoolProgress;
  return db
    .select({
      municipalityId: s.municipalityId,
      kind: schools.kind,
      schools: count(),
      questionnaires: summed(s.questionnaires),
      submitted: summed(s.submitted),
      inProgress: summed(s.inProgress),
      respondingSchools: sql<number>`count(*) filter (where ${s.submitted} > 0)`.mapWith(Number),
      completeSchools: sql<number>`count(*) filter (where ${s.submitted} = ${s.questionnaires})`.mapWith(Number),
    })
    .from(s)
    .innerJoin(schools, eq(schools.id, s.schoolId))
    .where(and(eq(s.campaignId, campaignId), municipalityId === undefined ? undefined : eq(s.municipalityId, municipalityId)))
    .groupBy(s.municipalityId, schools.kind);
}
