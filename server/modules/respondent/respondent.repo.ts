import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { accessCodes, campaigns, municipalities, regions, respondentSessions, responses, schools } from '../../../db/schema';
import { qualified } from '../../lib/sql';
import { acceptsAnswersNow, acceptsAnswersUntil } from '../campaigns/campaigns.repo';
import { questionnaireRows } from '../campaigns/questionnaires.repo';

/** Everything the code-entry and questionnaire pages need, found by the code's hash. */
export async function findByCodeHash(db: Executor, codeHash: string) {
  const [row] = await db
    .select({
      accessCodeId: accessCodes.id,
      revokedAt: accessCodes.revokedAt,
      responseId: responses.id,
      campaignId: responses.campaignId,
      respondentRole: responses.respondentRole,
      status: responses.status,
      campaignState: campaigns.state,
      opensAt: campaigns.opensAt,
      closesAt: acceptsAnswersUntil(qualified(campaigns.id), qualified(responses.municipalityId)),
      timeZone: regions.timeZone,
    })
    .from(accessCodes)
    .innerJoin(responses, eq(responses.id, accessCodes.responseId))
    .innerJoin(campaigns, eq(campaigns.id, responses.campaignId))
    .innerJoin(regions, eq(regions.id, campaigns.regionId))
    .where(eq(accessCodes.codeHash, codeHash));
  return row ?? null;
}

export async function touchAccessCode(db: Executor, accessCodeId: number) {
  await db
    .update(accessCodes)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(accessCodes.id, accessCodeId));
}

/** The questionnaire of a signed-in respondent, only while the code that opened it is still live. */
export async function findRespondentForm(db: Executor, responseId: number, accessCodeId: number) {
  const [row] = await questionnaireRows(db, {
    id: responses.id,
    campaignId: campaigns.id,
    campaignTitle: campaigns.title,
    campaignState: campaigns.state,
    opensAt: campaigns.opensAt,
    closesAt: acceptsAnswersUntil(qualified(campaigns.id), qualified(responses.municipalityId)),
    timeZone: regions.timeZone,
    schoolName: schools.shortName,
    municipalityName: municipalities.name,
    respondentRole: responses.respondentRole,
    status: responses.status,
    answers: responses.answers,
    currentPage: responses.currentPage,
    revision: responses.revision,
    lastSaveId: responses.lastSaveId,
    updatedAt: responses.updatedAt,
    submittedAt: responses.submittedAt,
  })
    .innerJoin(accessCodes, and(eq(accessCodes.responseId, responses.id), eq(accessCodes.id, accessCodeId), isNull(accessCodes.revokedAt)))
    .innerJoin(campaigns, eq(campaigns.id, responses.campaignId))
    .innerJoin(regions, eq(regions.id, campaigns.regionId))
    .where(eq(responses.id, responseId));
  return row ?? null;
}

/**
 * The condition under which a respondent may write: the session is live, the code that opened it is live, and the
 * campaign is accepting answers now. Part of the save statement itself, so a logout, a code revoked or a campaign
 * closed a millisecond earlier wins, and an autosave stays one statement. The session is the statement's `guard`.
 */
export function respondentMayWrite() {
  return sql`exists (select 1 from ${respondentSessions} join ${accessCodes} on ${accessCodes.id} = ${respondentSessions.accessCodeId}
      where ${respondentSessions.id} = ${sql.placeholder('guard')}::uuid and ${respondentSessions.revokedAt} is null and ${respondentSessions.expiresAt} > now()
        and ${accessCodes.responseId} = ${qualified(responses.id)} and ${accessCodes.revokedAt} is null)
    and exists (select 1 from ${campaigns} where ${campaigns.id} = ${qualified(responses.campaignId)} and ${acceptsAnswersNow(qualified(campaigns.id), qualified(responses.municipalityId))})`;
}
