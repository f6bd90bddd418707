import { describe, expect, it } from 'vitest';
import { findMethodology } from '../methodology/methodology.repo';
import type { LevelCode } from '../methodology/methodology.schemas';
import { compileScoring } from './compile';
import { bandLevel, mechanismLevel, overallLevel, reconcile } from './levels';

const federal = findMethodology('federal-2020')!;
const compiled = compileScoring(
  federal,
  federal.mechanisms.map((m) => m.code),
);
const rules = federal.scoring;
const answering = { over: 'answering_schools' as const, whenNoSchoolAnswered: { maxPoints: 1, flag: true } };
const mechanism = compiled.mechanisms[0]!;

/** Points in cycle order: goals, indicators, methods, monitoring, analysis, recommendations, measures, decisions, effectiveness. */
const level = (points: number[]) => mechanismLevel(compiled, mechanism, points);
const allTwo = () => Array<number>(9).fill(2);
const withPoints = (changes: Record<number, number>) => allTwo().map((p, i) => changes[i] ?? p);

describe('bandLevel: lower bounds 0 / 25 / 50 / 80 of federal-2020', () => {
  it.each([
    [0, 0],
    [24.9, 0],
    [25, 1],
    [25.1, 1],
    [49.9, 1],
    [50, 2],
    [50.1, 2],
    [79.9, 2],
    [80, 3],
    [80.1, 3],
    [100, 3],
  ])('%s %% → level %s', (percent, expected) => {
    expect(bandLevel(rules.levelBands, percent)).toBe(expected);
  });
});

describe('mechanismLevel: percent and band from points (maximum 9 × 2 = 18)', () => {
  it.each([
    // [points in cycle order, percent, band]: the band alone, before any cap
    [[1, 1, 0, 1, 1, 0, 0, 0, 0], 22.2, 0],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 27.8, 1],
    [[1, 1, 1, 1, 1, 1, 1, 1, 0], 44.4, 1],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], 50, 2],
    [[2, 2, 2, 2, 2, 1, 1, 1, 1], 77.8, 2],
    [[2, 2, 2, 2, 2, 2, 1, 1, 1], 83.3, 3],
    [[2, 2, 2, 2, 2, 2, 1, 1, 2], 88.9, 3],
  ])('%j → %s %%, band %s', (points, percent, band) => {
    const result = level(points);
    expect(result.points).toBe(points.reduce((a, b) => a + b, 0));
    expect(result.maxPoints).toBe(18);
    expect(result.percent).toBeCloseTo(percent, 1);
    expect(result.bandLevel).toBe(band);
  });

  it('meets a threshold exactly: 9 of 18 is 50 %, not a hair below', () => {
    expect(level([1, 1, 1, 1, 1, 1, 1, 1, 1]).percent).toBe(50);
  });
});

describe('mechanismLevel: a synthetic 20-point cycle meets 25 / 50 / 80 % exactly', () => {
  // Ten points per component and two components: the maximum is 20, so every fifth of a band is reachable.
  const twoComponents = structuredClone(federal);
  twoComponents.scoring.municipalEvidence.points = { absent: 0, declared: 5, verifiable: 10 };
  twoComponents.scoring.reconciliation.maxPointsBelowShare = 5;
  twoComponents.scoring.reconciliation.flagClaimedPoints = 10;
  twoComponents.scoring.caps = [];
  twoComponents.cycleComponents = twoComponents.cycleComponents.filter((c) => c.code === 'goals' || c.code === 'monitoring');
  const small = compileScoring(twoComponents, ['1.1']);

  it.each([
    [[4, 0], 20, 0],
    [[5, 0], 25, 1],
    [[6, 0], 30, 1],
    [[9, 0], 45, 1],
    [[10, 0], 50, 2],
    [[10, 1], 55, 2],
    [[10, 5], 75, 2],
    [[10, 6], 80, 3],
    [[10, 7], 85, 3],
  ])('%j of 20 → %s %%, level %s', (points, percent, expected) => {
    const result = mechanismLevel(small, small.mechanisms[0]!, points);
    expect(result.percent).toBe(percent);
    expect(result.cappedLevel).toBe(expected);
  });
});

