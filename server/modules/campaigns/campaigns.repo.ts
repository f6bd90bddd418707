import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  accessCodes,
  campaignMunicipalities,
  campaignMunicipalityProgress,
  campaignSchoolProgress,
  campaigns,
  municipalForms,
  municipalities,
  regions,
  responses,
  schools,
  users,
} from '../../../db/schema';
import { RESPONDENT_ROLES, type RespondentRole } from '../../../db/schema/values';
import type { TerritoryScope } from '../../lib/scope';
import { qualified, storedRussianOrder, toIsoOrNull } from '../../lib/sql';
import { campaignPhase, type Campaign } from './campaigns.schemas';

export type CampaignRow = typeof campaigns.$inferSelect;

const campaignColumns = {
  id: campaigns.id,
  regionId: campaigns.regionId,
  regionName: regions.name,
  title: campaigns.title,
  year: campaigns.year,
  methodologyId: campaigns.methodologyId,
  mechanismCodes: campaigns.mechanismCodes,
  opensAt: campaigns.opensAt,
  closesAt: campaigns.closesAt,
  state: campaigns.state,
  launchedAt: campaigns.launchedAt,
  closedAt: campaigns.closedAt,
  publishedAt: campaigns.publishedAt,
  municipalityIds: sql<
    number[]
  >`coalesce((select array_agg(${campaignMunicipalities.municipalityId} order by ${campaignMunicipalities.municipalityId}) from ${campaignMunicipalities} where ${campaignMunicipalities.campaignId} = ${qualified(campaigns.id)}), '{}')`,
};

type Row = Awaited<ReturnType<typeof selectCampaigns>>[number];

function selectCampaigns(db: Executor, where: SQL | undefined) {
  return db.select(campaignColumns).from(campaigns).innerJoin(regions, eq(regions.id, campaigns.regionId)).where(where);
}

export function toCampaign(row: Row): Campaign {
  return {
    ...row,
    municipalityIds: (row.municipalityIds ?? []).map(Number),
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    phase: campaignPhase(row.state, row.opensAt, row.closesAt),
    launchedAt: toIsoOrNull(row.launchedAt),
    closedAt: toIsoOrNull(row.closedAt),
    publishedAt: toIsoOrNull(row.publishedAt),
  };
}

/**
 * Campaigns a territory may see. A municipality sees only launched campaigns that include it;
 * drafts stay with the region.
 */
function visibleTo(scope: TerritoryScope, includeDrafts: boolean): SQL | undefined {
  return and(
    scope.regionId === undefined ? undefined : eq(campaigns.regionId, scope.regionId),
    scope.municipalityId === undefined
      ? undefined
      : sql`exists (select 1 from ${campaignMunicipalities} where ${campaignMunicipalities.campaignId} = ${qualified(campaigns.id)} and ${campaignMunicipalities.municipalityId} = ${scope.municipalityId})`,
    includeDrafts ? undefined : ne(campaigns.state, 'draft'),
  );
}

export async function listCampaigns(db: Executor, scope: TerritoryScope, includeDrafts: boolean) {
  const rows = await selectCampaigns(db, visibleTo(scope, includeDrafts)).orderBy(desc(campaigns.year), desc(campaigns.id));
  return rows.map(toCampaign);
}

export async function findCampaign(db: Executor, id: number, scope: TerritoryScope, includeDrafts: boolean) {
  const [row] = await selectCampaigns(db, and(eq(campaigns.id, id), visibleTo(scope, includeDrafts)));
  return row ? toCampaign(row) : null;
}

/** The stored row with its frozen definition, for launch, scoring and the respondents' questionnaires. */
export async function findCampaignRow(db: Executor, id: number) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row ?? null;
}

/** Locks the campaign row for a state transition, so two coordinators cannot launch or close it twice at once. */
export async function lockCampaign(db: Executor, id: number) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
  return row ?? null;
}

export async function insertCampaign(db: Executor, values: typeof campaigns.$inferInsert) {
  const [row] = await db.insert(campaigns).values(values).returning({ id: campaigns.id });
  return row!.id;
}

export async function updateCampaign(db: Executor, id: number, values: Partial<typeof campaigns.$inferInsert>) {
  await db
    .update(campaigns)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(campaigns.id, id));
}

export async function regionMunicipalityIds(db: Executor, regionId: number, onlyIds?: number[]) {
  const rows = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.regionId, regionId), onlyIds ? inArray(municipalities.id, onlyIds) : undefined))
    .orderBy(asc(municipalities.id));
  return rows.map((r) => r.id);
}

export async function replaceCampaignMunicipalities(db: Executor, campaignId: number, municipalityIds: number[]) {
  await db.delete(campaignMunicipalities).where(eq(campaignMunicipalities.campaignId, campaignId));
  if (municipalityIds.length) {
    await db.insert(campaignMunicipalities).values(municipalityIds.map((municipalityId) => ({ campaignId, municipalityId })));
  }
}

/**
 * At launch: a not-yet-started questionnaire for every school of every included municipality and every role,
 * and an empty municipal form per municipality. One statement each, whatever the size of the region.
 */
