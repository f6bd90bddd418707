import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaigns, municipalForms, municipalities, regions } from '../../../db/schema';
import type { TerritoryScope } from '../../lib/scope';
import { qualified } from '../../lib/sql';
import { acceptsAnswersNow, acceptsAnswersUntil } from '../campaigns/campaigns.repo';

export async function findMunicipalForm(db: Executor, campaignId: number, municipalityId: number, scope: TerritoryScope) {
  const [row] = await db
    .select({
      id: municipalForms.id,
      campaignId: campaigns.id,
      campaignTitle: campaigns.title,
      campaignState: campaigns.state,
      opensAt: campaigns.opensAt,
      closesAt: acceptsAnswersUntil(qualified(campaigns.id), qualified(municipalForms.municipalityId)),
      regionId: campaigns.regionId,
      timeZone: regions.timeZone,
      municipalityId: municipalities.id,
      municipalityName: municipalities.name,
      status: municipalForms.status,
      answers: municipalForms.answers,
      currentPage: municipalForms.currentPage,
      revision: municipalForms.revision,
      lastSaveId: municipalForms.lastSaveId,
      updatedAt: municipalForms.updatedAt,
      submittedAt: municipalForms.submittedAt,
    })
    .from(municipalForms)
    .innerJoin(campaigns, eq(campaigns.id, municipalForms.campaignId))
    .innerJoin(regions, eq(regions.id, campaigns.regionId))
    .innerJoin(municipalities, eq(municipalities.id, municipalForms.municipalityId))
    .where(
      and(
        eq(municipalForms.campaignId, campaignId),
        eq(municipalForms.municipalityId, municipalityId),
        scope.regionId === undefined ? undefined : eq(campaigns.regionId, scope.regionId),
        scope.municipalityId === undefined ? undefined : eq(municipalForms.municipalityId, scope.municipalityId),
      ),
    );
  return row ?? null;
}

/** Written only while the campaign accepts answers; part of the save statement itself. */
export function municipalFormMayWrite() {
  return sql`exists (select 1 from ${campaigns} where ${campaigns.id} = ${qualified(municipalForms.campaignId)} and ${acceptsAnswersNow(qualified(campaigns.id), qualified(municipalForms.municipalityId))})`;
}
