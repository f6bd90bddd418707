import { z } from 'zod';
import type { Database } from '../../../db/client';
import type { ResponseStatus } from '../../../db/schema/values';
import { conflict, forbidden, notFound } from '../../errors';
import { formatRussianDateTime } from '../../lib/dates';
import type { Mailer } from '../../lib/mailer';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import { recordAudit, systemActor } from '../audit/audit.repo';
import { findCampaign } from '../campaigns/campaigns.repo';
import type { Campaign } from '../campaigns/campaigns.schemas';
import type { CampaignsService } from '../campaigns/campaigns.service';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { questionnaireKinds } from '../campaigns/frozen-definition';
import { districtPageLink, mailtoLink, reminderMessage, type ReminderFacts } from './reminder-message';
import * as repo from './reminders.repo';
import type { ReminderMessage, ReminderPreview, ReminderSchedule, ReminderSkip, SendRemindersResult } from './reminders.schemas';

export interface RemindersServiceDeps {
  db: Database;
  campaigns: CampaignsService;
  definitions: DefinitionCache;
  /** Null when the installation has no SMTP_URL: messages are previewed, never sent. */
  mailer: Mailer | null;
  /** The site address in links; without it, the address of the request (or, for a job, of the one that set the schedule). */
  publicUrl?: string;
}

const canManage = (principal: StaffPrincipal) => principal.role === 'admin' || principal.role === 'regional_coordinator';

const NO_SMTP = 'Почта на сервере не настроена (SMTP_URL и MAIL_FROM): письма можно скопировать или открыть в почтовой программе.';
const NO_SMTP_FOR_SCHEDULE = 'Почта на сервере не настроена (SMTP_URL и MAIL_FROM): автоматические напоминания отправлять нечем.';

/** What an automatic reminder job carries: the key's parts, checked again when it runs. */
const reminderJobSchema = z.object({
  campaignId: z.number().int(),
  municipalityId: z.number().int(),
  userId: z.number().int(),
  deadline: z.string(),
});

type Letter = ReminderMessage & { userId: number };

