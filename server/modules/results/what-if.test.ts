import { describe, expect, it } from 'vitest';
import { assembleQuestionnaire } from '../methodology/assemble';
import { findMethodology } from '../methodology/methodology.repo';
import { evidenceQuestionNames, type Methodology } from '../methodology/methodology.schemas';
import { sampleAnswers } from '../methodology/sample-answers';
import { compileScoring } from '../scoring/compile';
import type { CompiledScoring } from '../scoring/compiled';
import { questionnaireOutcomes } from '../scoring/corroboration';
import { scoreMunicipality, type MunicipalityInput } from '../scoring/score';
import type { MunicipalityScore } from '../scoring/scoring.schemas';
import { compareMunicipality, levelChange, summarize, type RunRow } from './what-if';

const codes = ['1.1', '2.1'];
const federal = findMethodology('federal-2020')!;
const current = compileScoring(federal, codes);

function versionWith(change: (methodology: Methodology) => void, mechanismCodes = codes): CompiledScoring {
  const methodology = structuredClone(federal);
  change(methodology);
  return compileScoring(methodology, mechanismCodes);
}

const questionnaires = federal.respondentRoles.map(({ code: role }) => ({
  role,
  outcomes: questionnaireOutcomes(current, sampleAnswers(assembleQuestionnaire(federal, codes, role))),
}));

/** Every component verifiable, except 1.1's methods, recommendations and measures: 12 of 18 (66,7 %) in 1.1. */
function form(): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const mechanism of codes) {
    for (const component of federal.cycleComponents) {
      const names = evidenceQuestionNames(mechanism, component.code);
      const absent = mechanism === '1.1' && ['methods', 'recommendations', 'measures'].includes(component.code);
      answers[names.exists] = absent ? 'no' : 'yes';
      answers[names.documentTitle] = 'Приказ';
      answers[names.url] = `https://uo.example/${mechanism}/${component.code}`;
    }
  }
  return answers;
}

/** One of two schools answered: the response rate is 50 %. */
const input: MunicipalityInput = {
  municipalityId: 1,
  municipalityName: 'Куменский район',
  schools: [{ schoolId: 1, questionnaires }],
  totalSchools: 2,
  municipalForm: form(),
};

/** The run's row as the matrix reads it, from a score under the campaign's own version. */
function runRow(score: MunicipalityScore, overridden = false): RunRow {
  return {
    municipalityId: 1,
    name: score.municipalityName,
    insufficientData: score.insufficientDataLabel !== null,
    overall: {
      computedLevel: score.overall.level,
      level: score.overall.level,
      computedPercent: score.overall.percent,
      percent: score.overall.percent,
      overridden,
    },
    cells: score.mechanisms.map((m) => ({
      mechanismCode: m.code,
      computedLevel: m.level,
      level: overridden ? 0 : m.level,
      computedPercent: m.percent,
      percent: m.percent,
      overridden,
      computedComponentPoints: m.components.map((c) => c.points),
    })),
  };
}

const now = runRow(scoreMunicipality(current, input));
const compare = (version: CompiledScoring, row = now) => compareMunicipality(current, version, row, scoreMunicipality(version, input));

describe('levelChange', () => {
  it('orders levels and names the response-rate guard', () => {
    expect(levelChange(1, 2)).toBe('up');
    expect(levelChange(2, 1)).toBe('down');
    expect(levelChange(2, 2)).toBe('same');
    expect(levelChange(null, null)).toBe('same');
    expect(levelChange(2, null)).toBe('withheld');
    expect(levelChange(null, 0)).toBe('given');
  });
});