describe('mechanismLevel: caps', () => {
  it('keeps «сформирована» for a closed cycle', () => {
    expect(level(allTwo())).toMatchObject({ percent: 100, bandLevel: 3, cappedLevel: 3, caps: [] });
    expect(level(withPoints({ 5: 1, 6: 1, 7: 1 }))).toMatchObject({ bandLevel: 3, cappedLevel: 3, caps: [] });
  });

  it('caps 94.4 % to «частично сформирована» when the analysis of effectiveness (component 9) has 1 point', () => {
    const result = level(withPoints({ 8: 1 }));
    expect(result.percent).toBeCloseTo(94.4, 1);
    expect(result.bandLevel).toBe(3);
    expect(result.cappedLevel).toBe(2);
    expect(result.caps).toEqual([
      {
        level: 3,
        explanation: rules.caps[0]!.explanation,
        failing: [{ component: 'effectiveness', title: 'Анализ эффективности принятых мер', points: 1, minPoints: 2 }],
      },
    ]);
  });

  it('names a component that fails two requirements of a cap once, with the higher minimum', () => {
    const result = level(withPoints({ 8: 0 }));
    expect(result).toMatchObject({ bandLevel: 3, cappedLevel: 2 });
    expect(result.caps[0]!.failing).toEqual([
      { component: 'effectiveness', title: 'Анализ эффективности принятых мер', points: 0, minPoints: 2 },
    ]);
  });

  it('caps 88.9 % to level 2 when one component has no points', () => {
    const result = level(withPoints({ 2: 0 }));
    expect(result).toMatchObject({ bandLevel: 3, cappedLevel: 2 });
    expect(result.caps.map((cap) => cap.failing.map((f) => f.component))).toEqual([['methods']]);
  });

  it.each([
    [0, 'goals'],
    [1, 'indicators'],
    [3, 'monitoring'],
    [4, 'analysis'],
  ])('caps a mechanism in the 50–80 %% band to level 1 without %s (component %s)', (index, code) => {
    const points = [2, 2, 2, 2, 2, 1, 1, 1, 0];
    points[index] = 0; // 11 of 18 = 61.1 %
    const result = level(points);
    expect(result.percent).toBeGreaterThanOrEqual(50);
    expect(result).toMatchObject({ bandLevel: 2, cappedLevel: 1 });
    expect(result.caps).toEqual([
      {
        level: 2,
        explanation: rules.caps[1]!.explanation,
        failing: [expect.objectContaining({ component: code, points: 0, minPoints: 1 })],
      },
    ]);
  });

  it('meets the caps top-down: a band-3 mechanism without goals falls through both caps to level 1', () => {
    const result = level(withPoints({ 0: 0 }));
    expect(result).toMatchObject({ bandLevel: 3, cappedLevel: 1 });
    expect(result.caps.map((cap) => cap.level)).toEqual([3, 2]);
  });

  it('lists every failing component of a cap', () => {
    const result = level(withPoints({ 1: 0, 4: 0 }));
    expect(result.caps.at(-1)!.failing.map((f) => f.component)).toEqual(['indicators', 'analysis']);
  });

  it('does not cap a level below the capped one', () => {
    // 4 of 18: band 0, the caps for 2 and 3 do not apply.
    expect(level([0, 0, 0, 0, 0, 1, 1, 1, 1])).toMatchObject({ bandLevel: 0, cappedLevel: 0, caps: [] });
    // 27.8 % without goals: band 1, which no cap guards.
    expect(level([0, 1, 1, 1, 1, 1, 0, 0, 0])).toMatchObject({ bandLevel: 1, cappedLevel: 1, caps: [] });
  });
});

