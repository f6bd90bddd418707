import type { Database } from '../../../db/client';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { otherMunicipality, readScope, regionForWrite } from '../../lib/scope';
import { generateAccessCode, hashAccessCode, normalizeAccessCode } from '../access/access-code';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './campaigns.repo';
import type { AccessCodeQuery, AccessCodeSlot, Campaign, CampaignSchool, ReissueTarget } from './campaigns.schemas';
import type { CodeCipher } from '../access/code-cipher';
import type { MethodologyService } from '../methodology/versions.service';
import { freezeCampaignDefinition, questionnaireRoles, validateMechanismChoice, type FrozenDefinition } from './frozen-definition';
import { isManager as canManage } from '../../lib/policy';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

export interface CampaignsServiceDeps {
  db: Database;
  /** Installation key of the access-code hashes (shared by every instance). */
  codePepper: string;
  /** Keeps codes readable to the coordinators in scope. */
  codeCipher: CodeCipher;
  /** Which methodology versions a region's campaign may use. */
  methodologies: Pick<MethodologyService, 'usable'>;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

type CampaignInput = {
  regionId?: number;
  title: string;
  year: number;
  methodologyId: string;
  mechanismCodes: string[];
  municipalityIds?: number[];
  opensAt: string;
  closesAt: string;
};

export function createCampaignsService({ db, codePepper, codeCipher, methodologies }: CampaignsServiceDeps) {
  async function visibleCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    const campaign = await repo.findCampaign(db, id, readScope(principal), canManage(principal));
    if (!campaign) throw notFound('Кампания не найдена.');
    return campaign;
  }

