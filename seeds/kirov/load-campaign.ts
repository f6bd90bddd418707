import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { campaigns, municipalForms, municipalities, responses, schools } from '../../db/schema';
import { replaceCampaignMunicipalities, createQuestionnaireSlots } from '../../server/modules/campaigns/campaigns.repo';
import { freezeCampaignDefinition, questionnaireRoles } from '../../server/modules/campaigns/frozen-definition';
import { findMethodology } from '../../server/modules/methodology/methodology.repo';
import { campaignScoring, storedFormInput, storedQuestionnaireInput } from '../../server/modules/scoring/campaign-scoring';
import type { KirovCampaignData } from './campaign-generator';

/**
 * Writes a generated Kirov campaign as the platform would have left it when answers stopped coming: launched with
 * every questionnaire slot, the submitted questionnaires and municipal forms in place, closed. Returns its id.
 */
export async function loadKirovCampaign(db: Database, regionId: number, createdBy: number, data: KirovCampaignData): Promise<number> {
  const { campaign } = data;
  const municipalityRows = await db
    .select({ id: municipalities.id, code: municipalities.code })
    .from(municipalities)
    .where(eq(municipalities.regionId, regionId));
  const municipalityIds = new Map(municipalityRows.map((m) => [m.code, m.id]));
  const schoolRows = await db.select({ id: schools.id, code: schools.code }).from(schools).where(eq(schools.regionId, regionId));
  const schoolIds = new Map(schoolRows.map((s) => [s.code, s.id]));
  const frozenDefinition = freezeCampaignDefinition(findMethodology(campaign.methodologyId)!, campaign.mechanismCodes);

  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(campaigns)
      .values({
        regionId,
        title: campaign.title,
        year: campaign.year,
        methodologyId: campaign.methodologyId,
        mechanismCodes: campaign.mechanismCodes,
        opensAt: campaign.opensAt,
        closesAt: campaign.closesAt,
        state: 'open',
        frozenDefinition,
        createdBy,
        launchedAt: campaign.opensAt,
      })
      .returning({ id: campaigns.id });
    const campaignId = row!.id;
    await replaceCampaignMunicipalities(tx, campaignId, [...municipalityIds.values()]);
    await createQuestionnaireSlots(tx, campaignId, questionnaireRoles(frozenDefinition));
    // One statement for all questionnaires: row-by-row updates would dominate the first start of a fresh install.
    // Each is stored as a submission stores it, with what a scoring run reads of it.
    const scoring = campaignScoring(frozenDefinition);
    const submitted = sql.join(
      data.questionnaires.map((q) => {
        const outcomes = storedQuestionnaireInput(scoring, q.answers);
        return sql`(${schoolIds.get(q.schoolCode)!}::int, ${q.role}::respondent_role, ${JSON.stringify(q.answers)}::jsonb, ${outcomes.value}::text, ${outcomes.key}::text, ${q.submittedAt.toISOString()}::timestamptz)`;
      }),
      sql`, `,
    );
    await tx.execute(sql`
      update ${responses} set answers = v.answers, status = 'submitted', revision = 1, current_page = 0, updated_at = v.at, submitted_at = v.at,
        scoring_outcomes = v.outcomes, scoring_input_key = v.input_key
      from (values ${submitted}) as v(school_id, role, answers, outcomes, input_key, at)
      where ${responses.campaignId} = ${campaignId} and ${responses.schoolId} = v.school_id and ${responses.respondentRole} = v.role`);
    for (const form of data.municipalForms) {
      const evidence = storedFormInput(scoring, form.answers);
      await tx
        .update(municipalForms)
        .set({
          answers: form.answers,
          scoringEvidence: evidence.value,
          scoringInputKey: evidence.key,
          status: 'submitted',
          revision: 1,
          currentPage: 0,
          updatedAt: form.submittedAt,
          submittedAt: form.submittedAt,
        })
        .where(
          and(eq(municipalForms.campaignId, campaignId), eq(municipalForms.municipalityId, municipalityIds.get(form.municipalityCode)!)),
        );
    }
    await tx.update(campaigns).set({ state: 'closed', closedAt: campaign.closesAt }).where(eq(campaigns.id, campaignId));
    return campaignId;
  });
}
