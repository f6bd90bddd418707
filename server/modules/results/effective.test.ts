import { describe, expect, it } from 'vitest';
import { findMethodology } from '../methodology/methodology.repo';
import { compileScoring } from '../scoring/compile';
import { effectiveMunicipality, effectiveReading, judged, type ComputedCell, type ReasonedOverride } from './effective';

const methodology = findMethodology('federal-2020')!;
const compiled = compileScoring(methodology, ['1.1', '2.1']);
const componentCodes = compiled.mechanisms[0]!.components.map((c) => c.code);

// 1.1: 17 of 18 points (94 %), but «анализ эффективности» (the last component) has 1 of 2: capped at level 2.
const almost: ComputedCell = {
  mechanismCode: '1.1',
  percent: (17 * 100) / 18,
  cappedLevel: 2,
  componentPoints: [2, 2, 2, 2, 2, 2, 2, 2, 1],
  withheld: false,
};
// 2.1: 9 of 18 points (50 %), level 2.
const half: ComputedCell = {
  mechanismCode: '2.1',
  percent: 50,
  cappedLevel: 2,
  componentPoints: [1, 1, 1, 1, 1, 1, 1, 1, 1],
  withheld: false,
};
const withheldCells = [almost, half].map((cell) => ({ ...cell, withheld: true }));
const overall = { percent: (26 * 100) / 36, cappedLevel: 2 as const };

