import type { OverrideTarget } from '../../../db/schema/values';
import type { LevelCode } from '../methodology/methodology.schemas';
import type { CompiledScoring } from '../scoring/compiled';
import { mechanismExplanation, overallExplanation } from '../scoring/explain';
import { mechanismLevel, overallLevel } from '../scoring/levels';
import { recommendations } from '../scoring/recommendations';
import type { MechanismGuard, Recommendation, ResponseRate } from '../scoring/scoring.schemas';
import { quoted } from '../scoring/texts';

/** What a scoring run stored for one matrix cell. */
export interface ComputedCell {
  mechanismCode: string;
  percent: number;
  cappedLevel: LevelCode;
  componentPoints: readonly number[];
  /** The mechanism's response-rate guard withheld its level (the run stored no level for the cell). */
  withheld: boolean;
}

export interface ActiveOverride {
  mechanismCode: string;
  target: OverrideTarget;
  componentCode: string | null;
  value: number;
}

export interface EffectiveCell {
  mechanismCode: string;
  computed: { percent: number; level: LevelCode | null; componentPoints: readonly number[] };
  /** What is shown and published: the expert's judgement where there is one, the computation elsewhere. */
  effective: { percent: number; level: LevelCode | null; componentPoints: number[] };
  overridden: boolean;
}

export interface EffectiveMunicipality {
  cells: EffectiveCell[];
  overall: {
    computed: { percent: number; level: LevelCode | null };
    effective: { percent: number; level: LevelCode | null };
    overridden: boolean;
  };
}

/**
 * Applies experts' overrides to a municipality's computed cells, beside the computed values, never over them.
 * A component's new points re-level its mechanism with the methodology's own bands and caps; a mechanism's level
 * set by an expert is taken as given; the overall level follows from the effective mechanisms. A mechanism's level
 * its response-rate guard withheld stays withheld, but a level an expert sets explicitly stands; the overall level
 * stays withheld when `insufficientData` (the level of some mechanism was withheld).
 */
export function effectiveMunicipality(
  compiled: CompiledScoring,
  computed: readonly ComputedCell[],
  overallComputed: { percent: number; cappedLevel: LevelCode },
  insufficientData: boolean,
  overrides: readonly ActiveOverride[],
): EffectiveMunicipality {
  const withheldOverall = (level: LevelCode) => (insufficientData ? null : level);
  const cells = computed.map((cell): EffectiveCell & { cappedLevel: LevelCode; points: number } => {
    const withhold = (level: LevelCode) => (cell.withheld ? null : level);
    const mechanism = compiled.mechanisms.find((m) => m.code === cell.mechanismCode);
    if (!mechanism) throw new Error(`Механизм ${cell.mechanismCode} отсутствует в методике расчёта`);
    const own = overrides.filter((o) => o.mechanismCode === cell.mechanismCode);
    const points = [...cell.componentPoints];
    for (const o of own) {
      if (o.target !== 'component_points') continue;
      const index = mechanism.components.findIndex((c) => c.code === o.componentCode);
      if (index >= 0) points[index] = o.value;
    }
    const pointsChanged = points.some((p, i) => p !== cell.componentPoints[i]);
    const relevelled = pointsChanged
      ? mechanismLevel(compiled, mechanism, points)
      : { percent: cell.percent, cappedLevel: cell.cappedLevel, points: points.reduce((a, b) => a + b, 0) };
    const levelOverride = own.find((o) => o.target === 'mechanism_level');
    const effectiveLevel = levelOverride ? levelOverride.value : withhold(relevelled.cappedLevel);
    return {
      mechanismCode: cell.mechanismCode,
      computed: { percent: cell.percent, level: withhold(cell.cappedLevel), componentPoints: cell.componentPoints },
      effective: { percent: relevelled.percent, level: effectiveLevel, componentPoints: points },
      overridden: own.length > 0,
      cappedLevel: levelOverride ? levelOverride.value : relevelled.cappedLevel,
      points: relevelled.points,
    };
  });
  const anyOverride = cells.some((cell) => cell.overridden);
  const overall = anyOverride
    ? overallLevel(
        compiled,
        cells.map((cell) => ({ code: cell.mechanismCode, points: cell.points, cappedLevel: cell.cappedLevel })),
      )
    : { percent: overallComputed.percent, cappedLevel: overallComputed.cappedLevel };
  // A level an expert set for a mechanism under the guard is that mechanism's; the overall stays withheld.
  return {
    cells: cells.map(({ cappedLevel: _capped, points: _points, ...cell }) => cell),
    overall: {
      computed: { percent: overallComputed.percent, level: withheldOverall(overallComputed.cappedLevel) },
      effective: { percent: overall.percent, level: withheldOverall(overall.cappedLevel) },
      overridden: anyOverride,
    },
  };
}