describe('overallLevel: mean percent, at most one level above the lowest mechanism', () => {
  const codes = compiled.mechanisms.map((m) => m.code);
  const mechanisms = (points: number[], levels: LevelCode[]) =>
    codes.map((code, i) => ({ code, points: points[i]!, cappedLevel: levels[i]! }));

  it('bands the mean of the nine percents (total points over 162)', () => {
    expect(overallLevel(compiled, mechanisms(Array(9).fill(9), Array(9).fill(2)))).toMatchObject({
      percent: 50,
      bandLevel: 2,
      cappedLevel: 2,
      capped: false,
    });
    // 40 of 162 = 24.7 %, 41 of 162 = 25.3 %
    const low = [5, 5, 5, 5, 4, 4, 4, 4, 4];
    expect(overallLevel(compiled, mechanisms(low, [1, 1, 1, 1, 0, 0, 0, 0, 0]))).toMatchObject({ bandLevel: 0, cappedLevel: 0 });
    expect(overallLevel(compiled, mechanisms([5, ...low.slice(1, 8), 5], [1, 1, 1, 1, 0, 0, 0, 0, 1])).bandLevel).toBe(1);
    expect(overallLevel(compiled, mechanisms([5, ...low.slice(1, 8), 5], [1, 1, 1, 1, 0, 0, 0, 0, 1])).percent).toBeCloseTo(25.3, 1);
  });

  it('caps 88.9 % to level 1 when one mechanism is at level 0', () => {
    const result = overallLevel(compiled, mechanisms([18, 18, 18, 18, 18, 18, 18, 18, 0], [3, 3, 3, 3, 3, 3, 3, 3, 0]));
    expect(result).toMatchObject({ bandLevel: 3, cappedLevel: 1, lowestMechanismLevel: 0, lowestMechanisms: ['2.5'], capped: true });
  });

  it('lets the overall level be exactly one above the lowest mechanism', () => {
    const result = overallLevel(compiled, mechanisms([12, 12, 12, 12, 12, 12, 12, 12, 6], [2, 2, 2, 2, 2, 2, 2, 2, 1]));
    expect(result).toMatchObject({ bandLevel: 2, cappedLevel: 2, capped: false, lowestMechanismLevel: 1, lowestMechanisms: ['2.5'] });
  });

  it('takes the distance from the data: with 0 levels above, the lowest mechanism is the ceiling', () => {
    const strict = structuredClone(federal);
    strict.scoring.overall.maxLevelsAboveLowestMechanism = 0;
    const strictCompiled = compileScoring(strict, codes);
    const result = overallLevel(strictCompiled, mechanisms([12, 12, 12, 12, 12, 12, 12, 12, 6], [2, 2, 2, 2, 2, 2, 2, 2, 1]));
    expect(result).toMatchObject({ bandLevel: 2, cappedLevel: 1, capped: true });
  });
});

describe('reconcile: keep from 0.5, at most 1 point below it, flag a claim of 2 below 0.3', () => {
  it.each([
    // [share, claimed, points, flagged]
    [0.5, 2, 2, false],
    [0.5, 1, 1, false],
    [0.49, 2, 1, false],
    [0.49, 1, 1, false],
    [0.3, 2, 1, false],
    [0.3, 1, 1, false],
    [0.29, 2, 1, true],
    [0.29, 1, 1, false],
    [0, 0, 0, false],
    [1, 0, 0, false],
  ])('share %s, claimed %s → %s points, flagged %s', (share, claimed, points, flagged) => {
    expect(reconcile(rules, claimed, true, share)).toEqual({
      points,
      flagged,
      reconciliation: share >= 0.5 ? 'corroborated' : 'not_corroborated',
    });
  });

  it('keeps the claim of a component schools cannot see, whatever the share', () => {
    expect(reconcile(rules, 2, false, 0)).toEqual({ points: 2, flagged: false, reconciliation: 'not_visible_to_schools' });
  });

  it('keeps a claim no school answered unconfirmed: at most 1 point, flagged whenever something was claimed', () => {
    expect(rules.corroboration.share).toEqual({ over: 'answering_schools', whenNoSchoolAnswered: { maxPoints: 1, flag: true } });
    expect(reconcile(rules, 2, true, null)).toEqual({ points: 1, flagged: true, reconciliation: 'no_answering_schools' });
    expect(reconcile(rules, 1, true, null)).toEqual({ points: 1, flagged: true, reconciliation: 'no_answering_schools' });
    expect(reconcile(rules, 0, true, null)).toEqual({ points: 0, flagged: false, reconciliation: 'no_answering_schools' });
  });

  it('takes the limit and the flag for a component no school answered from the data', () => {
    const lenient = {
      ...rules,
      corroboration: { ...rules.corroboration, share: { ...answering, whenNoSchoolAnswered: { maxPoints: 2, flag: false } } },
    };
    expect(reconcile(lenient, 2, true, null)).toEqual({ points: 2, flagged: false, reconciliation: 'no_answering_schools' });
  });

  it('under the rule before (over responding schools) treats no responding school as share 0: capped, flagged like share 0', () => {
    const legacy = { ...rules, corroboration: { ...rules.corroboration, share: { over: 'responding_schools' as const } } };
    expect(reconcile(legacy, 2, true, null)).toEqual({ points: 1, flagged: true, reconciliation: 'no_responding_schools' });
    expect(reconcile(legacy, 1, true, null)).toEqual({ points: 1, flagged: false, reconciliation: 'no_responding_schools' });
  });

  it('takes its thresholds from the data (regional-preschool-2021: keep from 0.6, flag below 0.35)', () => {
    const preschool = findMethodology('regional-preschool-2021')!.scoring;
    expect(reconcile(preschool, 2, true, 0.59)).toMatchObject({ points: 1, flagged: false });
    expect(reconcile(preschool, 2, true, 0.6)).toMatchObject({ points: 2, flagged: false });
    expect(reconcile(preschool, 2, true, 0.34)).toMatchObject({ points: 1, flagged: true });
  });
});
