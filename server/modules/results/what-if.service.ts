import type { Database } from '../../../db/client';
import { conflict } from '../../errors';
import type { StaffPrincipal } from '../../lib/principal';
import type { Methodology } from '../methodology/methodology.schemas';
import type { MethodologyService } from '../methodology/versions.service';
import { compileScoring } from '../scoring/compile';
import type { CompiledScoring } from '../scoring/compiled';
import { scoreMunicipality } from '../scoring/score';
import * as repo from './results.repo';
import * as inputs from './scoring-inputs.repo';
import { toSummary, type ResultsReading } from './results-reading';
import { compareMunicipality, summarize } from './what-if';
import type { WhatIf } from './what-if.schemas';

function versionRef(compiled: CompiledScoring, title: string) {
  return {
    id: compiled.methodologyId,
    version: compiled.methodologyVersion,
    title,
    levels: compiled.levelLabels.map((label, code) => ({ code, label })),
    insufficientDataLabel: compiled.rules.responseRate.label,
  };
}

/**
 * What-if (issue #20 §6): a closed or published campaign re-scored under another methodology version, beside its
 * latest run, without storing anything. Answers to questions the version lacks are not read; questions it adds
 * stay unanswered; of the mechanisms, those both have are scored.
 */
export function createWhatIfService({
  db,
  reading,
  methodologies,
}: {
  db: Database;
  reading: ResultsReading;
  methodologies: Pick<MethodologyService, 'forComparison'>;
}) {
  /** The inputs of every municipality of the campaign under `version`: one read of questionnaires, one of forms. */
  async function loadInputs(version: CompiledScoring, campaignId: number) {
    const municipalities = await inputs.scoringMunicipalities(db, campaignId);
    const ids = municipalities.map((m) => m.municipalityId);
    // Under the campaign's input key (a version changing only thresholds) the stored outcomes are read; under any
    // other, the answers — and what is worked out from them is not stored: the campaign's strings stay its own.
    const [schools, forms] = await Promise.all([
      reading.loadSchools(version, campaignId, ids),
      inputs.submittedMunicipalForms(db, campaignId, ids),
    ]);
    return {
      totalSchools: new Map(municipalities.map((m) => [m.municipalityId, m.totalSchools])),
      schools: schools.schoolsByMunicipality,
      totalsByKind: schools.totalsByKind,
      forms: new Map(forms.map((form) => [form.municipalityId, form.answers])),
    };
  }

  return {
    async whatIf(principal: StaffPrincipal, campaignId: number, methodologyId: string): Promise<WhatIf> {
      const started = performance.now();
      const { campaign } = await reading.access(principal, campaignId);
      // The version is looked up first: another region's is unknown whatever the campaign's state.
      const methodology: Methodology = await methodologies.forComparison(principal, methodologyId, campaign.regionId);
      if (campaign.state !== 'closed' && campaign.state !== 'published')
        throw conflict('Пересчитать по другой версии методики можно только завершённую или опубликованную кампанию.');
      const [current, run] = await Promise.all([reading.compiledFor(campaignId), repo.findRun(db, campaignId)]);
      if (!run) throw conflict('Уровни кампании ещё не рассчитаны: сравнивать не с чем.');
      const offered = new Set(methodology.mechanisms.map((mechanism) => mechanism.code));
      const asked = new Set(current.mechanisms.map((mechanism) => mechanism.code));
      const shared = current.mechanisms.filter((mechanism) => offered.has(mechanism.code));
      if (shared.length === 0) throw conflict('В версии методики нет ни одного механизма этой кампании: сравнивать нечего.');
      // Compiled once per request: a draft may change between requests, so it is not cached.
      const version = compileScoring(
        methodology,
        shared.map((mechanism) => mechanism.code),
      );
      const [rows, inputs] = await Promise.all([reading.rows(campaignId, current, run, undefined), loadInputs(version, campaignId)]);
      const municipalities = rows.map((row) =>
        compareMunicipality(
          current,
          version,
          row,
          scoreMunicipality(version, {
            municipalityId: row.municipalityId,
            municipalityName: row.name,
            schools: inputs.schools.get(row.municipalityId) ?? [],
            totalSchools: inputs.totalSchools.get(row.municipalityId) ?? row.totalSchools,
            totalsByKind: inputs.totalsByKind.get(row.municipalityId) ?? {},
            municipalForm: inputs.forms.get(row.municipalityId) ?? null,
          }),
        ),
      );
      const ref = ({ code, title }: { code: string; title: string }) => ({ code, title });
      return {
        campaignId,
        runId: run.id,
        current: versionRef(current, toSummary(run).methodologyTitle),
        version: versionRef(version, methodology.title),
        mechanisms: shared.map(ref),
        missingMechanisms: current.mechanisms.filter((mechanism) => !offered.has(mechanism.code)).map(ref),
        addedMechanisms: methodology.mechanisms.filter((mechanism) => !asked.has(mechanism.code)).map(ref),
        summary: summarize(
          municipalities,
          shared.map((mechanism) => mechanism.code),
        ),
        municipalities,
        durationMs: Math.round(performance.now() - started),
      };
    },
  };
}

export type WhatIfService = ReturnType<typeof createWhatIfService>;
