import type { Executor } from '../../../db/client';
import { toCellTuple } from '../../../db/schema/scoring';
import { conflict, forbidden } from '../../errors';
import { recordAudit } from '../audit/audit.repo';
import type { CompiledScoring } from '../scoring/compiled';
import { formEvidence } from '../scoring/evidence';
import { municipalityLevels, type MunicipalityLevels } from '../scoring/score';
import * as repo from './results.repo';
import * as inputs from './scoring-inputs.repo';
import * as reviewRepo from './review.repo';
import { compareWithPreviousRun, type RunComparison } from './rerun';
import type { RunSummary } from './results.schemas';
import { isManager } from '../../lib/policy';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { toSummary, type ResultsDeps, type ResultsReading } from './results-reading';

/** How a new run differs from the campaign's run before it (`runId`). */
type PreviousRunComparison = RunComparison & { runId: number };

/**
 * Municipalities scored per database round trip: enough to keep the loop busy, few enough to keep memory flat (two
 * chunks are held while the next one loads; at national scale 250 peaked at 566 MB, 125 at 494 MB, bench/).
 */
const SCORING_CHUNK = 125;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Scoring runs: a closed campaign's answers turned into levels, stored beside the runs before them. */
export function createScoringRunsService({ db, campaigns, reading }: Omit<ResultsDeps, 'definitions'> & { reading: ResultsReading }) {
  const { compiledFor, access, loadSchools } = reading;

  /** A run's input for some municipalities: questionnaires and forms as stored for scoring. */
  async function loadRunInputs(compiled: CompiledScoring, campaignId: number, municipalityIds: number[]) {
    const [schools, forms] = await Promise.all([
      loadSchools(compiled, campaignId, municipalityIds),
      inputs.submittedFormEvidence(db, campaignId, municipalityIds, compiled.inputKey),
    ]);
    const computedForms: inputs.ComputedInput[] = [];
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
   * After a new run, an approval stands only for what the expert saw: a municipality whose computed results changed
   * goes back from «утверждён» to «на проверке», and a confirmation carries over only to a cell that did not change.
   * Overrides stay (they are judgements, shown beside whatever is computed now).
   */
  async function reconcileReview(tx: Executor, campaignId: number, runId: number, previous: PreviousRunComparison | null, userId: number) {
    if (!previous) return { previousRunId: null, changed: 0, reopened: [] as number[] };
    const changed = [...previous.changed];
    const reopened = await reviewRepo.reopenApproved(tx, campaignId, changed, userId);
    await reviewRepo.carryConfirmations(tx, campaignId, previous.runId, runId, previous.carried);
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
      const municipalities = await inputs.scoringMunicipalities(db, campaignId);
      const results: repo.ResultInsert[] = [];
      let questionnaires = 0;
      let forms = 0;
      let schools = 0;
      const computed: { questionnaires: inputs.ComputedInput[]; forms: inputs.ComputedInput[] } = { questionnaires: [], forms: [] };
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
            totalsByKind: inputs.totalsByKind.get(municipality.municipalityId) ?? {},
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
        await inputs.storeScoringInputs(tx, compiled.inputKey, computed);
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

export type ScoringRunsService = ReturnType<typeof createScoringRunsService>;
