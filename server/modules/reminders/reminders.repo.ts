import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import {
  campaignMunicipalities,
  campaignReminderSchedules,
  campaignSchoolExclusions,
  campaigns,
  jobs,
  municipalForms,
  municipalities,
  responses,
  schools,
  users,
} from '../../../db/schema';
import { qualified, russianOrder, storedRussianOrder } from '../../lib/sql';
import { acceptsAnswersUntil } from '../campaigns/campaigns.repo';
import { questionnaireSchoolRows } from '../campaigns/questionnaires.repo';

export const REMINDER_JOB = 'reminder';

/** A deadline as text that both drivers produce alike: part of a job's key, compared again when it runs. */
const isoText = (value: ReturnType<typeof acceptsAnswersUntil>) =>
  sql<string>`to_char(${value} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The campaign's municipalities (all, or the listed ones), each with its own deadline and municipal form state. */
export async function reminderMunicipalities(db: Executor, campaignId: number, municipalityIds?: number[]) {
  return db
    .select({
      municipalityId: municipalities.id,
      name: municipalities.name,
      // The municipality named through its own table: the subquery reads campaign_municipalities itself.
      deadline: acceptsAnswersUntil(qualified(campaigns.id), qualified(municipalities.id)),
      municipalForm: municipalForms.status,
    })
    .from(campaignMunicipalities)
    .innerJoin(campaigns, eq(campaigns.id, campaignMunicipalities.campaignId))
    .innerJoin(municipalities, eq(municipalities.id, campaignMunicipalities.municipalityId))
    .leftJoin(
      municipalForms,
      and(eq(municipalForms.campaignId, campaignId), eq(municipalForms.municipalityId, campaignMunicipalities.municipalityId)),
    )
    .where(
      and(
        eq(campaignMunicipalities.campaignId, campaignId),
        municipalityIds ? inArray(campaignMunicipalities.municipalityId, municipalityIds) : undefined,
      ),
    )
    .orderBy(storedRussianOrder(municipalities.nameOrder), asc(municipalities.id));
}

/** Questionnaires not yet submitted in the municipalities, leaving excluded schools out. */
export async function unsubmittedQuestionnaires(db: Executor, campaignId: number, municipalityIds: number[]) {
  if (!municipalityIds.length) return [];
  return questionnaireSchoolRows(db, {
    municipalityId: responses.municipalityId,
    schoolId: schools.id,
    shortName: schools.shortName,
    role: responses.respondentRole,
    status: responses.status,
  })
    .where(
      and(
        eq(responses.campaignId, campaignId),
        inArray(responses.municipalityId, municipalityIds),
        ne(responses.status, 'submitted'),
        sql`not exists (select 1 from ${campaignSchoolExclusions} where ${campaignSchoolExclusions.campaignId} = ${campaignId} and ${campaignSchoolExclusions.schoolId} = ${qualified(responses.schoolId)})`,
      ),
    )
    .orderBy(russianOrder(schools.shortName), asc(schools.id), asc(responses.respondentRole));
}

/** The active municipal coordinators of the municipalities (one of them only, with `userId`). */
export async function municipalCoordinators(db: Executor, municipalityIds: number[], userId?: number) {
  if (!municipalityIds.length) return [];
  return db
    .select({ userId: users.id, email: users.email, fullName: users.fullName, municipalityId: users.municipalityId })
    .from(users)
    .where(
      and(
        eq(users.role, 'municipal_coordinator'),
        isNull(users.disabledAt),
        inArray(users.municipalityId, municipalityIds),
        userId === undefined ? undefined : eq(users.id, userId),
      ),
    )
    .orderBy(asc(users.fullName), asc(users.id));
}

export async function findSchedule(db: Executor, campaignId: number) {
  const [row] = await db.select().from(campaignReminderSchedules).where(eq(campaignReminderSchedules.campaignId, campaignId));
  return row ?? null;
}

export async function saveSchedule(db: Executor, values: typeof campaignReminderSchedules.$inferInsert) {
  await db
    .insert(campaignReminderSchedules)
    .values(values)
    .onConflictDoUpdate({
      target: campaignReminderSchedules.campaignId,
      set: { daysBefore: values.daysBefore, siteOrigin: values.siteOrigin, updatedBy: values.updatedBy, updatedAt: sql`now()` },
    });
}

export async function deleteSchedule(db: Executor, campaignId: number) {
  await db.delete(campaignReminderSchedules).where(eq(campaignReminderSchedules.campaignId, campaignId));
}

/**
 * One job per coordinator of each municipality whose deadline is within its campaign's «days before», in every
 * open campaign with automatic reminders. The key names the deadline, so a second pass (on any instance) adds
 * nothing, and an extended deadline gets a reminder of its own. One statement, whatever the number of campaigns.
 */
export async function enqueueDueReminders(db: Executor) {
  const deadline = acceptsAnswersUntil(qualified(campaigns.id), qualified(users.municipalityId));
  const deadlineIso = isoText(deadline);
  const result = await db.execute(sql`
    insert into ${jobs} (kind, key, payload)
    select ${REMINDER_JOB},
      ${REMINDER_JOB} || ':' || ${qualified(campaigns.id)} || ':' || ${qualified(campaignMunicipalities.municipalityId)} || ':' || ${qualified(users.id)} || ':' || ${deadlineIso},
      jsonb_build_object('campaignId', ${qualified(campaigns.id)}, 'municipalityId', ${qualified(campaignMunicipalities.municipalityId)}, 'userId', ${qualified(users.id)}, 'deadline', ${deadlineIso})
    from ${campaigns}
    join ${campaignReminderSchedules} on ${qualified(campaignReminderSchedules.campaignId)} = ${qualified(campaigns.id)}
    join ${campaignMunicipalities} on ${qualified(campaignMunicipalities.campaignId)} = ${qualified(campaigns.id)}
    join ${users} on ${qualified(users.municipalityId)} = ${qualified(campaignMunicipalities.municipalityId)}
      and ${qualified(users.role)} = 'municipal_coordinator' and ${qualified(users.disabledAt)} is null
    where ${qualified(campaigns.state)} = 'open' and ${qualified(campaigns.opensAt)} <= now()
      and ${deadline} > now()
      and ${deadline} - make_interval(days => ${qualified(campaignReminderSchedules.daysBefore)}) <= now()
    on conflict (key) do nothing`);
  return result;
}

/** A municipality's deadline now, in the text form a job's key carries. */
export async function currentDeadlineIso(db: Executor, campaignId: number, municipalityId: number) {
  const [row] = await db
    .select({ deadline: isoText(acceptsAnswersUntil(qualified(campaigns.id), sql`${municipalityId}`)) })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  return row?.deadline ?? null;
}