/** The effective values beside the computed ones, flat, as the API shows them in a matrix row. */
export function judged(effective: EffectiveMunicipality) {
  const { computed, effective: standing, overridden } = effective.overall;
  return {
    overall: {
      computedLevel: computed.level,
      level: standing.level,
      computedPercent: computed.percent,
      percent: standing.percent,
      overridden,
    },
    cells: effective.cells.map((cell) => ({
      mechanismCode: cell.mechanismCode,
      computedLevel: cell.computed.level,
      level: cell.effective.level,
      computedPercent: cell.computed.percent,
      percent: cell.effective.percent,
      overridden: cell.overridden,
      componentPoints: cell.effective.componentPoints,
      computedComponentPoints: [...cell.computed.componentPoints],
    })),
  };
}
export type JudgedRow = ReturnType<typeof judged>;

export interface ReasonedOverride extends ActiveOverride {
  reason: string;
}

/** Why a municipality stands where it stands after experts' overrides, and what it is advised to do about it. */
export interface EffectiveReading {
  /** By mechanism code: the explanation of the effective level, null where no expert changed anything. */
  mechanisms: Record<string, string[] | null>;
  overall: string[] | null;
  /** From the effective points and levels: what a municipality is told to do follows what it is told it is. */
  recommendations: Recommendation[];
}

/** What the effective reading takes of the computed score: the response-rate guards, the municipality's and each mechanism's. */
export interface ScoreGuards {
  responseRate: ResponseRate;
  mechanisms: ReadonlyArray<{ code: string; guard: MechanismGuard }>;
}

/**
 * The explanation and the recommendations of the effective values, to show beside the computed ones. A component's
 * new points re-level the mechanism with the methodology's own sentences; a level an expert set is stated with the
 * expert's reason; the overall level is explained from the effective mechanisms.
 */
export function effectiveReading(
  compiled: CompiledScoring,
  municipalityName: string,
  row: JudgedRow,
  overrides: readonly ReasonedOverride[],
  score: ScoreGuards,
): EffectiveReading {
  const rate = score.responseRate;
  const label = (level: number | null) => quoted(level === null ? compiled.rules.responseRate.label : compiled.levelLabels[level]!);
  const mechanisms: Record<string, string[] | null> = {};
  const levelled = row.cells.map((cell) => {
    const mechanism = compiled.mechanisms.find((m) => m.code === cell.mechanismCode)!;
    const points = cell.componentPoints;
    const result = mechanismLevel(compiled, mechanism, points);
    const own = overrides.filter((o) => o.mechanismCode === cell.mechanismCode);
    const levelOverride = own.find((o) => o.target === 'mechanism_level');
    const lines: string[] = [];
    for (const o of own) {
      if (o.target !== 'component_points') continue;
      const index = mechanism.components.findIndex((c) => c.code === o.componentCode);
      if (index < 0) continue;
      lines.push(
        `Эксперт изменил баллы компонента ${quoted(mechanism.components[index]!.title)} с ${cell.computedComponentPoints[index]} до ${o.value}. Причина: ${o.reason}`,
      );
    }
    if (levelOverride) {
      lines.push(
        `Эксперт установил уровень механизма — ${label(cell.level)} (рассчитанный — ${label(cell.computedLevel)}). Причина: ${levelOverride.reason}`,
      );
    } else if (lines.length) {
      const { guard } = score.mechanisms.find((m) => m.code === cell.mechanismCode)!;
      lines.push(...mechanismExplanation(compiled, result, [], true, guard, rate));
    }
    mechanisms[cell.mechanismCode] = lines.length ? lines : null;
    return {
      code: cell.mechanismCode,
      ...result,
      cappedLevel: levelOverride ? levelOverride.value : result.cappedLevel,
      // Recommendations say «недостаточно данных» where the computed level was withheld, as the computed ones do.
      level: cell.computedLevel === null ? null : levelOverride ? levelOverride.value : result.cappedLevel,
      components: points.map((p) => ({ points: p })),
    };
  });
  const overall = row.overall.overridden
    ? overallExplanation(compiled, overallLevel(compiled, levelled), levelled.length, true, rate)
    : null;
  return { mechanisms, overall, recommendations: recommendations(compiled, municipalityName, levelled) };
}
