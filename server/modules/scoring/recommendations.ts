import type { LevelCode } from '../methodology/methodology.schemas';
import type { CompiledScoring } from './compiled';
import type { AppliedCap, Recommendation } from './scoring.schemas';
import { decimal } from './texts';

/** A mechanism below «частично сформирована» gets the methodology's text about the mechanism as a whole. */
const WEAK_MECHANISM_BELOW_LEVEL = 2;
/** Components named for a weak mechanism: its cycle is built from the first gaps, the rest follow once they close. */
export const COMPONENTS_PER_WEAK_MECHANISM = 3;
/** …for a mechanism one level below the top: what keeps it from being formed. A formed mechanism gets none. */
export const COMPONENTS_PER_NEARLY_FORMED_MECHANISM = 2;
/** Component recommendations per municipality: enough to act on in a year, the weakest mechanisms served first. */
export const MAX_COMPONENT_RECOMMENDATIONS = 12;

/**
 * What recommendations read of a mechanism's result: the computed one (`MechanismScore` fits), or the effective one
 * after experts' overrides — re-levelled points, and the level an expert set.
 */
export interface RecommendationInput {
  code: string;
  percent: number;
  /** The level the mechanism stands at; it decides how much there is to recommend. */
  cappedLevel: LevelCode;
  /** Null when the response-rate guard withholds the mechanism's level: `{level}` then reads the guard's label. */
  level: LevelCode | null;
  /** The caps the points fail: their components come first. */
  caps: readonly AppliedCap[];
  /** Final points in cycle order. */
  components: ReadonlyArray<{ points: number }>;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Targeted recommendations from the methodology's templates, grouped by mechanism, weakest mechanism first (lower
 * level, then lower percent, then catalogue order):
 * - a weak mechanism (level below `WEAK_MECHANISM_BELOW_LEVEL`) gets the mechanism's own text first;
 * - then its weakest components: those below the best points, the ones that made a cap lower the level first,
 *   then fewer points first, then cycle order (a cycle is built from its beginning) — at most
 *   `COMPONENTS_PER_WEAK_MECHANISM` for a weak mechanism, `COMPONENTS_PER_NEARLY_FORMED_MECHANISM` one level below
 *   the top, none for a formed one, and `MAX_COMPONENT_RECOMMENDATIONS` in all; each with the mechanism's text for
 *   the component, else the general one.
 * `{level}` is the response-rate label where the mechanism's level is withheld.
 */
export function recommendations(
  compiled: CompiledScoring,
  municipalityName: string,
  mechanisms: readonly RecommendationInput[],
): Recommendation[] {
  const topLevel = compiled.levelLabels.length - 1;
  const ordered = compiled.mechanisms
    .map((mechanism, index) => {
      const score = mechanisms.find((m) => m.code === mechanism.code);
      if (!score) throw new Error(`Нет результата по механизму ${mechanism.code}`);
      return { mechanism, score, index };
    })
    .sort((a, b) => a.score.cappedLevel - b.score.cappedLevel || a.score.percent - b.score.percent || a.index - b.index);

  const result: Recommendation[] = [];
  let budget = MAX_COMPONENT_RECOMMENDATIONS;
  for (const { mechanism, score } of ordered) {
    if (score.cappedLevel >= topLevel) continue;
    const weak = score.cappedLevel < WEAK_MECHANISM_BELOW_LEVEL;
    const values = {
      municipality: municipalityName,
      mechanism: mechanism.title,
      level: score.level === null ? compiled.rules.responseRate.label : compiled.levelLabels[score.cappedLevel]!,
      percent: decimal(score.percent),
    };
    if (weak) result.push({ mechanism: mechanism.code, component: null, text: fill(mechanism.recommendation, values) });

    const blocking = new Set(score.caps.flatMap((cap) => cap.failing.map((failing) => failing.component)));
    const points = (index: number) => score.components[index]!.points;
    const limit = Math.min(budget, weak ? COMPONENTS_PER_WEAK_MECHANISM : COMPONENTS_PER_NEARLY_FORMED_MECHANISM);
    const weakest = mechanism.components
      .filter((component) => points(component.index) < compiled.maxComponentPoints)
      .sort((a, b) => Number(blocking.has(b.code)) - Number(blocking.has(a.code)) || points(a.index) - points(b.index) || a.index - b.index)
      .slice(0, limit);
    budget -= weakest.length;
    for (const component of weakest) {
      result.push({
        mechanism: mechanism.code,
        component: component.code,
        text: fill(component.recommendation, { ...values, component: component.title }),
      });
    }
  }
  return result;
}
