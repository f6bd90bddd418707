import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  campaignMunicipalityProgress,
  campaignSchoolExclusions,
  campaignSchoolProgress,
  municipalForms,
  responses,
  schools,
} from '../../../db/schema';
import type { RespondentRole } from '../../../db/schema/values';
import { qualified } from '../../lib/sql';

// What a scoring run reads: the campaign's municipalities, its submitted questionnaires and municipal forms (their
// stored outcome strings, or the answers to work them out from), and the names an explanation prints.

/** The campaign's municipalities with their number of schools (from the completion counters). */
export async function scoringMunicipalities(db: Executor, campaignId: number) {
  return db
    .select({ municipalityId: campaignMunicipalityProgress.municipalityId, totalSchools: campaignMunicipalityProgress.schools })
    .from(campaignMunicipalityProgress)
    .where(eq(campaignMunicipalityProgress.campaignId, campaignId))
    .orderBy(asc(campaignMunicipalityProgress.municipalityId));
}

/**
 * The organisations of some municipalities in the campaign (its completion counters hold one row per organisation
 * with questionnaires, excluded ones left out), counted by kind; the ids of those that are not schools are listed,
 * so that a run knows them without reading every school's kind.
 */
export async function organisationKinds(db: Executor, campaignId: number, municipalityIds: readonly number[]) {
  const rows = await db
    .select({
      municipalityId: campaignSchoolProgress.municipalityId,
      kind: schools.kind,
      count: sql<number>`count(*)`.mapWith(Number),
      notSchoolIds: sql<string | null>`string_agg(${schools.id}::text, ',') filter (where ${schools.kind} <> 'school')`,
    })
    .from(campaignSchoolProgress)
    .innerJoin(schools, eq(schools.id, campaignSchoolProgress.schoolId))
    .where(and(eq(campaignSchoolProgress.campaignId, campaignId), inArray(campaignSchoolProgress.municipalityId, [...municipalityIds])))
    .groupBy(campaignSchoolProgress.municipalityId, schools.kind);
  return rows.map(({ municipalityId, kind, count, notSchoolIds }) => ({
    municipalityId,
    kind,
    count,
    ids: notSchoolIds?.split(',').map(Number) ?? [],
  }));
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