describe('effectiveMunicipality', () => {
  it('shows the computation unchanged when no expert has overridden anything', () => {
    const result = effectiveMunicipality(compiled, [almost, half], overall, false, []);
    expect(result.cells.map((c) => [c.computed.level, c.effective.level, c.overridden])).toEqual([
      [2, 2, false],
      [2, 2, false],
    ]);
    expect(result.overall).toEqual({
      computed: { percent: overall.percent, level: 2 },
      effective: { percent: overall.percent, level: 2 },
      overridden: false,
    });
  });

  it('re-levels a mechanism after a component override, with the methodology’s own caps', () => {
    const lastComponent = componentCodes[8]!;
    const result = effectiveMunicipality(compiled, [almost, half], overall, false, [
      { mechanismCode: '1.1', target: 'component_points', componentCode: lastComponent, value: 2 },
    ]);
    const cell = result.cells[0]!;
    expect(cell.computed).toMatchObject({ level: 2, componentPoints: almost.componentPoints });
    expect(cell.effective).toMatchObject({ level: 3, percent: 100 });
    expect(cell.effective.componentPoints.at(-1)).toBe(2);
    expect(cell.overridden).toBe(true);
    // 27 of 36 = 75 %: band 2; the other mechanism is at 2, so no cap bites.
    expect(result.overall.effective).toEqual({ percent: 75, level: 2 });
    expect(result.overall.overridden).toBe(true);
  });

  it('takes a mechanism level set by an expert as given, and lets the overall level follow it', () => {
    const result = effectiveMunicipality(compiled, [almost, half], overall, false, [
      { mechanismCode: '2.1', target: 'mechanism_level', componentCode: null, value: 0 },
    ]);
    expect(result.cells[1]!.effective).toMatchObject({ level: 0, percent: 50 });
    // The lowest mechanism is now 0, so the overall level is at most 1.
    expect(result.overall.effective.level).toBe(1);
    expect(result.overall.computed.level).toBe(2);
  });

  it('keeps levels withheld under the response-rate guard unless an expert sets one explicitly', () => {
    const withheld = effectiveMunicipality(compiled, withheldCells, overall, true, [
      { mechanismCode: '1.1', target: 'component_points', componentCode: componentCodes[8]!, value: 2 },
    ]);
    expect(withheld.cells.map((c) => [c.computed.level, c.effective.level])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(withheld.overall.effective.level).toBeNull();
    const set = effectiveMunicipality(compiled, withheldCells, overall, true, [
      { mechanismCode: '2.1', target: 'mechanism_level', componentCode: null, value: 1 },
    ]);
    expect(set.cells[1]!.effective.level).toBe(1);
    expect(set.overall.effective.level).toBeNull();
  });

  it('withholds only the levels of mechanisms whose own guard withheld them, and the overall level with them', () => {
    const result = effectiveMunicipality(compiled, [almost, { ...half, withheld: true }], overall, true, [
      { mechanismCode: '1.1', target: 'component_points', componentCode: componentCodes[8]!, value: 2 },
    ]);
    expect(result.cells.map((c) => [c.computed.level, c.effective.level])).toEqual([
      [2, 3],
      [null, null],
    ]);
    expect(result.overall.computed.level).toBeNull();
    expect(result.overall.effective.level).toBeNull();
  });
});

describe('effectiveReading', () => {
  const rate = {
    totalSchools: 2,
    respondingSchools: 2,
    submittedQuestionnaires: 6,
    share: 1,
    minShare: 0.5,
    sufficient: true,
    byKind: [{ organisationKind: 'school' as const, totalSchools: 2, respondingSchools: 2, share: 1, sufficient: true }],
    explanation: '',
  };
  const guard = { organisationKinds: ['school' as const], sufficient: true, explanation: '' };
  const read = (overrides: ReasonedOverride[]) =>
    effectiveReading(
      compiled,
      'Куменский район',
      judged(effectiveMunicipality(compiled, [almost, half], overall, false, overrides)),
      overrides,
      { responseRate: rate, mechanisms: ['1.1', '2.1'].map((code) => ({ code, guard })) },
    );
  const reason = 'Документ на сайте МОУО не найден.';

  it('says nothing new and recommends as the computation does when no expert changed anything', () => {
    const reading = read([]);
    expect(reading).toMatchObject({ mechanisms: { '1.1': null, '2.1': null }, overall: null });
    // 2.1 (50 %) before 1.1 (94 %); 1.1 is held at «частично» by effectiveness only.
    expect(reading.recommendations.map((r) => [r.mechanism, r.component])).toEqual([
      ['2.1', 'goals'],
      ['2.1', 'indicators'],
      ['1.1', 'effectiveness'],
    ]);
  });

  it('explains a re-levelled mechanism from the expert’s points and reason, and stops recommending what it now has', () => {
    const reading = read([{ mechanismCode: '1.1', target: 'component_points', componentCode: componentCodes[8]!, value: 2, reason }]);
    expect(reading.mechanisms['1.1']).toEqual([
      `Эксперт изменил баллы компонента «${compiled.mechanisms[0]!.components[8]!.title}» с 1 до 2. Причина: ${reason}`,
      expect.stringMatching(/^Сумма баллов: 18 из 18 \(100/),
      'Уровень механизма — «сформирована».',
    ]);
    expect(reading.overall!.at(-1)).toBe('Общий уровень — «частично сформирована».');
    expect(reading.recommendations.some((r) => r.mechanism === '1.1')).toBe(false);
  });

  it('states a level set by an expert beside the computed one and recommends for the level set', () => {
    const reading = read([{ mechanismCode: '1.1', target: 'mechanism_level', componentCode: null, value: 0, reason }]);
    expect(reading.mechanisms['1.1']).toEqual([
      `Эксперт установил уровень механизма — «не сформирована» (рассчитанный — «частично сформирована»). Причина: ${reason}`,
    ]);
    // Now the weakest: its own text first, though only one component is short of the best.
    expect(reading.recommendations.slice(0, 2).map((r) => [r.mechanism, r.component])).toEqual([
      ['1.1', null],
      ['1.1', 'effectiveness'],
    ]);
    expect(reading.recommendations[0]!.text).toContain('«не сформирована»');
    expect(reading.overall!.join(' ')).toMatch(/понижен до «есть отдельные элементы системы»/);
  });
});
