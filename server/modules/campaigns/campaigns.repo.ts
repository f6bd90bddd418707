import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  accessCodes,
  campaignMunicipalities,
  campaignMunicipalityProgress,
  campaignProgressChanges,
  campaignSchoolExclusions,
  campaignSchoolProgress,
  campaigns,
  municipalForms,
  municipalities,
  regions,
  responses,
  schools,
  users,
} from '../../../db/schema';
import { ORGANISATION_KINDS, RESPONDENT_ROLES, type OrganisationKind } from '../../../db/schema/values';
import type { TerritoryScope } from '../../lib/scope';
import { qualified, storedRussianOrder, toIsoOrNull } from '../../lib/sql';
import { lockOrganisationKinds } from '../directory/directory.repo';
import { campaignPhase, type Campaign } from './campaigns.schemas';
import type { QuestionnaireRole } from './frozen-definition';
import { questionnaireRows } from './questionnaires.repo';

export type CampaignRow = typeof campaigns.$inferSelect;

/** The municipality's own deadline in the campaign (an extension or a reopening), or null. */
const municipalityDeadline = (campaignId: SQLWrapper, municipalityId: SQLWrapper) =>
  sql`(select ${qualified(campaignMunicipalities.closesAt)} from ${campaignMunicipalities} where ${qualified(campaignMunicipalities.campaignId)} = ${campaignId} and ${qualified(campaignMunicipalities.municipalityId)} = ${municipalityId})`;

/**
 * When a municipality of a campaign stops accepting answers: the later of the campaign's deadline and its own
 * (an extension or reopening for that municipality alone), or earlier if the campaign was closed early.
 */
export function acceptsAnswersUntil(campaignId: SQLWrapper, municipalityId: SQLWrapper) {
  return sql<Date>`least(greatest(${qualified(campaigns.closesAt)}, ${municipalityDeadline(campaignId, municipalityId)}), ${qualified(campaigns.closedAt)})`.mapWith(
    campaigns.closesAt,
  );
}

/**
 * Whether the campaign row in the query accepts answers from the municipality now: part of every save statement.
 * The same as `now() <= acceptsAnswersUntil(…)`, written so that the municipality's own deadline is looked up only
 * once the campaign's has passed (an OR stops at its first true operand): before it, on nearly every save, it is not.
 */
export function acceptsAnswersNow(campaignId: SQLWrapper, municipalityId: SQLWrapper) {
  const closedAt = qualified(campaigns.closedAt);
  return sql`${qualified(campaigns.state)} = 'open' and now() >= ${qualified(campaigns.opensAt)}
    and (${closedAt} is null or now() <= ${closedAt})
    and (now() <= ${qualified(campaigns.closesAt)} or now() <= ${municipalityDeadline(campaignId, municipalityId)})`;
}

const campaignColumns = {
  id: campaigns.id,
  regionId: campaigns.regionId,
  regionName: regions.name,
  timeZone: regions.timeZone,
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
  /** Municipalities given a later deadline than the campaign's, as «id|ISO time» (text survives both drivers alike). */
  municipalityDeadlines: sql<
    string[] | null
  >`(select array_agg(${campaignMunicipalities.municipalityId} || '|' || to_char(${campaignMunicipalities.closesAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by ${campaignMunicipalities.municipalityId}) from ${campaignMunicipalities} where ${campaignMunicipalities.campaignId} = ${qualified(campaigns.id)} and ${campaignMunicipalities.closesAt} > ${qualified(campaigns.closesAt)})`,
};

type Row = Awaited<ReturnType<typeof selectCampaigns>>[number];

function selectCampaigns(db: Executor, where: SQL | undefined) {
  return db.select(campaignColumns).from(campaigns).innerJoin(regions, eq(regions.id, campaigns.regionId)).where(where);
}

