import { describe, expect, it } from 'vitest';
import { findMethodology } from '../methodology/methodology.repo';
import type { LevelCode } from '../methodology/methodology.schemas';
import { compileScoring } from './compile';
import { mechanismLevel } from './levels';
import {
  COMPONENTS_PER_NEARLY_FORMED_MECHANISM,
  COMPONENTS_PER_WEAK_MECHANISM,
  MAX_COMPONENT_RECOMMENDATIONS,
  recommendations,
} from './recommendations';
import type { ComponentScore, MechanismScore } from './scoring.schemas';

const federal = findMethodology('federal-2020')!;
const compiled = compileScoring(federal, ['1.1', '2.1']);

/** A mechanism result with the given final points per component (cycle order); only what recommendations read. */
function mechanism(code: string, points: number[], under = compiled): MechanismScore {
  const compiledMechanism = under.mechanisms.find((m) => m.code === code)!;
  const level = mechanismLevel(under, compiledMechanism, points);
  const components = compiledMechanism.components.map((c, i) => ({ code: c.code, title: c.title, points: points[i]! }) as ComponentScore);
  const guard = { organisationKinds: [...compiledMechanism.organisationKinds], sufficient: true, explanation: '' };
  return { code, title: compiledMechanism.title, ...level, level: level.cappedLevel, guard, flags: [], components, explanation: [] };
}

const full = [2, 2, 2, 2, 2, 2, 2, 2, 2];