describe('compareMunicipality', () => {
  it('finds nothing changed under the campaign’s own version', () => {
    const row = compare(current);
    expect([row.overall, ...row.cells].every((c) => c.change === 'same' && !c.changed && c.reasons.length === 0)).toBe(true);
    expect(row.overall.explanation).toEqual([]);
  });

  it('names a band crossed, with the version’s explanation', () => {
    // 66,7 % is band 2 under 0/25/50/80 and band 1 under 0/30/70/90.
    const row = compare(versionWith((m) => (m.scoring.levelBands = [0, 30, 70, 90].map((fromPercent, level) => ({ level, fromPercent })))));
    const cell = row.cells.find((c) => c.mechanismCode === '1.1')!;
    expect(cell).toMatchObject({ change: 'down', changed: true, now: { computedLevel: 2 }, version: { level: 1 } });
    expect(cell.reasons).toEqual([
      expect.stringMatching(
        /^Граница уровня пересечена: «частично сформирована» \(от 50 до 80.%\) → «есть отдельные элементы системы» \(от 30 до 70.%\)\.$/,
      ),
    ]);
    expect(cell.explanation[0]).toMatch(/^Сумма баллов: 12 из 18/);
    // Overall: 83,3 % was band 3 under lowest (2) + 1; now band 2 (70–90), capped at lowest (1) + 1 = 2.
    expect(row.overall).toMatchObject({ change: 'down', now: { computedLevel: 3 }, version: { level: 2 } });
    expect(row.overall.reasons.join(' ')).toMatch(/Граница уровня пересечена/);
  });

  it('names points changed by other evidence rules, component by component with the version’s reason', () => {
    // Only a document with a date and number counts as verifiable: links give 1 point, so 1.1 has 6 × 1 = 6 of 18.
    const row = compare(versionWith((m) => (m.scoring.municipalEvidence.verifiableBy = ['requisites'])));
    const cell = row.cells.find((c) => c.mechanismCode === '1.1')!;
    expect(cell.change).toBe('down');
    expect(cell.reasons[0]).toBe('Баллы: 12 из 18 (66,7\u00a0%) → 6 из 18 (33,3\u00a0%).');
    expect(cell.reasons[1]).toMatch(/^Компонент «Цели»: 2 → 1\. /);
  });

  it('names a cap that holds the level where it was', () => {
    // Bands 0/20/40/60 put 66,7 % in band 3, but «сформирована» needs every component: methods has 0 → 2, as before.
    const row = compare(versionWith((m) => (m.scoring.levelBands = [0, 20, 40, 60].map((fromPercent, level) => ({ level, fromPercent })))));
    const cell = row.cells.find((c) => c.mechanismCode === '1.1')!;
    expect(cell).toMatchObject({ change: 'same', changed: false, reasons: [] });
  });

  it('names the response-rate guard when the version withholds the levels', () => {
    const row = compare(versionWith((m) => (m.scoring.responseRate.minShareOfSchools = 0.75)));
    expect(row.overall.change).toBe('withheld');
    expect(row.overall.reasons).toEqual([
      expect.stringMatching(/^По версии уровень не присваивается: Школ, где заполнена хотя бы одна анкета: 1 из 2/),
    ]);
    expect(row.cells.every((c) => c.change === 'withheld')).toBe(true);
  });

  it('says an expert’s override stands now, even where the version changes nothing', () => {
    const row = compare(current, runRow(scoreMunicipality(current, input), true));
    const cell = row.cells[0]!;
    expect(cell).toMatchObject({ change: 'same', now: { level: 0, overridden: true } });
    expect(cell.reasons).toEqual([expect.stringMatching(/^Сейчас действует решение эксперта: уровень механизма — «не сформирована»/)]);
  });

  it('compares only the mechanisms the version scored, and says the overall level is over fewer of them', () => {
    const row = compare(versionWith(() => {}, ['1.1']));
    expect(row.cells.map((c) => c.mechanismCode)).toEqual(['1.1']);
    expect(row.overall.reasons[0]).toBe('По версии средний процент считается по 1 механизму из 2.');
  });
});

describe('summarize', () => {
  it('counts every kind of change overall and per mechanism', () => {
    const down = compare(
      versionWith((m) => (m.scoring.levelBands = [0, 30, 70, 90].map((fromPercent, level) => ({ level, fromPercent })))),
    );
    const same = compare(current);
    const none = { up: 0, down: 0, same: 0, withheld: 0, given: 0 };
    expect(summarize([down, same], codes)).toEqual({
      overall: { ...none, down: 1, same: 1 },
      mechanisms: [
        { code: '1.1', counts: { ...none, down: 1, same: 1 } },
        { code: '2.1', counts: { ...none, same: 2 } },
      ],
    });
  });
});