  async function managedCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    if (!canManage(principal)) throw forbidden();
    return visibleCampaign(principal, id);
  }

  /** The listed municipalities, each checked to take part in the campaign. */
  function participating(campaign: Campaign, municipalityIds: number[]) {
    const unique = [...new Set(municipalityIds)];
    if (unique.some((municipalityId) => !campaign.municipalityIds.includes(municipalityId)))
      throw badRequest('Некоторые муниципалитеты не участвуют в кампании.');
    return unique;
  }

  /** The included municipalities: all of the region, or the chosen ones, each checked to be in the region. */
  async function municipalitiesFor(regionId: number, requested: number[] | undefined) {
    const ids = await repo.regionMunicipalityIds(db, regionId, requested);
    if (requested && ids.length !== new Set(requested).size) throw badRequest('Некоторые муниципалитеты не найдены в регионе кампании.');
    if (!ids.length) throw badRequest('В регионе нет муниципалитетов: сначала загрузите справочник.');
    return ids;
  }

  /** New codes for the given slots; previous codes of those slots stop working, the answers stay. */
  async function issueCodes(tx: Transaction, principal: StaffPrincipal, filter: repo.SlotFilter): Promise<number[]> {
    const responseIds = await repo.questionnaireSlotIds(tx, filter);
    await repo.revokeActiveCodes(tx, filter);
    await repo.insertAccessCodes(
      tx,
      responseIds.map((responseId) => {
        const code = generateAccessCode();
        return {
          responseId,
          codeHash: hashAccessCode(normalizeAccessCode(code)!, codePepper),
          codeCiphertext: codeCipher.encrypt(code, responseId),
          issuedBy: principal.userId,
        };
      }),
    );
    return responseIds;
  }

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

  return {
    list(principal: StaffPrincipal) {
      return repo.listCampaigns(db, readScope(principal), canManage(principal));
    },

    get: visibleCampaign,

    async coordinatorGaps(principal: StaffPrincipal, id: number) {
      await managedCampaign(principal, id);
      return repo.municipalitiesWithoutCoordinator(db, id);
    },

    async create(principal: StaffPrincipal, actor: AuditActor, input: CampaignInput) {
      const regionId = regionForWrite(principal, input.regionId);
      validateMechanismChoice(await methodologies.usable(db, input.methodologyId, regionId), input.mechanismCodes);
      const municipalityIds = await municipalitiesFor(regionId, input.municipalityIds);
      return db.transaction(async (tx) => {
        const id = await repo.insertCampaign(tx, {
          regionId,
          title: input.title,
          year: input.year,
          methodologyId: input.methodologyId,
          mechanismCodes: input.mechanismCodes,
          opensAt: new Date(input.opensAt),
          closesAt: new Date(input.closesAt),
          createdBy: principal.userId,
        });
        await repo.replaceCampaignMunicipalities(tx, id, municipalityIds);
        const created = (await repo.findCampaign(tx, id, {}, true))!;
        await recordAudit(tx, actor, { action: 'campaign.created', entityType: 'campaign', entityId: id, regionId, after: created });
        return created;
      });
    },

    async update(principal: StaffPrincipal, actor: AuditActor, id: number, changes: Partial<CampaignInput>) {
      const before = await managedCampaign(principal, id);
      if (before.state !== 'draft') throw conflict('Запущенную кампанию нельзя изменить; можно продлить срок или завершить приём.');
      const methodologyId = changes.methodologyId ?? before.methodologyId;
      const mechanismCodes = changes.mechanismCodes ?? before.mechanismCodes;
      validateMechanismChoice(await methodologies.usable(db, methodologyId, before.regionId), mechanismCodes);
      const opensAt = new Date(changes.opensAt ?? before.opensAt);
      const closesAt = new Date(changes.closesAt ?? before.closesAt);
      if (opensAt >= closesAt) throw badRequest('Дата окончания должна быть позже даты начала.');
      const municipalityIds = changes.municipalityIds ? await municipalitiesFor(before.regionId, changes.municipalityIds) : undefined;
      return db.transaction(async (tx) => {
        await repo.updateCampaign(tx, id, {
          title: changes.title,
          year: changes.year,
          methodologyId,
          mechanismCodes,
          opensAt,
          closesAt,
        });
        if (municipalityIds) await repo.replaceCampaignMunicipalities(tx, id, municipalityIds);
        const after = (await repo.findCampaign(tx, id, {}, true))!;
        await recordAudit(tx, actor, {
          action: 'campaign.updated',
          entityType: 'campaign',
          entityId: id,
          regionId: before.regionId,
          before,
          after,
        });
        return after;
      });
    },

    /**
     * Draft → open: freezes the assembled questionnaires into the campaign, creates every questionnaire slot and
     * issues every access code; coordinators then read the codes from the campaign's code list.
     */
    async launch(principal: StaffPrincipal, actor: AuditActor, id: number) {
      await managedCampaign(principal, id);
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'draft') throw conflict('Кампания уже запущена.');
        if (row.closesAt <= new Date()) throw badRequest('Дата окончания уже прошла: измените сроки кампании перед запуском.');
        // The version as it stands at launch; the campaign keeps this copy whatever happens to the version later.
        const frozenDefinition = freezeCampaignDefinition(
          await methodologies.usable(tx, row.methodologyId, row.regionId),
          row.mechanismCodes,
        );
        await repo.updateCampaign(tx, id, { state: 'open', launchedAt: new Date(), frozenDefinition });
        await repo.createQuestionnaireSlots(tx, id, questionnaireRoles(frozenDefinition));
        const campaign = (await repo.findCampaign(tx, id, {}, true))!;
        const issued = await issueCodes(tx, principal, { campaignId: id });
        if (!issued.length) throw badRequest('В выбранных муниципалитетах нет школ: загрузите школы перед запуском.');
        await recordAudit(tx, actor, {
          action: 'campaign.launched',
          entityType: 'campaign',
          entityId: id,
          regionId: row.regionId,
          after: { state: 'open', questionnaires: issued.length, municipalities: campaign.municipalityIds.length },
        });
        return { campaign, codesIssued: issued.length };
      });
    },

    /**
     * A later deadline for the whole campaign, or for some of its municipalities only; before or after the
     * deadline, as long as the campaign has not been closed (a closed one is reopened).
     */
    async extend(principal: StaffPrincipal, actor: AuditActor, id: number, change: { closesAt: string; municipalityIds?: number[] }) {
      const campaign = await managedCampaign(principal, id);
      const closesAt = new Date(change.closesAt);
      const municipalityIds = change.municipalityIds && participating(campaign, change.municipalityIds);
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'open')
          throw conflict('Продлить можно только кампанию, в которой идёт или шёл приём анкет; завершённую — откройте заново.');
        const current = municipalityIds
          ? Math.max(
              row.closesAt.getTime(),
              ...campaign.municipalityDeadlines
                .filter((d) => municipalityIds.includes(d.municipalityId))
                .map((d) => Date.parse(d.closesAt)),
            )
          : row.closesAt.getTime();
        if (closesAt.getTime() <= current) throw badRequest('Новая дата окончания должна быть позже текущей.');
        if (closesAt <= new Date()) throw badRequest('Новая дата окончания уже прошла.');
        if (municipalityIds) await repo.setMunicipalityDeadline(tx, id, municipalityIds, closesAt);
        else await repo.updateCampaign(tx, id, { closesAt });
        await recordAudit(tx, actor, {
          action: 'campaign.extended',
          entityType: 'campaign',
          entityId: id,
          regionId: row.regionId,
          before: { closesAt: new Date(current) },
          after: { closesAt, municipalityIds: municipalityIds ?? null },
        });
        return (await repo.findCampaign(tx, id, {}, true))!;
      });
    },

    /**
     * Closed, not yet published → accepting answers again until `closesAt`: the whole campaign, or only the listed
     * municipalities (the others stay read-only). Scoring runs made before stay in its history; the next run
     * after the next close marks what changed.
     */
    async reopen(
      principal: StaffPrincipal,
      actor: AuditActor,
      id: number,
      change: { closesAt: string; municipalityIds?: number[]; reason: string },
    ) {
      const campaign = await managedCampaign(principal, id);
      const closesAt = new Date(change.closesAt);
      const municipalityIds = change.municipalityIds && participating(campaign, change.municipalityIds);
      if (closesAt <= new Date()) throw badRequest('Новая дата окончания уже прошла.');
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state === 'published') throw conflict('Результаты опубликованы: сначала снимите публикацию.');
        if (row.state !== 'closed') throw conflict('Открыть заново можно только завершённую кампанию; идущую — продлите.');
        const closedAt = row.closedAt ?? new Date();
        if (municipalityIds) {
          // The others keep the moment they actually stopped accepting answers as their deadline.
          await repo.updateCampaign(tx, id, { state: 'open', closedAt: null, closesAt: closedAt < row.closesAt ? closedAt : row.closesAt });
          await repo.setMunicipalityDeadline(tx, id, 'all', null);
          await repo.setMunicipalityDeadline(tx, id, municipalityIds, closesAt);
        } else {
          await repo.updateCampaign(tx, id, { state: 'open', closedAt: null, closesAt });
          await repo.setMunicipalityDeadline(tx, id, 'all', null);
        }
        await recordAudit(tx, actor, {
          action: 'campaign.reopened',
          entityType: 'campaign',
          entityId: id,
          regionId: row.regionId,
          before: { state: 'closed', closesAt: row.closesAt, closedAt: row.closedAt },
          after: { state: 'open', closesAt, municipalityIds: municipalityIds ?? null, reason: change.reason },
        });
        return (await repo.findCampaign(tx, id, {}, true))!;
      });
    },

    async close(principal: StaffPrincipal, actor: AuditActor, id: number) {
      await managedCampaign(principal, id);
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'open') throw conflict('Завершить можно только запущенную кампанию.');
        await repo.updateCampaign(tx, id, { state: 'closed', closedAt: new Date() });
        await recordAudit(tx, actor, {
          action: 'campaign.closed',
          entityType: 'campaign',
          entityId: id,
          regionId: row.regionId,
          before: { state: 'open' },
          after: { state: 'closed' },
        });
        return (await repo.findCampaign(tx, id, {}, true))!;
      });
    },

    /** Published → closed, inside the caller's transaction: the results module withdraws the publication. */
    async markUnpublished(tx: Transaction, id: number) {
      if ((await repo.lockCampaign(tx, id))?.state !== 'published') throw conflict('Результаты кампании не опубликованы.');
      await repo.updateCampaign(tx, id, { state: 'closed', publishedAt: null, publishedBy: null, publicationExceptions: null });
    },

    /** Closed → published, inside the caller's transaction: the results module decides when results are ready. */
    async markPublished(tx: Transaction, id: number, userId: number, exceptions: { municipalityIds: number[]; reason: string } | null) {
      // Locked and checked again: two managers publishing at once make one publication, not two.
      if ((await repo.lockCampaign(tx, id))?.state !== 'closed')
        throw conflict('Опубликовать можно только закрытую и рассчитанную кампанию.');
      await repo.updateCampaign(tx, id, {
        state: 'published',
        publishedAt: new Date(),
        publishedBy: userId,
        publicationExceptions: exceptions,
      });
    },

    /** The schools of the campaign's municipalities (a municipal coordinator's own), in, excluded or not yet in. */
    async schools(principal: StaffPrincipal, id: number, municipalityId?: number): Promise<CampaignSchool[]> {
      const { filter } = await territoryOf(principal, id, { municipalityId });
      const rows = await repo.campaignSchools(db, id, filter.municipalityId);
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
      if (campaign.state !== 'open') throw conflict('Школы добавляются в кампанию, в которой идёт приём анкет.');
      const known = new Map((await repo.campaignSchools(db, id, filter.municipalityId)).map((school) => [school.schoolId, school]));
      if (schoolIds.some((schoolId) => !known.has(schoolId))) throw notFound('Некоторые школы не найдены в муниципалитетах кампании.');
      const targets = [...new Set(schoolIds)].filter((schoolId) => {
        const school = known.get(schoolId)!;
        return !school.inCampaign || school.exclusionReason !== null;
      });
      if (!targets.length) throw conflict('Выбранные школы уже участвуют в кампании.');
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'open') throw conflict('Школы добавляются в кампанию, в которой идёт приём анкет.');
        const reincluded = await repo.deleteExclusions(tx, id, targets);
        await repo.createQuestionnaireSlots(tx, id, questionnaireRoles(row.frozenDefinition as FrozenDefinition), targets);
        const issued = await issueCodes(tx, principal, { campaignId: id, schoolIds: targets });
        await repo.rebuildCampaignProgress(tx, id);
        await recordAudit(tx, actor, {
          action: 'campaign.schools_added',
          entityType: 'campaign',
          entityId: id,
          regionId: campaign.regionId,
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
            ? 'В черновике школы не исключают: измените список муниципалитетов.'
            : 'Результаты опубликованы: снимите публикацию, чтобы исключить школу.',
        );
      const [school] = (await repo.campaignSchools(db, id)).filter((row) => row.schoolId === schoolId);
      if (!school?.inCampaign) throw notFound('Школа не участвует в кампании.');
      if (school.exclusionReason !== null) throw conflict('Школа уже исключена из кампании.');
      return db.transaction(async (tx) => {
        await repo.insertExclusion(tx, { campaignId: id, schoolId, reason, excludedBy: principal.userId });
        await repo.revokeActiveCodes(tx, { campaignId: id, schoolId });
        await repo.rebuildCampaignProgress(tx, id);
        await recordAudit(tx, actor, {
          action: 'campaign.school_excluded',
          entityType: 'campaign',
          entityId: id,
          regionId: campaign.regionId,
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
      if (query.schoolId !== undefined && !rows.length) throw notFound('Школа не участвует в кампании.');
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

export type CampaignsService = ReturnType<typeof createCampaignsService>;
