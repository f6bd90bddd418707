import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaignMunicipalities, campaignMunicipalityProgress, municipalForms, municipalities, responses, schools } from '../../../db/schema';
import { russianOrder } from '../../lib/sql';

/** Counts per municipality, kept current by a trigger (migration campaign_progress): no questionnaire is read. */
export async function municipalityCounts(db: Executor, campaignId: number, municipalityId?: number) {
  const p = campaignMunicipalityProgress;
  return db
    .select({
      municipalityId: p.municipalityId,
      questionnaires: p.questionnaires,
      submitted: p.submitted,
      inProgress: p.inProgress,
      schools: p.schools,
      respondingSchools: p.respondingSchools,
      completeSchools: p.completeSchools,
    })
    .from(p)
    .where(and(eq(p.campaignId, campaignId), municipalityId === undefined ? undefined : eq(p.municipalityId, municipalityId)));
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
