import type { Transaction } from '../../../db/client';
import { badRequest, conflict } from '../../errors';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { regionForWrite } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import type { CampaignContext } from './campaign-context';
import * as repo from './campaigns.repo';
import type { Campaign } from './campaigns.schemas';
import { freezeCampaignDefinition, validateMechanismChoice } from './frozen-definition';

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

/** A campaign's life: created and edited as a draft, launched, extended, closed, reopened, published and withdrawn. */
export function campaignLifecycle({ db, methodologies, managedCampaign, createSlotsWithCodes }: CampaignContext) {
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

  return {
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
        const issued = await createSlotsWithCodes(tx, principal, id, frozenDefinition);
        const campaign = (await repo.findCampaign(tx, id, {}, true))!;
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
  };
}
