import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaignMunicipalities, municipalForms, municipalities, responses, schools } from '../../../db/schema';
import { russianOrder } from '../../lib/sql';

/**
 * Counts per municipality from the (campaign, municipality, status, school) index alone: first per school,
 * then per municipality. No answers are read.
 */
export async function municipalityCounts(db: Executor, campaignId: number, municipalityId?: number) {
  const perSchool = db
    .select({
      municipalityId: responses.municipalityId,
      schoolId: responses.schoolId,
      slots: sql<number>`count(*)::int`.as('slots'),
      submitted: sql<number>`(count(*) filter (where ${responses.status} = 'submitted'))::int`.as('submitted'),
      inProgress: sql<number>`(count(*) filter (where ${responses.status} = 'in_progress'))::int`.as('in_progress'),
    })
    .from(responses)
    .where(and(eq(responses.campaignId, campaignId), municipalityId === undefined ? undefined : eq(responses.municipalityId, municipalityId)))
    .groupBy(responses.municipalityId, responses.schoolId)
    .as('per_school');
  return db
    .select({
      municipalityId: perSchool.municipalityId,
      questionnaires: sql<number>`sum(${perSchool.slots})::int`,
      submitted: sql<number>`sum(${perSchool.submitted})::int`,
      inProgress: sql<number>`sum(${perSchool.inProgress})::int`,
      schools: sql<number>`count(*)::int`,
      respondingSchools: sql<number>`(count(*) filter (where ${perSchool.submitted} > 0))::int`,
      completeSchools: sql<number>`(count(*) filter (where ${perSchool.submitted} = ${perSchool.slots}))::int`,
    })
    .from(perSchool)
    .groupBy(perSchool.municipalityId);
}

/** The campaign's municipalities with their names and the state of their municipal forms. */
export async function campaignMunicipalityList(db: Executor, campaignId: number, municipalityId?: number) {
  return db
    .select({ municipalityId: municipalities.id, name: municipalities.name, municipalForm: municipalForms.status })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, eq(municipalities.id, campaignMunicipalities.municipalityId))
    .leftJoin(municipalForms, and(eq(municipalForms.campaignId, campaignId), eq(municipalForms.municipalityId, municipalities.id)))
    .where(and(eq(campaignMunicipalities.campaignId, campaignId), municipalityId === undefined ? undefined : eq(municipalities.id, municipalityId)))
    .orderBy(russianOrder(municipalities.name));
}

/** Every questionnaire of a municipality's schools with its state and last activity. */
export async function schoolQuestionnaires(db: Executor, campaignId: number, municipalityId: number) {
  return db
    .select({
      schoolId: schools.id,
      code: schools.code,
      shortName: schools.shortName,
      responseId: responses.id,
      respondentRole: responses.respondentRole,
      status: responses.status,
      updatedAt: responses.updatedAt,
      submittedAt: responses.submittedAt,
    })
    .from(responses)
    .innerJoin(schools, eq(schools.id, responses.schoolId))
    .where(and(eq(responses.campaignId, campaignId), eq(responses.municipalityId, municipalityId)))
    .orderBy(russianOrder(schools.shortName), asc(schools.id), asc(responses.respondentRole));
}
