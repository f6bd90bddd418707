import type { OrganisationKind, RespondentRole, ResponseStatus } from '../../../db/schema/values';
import { formatRussianDeadline } from '../../lib/dates';
import { organisationNoun, respondentRoleLabels, responseStatusLabels } from '../campaigns/campaign-labels';

/** What a reminder tells one municipal coordinator: everything still missing in their district. */
export interface ReminderFacts {
  campaignTitle: string;
  municipalityName: string;
  deadline: Date;
  /** The region's zone: the deadline is stated in it. */
  timeZone: string;
  recipientName: string;
  /** The kinds of organisation the campaign asks: the message names them («школ», «школ и детских садов»). */
  organisationKinds: OrganisationKind[];
  /** Organisations with questionnaires not yet submitted (excluded schools are never here), each role and its state. */
  schools: Array<{ shortName: string; questionnaires: Array<{ role: RespondentRole; status: ResponseStatus }> }>;
  /** The municipal form's state; null once it is submitted. */
  municipalForm: ResponseStatus | null;
  /** The district's page of the campaign. */
  link: string;
}

/** «школ», «детских садов», «школ и детских садов»: the campaign's organisations, genitive plural; schools by default. */
const organisationsWord = (kinds: OrganisationKind[]) =>
  (kinds.length ? kinds : (['school'] as const)).map((kind) => organisationNoun([kind]).ofMany.toLowerCase()).join(' и ');

/** The one place a message states its deadline, in the region's time zone. */
const deadlineText = (facts: ReminderFacts) => formatRussianDeadline(facts.deadline, facts.timeZone);

export const districtPageLink = (origin: string, campaignId: number, municipalityId: number) =>
  `${origin.replace(/\/+$/, '')}/campaigns/${campaignId}/municipalities/${municipalityId}`;

export function reminderMessage(facts: ReminderFacts): { subject: string; text: string } {
  const unsubmitted = facts.schools.reduce((sum, school) => sum + school.questionnaires.length, 0);
  const organisations = organisationsWord(facts.organisationKinds);
  const lines = [
    `Здравствуйте, ${facts.recipientName}!`,
    '',
    `Напоминаем: в кампании «${facts.campaignTitle}» приём анкет от муниципалитета «${facts.municipalityName}» ` +
      `заканчивается ${deadlineText(facts)}.`,
  ];
  if (unsubmitted) {
    lines.push('', `Не отправлены анкеты ${organisations} (${unsubmitted}):`);
    for (const school of facts.schools) {
      const roles = school.questionnaires.map(
        ({ role, status }) => `${respondentRoleLabels[role].toLowerCase()} — ${responseStatusLabels[status]}`,
      );
      lines.push(`• ${school.shortName}: ${roles.join('; ')}`);
    }
  }
  if (facts.municipalForm) lines.push('', `Муниципальная форма не отправлена (${responseStatusLabels[facts.municipalForm]}).`);
  lines.push(
    '',
    `Страница муниципалитета в кампании — ход заполнения, коды доступа и бланки для ${organisations}, муниципальная форма:`,
    facts.link,
    '',
    'Письмо отправлено платформой МУКО по поручению регионального координатора; отвечать на него не нужно.',
  );
  return { subject: `Напоминание: «${facts.campaignTitle}» — приём анкет до ${deadlineText(facts)}`, text: lines.join('\n') };
}

/** The same message for the recipient's own mail program, when the server sends no mail. */
export function mailtoLink(to: string, subject: string, text: string): string {
  // RFC 6068: line breaks as CRLF, everything percent-encoded except the address's own @.
  const encode = (value: string) => encodeURIComponent(value.replace(/\r?\n/g, '\r\n'));
  return `mailto:${encode(to).replace(/%40/g, '@')}?subject=${encode(subject)}&body=${encode(text)}`;
}
