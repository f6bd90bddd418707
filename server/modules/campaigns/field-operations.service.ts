import type { Transaction } from '../../../db/client';
import { ORGANISATION_KINDS } from '../../../db/schema/values';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { conflict, notFound } from '../../errors';
import { otherMunicipality } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import type { CampaignContext } from './campaign-context';
import * as repo from './campaigns.repo';
import type { AccessCodeQuery, AccessCodeSlot, CampaignSchool, ReissueTarget } from './campaigns.schemas';
import { questionnaireKinds, type FrozenDefinition } from './frozen-definition';

/** A running campaign in the field: late and excluded schools, the coordinators' access codes and their reissue. */
export function campaignFieldOperations({
  db,
  codeCipher,
  visibleCampaign,
  managedCampaign,
  issueCodes,
  createSlotsWithCodes,
}: CampaignContext) {
  /**
   * The municipality a request may reach: a municipal coordinator only their own (whatever they asked
   * for), the region any municipality of the campaign; a school must belong to the campaign too.
   */
  async function territoryOf(principal: StaffPrincipal, id: number, query: AccessCodeQuery) {
    const campaign = await visibleCampaign(principal, id);
    const own = principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined;
    if (own !== undefined && query.municipalityId !== undefined && query.municipalityId !== own) throw otherMunicipality();
    const municipalityId = own ?? query.municipalityId;
    if (municipalityId !== undefined && !campaign.municipalityIds.includes(municipalityId))
      throw notFound('Муниципалитет не участвует в кампании.');
    return { campaign, filter: { campaignId: id, municipalityId, schoolId: query.schoolId } satisfies repo.SlotFilter };
  }

  /** The organisations of the kinds a campaign asks in its municipalities; a draft asks nothing yet, so every kind. */
  async function organisationsOf(id: number, municipalityId?: number) {
    const definition = (await repo.findCampaignRow(db, id))?.frozenDefinition as FrozenDefinition | null | undefined;
    return repo.campaignSchools(db, id, definition ? questionnaireKinds(definition) : ORGANISATION_KINDS, municipalityId);
  }

  /**
   * What follows any change to which schools a campaign holds, in the transaction of that change: the completion
   * counters recounted, then the change audited on the campaign.
   */
  async function schoolsChanged(
    tx: Transaction,
    actor: AuditActor,
    campaign: { id: number; regionId: number },
    change: { action: string; municipalityId: number | null; after: unknown },
  ) {
    await repo.rebuildCampaignProgress(tx, campaign.id);
    await recordAudit(tx, actor, { entityType: 'campaign', entityId: campaign.id, regionId: campaign.regionId, ...change });
  }

  return {
    /**
     * The organisations of the kinds the campaign asks in its municipalities (a municipal coordinator's own), in,
     * excluded or not yet in.
     */
    async schools(principal: StaffPrincipal, id: number, municipalityId?: number): Promise<CampaignSchool[]> {
      const { filter } = await territoryOf(principal, id, { municipalityId });
      const rows = await organisationsOf(id, filter.municipalityId);
      return rows.map(({ inCampaign, exclusionReason, excludedAt, ...school }) => ({
        ...school,
        status: exclusionReason !== null ? 'excluded' : inCampaign ? 'in' : 'missing',
        exclusionReason,
        excludedAt: excludedAt?.toISOString() ?? null,
      }));
    },

    /**
     * Late schools join a running campaign, and excluded ones come back: questionnaires for every role of the
     * frozen definition, fresh codes, counters recounted. A municipal coordinator adds only their own schools.
     */
    async addSchools(principal: StaffPrincipal, actor: AuditActor, id: number, schoolIds: number[]) {
      const { campaign, filter } = await territoryOf(principal, id, {});
      if (campaign.state !== 'open') throw conflict('Организации добавляются в кампанию, в которой идёт приём анкет.');
      const known = new Map((await organisationsOf(id, filter.municipalityId)).map((school) => [school.schoolId, school]));
      if (schoolIds.some((schoolId) => !known.has(schoolId)))
        throw notFound('Некоторые организации не найдены в муниципалитетах кампании или не опрашиваются по её методике.');
      const targets = [...new Set(schoolIds)].filter((schoolId) => {
        const school = known.get(schoolId)!;
        return !school.inCampaign || school.exclusionReason !== null;
      });
      if (!targets.length) throw conflict('Выбранные организации уже участвуют в кампании.');
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'open') throw conflict('Организации добавляются в кампанию, в которой идёт приём анкет.');
        const reincluded = await repo.deleteExclusions(tx, id, targets);
        const issued = await createSlotsWithCodes(tx, principal, id, row.frozenDefinition as FrozenDefinition, targets);
        await schoolsChanged(tx, actor, campaign, {
          action: 'campaign.schools_added',
          municipalityId: filter.municipalityId ?? null,
          after: { schoolIds: targets, reincluded, codes: issued.length },
        });
        return { added: targets.length - reincluded.length, reincluded: reincluded.length, codesIssued: issued.length };
      });
    },

    /**
     * Takes a school out (closed, merged): its answers stay, its codes stop working, and it leaves the completion
     * figures and the scoring denominators until it is added back.
     */
    async excludeSchool(principal: StaffPrincipal, actor: AuditActor, id: number, schoolId: number, reason: string) {
      const campaign = await managedCampaign(principal, id);
      if (campaign.state !== 'open' && campaign.state !== 'closed')
        throw conflict(
          campaign.state === 'draft'
            ? 'В черновике организации не исключают: измените список муниципалитетов.'
            : 'Результаты опубликованы: снимите публикацию, чтобы исключить организацию.',
        );
      const [school] = (await organisationsOf(id)).filter((row) => row.schoolId === schoolId);
      if (!school?.inCampaign) throw notFound('Организация не участвует в кампании.');
      if (school.exclusionReason !== null) throw conflict('Организация уже исключена из кампании.');
      return db.transaction(async (tx) => {
        await repo.insertExclusion(tx, { campaignId: id, schoolId, reason, excludedBy: principal.userId });
        await repo.revokeActiveCodes(tx, { campaignId: id, schoolId });
        await schoolsChanged(tx, actor, campaign, {
          action: 'campaign.school_excluded',
          municipalityId: school.municipalityId,
          after: { schoolId, school: school.shortName, reason },
        });
        return { schoolId, reason };
      });
    },

    /**
     * The live codes in a coordinator's reach, decrypted. Every read is audited per municipality (who, where, how
     * many), never with the codes themselves.
     */
    async accessCodes(principal: StaffPrincipal, actor: AuditActor, id: number, query: AccessCodeQuery, purpose: 'list' | 'xlsx') {
      const { campaign, filter } = await territoryOf(principal, id, query);
      if (campaign.state === 'draft') throw conflict('Коды выдаются при запуске кампании.');
      const rows = await repo.accessCodeSlots(db, filter);
      if (query.schoolId !== undefined && !rows.length) throw notFound('Организация не участвует в кампании.');
      const codes: AccessCodeSlot[] = rows.map(({ codeCiphertext, issuedAt, ...slot }) => ({
        ...slot,
        code: codeCiphertext ? codeCipher.decrypt(codeCiphertext, slot.responseId) : null,
        issuedAt: issuedAt?.toISOString() ?? null,
      }));
      const perMunicipality = new Map<number, number>();
      for (const code of codes)
        if (code.code) perMunicipality.set(code.municipalityId, (perMunicipality.get(code.municipalityId) ?? 0) + 1);
      await db.transaction(async (tx) => {
        for (const [municipalityId, count] of perMunicipality)
          await recordAudit(tx, actor, {
            action: 'access.codes_viewed',
            entityType: 'campaign',
            entityId: id,
            regionId: campaign.regionId,
            municipalityId,
            after: { codes: count, schoolId: query.schoolId ?? null, purpose },
          });
      });
      return { campaign, codes, unreadable: codes.filter((code) => code.code === null).length };
    },

    /** New codes for a municipality, a school or single questionnaires; a municipal coordinator only for its own. */
    async reissueCodes(principal: StaffPrincipal, actor: AuditActor, id: number, target: ReissueTarget) {
      const { campaign, filter } = await territoryOf(principal, id, target);
      if (campaign.state !== 'open') throw conflict('Коды выдаются только в запущенной кампании.');
      return db.transaction(async (tx) => {
        const reissued = await issueCodes(tx, principal, { ...filter, responseIds: target.responseIds });
        if (!reissued.length) throw notFound('Анкеты не найдены.');
        await recordAudit(tx, actor, {
          action: 'access.reissued',
          entityType: 'campaign',
          entityId: id,
          regionId: campaign.regionId,
          municipalityId: filter.municipalityId ?? null,
          after: { codes: reissued.length, schoolId: filter.schoolId ?? null, responseIds: reissued },
        });
        return { campaignId: id, reissued: reissued.length };
      });
    },
  };
}
