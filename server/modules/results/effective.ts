import type { OverrideTarget } from '../../../db/schema/values';
import type { LevelCode } from '../methodology/methodology.schemas';
import type { CompiledScoring } from '../scoring/compile';
import { mechanismLevel, overallLevel } from '../scoring/levels';

/** What a scoring run stored for one matrix cell. */
export interface ComputedCell {
  mechanismCode: string;
  percent: number;
  cappedLevel: LevelCode;
  componentPoints: readonly number[];
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
 * set by an expert is taken as given; the overall level follows from the effective mechanisms. Under the
 * response-rate guard computed levels stay withheld, but a level an expert sets explicitly stands.
 */
export function effectiveMunicipality(
  compiled: CompiledScoring,
  computed: readonly ComputedCell[],
  overallComputed: { percent: number; cappedLevel: LevelCode },
  insufficientData: boolean,
  overrides: readonly ActiveOverride[],
): EffectiveMunicipality {
  const withhold = (level: LevelCode) => (insufficientData ? null : level);
  const cells = computed.map((cell): EffectiveCell & { cappedLevel: LevelCode; points: number } => {
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
    const effectiveLevel = levelOverride ? (levelOverride.value as LevelCode) : withhold(relevelled.cappedLevel);
    return {
      mechanismCode: cell.mechanismCode,
      computed: { percent: cell.percent, level: withhold(cell.cappedLevel), componentPoints: cell.componentPoints },
      effective: { percent: relevelled.percent, level: effectiveLevel, componentPoints: points },
      overridden: own.length > 0,
      cappedLevel: levelOverride ? (levelOverride.value as LevelCode) : relevelled.cappedLevel,
      points: relevelled.points,
    };
  });
  const anyOverride = cells.some((cell) => cell.overridden);
  const overall = anyOverride
    ? overallLevel(compiled, cells.map((cell) => ({ code: cell.mechanismCode, points: cell.points, cappedLevel: cell.cappedLevel })))
    : { percent: overallComputed.percent, cappedLevel: overallComputed.cappedLevel };
  // A level an expert set for a mechanism under the guard is that mechanism's; the overall stays withheld.
  return {
    cells: cells.map(({ cappedLevel: _capped, points: _points, ...cell }) => cell),
    overall: {
      computed: { percent: overallComputed.percent, level: withhold(overallComputed.cappedLevel) },
      effective: { percent: overall.percent, level: withhold(overall.cappedLevel) },
      overridden: anyOverride,
    },
  };
}