describe('recommendations', () => {
  it('gives nothing for a mechanism with every component at its best', () => {
    expect(recommendations(compiled, 'Куменский район', [mechanism('1.1', full), mechanism('2.1', full)])).toEqual([]);
  });

  it('fills the mechanism text of a weak mechanism with municipality, level and percent', () => {
    const result = recommendations(compiled, 'Куменский район', [mechanism('1.1', full), mechanism('2.1', [1, 1, 0, 1, 1, 0, 0, 1, 0])]);
    expect(result[0]).toEqual({
      mechanism: '2.1',
      component: null,
      text: federal.mechanisms
        .find((m) => m.code === '2.1')!
        .recommendations.mechanism.replace('{municipality}', 'Куменский район')
        .replace('{level}', 'есть отдельные элементы системы')
        .replace('{percent}', '27,8'),
    });
    for (const { text } of result) expect(text).not.toMatch(/[{}]/);
  });

  it('does not give the mechanism text from «частично сформирована» up', () => {
    const result = recommendations(compiled, 'Куменский район', [mechanism('1.1', [2, 2, 2, 2, 2, 1, 1, 1, 1]), mechanism('2.1', full)]);
    expect(result.some((r) => r.component === null)).toBe(false);
  });

  it('names the weakest components: those that held a cap first, then fewer points, then cycle order; at most three', () => {
    // 1.1: goals 0 blocks the cap of level 2; methods and decisions 0; effectiveness 1; the rest 2.
    const result = recommendations(compiled, 'Куменский район', [mechanism('1.1', [0, 2, 0, 2, 2, 2, 2, 0, 1]), mechanism('2.1', full)]);
    expect(result.map((r) => r.component)).toEqual([null, 'goals', 'methods', 'decisions']);
    expect(result.filter((r) => r.component !== null)).toHaveLength(COMPONENTS_PER_WEAK_MECHANISM);

    // 94.4 %: the analysis of effectiveness with 1 point keeps 1.1 from «сформирована», so it comes before a 1-point decision.
    const capped = recommendations(compiled, 'Куменский район', [mechanism('1.1', [2, 2, 2, 2, 2, 2, 2, 1, 1]), mechanism('2.1', full)]);
    expect(capped.map((r) => r.component)).toEqual(['effectiveness', 'decisions']);
  });

  it('uses the mechanism’s own text for a component when it has one, else the general template', () => {
    // 83,3 %, but decisions at 0 keep 2.1 at «частично сформирована»: decisions first, then monitoring.
    const result = recommendations(compiled, 'Куменский район', [mechanism('1.1', full), mechanism('2.1', [2, 2, 2, 1, 2, 2, 2, 0, 2])]);
    const objectivity = federal.mechanisms.find((m) => m.code === '2.1')!;
    expect(result).toEqual([
      {
        mechanism: '2.1',
        component: 'decisions',
        text: federal.recommendations.components.decisions!.replace('{mechanism}', objectivity.title),
      },
      { mechanism: '2.1', component: 'monitoring', text: objectivity.recommendations.components.monitoring },
    ]);
  });

  it('groups by mechanism, weakest first (level, then percent), and says «недостаточно данных» where the level is withheld', () => {
    const weak = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const withheld = { ...mechanism('1.1', weak), level: null };
    const result = recommendations(compiled, 'Куменский район', [mechanism('2.1', weak), withheld]);
    // Equal levels and percents: catalogue order.
    expect(result.map((r) => r.mechanism)).toEqual(['1.1', '1.1', '1.1', '1.1', '2.1', '2.1', '2.1', '2.1']);
    expect(result[0]!.text).toContain('«недостаточно данных» (0 %)');
    // Only the withheld mechanism's: the other one's level is given.
    expect(result[4]!.text).toContain('«не сформирована» (0 %)');

    // 1.1 at 27,8 % is weaker than 2.1 at 38,9 % though both are «есть отдельные элементы».
    const ordered = recommendations(compiled, 'Куменский район', [
      mechanism('1.1', [1, 1, 0, 1, 1, 0, 0, 1, 0]),
      mechanism('2.1', [1, 1, 1, 1, 1, 1, 1, 0, 0]),
    ]);
    expect([...new Set(ordered.map((r) => r.mechanism))]).toEqual(['1.1', '2.1']);
    const levelFirst = recommendations(compiled, 'Куменский район', [
      mechanism('1.1', [2, 2, 2, 2, 2, 1, 1, 1, 1]),
      mechanism('2.1', [1, 1, 1, 1, 1, 1, 1, 0, 0]),
    ]);
    expect([...new Set(levelFirst.map((r) => r.mechanism))]).toEqual(['2.1', '1.1']);
  });

  it('names fewer components one level below the top, none for a formed mechanism', () => {
    // 1.1 «частично сформирована» with five components short of the best: only the two that matter most.
    const partial = recommendations(compiled, 'Куменский район', [
      mechanism('1.1', [2, 2, 2, 2, 1, 1, 1, 1, 1]),
      mechanism('2.1', [2, 2, 2, 2, 2, 2, 2, 1, 2]),
    ]);
    expect(partial.filter((r) => r.mechanism === '1.1').map((r) => r.component)).toHaveLength(COMPONENTS_PER_NEARLY_FORMED_MECHANISM);
    // 2.1 is «сформирована» (94,4 %, every cap met) although decisions have 1 point.
    expect(partial.some((r) => r.mechanism === '2.1')).toBe(false);
  });

  it('keeps a municipality with every mechanism weak to a list one can act on', () => {
    const all = compileScoring(
      federal,
      federal.mechanisms.map((m) => m.code),
    );
    const weak = all.mechanisms.map((m) => mechanism(m.code, [1, 0, 0, 1, 0, 0, 1, 0, 0], all));
    const result = recommendations(all, 'Куменский район', weak);
    expect(result.filter((r) => r.component === null)).toHaveLength(all.mechanisms.length);
    expect(result.filter((r) => r.component !== null)).toHaveLength(MAX_COMPONENT_RECOMMENDATIONS);
    // Grouped: each mechanism's items are together, its own text first.
    const codes = result.map((r) => r.mechanism);
    for (const code of new Set(codes)) {
      const first = codes.indexOf(code);
      expect(codes.lastIndexOf(code) - first + 1).toBe(codes.filter((c) => c === code).length);
      expect(result[first]!.component).toBeNull();
    }
  });

  it('follows the level it is given', () => {
    const levels = (level: LevelCode) => ({ ...mechanism('1.1', full), cappedLevel: level });
    expect(recommendations(compiled, 'Куменский район', [levels(1), mechanism('2.1', full)]).map((r) => r.component)).toEqual([null]);
  });
});