/** Reminders to municipal coordinators about what their district has not submitted yet: previewed, sent, or scheduled. */
export function createRemindersService({ db, campaigns, definitions, mailer, publicUrl }: RemindersServiceDeps) {
  async function managedCampaign(principal: StaffPrincipal, id: number) {
    if (!canManage(principal)) throw forbidden();
    return campaigns.get(principal, id);
  }

  function requireOpen(campaign: Campaign) {
    if (campaign.state !== 'open') throw conflict('Напоминания рассылаются, пока идёт приём анкет.');
  }

  /**
   * A message for every active coordinator of the chosen municipalities (all of the campaign's without a list)
   * that still have something to submit, and every municipality left out, with why.
   */
  async function compose(campaign: Campaign, origin: string, chosen?: number[], onlyUserId?: number) {
    if (chosen?.some((municipalityId) => !campaign.municipalityIds.includes(municipalityId)))
      throw notFound('Муниципалитет не участвует в кампании.');
    const now = Date.now();
    const places = await repo.reminderMunicipalities(db, campaign.id, chosen && [...new Set(chosen)]);
    const accepting = places.filter((place) => place.deadline.getTime() > now).map((place) => place.municipalityId);
    const [unsubmitted, coordinators, definition] = await Promise.all([
      repo.unsubmittedQuestionnaires(db, campaign.id, accepting),
      repo.municipalCoordinators(db, accepting, onlyUserId),
      definitions.get(campaign.id),
    ]);
    const organisationKinds = definition ? questionnaireKinds(definition) : [];
    const schoolsOf = new Map<number, Map<number, ReminderFacts['schools'][number]>>();
    for (const row of unsubmitted) {
      let schools = schoolsOf.get(row.municipalityId);
      if (!schools) schoolsOf.set(row.municipalityId, (schools = new Map<number, ReminderFacts['schools'][number]>()));
      let school = schools.get(row.schoolId);
      if (!school) schools.set(row.schoolId, (school = { shortName: row.shortName, questionnaires: [] }));
      school.questionnaires.push({ role: row.role, status: row.status });
    }
    const messages: Letter[] = [];
    const skipped: ReminderSkip[] = [];
    for (const place of places) {
      const skip = (reason: ReminderSkip['reason'], note: string) =>
        skipped.push({ municipalityId: place.municipalityId, municipalityName: place.name, reason, note });
      if (place.deadline.getTime() <= now) {
        skip('closed', `Приём анкет закончился ${formatRussianDateTime(place.deadline)}.`);
        continue;
      }
      const schools = [...(schoolsOf.get(place.municipalityId)?.values() ?? [])];
      const municipalForm: ResponseStatus | null = place.municipalForm === 'submitted' ? null : (place.municipalForm ?? 'not_started');
      if (!schools.length && !municipalForm) {
        skip('complete', 'Все анкеты и муниципальная форма отправлены.');
        continue;
      }
      const recipients = coordinators.filter((coordinator) => coordinator.municipalityId === place.municipalityId);
      if (!recipients.length) {
        skip('no_coordinator', 'Нет действующего муниципального координатора: создайте учётную запись.');
        continue;
      }
      for (const recipient of recipients) {
        const { subject, text } = reminderMessage({
          campaignTitle: campaign.title,
          municipalityName: place.name,
          deadline: place.deadline,
          timeZone: campaign.timeZone,
          recipientName: recipient.fullName,
          organisationKinds,
          schools,
          municipalForm,
          link: districtPageLink(origin, campaign.id, place.municipalityId),
        });
        messages.push({
          userId: recipient.userId,
          municipalityId: place.municipalityId,
          municipalityName: place.name,
          to: recipient.email,
          recipientName: recipient.fullName,
          subject,
          text,
          mailto: mailtoLink(recipient.email, subject, text),
        });
      }
    }
    return { messages, skipped };
  }

  /** Sends one message and records it: to whom, which campaign and district; never the text. */
  async function deliver(sender: Mailer, campaign: Campaign, letter: Letter, actor: AuditActor, automatic: boolean) {
    await sender.send({ to: letter.to, subject: letter.subject, text: letter.text });
    await recordAudit(db, actor, {
      action: 'campaign.reminder_sent',
      entityType: 'campaign',
      entityId: campaign.id,
      regionId: campaign.regionId,
      municipalityId: letter.municipalityId,
      after: { to: letter.to, userId: letter.userId, automatic },
    });
  }

  async function scheduleOf(campaignId: number): Promise<ReminderSchedule> {
    return { campaignId, daysBefore: (await repo.findSchedule(db, campaignId))?.daysBefore ?? null };
  }

  const withoutUser = ({ userId: _userId, ...message }: Letter): ReminderMessage => message;

  return {
    async preview(principal: StaffPrincipal, id: number, chosen: number[] | undefined, requestOrigin: string): Promise<ReminderPreview> {
      const campaign = await managedCampaign(principal, id);
      requireOpen(campaign);
      const [{ messages, skipped }, schedule] = await Promise.all([
        compose(campaign, publicUrl ?? requestOrigin, chosen),
        scheduleOf(campaign.id),
      ]);
      return {
        campaignId: campaign.id,
        smtpConfigured: mailer !== null,
        from: mailer?.from ?? null,
        schedule,
        messages: messages.map(withoutUser),
        skipped,
      };
    },

    /** Sends every message of the preview, one by one; a refused one is reported and does not stop the others. */
    async send(
      principal: StaffPrincipal,
      actor: AuditActor,
      id: number,
      chosen: number[] | undefined,
      requestOrigin: string,
    ): Promise<SendRemindersResult> {
      const campaign = await managedCampaign(principal, id);
      requireOpen(campaign);
      if (!mailer) throw conflict(NO_SMTP);
      const { messages, skipped } = await compose(campaign, publicUrl ?? requestOrigin, chosen);
      const result: SendRemindersResult = { sent: [], failed: [], skipped };
      for (const letter of messages) {
        const recipient = { municipalityId: letter.municipalityId, to: letter.to };
        try {
          await deliver(mailer, campaign, letter, actor, false);
          result.sent.push(recipient);
        } catch (error) {
          result.failed.push({
            ...recipient,
            error: `Почтовый сервер не принял письмо: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
      return result;
    },

    /** Automatic reminders N days before each district's deadline, or none (null). */
    async setSchedule(
      principal: StaffPrincipal,
      actor: AuditActor,
      id: number,
      daysBefore: number | null,
      requestOrigin: string,
    ): Promise<ReminderSchedule> {
      const campaign = await managedCampaign(principal, id);
      if (campaign.state !== 'draft' && campaign.state !== 'open')
        throw conflict('Автоматические напоминания настраиваются, пока приём анкет не завершён.');
      if (daysBefore !== null && !mailer) throw conflict(NO_SMTP_FOR_SCHEDULE);
      return db.transaction(async (tx) => {
        const before = await repo.findSchedule(tx, id);
        if (daysBefore === null) await repo.deleteSchedule(tx, id);
        else
          await repo.saveSchedule(tx, { campaignId: id, daysBefore, siteOrigin: publicUrl ?? requestOrigin, updatedBy: principal.userId });
        await recordAudit(tx, actor, {
          action: 'campaign.reminder_schedule_set',
          entityType: 'campaign',
          entityId: id,
          regionId: campaign.regionId,
          before: { daysBefore: before?.daysBefore ?? null },
          after: { daysBefore },
        });
        return { campaignId: id, daysBefore };
      });
    },

    /** Job scheduler: inserts the automatic reminders that have become due (any instance, any number of times). */
    enqueueDue: () => repo.enqueueDueReminders(db),

    /**
     * Job handler: one coordinator's automatic reminder, if it still holds when the job runs: the campaign open,
     * reminders still on, the deadline the one the job was made for, and something still to submit.
     */
    async runReminderJob(payload: Record<string, unknown>) {
      const job = reminderJobSchema.parse(payload);
      const campaign = await findCampaign(db, job.campaignId, {}, true);
      const schedule = await repo.findSchedule(db, job.campaignId);
      if (campaign?.state !== 'open' || !schedule) return;
      if ((await repo.currentDeadlineIso(db, job.campaignId, job.municipalityId)) !== job.deadline) return;
      if (!mailer) throw new Error('SMTP_URL is not set: the reminder waits for a mail server');
      const { messages } = await compose(campaign, publicUrl ?? schedule.siteOrigin, [job.municipalityId], job.userId);
      for (const letter of messages) await deliver(mailer, campaign, letter, systemActor, true);
    },
  };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