export async function createQuestionnaireSlots(db: Executor, campaignId: number, roleList: readonly RespondentRole[]) {
  // Role names come from the closed enum list, never from input.
  const roles = sql.raw(
    `unnest(array[${roleList
      .filter((r) => RESPONDENT_ROLES.includes(r))
      .map((r) => `'${r}'`)
      .join(',')}]::respondent_role[])`,
  );
  await db.execute(sql`
    insert into ${responses} (campaign_id, school_id, municipality_id, respondent_role)
    select ${campaignId}, s.id, s.municipality_id, role
    from ${schools} s
    join ${campaignMunicipalities} cm on cm.municipality_id = s.municipality_id and cm.campaign_id = ${campaignId}
    cross join ${roles} as role
    on conflict do nothing`);
  await db.execute(sql`
    insert into ${municipalForms} (campaign_id, municipality_id)
    select ${campaignId}, municipality_id from ${campaignMunicipalities} where campaign_id = ${campaignId}
    on conflict do nothing`);
  await rebuildCampaignProgress(db, campaignId);
}

/**
 * Recounts a campaign's completion counters from its questionnaires. A trigger keeps them current afterwards;
 * this is for launch and for a campaign restored from a backup.
 */
export async function rebuildCampaignProgress(db: Executor, campaignId: number) {
  await db.delete(campaignSchoolProgress).where(eq(campaignSchoolProgress.campaignId, campaignId));
  await db.delete(campaignMunicipalityProgress).where(eq(campaignMunicipalityProgress.campaignId, campaignId));
  await db.execute(sql`
    insert into ${campaignSchoolProgress} (campaign_id, school_id, municipality_id, questionnaires, in_progress, submitted)
    select campaign_id, school_id, min(municipality_id), count(*), count(*) filter (where status = 'in_progress'), count(*) filter (where status = 'submitted')
    from ${responses} where campaign_id = ${campaignId}
    group by campaign_id, school_id`);
  await db.execute(sql`
    insert into ${campaignMunicipalityProgress} (campaign_id, municipality_id, schools, questionnaires, in_progress, submitted, responding_schools, complete_schools)
    select cm.campaign_id, cm.municipality_id, count(p.school_id), coalesce(sum(p.questionnaires), 0), coalesce(sum(p.in_progress), 0), coalesce(sum(p.submitted), 0),
           count(*) filter (where p.submitted > 0), count(*) filter (where p.submitted = p.questionnaires)
    from ${campaignMunicipalities} cm
    left join ${campaignSchoolProgress} p on p.campaign_id = cm.campaign_id and p.municipality_id = cm.municipality_id
    where cm.campaign_id = ${campaignId}
    group by cm.campaign_id, cm.municipality_id`);
}

export interface SlotFilter {
  campaignId: number;
  municipalityId?: number;
  schoolId?: number;
  responseIds?: number[];
}

/** The questionnaire slots a filter selects, by id. */
export async function questionnaireSlotIds(db: Executor, filter: SlotFilter) {
  const rows = await db.select({ responseId: responses.id }).from(responses).where(slotCondition(filter));
  return rows.map((row) => row.responseId);
}

/**
 * Questionnaire slots with the names printed on slips and their live code (still encrypted), in the order a
 * coordinator reads them: by municipality, school, then role.
 */
export async function accessCodeSlots(db: Executor, filter: SlotFilter) {
  return db
    .select({
      responseId: responses.id,
      municipalityId: responses.municipalityId,
      municipalityName: municipalities.name,
      schoolId: schools.id,
      schoolCode: schools.code,
      schoolName: schools.shortName,
      respondentRole: responses.respondentRole,
      status: responses.status,
      codeCiphertext: accessCodes.codeCiphertext,
      issuedAt: accessCodes.issuedAt,
    })
    .from(responses)
    .innerJoin(schools, eq(schools.id, responses.schoolId))
    .innerJoin(municipalities, eq(municipalities.id, responses.municipalityId))
    .leftJoin(accessCodes, and(eq(accessCodes.responseId, responses.id), isNull(accessCodes.revokedAt)))
    .where(slotCondition(filter))
    .orderBy(storedRussianOrder(municipalities.nameOrder), asc(schools.shortName), asc(schools.id), asc(responses.respondentRole));
}

/** Included municipalities without an active municipal coordinator: nobody there can fill the municipal form. */
export async function municipalitiesWithoutCoordinator(db: Executor, campaignId: number) {
  return db
    .select({ municipalityId: municipalities.id, name: municipalities.name })
    .from(campaignMunicipalities)
    .innerJoin(municipalities, eq(municipalities.id, campaignMunicipalities.municipalityId))
    .where(
      and(
        eq(campaignMunicipalities.campaignId, campaignId),
        sql`not exists (select 1 from ${users} where ${users.municipalityId} = ${qualified(municipalities.id)} and ${users.role} = 'municipal_coordinator' and ${users.disabledAt} is null)`,
      ),
    )
    .orderBy(storedRussianOrder(municipalities.nameOrder));
}

function slotCondition(filter: SlotFilter) {
  return and(
    eq(responses.campaignId, filter.campaignId),
    filter.municipalityId === undefined ? undefined : eq(responses.municipalityId, filter.municipalityId),
    filter.schoolId === undefined ? undefined : eq(responses.schoolId, filter.schoolId),
    filter.responseIds === undefined ? undefined : inArray(responses.id, filter.responseIds),
  );
}

/** Revokes the live codes of the slots a filter selects; a subquery, so a region of any size is one statement. */
export async function revokeActiveCodes(db: Executor, filter: SlotFilter) {
  await db
    .update(accessCodes)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        isNull(accessCodes.revokedAt),
        inArray(accessCodes.responseId, db.select({ id: responses.id }).from(responses).where(slotCondition(filter))),
      ),
    );
}

export async function insertAccessCodes(
  db: Executor,
  rows: Array<{ responseId: number; codeHash: string; codeCiphertext: string; issuedBy: number }>,
) {
  for (let i = 0; i < rows.length; i += 2000) await db.insert(accessCodes).values(rows.slice(i, i + 2000));
}
