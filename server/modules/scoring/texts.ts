import { plural } from '../../lib/plural';
import type { OrganisationKind } from '../../../db/schema/values';
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

/** How explanations name the organisations a number counts: schools, kindergartens, or both together. */
export interface OrganisationWords {
  /** «школа», «детский сад». */
  singular: string;
  /** «школы», «детские сады». */
  plural: string;
  /** After «из …», «ответивших»: «школ», «детских садов». */
  genitive: string;
  /** «школами», «детскими садами». */
  instrumental: string;
  /** «ни одна», «ни один»: agreeing with `singular`. */
  none: string;
  /** The past-tense ending agreeing with `singular`: «не заполнила», «не заполнил». */
  pastEnding: string;
  /** «она», «он»: one organisation left out of a share. */
  pronoun: string;
  /** «1 школа», «3 детских сада». */
  counted: (n: number) => string;
}

const SCHOOL_WORDS: OrganisationWords = {
  singular: 'школа',
  plural: 'школы',
  genitive: 'школ',
  instrumental: 'школами',
  none: 'ни одна',
  pastEnding: 'а',
  pronoun: 'она',
  counted: schoolsText,
};

const PRESCHOOL_WORDS: OrganisationWords = {
  singular: 'детский сад',
  plural: 'детские сады',
  genitive: 'детских садов',
  instrumental: 'детскими садами',
  none: 'ни один',
  pastEnding: '',
  pronoun: 'он',
  counted: (n) => `${n} ${plural(n, 'детский сад', 'детских сада', 'детских садов')}`,
};

const ORGANISATION_WORDS: OrganisationWords = {
  singular: 'организация',
  plural: 'организации',
  genitive: 'организаций',
  instrumental: 'организациями',
  none: 'ни одна',
  pastEnding: 'а',
  pronoun: 'она',
  counted: (n) => `${n} ${plural(n, 'организация', 'организации', 'организаций')}`,
};

/** The words for organisations of `kinds`: schools when there are none or only schools (every version before kinds). */
export function organisationWords(kinds: readonly OrganisationKind[]): OrganisationWords {
  if (kinds.length > 1) return ORGANISATION_WORDS;
  return kinds[0] === 'preschool' ? PRESCHOOL_WORDS : SCHOOL_WORDS;
}

/** «школы» → «Школы». */
export const capitalised = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/**
 * What the response-rate label means, for a legend beside the levels, from the methodology's threshold and the kinds
 * of organisations the campaign asks: «ответили меньше 50 % школ»; with kindergartens, each kind against its own
 * total for the mechanisms it is asked about.
 */
export function insufficientDataMeaning(minShare: number, kinds: readonly OrganisationKind[]): string {
  const below = `меньше ${shareText(minShare)}`;
  if (kinds.length <= 1) return `ответили ${below} ${organisationWords(kinds).genitive}`;
  const each = kinds.map((kind) => `${below} ${organisationWords([kind]).genitive}`).join(' или ');
  return `ответили ${each}, которых спрашивают о механизме`;
}

/** «Ни одна школа», «Ни один детский сад». */
export const noneOf = (words: OrganisationWords) => capitalised(`${words.none} ${words.singular}`);
