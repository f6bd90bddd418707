import type { CompiledScoring } from './compile';
import type { MechanismScore, Recommendation } from './scoring.schemas';
import { decimal } from './texts';

/** A mechanism below «частично сформирована» gets the methodology's text about the mechanism as a whole. */
const WEAK_MECHANISM_BELOW_LEVEL = 2;
/** Enough to act on in a year; the rest of a weak cycle follows once its first gaps are closed. */
export const MAX_COMPONENT_RECOMMENDATIONS = 3;

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Targeted recommendations from the methodology's templates, in catalogue order of mechanisms:
 * - a weak mechanism (capped level below `WEAK_MECHANISM_BELOW_LEVEL`) gets the mechanism's own text first;
 * - then its weakest components: those below the best points, the ones that made a cap lower the level first,
 *   then fewer points first, then cycle order (a cycle is built from its beginning), at most
 *   `MAX_COMPONENT_RECOMMENDATIONS`; each with the mechanism's text for the component, else the general one.
 * `{level}` is the response-rate label when the level is withheld.
 */
export function recommendations(
  compiled: CompiledScoring,
  municipalityName: string,
  mechanisms: readonly MechanismScore[],
  insufficientDataLabel: string | null,
): Recommendation[] {
  const result: Recommendation[] = [];
  for (const mechanism of compiled.mechanisms) {
    const score = mechanisms.find((m) => m.code === mechanism.code);
    if (!score) throw new Error(`Нет результата по механизму ${mechanism.code}`);
    const values = {
      municipality: municipalityName,
      mechanism: mechanism.title,
      level: insufficientDataLabel ?? compiled.levelLabels[score.cappedLevel]!,
      percent: decimal(score.percent),
    };
    if (score.cappedLevel < WEAK_MECHANISM_BELOW_LEVEL) result.push({ mechanism: mechanism.code, component: null, text: fill(mechanism.recommendation, values) });

    const blocking = new Set(score.caps.flatMap((cap) => cap.failing.map((failing) => failing.component)));
    const weakest = mechanism.components
      .filter((component) => score.components[component.index]!.points < compiled.maxComponentPoints)
      .sort(
        (a, b) =>
          Number(blocking.has(b.code)) - Number(blocking.has(a.code)) ||
          score.components[a.index]!.points - score.components[b.index]!.points ||
          a.index - b.index,
      )
      .slice(0, MAX_COMPONENT_RECOMMENDATIONS);
    for (const component of weakest) {
      result.push({ mechanism: mechanism.code, component: component.code, text: fill(component.recommendation, { ...values, component: component.title }) });
    }
  }
  return result;
}
