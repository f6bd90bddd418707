import type { Database, Executor } from '../../../db/client';
import { toCellTuple } from '../../../db/schema/scoring';
import type { MunicipalityReviewStatus, ResponseStatus } from '../../../db/schema/values';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { recordAudit } from '../audit/audit.repo';
import type { Campaign } from '../campaigns/campaigns.schemas';
import type { CampaignsService } from '../campaigns/campaigns.service';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { findMethodology } from '../methodology/methodology.repo';
import type { LevelCode } from '../methodology/methodology.schemas';
import { campaignScoring } from '../scoring/campaign-scoring';
import type { CompiledScoring } from '../scoring/compiled';
import { questionnaireOutcomes } from '../scoring/corroboration';
import { formEvidence } from '../scoring/evidence';
import {
  municipalityLevels,
  scoreMunicipality,
  type MunicipalityLevels,
  type QuestionnaireInput,
  type SchoolInput,
} from '../scoring/score';
import type { MunicipalityScore } from '../scoring/scoring.schemas';
import { effectiveMunicipality, effectiveReading, judged, type ComputedCell } from './effective';
import { answersCsv, answersWorkbook, type ResultsExport } from './exports';
import * as repo from './results.repo';
import { compareWithPreviousRun, type RunComparison } from './rerun';
import { DASHBOARD_MAX_PAGE_SIZE } from '../../lib/paging';
import type { MatrixQuery, MatrixRow, MunicipalityResult, Publication, ResultsMatrix, RunSummary, Unapproved } from './results.schemas';
import { isManager, isManagerOrExpert } from '../../lib/policy';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { otherMunicipality } from '../../lib/scope';

/** How a new run differs from the campaign's run before it (`runId`). */
type PreviousRunComparison = RunComparison & { runId: number };

/**
 * Municipalities scored per database round trip: enough to keep the loop busy, few enough to keep memory flat (two
 * chunks are held while the next one loads; at national scale 250 peaked at 566 MB, 125 at 494 MB, bench/).
 */
const SCORING_CHUNK = 125;

type Run = NonNullable<Awaited<ReturnType<typeof repo.findRun>>>;
type DetailedRow = Omit<MatrixRow, 'cells'> & { cells: MunicipalityResult['cells'] };

/** A run as shown, with the methodology's title for people (reports print it, not the id). */
const toSummary = (run: Run): RunSummary => ({
  ...run,
  methodologyTitle: findMethodology(run.methodologyId)?.title ?? run.methodologyId,
  createdAt: run.createdAt.toISOString(),
  createdBy: run.createdBy ?? null,
});

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

export interface ResultsServiceDeps {
  db: Database;
  definitions: DefinitionCache;
  campaigns: CampaignsService;
}

/**
 * Scoring runs, the expert review and the published results of a campaign. Computed values are kept beside
 * experts' judgements, never replaced by them; everything that changes a result is audited.
 */
