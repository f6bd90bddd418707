import type { CampaignState, RespondentRole, ResponseStatus } from '../../../db/schema/values';

// Zod-free on purpose: the respondents' pages import these and must not download the validation library.

export const respondentRoleLabels: Record<RespondentRole, string> = {
  director: 'Директор',
  deputy_director: 'Заместитель директора',
  teacher: 'Педагогический работник',
  head: 'Заведующий',
  senior_educator: 'Старший воспитатель',
  educator: 'Воспитатель',
};

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
