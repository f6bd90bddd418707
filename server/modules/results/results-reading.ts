import type { Database } from '../../../db/client';
import { conflict, forbidden, notFound } from '../../errors';
import type { Campaign } from '../campaigns/campaigns.schemas';
import type { CampaignsService } from '../campaigns/campaigns.service';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { findMethodology } from '../methodology/methodology.repo';
import { campaignScoring } from '../scoring/campaign-scoring';
import type { CompiledScoring } from '../scoring/compiled';
import { questionnaireOutcomes } from '../scoring/corroboration';
import type { OrganisationKind } from '../../../db/schema/values';
import { type OrganisationTotals, type QuestionnaireInput, type SchoolInput } from '../scoring/score';
import { effectiveMunicipality, judged, type ComputedCell } from './effective';
import * as repo from './results.repo';
import * as inputs from './scoring-inputs.repo';
import * as reviewRepo from './review.repo';
import type { MatrixRow, MunicipalityResult, RunSummary } from './results.schemas';
import type { StaffPrincipal } from '../../lib/principal';

export type Run = NonNullable<Awaited<ReturnType<typeof repo.findRun>>>;
export type DetailedRow = Omit<MatrixRow, 'cells'> & { cells: MunicipalityResult['cells'] };

/** A run as shown, with the methodology's title for people (reports print it, not the id). */
export const toSummary = (run: Run): RunSummary => ({
  ...run,
  methodologyTitle: findMethodology(run.methodologyId)?.title ?? run.methodologyId,
  createdAt: run.createdAt.toISOString(),
  createdBy: run.createdBy ?? null,
});

export interface ResultsDeps {
  db: Database;
  definitions: DefinitionCache;
  campaigns: CampaignsService;
}

/**
 * What every results service reads the same way: who may see a campaign's results, its runs, its compiled rules and
 * the matrix rows with experts' judgements applied. Computed values are kept beside judgements, never replaced.
 */
export function createResultsReading({ db, definitions, campaigns }: ResultsDeps) {
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
    if (principal.role === 'expert' && !(await reviewRepo.isAssignedExpert(db, campaignId, principal.userId))) {
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
      reviewRepo.listPublications(db, campaign.id),
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
      minResponseShare: compiled.rules.responseRate.minShareOfSchools,
      mechanisms: compiled.mechanisms.map((m) => ({ code: m.code, title: m.title })),
      organisationKinds: [...compiled.organisationKinds],
    };
  }

  /**
   * Submitted questionnaires of some municipalities, by school with its kind; each municipality's organisations in
   * the campaign by kind (`totalsByKind`); `computed`: outcomes worked out from answers.
   */
  async function loadSchools(compiled: CompiledScoring, campaignId: number, municipalityIds: number[]) {
    const [stored, kinds] = await Promise.all([
      inputs.submittedQuestionnaires(db, campaignId, municipalityIds, compiled.inputKey),
      inputs.organisationKinds(db, campaignId, municipalityIds),
    ]);
    const kindOf = new Map<number, OrganisationKind>();
    const totalsByKind = new Map<number, OrganisationTotals>();
    for (const { municipalityId, kind, count, ids } of kinds) {
      for (const id of ids) kindOf.set(id, kind);
      totalsByKind.set(municipalityId, { ...totalsByKind.get(municipalityId), [kind]: count });
    }
    // Answers are read only where no outcome string is stored under the current key (the repo's comment says when).
    const worked = stored.some((municipality) => municipality.withoutOutcomes > 0)
      ? await inputs.questionnaireAnswers(db, campaignId, municipalityIds, compiled.inputKey)
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
        inOrder.map(([schoolId, list]) => ({ schoolId, organisationKind: kindOf.get(schoolId) ?? 'school', questionnaires: list })),
      );
      questionnaireCount += questionnaires.length;
    }
    return { schoolsByMunicipality, totalsByKind, questionnaireCount, computed };
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
          withheld: c.level === null,
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

  return { compiledFor, access, currentRun, accessToRun, context, loadSchools, rows };
}

export type ResultsReading = ReturnType<typeof createResultsReading>;