export function createResultsService({ db, definitions, campaigns }: ResultsServiceDeps) {
  async function compiledFor(campaignId: number) {
    const definition = await definitions.get(campaignId);
    if (!definition) throw conflict('Кампания ещё не запущена: считать нечего.');
    return campaignScoring(definition);
  }

  /**
   * Who sees results: the region's managers; experts assigned to the campaign; a municipality only its own, and
   * only once they are published.
   */
  async function access(principal: StaffPrincipal, campaignId: number) {
    const campaign = await campaigns.get(principal, campaignId);
    const published = campaign.state === 'published';
    if (principal.role === 'expert' && !(await repo.isAssignedExpert(db, campaignId, principal.userId))) {
      throw forbidden('Вы не назначены экспертом этой кампании.');
    }
    if (principal.role === 'municipal_coordinator' && !published) throw forbidden('Результаты ещё не опубликованы.');
    const canReview = principal.role === 'expert' && campaign.state === 'closed';
    return {
      campaign,
      published,
      canReview,
      onlyMunicipality: principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined,
    };
  }

  async function currentRun(campaignId: number, runId?: number) {
    const run = await repo.findRun(db, campaignId, runId);
    if (!run) throw notFound(runId === undefined ? 'Уровни ещё не рассчитаны.' : 'Расчёт не найден.');
    return run;
  }

  /**
   * Access and the run (the latest, or the one asked for), read side by side rather than one after the other; a
   * caller without access hears that, never whether the campaign has a run.
   */
  async function accessToRun(principal: StaffPrincipal, campaignId: number, runId?: number) {
    const [granted, run] = await Promise.allSettled([access(principal, campaignId), currentRun(campaignId, runId)]);
    if (granted.status === 'rejected') throw granted.reason;
    if (run.status === 'rejected') throw run.reason;
    return { ...granted.value, run: run.value };
  }

  /** `requestedRunId`: the run the caller asked for by id; without one, `run` is the latest. */
  async function context(
    campaign: Campaign,
    compiled: CompiledScoring,
    run: Run,
    published: boolean,
    canReview: boolean,
    requestedRunId?: number,
  ) {
    const [previous, latest, publications] = await Promise.all([
      repo.previousRun(db, campaign.id, run.id),
      requestedRunId === undefined ? run : repo.findRun(db, campaign.id),
      repo.listPublications(db, campaign.id),
    ]);
    return {
      campaignId: campaign.id,
      run: toSummary(run),
      previousRunId: previous?.id ?? null,
      published,
      corrections: published
        ? publications.flatMap((publication) =>
            publication.withdrawnAt
              ? [
                  {
                    publicationNumber: publication.number,
                    withdrawnAt: publication.withdrawnAt.toISOString(),
                    reason: publication.withdrawalReason ?? '',
                  },
                ]
              : [],
          )
        : [],
      // Review acts on the latest run: an earlier one is shown for reading only.
      canReview: canReview && latest?.id === run.id,
      levels: compiled.levelLabels.map((label, code) => ({ code: code, label })),
      insufficientDataLabel: compiled.rules.responseRate.label,
      mechanisms: compiled.mechanisms.map((m) => ({ code: m.code, title: m.title })),
    };
  }

  /** Submitted questionnaires of some municipalities, by school; `computed`: outcomes worked out from answers. */
  async function loadSchools(compiled: CompiledScoring, campaignId: number, municipalityIds: number[]) {
    const stored = await repo.submittedQuestionnaires(db, campaignId, municipalityIds, compiled.inputKey);
    // Answers are read only where no outcome string is stored under the current key (the repo's comment says when).
    const worked = stored.some((municipality) => municipality.withoutOutcomes > 0)
      ? await repo.questionnaireAnswers(db, campaignId, municipalityIds, compiled.inputKey)
      : [];
    const computed = worked.map((questionnaire) => ({
      id: questionnaire.id,
      value: questionnaireOutcomes(compiled, questionnaire.answers),
    }));
    const byMunicipality = new Map(stored.map((municipality) => [municipality.municipalityId, municipality.questionnaires]));
    worked.forEach(({ municipalityId, schoolId, role }, index) =>
      byMunicipality.get(municipalityId)!.push({ schoolId, role, outcomes: computed[index]!.value }),
    );
    const schoolsByMunicipality = new Map<number, SchoolInput[]>();
    let questionnaireCount = 0;
    for (const [municipalityId, questionnaires] of byMunicipality) {
      const schools = new Map<number, QuestionnaireInput[]>();
      for (const { schoolId, role, outcomes } of questionnaires) {
        const list = schools.get(schoolId) ?? [];
        list.push({ role, outcomes });
        schools.set(schoolId, list);
      }
      const inOrder = [...schools].sort(([a], [b]) => a - b);
      schoolsByMunicipality.set(
        municipalityId,
        inOrder.map(([schoolId, list]) => ({ schoolId, questionnaires: list })),
      );
      questionnaireCount += questionnaires.length;
    }
    return { schoolsByMunicipality, questionnaireCount, computed };
  }

  /** A run's input for some municipalities: questionnaires and forms as stored for scoring. */
  async function loadRunInputs(compiled: CompiledScoring, campaignId: number, municipalityIds: number[]) {
    const [schools, forms] = await Promise.all([
      loadSchools(compiled, campaignId, municipalityIds),
      repo.submittedFormEvidence(db, campaignId, municipalityIds, compiled.inputKey),
    ]);
    const computedForms: repo.ComputedInput[] = [];
    const evidence = new Map<number, string>();
    for (const form of forms) {
      let value = form.evidence;
      if (value === null) {
        value = formEvidence(compiled, form.answers);
        computedForms.push({ id: form.id, value });
      }
      evidence.set(form.municipalityId, value);
    }
    return { ...schools, evidence, computedForms };
  }

  /**
   * Matrix rows of a run, with overrides and review applied (and each cell's component points, for the detail):
   * every municipality in scope, or one page of those matching a filter.
   */
  async function rows(
    campaignId: number,
    compiled: CompiledScoring,
    run: Run,
    scope: repo.MunicipalityScope,
    filter?: repo.MatrixFilter,
    page?: { page: number; pageSize: number },
  ): Promise<DetailedRow[]> {
    const results = await repo.runResults(db, campaignId, run.id, scope, filter, page);
    const order = new Map(compiled.mechanisms.map((m, i) => [m.code, i]));
    return results.map((result) => {
      const computed: ComputedCell[] = [...result.cells]
        .sort((a, b) => order.get(a.mechanismCode)! - order.get(b.mechanismCode)!)
        .map((c) => ({
          mechanismCode: c.mechanismCode,
          percent: c.percent,
          cappedLevel: c.cappedLevel,
          componentPoints: c.componentPoints,
        }));
      const effective = effectiveMunicipality(
        compiled,
        computed,
        { percent: result.overallPercent, cappedLevel: result.overallCappedLevel },
        result.insufficientData,
        result.activeOverrides,
      );
      const confirmed = new Set(result.confirmedMechanisms);
      const flags = new Map(result.cells.map((c) => [c.mechanismCode, c.flags]));
      const { overall, cells } = judged(effective);
      return {
        municipalityId: result.municipalityId,
        name: result.name,
        reviewStatus: result.reviewStatus,
        insufficientData: result.insufficientData,
        respondingSchools: result.respondingSchools,
        totalSchools: result.totalSchools,
        formSubmitted: result.formSubmitted,
        changedSincePreviousRun: result.changedSincePreviousRun,
        overall,
        cells: cells.map((cell) => ({
          ...cell,
          flags: flags.get(cell.mechanismCode) ?? 0,
          confirmed: confirmed.has(cell.mechanismCode),
        })),
      };
    });
  }

  /** The region's latest earlier campaign that has been scored: the baseline of a comparison. */
  async function previousScored(principal: StaffPrincipal, campaignId: number): Promise<Campaign | null> {
    const list = await campaigns.list(principal);
    const current = list.find((c) => c.id === campaignId)!;
    const earlier = list
      // A municipality sees only published results; the region also its closed, scored campaigns.
      .filter(
        (c) =>
          c.regionId === current.regionId &&
          c.id !== campaignId &&
          (c.state === 'published' || (c.state === 'closed' && isManagerOrExpert(principal))),
      )
      .filter((c) => c.year < current.year || (c.year === current.year && c.id < current.id))
      .sort((a, b) => b.year - a.year || b.id - a.id);
    for (const candidate of earlier) if (await repo.findRun(db, candidate.id)) return candidate;
    return null;
  }

  /**
   * The region's campaigns up to this one (by year, then launch order) whose results the caller may read, each with
   * its latest run: the history a municipality's page and the region report draw. The same rules as for one campaign
   * apply to each (a municipality sees published ones, an expert those assigned to).
   */
  async function scoredHistory(principal: StaffPrincipal, campaign: Campaign) {
    const earlier = (await campaigns.list(principal))
      .filter((c) => c.regionId === campaign.regionId && (c.year < campaign.year || (c.year === campaign.year && c.id <= campaign.id)))
      .sort((a, b) => a.year - b.year || a.id - b.id);
    const history: Array<{ campaign: Campaign; run: Run; compiled: CompiledScoring }> = [];
    for (const candidate of earlier) {
      const readable = await access(principal, candidate.id).then(
        () => true,
        () => false,
      );
      const run = readable ? await repo.findRun(db, candidate.id) : null;
      if (run) history.push({ campaign: candidate, run, compiled: await compiledFor(candidate.id) });
    }
    return history;
  }

  /**
   * After a new run, an approval stands only for what the expert saw: a municipality whose computed results changed
   * goes back from «утверждён» to «на проверке», and a confirmation carries over only to a cell that did not change.
   * Overrides stay (they are judgements, shown beside whatever is computed now).
   */
  async function reconcileReview(tx: Executor, campaignId: number, runId: number, previous: PreviousRunComparison | null, userId: number) {
    if (!previous) return { previousRunId: null, changed: 0, reopened: [] as number[] };
    const changed = [...previous.changed];
    const reopened = await repo.reopenApproved(tx, campaignId, changed, userId);
    await repo.carryConfirmations(tx, campaignId, previous.runId, runId, previous.carried);
    return { previousRunId: previous.runId, changed: changed.length, reopened };
  }

  /**
   * The new results against the campaign's latest run so far, compared in memory before they are stored, so that
   * each is stored already marked as changed or not.
   */
  async function compareWithLatestRun(
    tx: Executor,
    campaignId: number,
    results: repo.ResultInsert[],
  ): Promise<PreviousRunComparison | null> {
    const previous = await repo.previousRun(tx, campaignId);
    if (!previous) return null;
    const comparison = compareWithPreviousRun(await repo.comparedResults(tx, campaignId, previous.id), results);
    for (const result of results) result.changedSincePreviousRun = comparison.changed.has(result.municipalityId);
    return { runId: previous.id, ...comparison };
  }

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
    async runScoring(principal: StaffPrincipal, actor: AuditActor, campaignId: number): Promise<RunSummary> {
      if (!isManager(principal)) throw forbidden();
      const campaign = await campaigns.get(principal, campaignId);
      if (campaign.state !== 'closed') {
        throw conflict(
          campaign.state === 'published'
            ? 'Результаты уже опубликованы: новый расчёт их не изменит.'
            : 'Сначала завершите приём анкет: уровни считаются по закрытой кампании.',
        );
      }
      const started = performance.now();
      const compiled = await compiledFor(campaignId);
      const municipalities = await repo.scoringMunicipalities(db, campaignId);
      const results: repo.ResultInsert[] = [];
      let questionnaires = 0;
      let forms = 0;
      let schools = 0;
      const computed: { questionnaires: repo.ComputedInput[]; forms: repo.ComputedInput[] } = { questionnaires: [], forms: [] };
      const parts = chunks(municipalities, SCORING_CHUNK);
      const load = (index: number) => {
        if (index >= parts.length) return null;
        const loading = loadRunInputs(
          compiled,
          campaignId,
          parts[index]!.map((m) => m.municipalityId),
        );
        // Awaited on the next turn; if scoring this chunk throws first, the read's own failure must not go unhandled.
        loading.catch(() => {});
        return loading;
      };
      // The database reads the next chunk while this process scores the current one: on two cores, both stay busy.
      let next = load(0);
      for (let index = 0; index < parts.length; index++) {
        const chunk = parts[index]!;
        const inputs = (await next)!;
        next = load(index + 1);
        questionnaires += inputs.questionnaireCount;
        forms += inputs.evidence.size;
        computed.questionnaires.push(...inputs.computed);
        computed.forms.push(...inputs.computedForms);
        for (const municipality of chunk) {
          schools += municipality.totalSchools;
          const levels = municipalityLevels(compiled, {
            municipalityId: municipality.municipalityId,
            schools: inputs.schoolsByMunicipality.get(municipality.municipalityId) ?? [],
            totalSchools: municipality.totalSchools,
            evidence: inputs.evidence.get(municipality.municipalityId) ?? null,
          });
          results.push(toResultRow(levels, municipality.municipalityId));
        }
      }
      const inputCounts = { municipalities: municipalities.length, schools, questionnaires, municipalForms: forms };
      const run = await db.transaction(async (tx) => {
        const previous = await compareWithLatestRun(tx, campaignId, results);
        const inserted = await repo.insertRun(
          tx,
          {
            campaignId,
            methodologyId: compiled.methodologyId,
            methodologyVersion: compiled.methodologyVersion,
            inputs: inputCounts,
            durationMs: Math.round(performance.now() - started),
            createdBy: principal.userId,
          },
          results,
        );
        await repo.storeScoringInputs(tx, compiled.inputKey, computed);
        const review = await reconcileReview(tx, campaignId, inserted.id, previous, principal.userId);
        await recordAudit(tx, actor, {
          action: 'scoring.run',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          after: { runId: inserted.id, inputs: inputCounts, ...review },
        });
        for (const municipalityId of review.reopened) {
          await recordAudit(tx, actor, {
            action: 'review.reopened_by_scoring',
            entityType: 'campaign',
            entityId: campaignId,
            regionId: campaign.regionId,
            municipalityId,
            before: { status: 'approved', runId: review.previousRunId },
            after: { campaignId, status: 'in_review', runId: inserted.id },
          });
        }
        return inserted;
      });
      return toSummary({ ...run, createdBy: principal.fullName });
    },

    async runs(principal: StaffPrincipal, campaignId: number): Promise<RunSummary[]> {
      await access(principal, campaignId);
      return (await repo.listRuns(db, campaignId)).map(toSummary);
    },

    /** A page of the matrix (those matching the filter, in name order) and counts over the whole run. */
    async matrix(principal: StaffPrincipal, campaignId: number, query: Partial<MatrixQuery> = {}): Promise<ResultsMatrix> {
      const { campaign, published, canReview, onlyMunicipality, run } = await accessToRun(principal, campaignId, query.runId);
      const compiled = await compiledFor(campaignId);
      const filter: repo.MatrixFilter = { search: query.search || undefined, review: query.review, changedOnly: query.changed === '1' };
      // The route always pages; a caller inside the server without a page gets every municipality.
      const page = { page: query.page ?? 1, pageSize: query.pageSize ?? DASHBOARD_MAX_PAGE_SIZE };
      const [detailed, { matching, ...summary }, shared] = await Promise.all([
        rows(campaignId, compiled, run, onlyMunicipality, filter, page),
        repo.runResultsSummary(db, campaignId, run.id, onlyMunicipality, filter),
        context(campaign, compiled, run, published, canReview, query.runId),
      ]);
      const municipalities = detailed.map((row) => ({
        ...row,
        cells: row.cells.map(({ componentPoints: _points, computedComponentPoints: _computed, ...cell }) => cell),
      }));
      return { ...shared, summary, total: matching, ...page, municipalities };
    },

    async municipality(principal: StaffPrincipal, campaignId: number, municipalityId: number, runId?: number): Promise<MunicipalityResult> {
      const { campaign, published, canReview, onlyMunicipality, run } = await accessToRun(principal, campaignId, runId);
      if (onlyMunicipality !== undefined && onlyMunicipality !== municipalityId) throw otherMunicipality();
      const compiled = await compiledFor(campaignId);
      const [row] = await rows(campaignId, compiled, run, municipalityId);
      if (!row) throw notFound('Результаты муниципалитета не найдены.');
      const [inputs, [form], overrides, confirmations, excludedSchools] = await Promise.all([
        loadSchools(compiled, campaignId, [municipalityId]),
        repo.submittedMunicipalForms(db, campaignId, [municipalityId]),
        repo.listOverrides(db, campaignId, municipalityId),
        repo.confirmations(db, campaignId, municipalityId),
        repo.excludedSchoolNames(db, campaignId, municipalityId),
      ]);
      const municipalitySchools = inputs.schoolsByMunicipality.get(municipalityId) ?? [];
      // Every school a corroboration can name is one of these, so the names are read before the explanations need them.
      const names = await repo.schoolNames(
        db,
        municipalitySchools.map((school) => Number(school.schoolId)),
      );
      // The explanation is recomputed (a closed campaign's answers cannot change) and checked against the run.
      const score: MunicipalityScore = scoreMunicipality(compiled, {
        municipalityId,
        municipalityName: row.name,
        schools: municipalitySchools,
        totalSchools: row.totalSchools,
        municipalForm: form?.answers ?? null,
        excludedSchools,
        schoolNames: new Map(names.map((school) => [school.id, school.shortName])),
      });
      const storedPoints = new Map(row.cells.map((c) => [c.mechanismCode, c.computedComponentPoints]));
      const consistent = score.mechanisms.every(
        (m) => JSON.stringify(m.components.map((c) => c.points)) === JSON.stringify(storedPoints.get(m.code)),
      );
      const active = overrides.filter((o) => !o.withdrawnAt);
      const reading = effectiveReading(compiled, row.name, row, active, score.responseRate);
      return {
        ...(await context(campaign, compiled, run, published, canReview, runId)),
        municipalityId,
        reviewStatus: row.reviewStatus,
        changedSincePreviousRun: row.changedSincePreviousRun,
        consistent,
        score,
        overall: row.overall,
        cells: row.cells,
        overrides: overrides.map((o) => ({
          ...o,
          createdAt: o.createdAt.toISOString(),
          withdrawnAt: o.withdrawnAt?.toISOString() ?? null,
        })),
        effectiveExplanation: { mechanisms: reading.mechanisms, overall: reading.overall },
        recommendations: reading.recommendations,
        confirmations: confirmations.map((c) => ({
          mechanismCode: c.mechanismCode,
          confirmedBy: c.confirmedBy,
          confirmedAt: c.confirmedAt.toISOString(),
          currentRun: c.runId === run.id,
        })),
        schoolNames: Object.fromEntries(names.map((s) => [String(s.id), s.shortName])),
        questions: Object.fromEntries(
          compiled.questions.map((q) => [q.name, { title: q.title, confirmingAnswers: [...q.confirmingAnswers] }]),
        ),
      };
    },

    async experts(principal: StaffPrincipal, campaignId: number) {
      await campaigns.get(principal, campaignId);
      return repo.listExperts(db, campaignId);
    },

    async assignExperts(principal: StaffPrincipal, actor: AuditActor, campaignId: number, userIds: number[]) {
      if (!isManager(principal)) throw forbidden();
      const campaign = await campaigns.get(principal, campaignId);
      const unique = [...new Set(userIds)];
      const valid = await repo.regionExperts(db, campaign.regionId, unique);
      if (valid.length !== unique.length) throw badRequest('Назначить можно только действующих экспертов региона кампании.');
      await db.transaction(async (tx) => {
        const before = await repo.listExperts(tx, campaignId);
        await repo.replaceExperts(tx, campaignId, unique, principal.userId);
        await recordAudit(tx, actor, {
          action: 'review.experts_assigned',
          entityType: 'campaign',
          entityId: campaignId,
          regionId: campaign.regionId,
          before: before.map((e) => e.email),
          after: { campaignId, experts: unique },
        });
      });
      return repo.listExperts(db, campaignId);
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
        await repo.setReviewStatus(tx, campaignId, municipalityId, status, principal.userId);
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
        await repo.confirm(tx, { campaignId, municipalityId, mechanismCode, runId: run.id, confirmedBy: principal.userId });
        await repo.startReview(tx, campaignId, municipalityId, principal.userId);
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
        const overrideId = await repo.insertOverride(tx, {
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
        await repo.startReview(tx, campaignId, municipalityId, principal.userId);
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
      const existing = await repo.findOverride(db, campaignId, overrideId);
      if (!existing) throw notFound('Изменение не найдено.');
      const { campaign } = await reviewable(principal, campaignId, existing.municipalityId);
      if (existing.withdrawnAt) throw conflict('Изменение уже отменено.');
      await db.transaction(async (tx) => {
        await repo.withdrawOverride(tx, overrideId, principal.userId);
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
      return { municipalities: await repo.unapprovedMunicipalities(db, campaignId) };
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
      const pending = (await repo.unapprovedMunicipalities(db, campaignId)).map((m) => m.municipalityId);
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
        const number = await repo.insertPublication(tx, {
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
        const number = await repo.withdrawPublication(tx, campaignId, principal.userId, reason);
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
      const rows = await repo.listPublications(db, campaignId);
      return rows.map((row) => ({
        ...row,
        publishedAt: row.publishedAt.toISOString(),
        withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
      }));
    },

    /** Everything the results workbook holds, for the caller's view of the campaign. */
    async exportData(principal: StaffPrincipal, campaignId: number): Promise<ResultsExport> {
      const { campaign, published, canReview, onlyMunicipality, run } = await accessToRun(principal, campaignId);
      const compiled = await compiledFor(campaignId);
      const [detailed, overrides, shared] = await Promise.all([
        rows(campaignId, compiled, run, onlyMunicipality),
        repo.listOverrides(db, campaignId, onlyMunicipality),
        context(campaign, compiled, run, published, canReview),
      ]);
      return {
        matrix: { ...shared, municipalities: detailed },
        points: new Map(
          detailed.map((row) => [
            row.municipalityId,
            row.cells.map((c) => ({ mechanismCode: c.mechanismCode, componentPoints: c.componentPoints })),
          ]),
        ),
        componentTitles: compiled.mechanisms[0]?.components.map((c) => c.title) ?? [],
        maxMechanismPoints: compiled.maxMechanismPoints,
        overrides: overrides.map((o) => ({
          ...o,
          createdAt: o.createdAt.toISOString(),
          withdrawnAt: o.withdrawnAt?.toISOString() ?? null,
        })),
      };
    },

    /** Raw answers are for the region and its assigned experts: a municipality does not read its directors' answers. */
    async answersExport(principal: StaffPrincipal, campaignId: number, format: 'xlsx' | 'csv', statuses: ResponseStatus[]) {
      if (principal.role === 'municipal_coordinator') throw forbidden('Ответы респондентов доступны региону и экспертам.');
      const { campaign } = await access(principal, campaignId);
      const definition = await definitions.get(campaignId);
      if (!definition) throw conflict('Кампания ещё не запущена.');
      return {
        campaign,
        body: format === 'xlsx' ? answersWorkbook(db, campaignId, definition, statuses) : answersCsv(db, campaignId, definition, statuses),
      };
    },

    /** How many municipalities are at each level, per mechanism and overall (effective levels of the run, the latest by default). */
    async distribution(principal: StaffPrincipal, campaignId: number, runId?: number) {
      const { onlyMunicipality, run } = await accessToRun(principal, campaignId, runId);
      const compiled = await compiledFor(campaignId);
      const matrix = await rows(campaignId, compiled, run, onlyMunicipality);
      const tally = (levels: Array<LevelCode | null>) => ({
        counts: compiled.levelLabels.map((_, code) => levels.filter((level) => level === code).length),
        insufficient: levels.filter((level) => level === null).length,
      });
      return {
        campaignId,
        levels: compiled.levelLabels.map((label, code) => ({ code: code, label })),
        insufficientDataLabel: compiled.rules.responseRate.label,
        rows: [
          ...compiled.mechanisms.map((m, index) => ({
            mechanismCode: m.code,
            title: `${m.code}. ${m.title}`,
            ...tally(matrix.map((row) => row.cells[index]!.level)),
          })),
          { mechanismCode: null, title: 'Итоговый уровень', ...tally(matrix.map((row) => row.overall.level)) },
        ],
      };
    },

    /** The region's distribution of municipalities by overall level in each of its scored campaigns up to this one. */
    async regionHistory(principal: StaffPrincipal, campaignId: number) {
      const { campaign, onlyMunicipality } = await accessToRun(principal, campaignId);
      const compiled = await compiledFor(campaignId);
      const history = await scoredHistory(principal, campaign);
      return {
        campaignId,
        levels: compiled.levelLabels.map((label, code) => ({ code, label })),
        insufficientDataLabel: compiled.rules.responseRate.label,
        campaigns: await Promise.all(
          history.map(async (item) => {
            const levels = (await rows(item.campaign.id, item.compiled, item.run, onlyMunicipality)).map((row) => row.overall.level);
            return {
              id: item.campaign.id,
              title: item.campaign.title,
              year: item.campaign.year,
              counts: compiled.levelLabels.map((_, code) => levels.filter((level) => level === code).length),
              insufficient: levels.filter((level) => level === null).length,
            };
          }),
        ),
      };
    },

    /**
     * One municipality's effective levels, overall and per mechanism, in each scored campaign of the region up to
     * this one that it took part in.
     */
    async municipalityHistory(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
      const { campaign, onlyMunicipality } = await accessToRun(principal, campaignId);
      if (onlyMunicipality !== undefined && onlyMunicipality !== municipalityId) {
        throw forbidden('Нет доступа к результатам другого муниципалитета.');
      }
      const compiled = await compiledFor(campaignId);
      const history = await scoredHistory(principal, campaign);
      const points = await Promise.all(
        history.map(async (item) => ({ item, row: (await rows(item.campaign.id, item.compiled, item.run, municipalityId))[0] })),
      );
      const taking = points.filter((point) => point.row !== undefined);
      if (!taking.some((point) => point.item.campaign.id === campaignId)) throw notFound('Результаты муниципалитета не найдены.');
      const titles = new Map(history.flatMap((item) => item.compiled.mechanisms.map((m) => [m.code, m.title] as const)));
      // This campaign's mechanisms first, in its order, then any that only earlier campaigns assessed.
      const codes = [...new Set([...compiled.mechanisms.map((m) => m.code), ...titles.keys()])];
      return {
        campaignId,
        municipalityId,
        name: taking.at(-1)!.row!.name,
        levels: compiled.levelLabels.map((label, code) => ({ code, label })),
        insufficientDataLabel: compiled.rules.responseRate.label,
        mechanisms: codes.map((code) => ({ code, title: titles.get(code)! })),
        campaigns: taking.map(({ item, row }) => ({
          id: item.campaign.id,
          title: item.campaign.title,
          year: item.campaign.year,
          overall: row!.overall.level,
          cells: row!.cells.map((cell) => ({ mechanismCode: cell.mechanismCode, level: cell.level })),
        })),
      };
    },

    /**
     * Each municipality's effective levels in the run (the latest by default) against the region's previous scored
     * campaign (the latest earlier one, or the one named): better, worse or the same, per mechanism and overall.
     */
    async comparison(principal: StaffPrincipal, campaignId: number, previousId?: number, runId?: number) {
      const { onlyMunicipality, run } = await accessToRun(principal, campaignId, runId);
      const compiled = await compiledFor(campaignId);
      const current = await rows(campaignId, compiled, run, onlyMunicipality);
      const previousCampaign =
        previousId === undefined ? await previousScored(principal, campaignId) : await campaigns.get(principal, previousId);
      const previousRun = previousCampaign ? await repo.findRun(db, previousCampaign.id) : null;
      const previousRows =
        previousCampaign && previousRun
          ? await rows(previousCampaign.id, await compiledFor(previousCampaign.id), previousRun, onlyMunicipality)
          : [];
      const before = new Map(previousRows.map((row) => [row.municipalityId, row]));
      const change = (was: LevelCode | null, now: LevelCode | null) =>
        was === null || now === null
          ? ('no_data' as const)
          : now > was
            ? ('better' as const)
            : now < was
              ? ('worse' as const)
              : ('same' as const);
      return {
        campaignId,
        previous:
          previousCampaign && previousRun ? { id: previousCampaign.id, title: previousCampaign.title, year: previousCampaign.year } : null,
        rows: current.map((row) => {
          const was = before.get(row.municipalityId);
          const wasLevel = (code: string) => was?.cells.find((c) => c.mechanismCode === code)?.level ?? null;
          return {
            municipalityId: row.municipalityId,
            name: row.name,
            cells: [
              ...row.cells.map((cell) => ({
                mechanismCode: cell.mechanismCode,
                previous: wasLevel(cell.mechanismCode),
                current: cell.level,
                change: change(wasLevel(cell.mechanismCode), cell.level),
              })),
              {
                mechanismCode: null,
                previous: was?.overall.level ?? null,
                current: row.overall.level,
                change: change(was?.overall.level ?? null, row.overall.level),
              },
            ],
          };
        }),
      };
    },
  };
}

function toResultRow(levels: MunicipalityLevels, municipalityId: number): repo.ResultInsert {
  return {
    runId: 0,
    municipalityId,
    overallLevel: levels.overall.level,
    overallCappedLevel: levels.overall.cappedLevel,
    overallPercent: levels.overall.percent,
    insufficientData: levels.insufficientData,
    respondingSchools: levels.respondingSchools,
    totalSchools: levels.totalSchools,
    formSubmitted: levels.formSubmitted,
    // Set when the run is compared with the one before it, just before it is stored.
    changedSincePreviousRun: false,
    cells: levels.mechanisms.map(({ code, ...mechanism }) => toCellTuple({ mechanismCode: code, ...mechanism })),
  };
}

export type ResultsService = ReturnType<typeof createResultsService>;
