import type { CampaignState, OrganisationKind, RespondentRole, ResponseStatus } from '../../../db/schema/values';

// Zod-free on purpose: the respondents' pages import these and must not download the validation library.

export const respondentRoleLabels: Record<RespondentRole, string> = {
  director: 'Директор',
  deputy_director: 'Заместитель директора',
  teacher: 'Педагогический работник',
  head: 'Заведующий',
  senior_educator: 'Старший воспитатель',
  educator: 'Воспитатель',
};

/** The forms of a word for the organisations of a list: a school, a kindergarten, or an organisation of either. */
export interface OrganisationNoun {
  /** Nominative singular: «Школа». */
  one: string;
  /** Genitive singular: «Код школы». */
  ofOne: string;
  /** Accusative singular: «Добавить школу». */
  toOne: string;
  /** Nominative plural: «Школы». */
  many: string;
  /** Genitive plural, after a number and as a column heading: «Школ». */
  ofMany: string;
}

const organisationNouns: Record<OrganisationKind | 'mixed', OrganisationNoun> = {
  school: { one: 'Школа', ofOne: 'школы', toOne: 'школу', many: 'Школы', ofMany: 'Школ' },
  preschool: { one: 'Детский сад', ofOne: 'детского сада', toOne: 'детский сад', many: 'Детские сады', ofMany: 'Детских садов' },
  mixed: { one: 'Организация', ofOne: 'организации', toOne: 'организацию', many: 'Организации', ofMany: 'Организаций' },
};

/**
 * What a campaign's screens call the organisations of a list holding these kinds: the kind's own word, or
 * «организация» when both are there. No kind at all (a draft) keeps the schools' word.
 */
export function organisationNoun(kinds: Iterable<OrganisationKind>): OrganisationNoun {
  const distinct = [...new Set(kinds)];
  return distinct.length > 1 ? organisationNouns.mixed : organisationNouns[distinct[0] ?? 'school'];
}

export const responseStatusLabels: Record<ResponseStatus, string> = {
  not_started: 'не начата',
  in_progress: 'заполняется',
  submitted: 'отправлена',
};

/**
 * What people see: the stored state plus the dates. An open campaign before its opening date is "scheduled",
 * after its closing date "expired" (answers are no longer accepted, but it can still be extended).
 */
export const CAMPAIGN_PHASES = ['draft', 'scheduled', 'open', 'expired', 'closed', 'published'] as const;
export type CampaignPhase = (typeof CAMPAIGN_PHASES)[number];

export const campaignPhaseLabels: Record<CampaignPhase, string> = {
  draft: 'черновик',
  scheduled: 'запущена, приём ещё не начался',
  open: 'идёт приём анкет',
  expired: 'срок приёма истёк',
  closed: 'приём завершён',
  published: 'результаты опубликованы',
};

export function campaignPhase(state: CampaignState, opensAt: Date, closesAt: Date, now = new Date()): CampaignPhase {
  if (state !== 'open') return state;
  if (now < opensAt) return 'scheduled';
  if (now > closesAt) return 'expired';
  return 'open';
}

/** Where respondents type their code, and the personal link that enters it for them (printed on slips and sheets). */
export const respondentEntryAddress = (origin: string) => `${origin.replace(/\/+$/, '')}/anketa`;
export const respondentLink = (origin: string, code: string) => `${respondentEntryAddress(origin)}/k/${code}`;
