import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns';
import { users } from './users';

/**
 * Background work shared by every server instance: a row per job, its unique key making a second enqueue of the
 * same work a no-op, and a claim (`for update skip locked`) making sure one instance runs it.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    /** What the job does, once: e.g. `reminder:<campaign>:<municipality>:<user>:<deadline>`. */
    key: text('key').notNull().unique(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set by the instance running it; a claim older than the lease is taken over (the instance died). */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('jobs_due_idx')
      .on(t.runAt)
      .where(sql`${t.doneAt} is null`),
  ],
);

/** Automatic reminders of a campaign: each lagging district's coordinators are written to N days before its deadline. */
export const campaignReminderSchedules = pgTable(
  'campaign_reminder_schedules',
  {
    campaignId: integer('campaign_id')
      .primaryKey()
      .references(() => campaigns.id),
    daysBefore: integer('days_before').notNull(),
    /**
     * The address the coordinator used when turning reminders on: the link to the district page when PUBLIC_URL
     * is not set, since a job has no request to take it from.
     */
    siteOrigin: text('site_origin').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('campaign_reminder_schedules_days_check', sql`${t.daysBefore} between 1 and 60`)],
);
