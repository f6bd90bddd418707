import type { ResponseStatus } from '../../../db/schema/values';
import { conflict, forbidden, notFound } from '../../errors';
import type { Campaign } from '../campaigns/campaigns.schemas';
import type { LevelCode } from '../methodology/methodology.schemas';
import type { CompiledScoring } from '../scoring/compiled';
import { scoreMunicipality } from '../scoring/score';
import type { MunicipalityScore } from '../scoring/scoring.schemas';
import { comparability, historyLines } from './comparable';
import { effectiveReading } from './effective';
import { answersCsv, answersWorkbook, type ResultsExport } from './exports';
import * as repo from './results.repo';
import * as scoringInputs from './scoring-inputs.repo';
import * as reviewRepo from './review.repo';
import { DASHBOARD_MAX_PAGE_SIZE } from '../../lib/paging';
import type { MatrixQuery, MunicipalityResult, ResultsMatrix } from './results.schemas';
import { isManagerOrExpert } from '../../lib/policy';
import type { StaffPrincipal } from '../../lib/principal';
import { otherMunicipality } from '../../lib/scope';
import { type ResultsDeps, type ResultsReading, type Run } from './results-reading';

/** Reading results: the matrix, a municipality's explanation, exports, distributions, history and comparisons. */
export function createReportsService({ db, definitions, campaigns, reading }: ResultsDeps & { reading: ResultsReading }) {
  const { compiledFor, access, accessToRun, context, loadSchools, rows } = reading;

  /**
   * The baseline of a comparison: the region's latest earlier scored campaign that scored at least one of this
   * campaign's mechanisms (the same code and title), with its latest run.
   */
  async function previousScored(principal: StaffPrincipal, campaignId: number, compiled: CompiledScoring) {
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
    for (const candidate of earlier) {
      const run = await repo.findRun(db, candidate.id);
      if (run && comparability(compiled.mechanisms, (await compiledFor(candidate.id)).mechanisms).mechanismCodes.size > 0) {
        return { campaign: candidate, run };
      }
    }
    return null;
  }

  /** A campaign the caller named as the baseline, with its latest run; null when it has not been scored. */
  async function named(principal: StaffPrincipal, campaignId: number) {
    const campaign = await campaigns.get(principal, campaignId);
    const run = await repo.findRun(db, campaign.id);
    return run ? { campaign, run } : null;
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

  return {
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
        scoringInputs.submittedMunicipalForms(db, campaignId, [municipalityId]),
        reviewRepo.listOverrides(db, campaignId, municipalityId),
        reviewRepo.confirmations(db, campaignId, municipalityId),
        scoringInputs.excludedSchoolNames(db, campaignId, municipalityId),
      ]);
      const municipalitySchools = inputs.schoolsByMunicipality.get(municipalityId) ?? [];
      // Every school a corroboration can name is one of these, so the names are read before the explanations need them.
      const names = await scoringInputs.schoolNames(
        db,
        municipalitySchools.map((school) => Number(school.schoolId)),
      );
      // The explanation is recomputed (a closed campaign's answers cannot change) and checked against the run.
      const score: MunicipalityScore = scoreMunicipality(compiled, {
        municipalityId,
        municipalityName: row.name,
        schools: municipalitySchools,
        totalSchools: row.totalSchools,
        totalsByKind: inputs.totalsByKind.get(municipalityId) ?? {},
        municipalForm: form?.answers ?? null,
        excludedSchools,
        schoolNames: new Map(names.map((school) => [school.id, school.shortName])),
      });
      const storedPoints = new Map(row.cells.map((c) => [c.mechanismCode, c.computedComponentPoints]));
      const consistent = score.mechanisms.every(
        (m) => JSON.stringify(m.components.map((c) => c.points)) === JSON.stringify(storedPoints.get(m.code)),
      );
      const active = overrides.filter((o) => !o.withdrawnAt);
      const reading = effectiveReading(compiled, row.name, row, active, score);
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

    /** Everything the results workbook holds, for the caller's view of the campaign. */
    async exportData(principal: StaffPrincipal, campaignId: number): Promise<ResultsExport> {
      const { campaign, published, canReview, onlyMunicipality, run } = await accessToRun(principal, campaignId);
      const compiled = await compiledFor(campaignId);
      const [detailed, overrides, shared] = await Promise.all([
        rows(campaignId, compiled, run, onlyMunicipality),
        reviewRepo.listOverrides(db, campaignId, onlyMunicipality),
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

    /**
     * The region's distribution of municipalities by overall level in each of its scored campaigns up to this one
     * whose overall level compares with this one's (the same set of mechanisms).
     */
    async regionHistory(principal: StaffPrincipal, campaignId: number) {
      const { campaign, onlyMunicipality } = await accessToRun(principal, campaignId);
      const compiled = await compiledFor(campaignId);
      const history = (await scoredHistory(principal, campaign)).filter(
        (item) => comparability(compiled.mechanisms, item.compiled.mechanisms).overall,
      );
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
     * this one that it took part in and that shares a mechanism with this one; each level only where it compares
     * (see `historyLines`).
     */
    async municipalityHistory(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
      const { campaign, onlyMunicipality } = await accessToRun(principal, campaignId);
      if (onlyMunicipality !== undefined && onlyMunicipality !== municipalityId) {
        throw forbidden('Нет доступа к результатам другого муниципалитета.');
      }
      const compiled = await compiledFor(campaignId);
      const history = await scoredHistory(principal, campaign);
      const lines = historyLines(
        compiled.mechanisms,
        history.map((item) => item.compiled.mechanisms),
      );
      const points = await Promise.all(
        history.map(async (item, index) => ({
          item,
          shown: lines.campaigns[index],
          row: (await rows(item.campaign.id, item.compiled, item.run, municipalityId))[0],
        })),
      );
      const taking = points.filter((point) => point.row !== undefined);
      if (!taking.some((point) => point.item.campaign.id === campaignId)) throw notFound('Результаты муниципалитета не найдены.');
      return {
        campaignId,
        municipalityId,
        name: taking.at(-1)!.row!.name,
        levels: compiled.levelLabels.map((label, code) => ({ code, label })),
        insufficientDataLabel: compiled.rules.responseRate.label,
        mechanisms: lines.mechanisms,
        campaigns: taking.flatMap(({ item, shown, row }) =>
          shown
            ? [
                {
                  id: item.campaign.id,
                  title: item.campaign.title,
                  year: item.campaign.year,
                  ...(shown.overall ? { overall: row!.overall.level } : {}),
                  cells: row!.cells
                    .filter((cell) => shown.mechanismCodes.has(cell.mechanismCode))
                    .map((cell) => ({ mechanismCode: cell.mechanismCode, level: cell.level })),
                },
              ]
            : [],
        ),
      };
    },

    /**
     * Each municipality's effective levels in the run (the latest by default) against the region's previous scored
     * campaign (the latest earlier one sharing a mechanism with this one, or the one named): better, worse or the
     * same, per mechanism and overall, where they compare (see `comparability`).
     */
    async comparison(principal: StaffPrincipal, campaignId: number, previousId?: number, runId?: number) {
      const { onlyMunicipality, run } = await accessToRun(principal, campaignId, runId);
      const compiled = await compiledFor(campaignId);
      const current = await rows(campaignId, compiled, run, onlyMunicipality);
      const baseline =
        previousId === undefined ? await previousScored(principal, campaignId, compiled) : await named(principal, previousId);
      const previousCompiled = baseline ? await compiledFor(baseline.campaign.id) : null;
      const previousRows =
        baseline && previousCompiled ? await rows(baseline.campaign.id, previousCompiled, baseline.run, onlyMunicipality) : [];
      const compared = previousCompiled ? comparability(compiled.mechanisms, previousCompiled.mechanisms) : null;
      const before = new Map(previousRows.map((row) => [row.municipalityId, row]));
      const cell = (mechanismCode: string | null, comparable: boolean, was: LevelCode | null, now: LevelCode | null) => ({
        mechanismCode,
        previous: comparable ? was : null,
        current: now,
        change: !comparable
          ? ('not_comparable' as const)
          : was === null || now === null
            ? ('no_data' as const)
            : now > was
              ? ('better' as const)
              : now < was
                ? ('worse' as const)
                : ('same' as const),
      });
      return {
        campaignId,
        previous:
          baseline && compared
            ? {
                id: baseline.campaign.id,
                title: baseline.campaign.title,
                year: baseline.campaign.year,
                mechanismCodes: compiled.mechanisms.map((m) => m.code).filter((code) => compared.mechanismCodes.has(code)),
                overallComparable: compared.overall,
              }
            : null,
        rows: current.map((row) => {
          const was = before.get(row.municipalityId);
          const wasLevel = (code: string) => was?.cells.find((c) => c.mechanismCode === code)?.level ?? null;
          return {
            municipalityId: row.municipalityId,
            name: row.name,
            cells: [
              ...row.cells.map((c) =>
                cell(c.mechanismCode, compared?.mechanismCodes.has(c.mechanismCode) ?? false, wasLevel(c.mechanismCode), c.level),
              ),
              cell(null, compared?.overall ?? false, was?.overall.level ?? null, row.overall.level),
            ],
          };
        }),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
