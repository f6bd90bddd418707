import type { Database } from '../../../db/client';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { readScope, regionForWrite } from '../../lib/scope';
import { generateAccessCode, hashAccessCode, normalizeAccessCode } from '../access/access-code';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './campaigns.repo';
import type { AccessCodeQuery, AccessCodeSlot, Campaign, ReissueTarget } from './campaigns.schemas';
import type { CodeCipher } from '../access/code-cipher';
import { freezeCampaignDefinition, questionnaireRoles, validateMechanismChoice } from './frozen-definition';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

export interface CampaignsServiceDeps {
  db: Database;
  /** Installation key of the access-code hashes (shared by every instance). */
  codePepper: string;
  /** Keeps codes readable to the coordinators in scope. */
  codeCipher: CodeCipher;
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

const canManage = (principal: StaffPrincipal) => principal.role === 'admin' || principal.role === 'regional_coordinator';

export function createCampaignsService({ db, codePepper, codeCipher }: CampaignsServiceDeps) {
  async function visibleCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    const campaign = await repo.findCampaign(db, id, readScope(principal), canManage(principal));
    if (!campaign) throw notFound('Кампания не найдена.');
    return campaign;
  }

  async function managedCampaign(principal: StaffPrincipal, id: number): Promise<Campaign> {
    if (!canManage(principal)) throw forbidden();
    return visibleCampaign(principal, id);
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
   * The municipality a code request may reach: a municipal coordinator only their own (whatever they asked
   * for), the region any municipality of the campaign; a school must belong to the campaign too.
   */
  async function codeTarget(principal: StaffPrincipal, id: number, query: AccessCodeQuery) {
    const campaign = await visibleCampaign(principal, id);
    if (campaign.state === 'draft') throw conflict('Коды выдаются при запуске кампании.');
    const own = principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined;
    if (own !== undefined && query.municipalityId !== undefined && query.municipalityId !== own) throw notFound('Муниципалитет не найден.');
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
      validateMechanismChoice(input.methodologyId, input.mechanismCodes);
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
      validateMechanismChoice(methodologyId, mechanismCodes);
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
        const frozenDefinition = freezeCampaignDefinition(row.methodologyId, row.mechanismCodes);
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

    async extend(principal: StaffPrincipal, actor: AuditActor, id: number, closesAtText: string) {
      await managedCampaign(principal, id);
      const closesAt = new Date(closesAtText);
      return db.transaction(async (tx) => {
        const row = (await repo.lockCampaign(tx, id))!;
        if (row.state !== 'open') throw conflict('Продлить можно только кампанию, в которой идёт или шёл приём анкет.');
        if (closesAt <= row.closesAt) throw badRequest('Новая дата окончания должна быть позже текущей.');
        if (closesAt <= new Date()) throw badRequest('Новая дата окончания уже прошла.');
        await repo.updateCampaign(tx, id, { closesAt });
        await recordAudit(tx, actor, {
          action: 'campaign.extended',
          entityType: 'campaign',
          entityId: id,
          regionId: row.regionId,
          before: { closesAt: row.closesAt },
          after: { closesAt },
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

    /** Closed → published, inside the caller's transaction: the results module decides when results are ready. */
    async markPublished(
      tx: Parameters<Parameters<Database['transaction']>[0]>[0],
      id: number,
      userId: number,
      exceptions: { municipalityIds: number[]; reason: string } | null,
    ) {
      await repo.updateCampaign(tx, id, {
        state: 'published',
        publishedAt: new Date(),
        publishedBy: userId,
        publicationExceptions: exceptions,
      });
    },

    /**
     * The live codes in a coordinator's reach, decrypted. Every read is audited per municipality (who, where, how
     * many), never with the codes themselves.
     */
    async accessCodes(principal: StaffPrincipal, actor: AuditActor, id: number, query: AccessCodeQuery, purpose: 'list' | 'xlsx') {
      const { campaign, filter } = await codeTarget(principal, id, query);
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
      const { campaign, filter } = await codeTarget(principal, id, target);
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
