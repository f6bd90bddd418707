import { plural } from '../../lib/plural';
import type { ScoringRules } from '../methodology/methodology.schemas';

// Russian wording shared by the explanations: numbers with a decimal comma, points and schools in the right case.

const NBSP = '\u00a0';

/** 61.111 → «61,1», 50 → «50». */
export function decimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return String(rounded).replace('.', ',');
}

/** A percent value: «61,1 %». */
export const percentText = (value: number) => `${decimal(value)}${NBSP}%`;
/** A share as a percent: 0.7 → «70 %». */
export const shareText = (share: number) => percentText(share * 100);
/** «1 балл», «2 балла», «0 баллов». */
export const pointsText = (n: number) => `${n}${NBSP}${plural(n, 'балл', 'балла', 'баллов')}`;
/** After «не больше», «не меньше», «из»: «1 балла», «2 баллов». */
export const pointsGenitive = (n: number) => `${n}${NBSP}${plural(n, 'балла', 'баллов', 'баллов')}`;
/** «7 из 10 (70 %)»: a part of a whole with its share. */
export const partOf = (part: number, whole: number) => `${part} из ${whole} (${shareText(whole === 0 ? 0 : part / whole)})`;
export const quoted = (text: string) => `«${text}»`;

/** The percent range of a level band: «(от 25 до 50 %)», «(меньше 25 %)», «(от 80 %)». */
export function bandRangeText(bands: ScoringRules['levelBands'], index: number): string {
  const band = bands[index]!;
  const next = bands[index + 1];
  if (!next) return `(от ${band.fromPercent}${NBSP}%)`;
  if (index === 0) return `(меньше ${next.fromPercent}${NBSP}%)`;
  return `(от ${band.fromPercent} до ${next.fromPercent}${NBSP}%)`;
}

/** What a school must have submitted to count as responding: «хотя бы одна анкета», «не меньше 2 анкет». */
export function questionnairesNeeded(minimum: number): string {
  return minimum === 1 ? 'заполнена хотя бы одна анкета' : `заполнено не меньше ${minimum} ${plural(minimum, 'анкеты', 'анкет', 'анкет')}`;
}

/** «по 9 механизмам». */
export const mechanismsDative = (n: number) => `${n} ${plural(n, 'механизму', 'механизмам', 'механизмам')}`;
/** «на 1 уровень», «на 2 уровня». */
export const levelsText = (n: number) => `${n} ${plural(n, 'уровень', 'уровня', 'уровней')}`;
/** «1 школа», «3 школы», «5 школ». */
export const schoolsText = (n: number) => `${n} ${plural(n, 'школа', 'школы', 'школ')}`;