export function toCampaign(row: Row): Campaign {
  const municipalityDeadlines = (row.municipalityDeadlines ?? []).map((entry) => {
    const [municipalityId, closesAt] = entry.split('|');
    return { municipalityId: Number(municipalityId), closesAt: closesAt! };
  });
  // The campaign as a whole accepts answers while any of its municipalities does.
  const latestClose = new Date(Math.max(row.closesAt.getTime(), ...municipalityDeadlines.map((d) => Date.parse(d.closesAt))));
  return {
    ...row,
    municipalityIds: (row.municipalityIds ?? []).map(Number),
    municipalityDeadlines,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    phase: campaignPhase(row.state, row.opensAt, latestClose),
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
 * A not-yet-started questionnaire for every role at every organisation of the role's kind in the included
 * municipalities (at launch), or at the given late organisations only; those already in the campaign are left as
 * they are. One statement, whatever the size of the region.
 */
export async function createQuestionnaireSlots(
  db: Executor,
  campaignId: number,
  roleList: readonly QuestionnaireRole[],
  onlySchoolIds?: number[],
) {
  // Role and kind names come from the closed enum lists, never from input.
  const roles = sql.raw(
    `(values ${roleList
      .filter(({ role, organisationKind }) => RESPONDENT_ROLES.includes(role) && ORGANISATION_KINDS.includes(organisationKind))
      .map(({ role, organisationKind }) => `('${role}'::respondent_role, '${organisationKind}'::organisation_kind)`)
      .join(',')}) as r(role, kind)`,
  );
  const onlySchools = onlySchoolIds
    ? sql`and s.id in (${sql.join(
        onlySchoolIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  if (roleList.length) {
    // Before the statement reads the organisations' kinds: an import or edit changing them waits, or is waited for.
    await lockOrganisationKinds(db, sql`(select ${campaigns.regionId} from ${campaigns} where ${campaigns.id} = ${campaignId})`);
    await db.execute(sql`
      insert into ${responses} (campaign_id, school_id, municipality_id, respondent_role)
      select ${campaignId}, s.id, s.municipality_id, r.role
      from ${schools} s
      join ${campaignMunicipalities} cm on cm.municipality_id = s.municipality_id and cm.campaign_id = ${campaignId}
      join ${roles} on r.kind = s.kind
      where true ${onlySchools}
      on conflict do nothing`);
  }
  if (onlySchoolIds) return;
  await db.execute(sql`
    insert into ${municipalForms} (campaign_id, municipality_id)
    select ${campaignId}, municipality_id from ${campaignMunicipalities} where campaign_id = ${campaignId}
    on conflict do nothing`);
  await rebuildCampaignProgress(db, campaignId);
}

/** The advisory locks of campaign_progress_follow_status and the recount: (this namespace, the campaign's id). */
const PROGRESS_LOCK_NAMESPACE = 7302;

/**
 * Recounts a campaign's completion counters from its questionnaires, leaving excluded schools out. The trigger's
 * recorded changes keep them current afterwards; this is for launch, late and excluded schools, and a restored
 * backup. Inside a transaction: it waits for the status changes in flight and holds new ones back until it commits
 * (migration progress_change_log), so each change is either in the recount or among the changes folded later.
 */
export async function rebuildCampaignProgress(db: Executor, campaignId: number) {
  await db.execute(sql`select pg_advisory_xact_lock(${PROGRESS_LOCK_NAMESPACE}, ${campaignId})`);
  await db.delete(campaignProgressChanges).where(eq(campaignProgressChanges.campaignId, campaignId));
  await db.delete(campaignSchoolProgress).where(eq(campaignSchoolProgress.campaignId, campaignId));
  await db.delete(campaignMunicipalityProgress).where(eq(campaignMunicipalityProgress.campaignId, campaignId));
  await db.execute(sql`
    insert into ${campaignSchoolProgress} (campaign_id, school_id, municipality_id, questionnaires, in_progress, submitted)
    select campaign_id, school_id, min(municipality_id), count(*), count(*) filter (where status = 'in_progress'), count(*) filter (where status = 'submitted')
    from ${responses} r where campaign_id = ${campaignId}
      and not exists (select 1 from ${campaignSchoolExclusions} x where x.campaign_id = r.campaign_id and x.school_id = r.school_id)
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
  schoolIds?: number[];
  responseIds?: number[];
}

/** The questionnaire slots a filter selects, by id. */
export async function questionnaireSlotIds(db: Executor, filter: SlotFilter) {
  const rows = await db.select({ responseId: responses.id }).from(responses).where(slotCondition(filter));
  return rows.map((row) => row.responseId);
}

/**
 * Questionnaire slots with the names printed on slips and their live code (still encrypted), in the order a
 * coordinator reads them: by municipality, its schools before its kindergartens, each organisation's roles together.
 */
export async function accessCodeSlots(db: Executor, filter: SlotFilter) {
  return questionnaireRows(db, {
    responseId: responses.id,
    municipalityId: responses.municipalityId,
    municipalityName: municipalities.name,
    schoolId: schools.id,
    schoolCode: schools.code,
    schoolName: schools.shortName,
    organisationKind: schools.kind,
    respondentRole: responses.respondentRole,
    status: responses.status,
    codeCiphertext: accessCodes.codeCiphertext,
    issuedAt: accessCodes.issuedAt,
  })
    .leftJoin(accessCodes, and(eq(accessCodes.responseId, responses.id), isNull(accessCodes.revokedAt)))
    .where(slotCondition(filter))
    .orderBy(
      storedRussianOrder(municipalities.nameOrder),
      asc(schools.kind),
      asc(schools.shortName),
      asc(schools.id),
      asc(responses.respondentRole),
    );
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
    filter.schoolIds === undefined ? undefined : inArray(responses.schoolId, filter.schoolIds),
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

/**
 * Organisations of the given kinds (those the campaign asks) in the campaign's municipalities with their place in it:
 * in, excluded (and why), or not yet in.
 */
export async function campaignSchools(db: Executor, campaignId: number, kinds: readonly OrganisationKind[], municipalityId?: number) {
  return db
    .select({
      schoolId: schools.id,
      code: schools.code,
      shortName: schools.shortName,
      kind: schools.kind,
      municipalityId: schools.municipalityId,
      municipalityName: municipalities.name,
      inCampaign: sql<boolean>`exists (select 1 from ${responses} where ${responses.campaignId} = ${campaignId} and ${responses.schoolId} = ${qualified(schools.id)})`,
      exclusionReason: campaignSchoolExclusions.reason,
      excludedAt: campaignSchoolExclusions.excludedAt,
    })
    .from(schools)
    .innerJoin(
      campaignMunicipalities,
      and(eq(campaignMunicipalities.municipalityId, schools.municipalityId), eq(campaignMunicipalities.campaignId, campaignId)),
    )
    .innerJoin(municipalities, eq(municipalities.id, schools.municipalityId))
    .leftJoin(
      campaignSchoolExclusions,
      and(eq(campaignSchoolExclusions.campaignId, campaignId), eq(campaignSchoolExclusions.schoolId, schools.id)),
    )
    .where(and(inArray(schools.kind, [...kinds]), municipalityId === undefined ? undefined : eq(schools.municipalityId, municipalityId)))
    .orderBy(storedRussianOrder(municipalities.nameOrder), asc(schools.kind), asc(schools.shortName), asc(schools.id));
}

export async function insertExclusion(db: Executor, values: typeof campaignSchoolExclusions.$inferInsert) {
  await db.insert(campaignSchoolExclusions).values(values);
}

/** Takes excluded schools back in; returns the ids that were excluded. */
export async function deleteExclusions(db: Executor, campaignId: number, schoolIds: number[]) {
  const rows = await db
    .delete(campaignSchoolExclusions)
    .where(and(eq(campaignSchoolExclusions.campaignId, campaignId), inArray(campaignSchoolExclusions.schoolId, schoolIds)))
    .returning({ schoolId: campaignSchoolExclusions.schoolId });
  return rows.map((row) => row.schoolId);
}

/** Gives the listed municipalities their own deadline (null: back to the campaign's). */
export async function setMunicipalityDeadline(db: Executor, campaignId: number, municipalityIds: number[] | 'all', closesAt: Date | null) {
  await db
    .update(campaignMunicipalities)
    .set({ closesAt })
    .where(
      and(
        eq(campaignMunicipalities.campaignId, campaignId),
        municipalityIds === 'all' ? undefined : inArray(campaignMunicipalities.municipalityId, municipalityIds),
      ),
    );
}
