import type { MunicipalityReviewStatus } from '../../../db/schema/values';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './results.repo';
import * as reviewRepo from './review.repo';
import type { Publication, Unapproved } from './results.schemas';
import { isManager } from '../../lib/policy';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { type ResultsDeps, type ResultsReading } from './results-reading';

/** The expert review and the publication of a campaign's results; everything that changes a result is audited. */
export function createReviewService({ db, campaigns, reading }: Omit<ResultsDeps, 'definitions'> & { reading: ResultsReading }) {
  const { compiledFor, access, currentRun } = reading;

  async function reviewable(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
    const { campaign, canReview } = await access(principal, campaignId);
    if (!canReview)
      throw forbidden(
        campaign.state === 'published'
          ? 'Результаты опубликованы: изменить их нельзя.'
          : 'Проверять уровни могут эксперты, назначенные на кампанию.',
      );
    if (!campaign.municipalityIds.includes(municipalityId)) throw notFound('Муниципалитет не участвует в кампании.');
    const run = await currentRun(campaignId);
    return { campaign, run, compiled: await compiledFor(campaignId) };
  }

  return {
    async experts(principal: StaffPrincipal, campaignId: number) {
      await campaigns.get(principal, campaignId);
      return reviewRepo.listExperts(db, campaignId);
    },

    async assignExperts(principal: StaffPrincipal, actor: AuditActor, campaignId: number, userIds: number[]) {
      if (!isManager(principal)) throw forbidden();
      const campaign = await campaigns.get(principal, campaignId);
      const unique = [...new Set(userIds)];
      const valid = await reviewRepo.regionExperts(db, campaign.regionId, unique);
      if (valid.length !== unique.length) throw badRequest('Назначить можно только действующих экспертов региона кампании.');
      await db.transaction(async (tx) => {
        const before = await reviewRepo.listExperts(tx, campaignId);
        await reviewRepo.replaceExperts(tx, campaignId, unique, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.experts_assigned',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          before: before.map((e) => e.email),
          after: { campaignId, experts: unique },
        });
      });
      return reviewRepo.listExperts(db, campaignId);
    },

    async setReviewStatus(
      principal: StaffPrincipal,
      actor: AuditActor,
      campaignId: number,
      municipalityId: number,
      status: MunicipalityReviewStatus,
    ) {
      const { campaign } = await reviewable(principal, campaignId, municipalityId);
      await db.transaction(async (tx) => {
        await reviewRepo.setReviewStatus(tx, campaignId, municipalityId, status, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.status_changed',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          municipalityId,
          after: { campaignId, status },
        });
      });
    },

    async confirm(principal: StaffPrincipal, actor: AuditActor, campaignId: number, municipalityId: number, mechanismCode: string) {
      const { campaign, run, compiled } = await reviewable(principal, campaignId, municipalityId);
      if (!compiled.mechanisms.some((m) => m.code === mechanismCode)) throw notFound('Механизм не оценивается в этой кампании.');
      await db.transaction(async (tx) => {
        await reviewRepo.confirm(tx, { campaignId, municipalityId, mechanismCode, runId: run.id, confirmedBy: principal.userId });
        await reviewRepo.startReview(tx, campaignId, municipalityId, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.confirmed',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          municipalityId,
          after: { campaignId, runId: run.id, mechanismCode },
        });
      });
    },

    async override(
      principal: StaffPrincipal,
      actor: AuditActor,
      campaignId: number,
      municipalityId: number,
      body: {
        mechanismCode: string;
        target: 'component_points' | 'mechanism_level';
        componentCode?: string;
        value: number;
        reason: string;
      },
    ) {
      const { campaign, run, compiled } = await reviewable(principal, campaignId, municipalityId);
      const mechanism = compiled.mechanisms.find((m) => m.code === body.mechanismCode);
      if (!mechanism) throw notFound('Механизм не оценивается в этой кампании.');
      const [cell] = (await repo.runCells(db, run.id, municipalityId)).filter((c) => c.mechanismCode === body.mechanismCode);
      if (!cell) throw notFound('Уровень не рассчитан.');
      let computedValue: number | null;
      if (body.target === 'component_points') {
        const index = mechanism.components.findIndex((c) => c.code === body.componentCode);
        if (index < 0) throw badRequest('Такого компонента управленческого цикла нет.');
        if (body.value > compiled.maxComponentPoints) throw badRequest(`Баллы компонента: от 0 до ${compiled.maxComponentPoints}.`);
        computedValue = cell.componentPoints[index]!;
      } else {
        if (body.value > compiled.levelLabels.length - 1) throw badRequest(`Уровень: от 0 до ${compiled.levelLabels.length - 1}.`);
        computedValue = cell.cappedLevel;
      }
      const id = await db.transaction(async (tx) => {
        const overrideId = await reviewRepo.insertOverride(tx, {
          campaignId,
          municipalityId,
          mechanismCode: body.mechanismCode,
          target: body.target,
          componentCode: body.target === 'component_points' ? body.componentCode! : null,
          runId: run.id,
          computedValue,
          value: body.value,
          reason: body.reason,
          createdBy: principal.userId,
        });
        await reviewRepo.startReview(tx, campaignId, municipalityId, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.overridden',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          municipalityId,
          before: { computedValue },
          after: {
            campaignId,
            overrideId,
            mechanismCode: body.mechanismCode,
            target: body.target,
            componentCode: body.componentCode ?? null,
            value: body.value,
            reason: body.reason,
          },
        });
        return overrideId;
      });
      return id;
    },

    async withdrawOverride(principal: StaffPrincipal, actor: AuditActor, campaignId: number, overrideId: number) {
      const existing = await reviewRepo.findOverride(db, campaignId, overrideId);
      if (!existing) throw notFound('Изменение не найдено.');
      const { campaign } = await reviewable(principal, campaignId, existing.municipalityId);
      if (existing.withdrawnAt) throw conflict('Изменение уже отменено.');
      await db.transaction(async (tx) => {
        await reviewRepo.withdrawOverride(tx, overrideId, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.override_withdrawn',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          municipalityId: existing.municipalityId,
          before: { ...existing },
          after: { campaignId, overrideId },
        });
      });
    },

    /** Closed → published: every municipality approved, or the rest published explicitly as exceptions. */
    /** The municipalities publishing would need exceptions for, as the publish dialog lists them. */
    async unapproved(principal: StaffPrincipal, campaignId: number): Promise<Unapproved> {
      if (!isManager(principal)) throw forbidden();
      await campaigns.get(principal, campaignId);
      return { municipalities: await reviewRepo.unapprovedMunicipalities(db, campaignId) };
    },

    async publish(
      principal: StaffPrincipal,
      actor: AuditActor,
      campaignId: number,
      exceptions?: { municipalityIds: number[]; reason: string },
    ) {
      if (!isManager(principal)) throw forbidden();
      const campaign = await campaigns.get(principal, campaignId);
      if (campaign.state !== 'closed')
        throw conflict(
          campaign.state === 'published' ? 'Результаты уже опубликованы.' : 'Опубликовать можно только закрытую и рассчитанную кампанию.',
        );
      const run = await currentRun(campaignId);
      const pending = (await reviewRepo.unapprovedMunicipalities(db, campaignId)).map((m) => m.municipalityId);
      const excepted = new Set(exceptions?.municipalityIds ?? []);
      const uncovered = pending.filter((id) => !excepted.has(id));
      if (uncovered.length) {
        throw conflict(`Не утверждены экспертами: ${uncovered.length}. Утвердите их или опубликуйте как исключения с указанием причины.`, {
          municipalityIds: uncovered,
        });
      }
      await db.transaction(async (tx) => {
        const excepted = pending.length ? { municipalityIds: pending, reason: exceptions!.reason } : null;
        await campaigns.markPublished(tx, campaignId, principal.userId, excepted);
        const number = await reviewRepo.insertPublication(tx, {
          campaignId,
          scoringRunId: run.id,
          publishedBy: principal.userId,
          exceptions: excepted,
        });
        await recordAudit(tx, actor, {
          action: 'campaign.published',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          after: { runId: run.id, publication: number, exceptions: excepted },
        });
      });
      return campaigns.get(principal, campaignId);
    },

    /**
     * Published → closed, to correct the results: the publication is kept as withdrawn, with the reason; experts
     * can review again, the campaign can be rescored or reopened, and publishing again makes the next number.
     */
    async unpublish(principal: StaffPrincipal, actor: AuditActor, campaignId: number, reason: string) {
      if (!isManager(principal)) throw forbidden();
      const campaign = await campaigns.get(principal, campaignId);
      if (campaign.state !== 'published') throw conflict('Результаты кампании не опубликованы.');
      await db.transaction(async (tx) => {
        await campaigns.markUnpublished(tx, campaignId);
        const number = await reviewRepo.withdrawPublication(tx, campaignId, principal.userId, reason);
        await recordAudit(tx, actor, {
          action: 'campaign.unpublished',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          before: { state: 'published', publication: number },
          after: { state: 'closed', reason },
        });
      });
      return campaigns.get(principal, campaignId);
    },

    /** Every publication of a campaign: run, who, when, and why it was withdrawn. */
    async publications(principal: StaffPrincipal, campaignId: number): Promise<Publication[]> {
      await access(principal, campaignId);
      const rows = await reviewRepo.listPublications(db, campaignId);
      return rows.map((row) => ({
        ...row,
        publishedAt: row.publishedAt.toISOString(),
        withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      }));
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
