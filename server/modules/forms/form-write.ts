import type { CampaignState } from '../../../db/schema/values';
import { AppError, badRequest, forbidden, unprocessable } from '../../errors';
import { formatRussianDateTime } from '../../lib/dates';
import type { SurveyJson } from '../methodology/assemble';
import { checkAnswers } from '../methodology/check';
import { campaignPhase } from '../campaigns/campaign-labels';

/** How refusals name a form to the person writing it: a school's questionnaire, or a district's municipal form. */
export interface FormWording {
  /** A submission with missing or wrong answers. */
  incomplete: string;
  /** Before the campaign opens: «<opens> <date>.» */
  opens: string;
  /** After it closes: «<closed> <date>.<closedAfter>» */
  closed: string;
  closedAfter?: string;
}

/**
 * Refuses answers the frozen form does not accept: a draft keeps nothing (400), a submission lists what to fix (422).
 * `answersJson` as in checkAnswers.
 */
export function refuseUncheckedAnswers(
  definition: SurveyJson,
  answers: unknown,
  submit: boolean,
  wording: FormWording,
  answersJson?: string,
): void {
  const check = checkAnswers(definition, answers, submit ? 'complete' : 'partial', answersJson);
  if (check.ok) return;
  throw submit
    ? unprocessable(wording.incomplete, check.errors)
    : badRequest('Некоторые ответы не прошли проверку и не сохранены.', check.errors);
}

export interface AcceptanceWindow {
  campaignState: CampaignState;
  opensAt: Date;
  /** When answers actually stop: the planned deadline, or the moment of an early close. */
  closesAt: Date;
  timeZone: string;
}

/** Why the campaign does not take this form's answers right now, in the reader's words; null while it does. */
export function acceptanceRefusal(window: AcceptanceWindow, wording: FormWording): AppError | null {
  const phase = campaignPhase(window.campaignState, window.opensAt, window.closesAt);
  if (phase === 'open') return null;
  if (phase === 'scheduled') return forbidden(`${wording.opens} ${formatRussianDateTime(window.opensAt, window.timeZone)}.`);
  return new AppError(
    403,
    'campaign_closed',
    `${wording.closed} ${formatRussianDateTime(window.closesAt, window.timeZone)}.${wording.closedAfter ?? ''}`,
  );
}
