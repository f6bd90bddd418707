import type { OrganisationKind, RespondentRole } from '@db/schema/values';
import type { Corroboration, ResponseRate } from '@server/modules/scoring/scoring.schemas';
import { capitalised, organisationWords, type OrganisationWords } from '@server/modules/scoring/texts';

// How the results pages name the organisations behind their counts: schools, kindergartens, or «организации» when a
// campaign asks both. A campaign of schools only reads exactly as before kinds existed.

/** The response rate's kinds that have organisations in the municipality (all of the campaign's when none has). */
function countedKinds(rate: ResponseRate): ResponseRate['byKind'] {
  const counted = rate.byKind.filter((kind) => kind.totalSchools > 0);
  return counted.length ? counted : rate.byKind;
}

/** The words for the organisations the municipality's response rate counts. */
export const respondingWords = (rate: ResponseRate): OrganisationWords =>
  organisationWords(countedKinds(rate).map((kind) => kind.organisationKind));

/** The words for every kind the campaign asks, whether or not the municipality has organisations of it. */
export const campaignWords = (rate: ResponseRate): OrganisationWords => organisationWords(rate.byKind.map((kind) => kind.organisationKind));

/** A matrix row's count: «школ ответило 40 из 52», or «организаций ответило 43 из 57» when the campaign asks several kinds. */
export const answeredOfText = (kinds: readonly OrganisationKind[], responding: number, total: number): string =>
  `${organisationWords(kinds).genitive} ответило ${responding} из ${total}`;

const percentOf = (share: number) => `${Math.round(share * 100)} %`;

/** «40 из 52»; with organisations of several kinds each kind apart: «Школы: 40 из 52 (77 %)», «Детские сады: 3 из 5 (60 %)». */
export function respondedParts(rate: ResponseRate): string[] {
  const counted = rate.byKind.filter((kind) => kind.totalSchools > 0);
  if (counted.length < 2) return [`${rate.respondingSchools} из ${rate.totalSchools}`];
  return counted.map(
    (kind) =>
      `${capitalised(organisationWords([kind.organisationKind]).plural)}: ${kind.respondingSchools} из ${kind.totalSchools} (${percentOf(kind.share)})`,
  );
}

/** The report's line: «40 из 52 школ, 130 анкет», or «Школы: 40 из 52 (77 %) · Детские сады: 3 из 5 (60 %); 130 анкет». */
export function respondedText(rate: ResponseRate): string {
  const parts = respondedParts(rate);
  const responded = parts.length > 1 ? `${parts.join(' · ')};` : `${parts[0]} ${respondingWords(rate).genitive},`;
  return `${responded} ${rate.submittedQuestionnaires} анкет`;
}

/**
 * «3 из 4 ответивших школ» or, over responding schools (the rule before), «3 из 6 школ»; a component asked of several
 * kinds adds each kind's part: «3 из 5 ответивших организаций (школ — 2 из 3, детских садов — 1 из 2)».
 */
export function confirmedOfText(c: Corroboration): string {
  const overAnswering = c.shareOver === 'answering_schools';
  const parts = c.byKind
    .map(
      (kind) =>
        `${organisationWords([kind.organisationKind]).genitive} — ${kind.confirmingSchools} из ${overAnswering ? kind.answeringSchools : kind.respondingSchools}`,
    )
    .join(', ');
  const genitive = organisationWords(c.organisationKinds).genitive;
  const counted = overAnswering
    ? `${c.confirmingSchools} из ${c.answeringSchools} ответивших ${genitive}`
    : `${c.confirmingSchools} из ${c.respondingSchools} ${genitive}`;
  return parts ? `${counted} (${parts})` : counted;
}

/** Why nobody is behind a share: «ни одна школа не ответила», or «школы не ответили» on the component's questions. */
export function noShareText(c: Corroboration): string {
  const words = organisationWords(c.organisationKinds);
  return c.respondingSchools > 0 && c.shareOver === 'answering_schools'
    ? `${words.plural} не ответили`
    : `${words.none} ${words.singular} не ответил${words.pastEnding}`;
}

/** «Не подтвердила ни одна школа.» / «Подтвердили все ответившие школы.» */
export function allOrNoneConfirmedText(c: Corroboration, confirmedByNone: boolean): string {
  const words = organisationWords(c.organisationKinds);
  return confirmedByNone
    ? `Не подтвердил${words.pastEnding} ${words.none} ${words.singular}.`
    : `Подтвердили все ответившие ${words.plural}.`;
}

/** After «учитывается ответ»: whose answer alone a question's rule counts. */
export const respondentRoleGenitives: Record<RespondentRole, string> = {
  director: 'директора',
  deputy_director: 'заместителя директора',
  teacher: 'педагогического работника',
  head: 'заведующего',
  senior_educator: 'старшего воспитателя',
  educator: 'воспитателя',
};
