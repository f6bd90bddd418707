import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { jobs } from '../../../db/schema';

export type JobRow = typeof jobs.$inferSelect;

/** A job failing this many times stays in the table with its last error, and is no longer tried. */
export const MAX_JOB_ATTEMPTS = 5;

/**
 * Takes one due job for this instance: `for update skip locked` lets concurrent instances pass over a row another
 * one is claiming, and the claim (with its time) is committed before the job runs, so no two instances run it.
 * A claim older than the lease belongs to an instance that died mid-job: the job is taken over.
 */
export async function claimDueJob(db: Executor, leaseSeconds: number): Promise<JobRow | null> {
  const due = sql`select ${jobs.id} from ${jobs}
    where ${jobs.doneAt} is null and ${jobs.runAt} <= now() and ${jobs.attempts} < ${MAX_JOB_ATTEMPTS}
      and (${jobs.claimedAt} is null or ${jobs.claimedAt} < now() - make_interval(secs => ${leaseSeconds}))
    order by ${jobs.runAt}, ${jobs.id}
    limit 1
    for update skip locked`;
  const [row] = await db
    .update(jobs)
    // Milliseconds: the claim is read back into a JS date and matched again when the job ends.
    .set({ claimedAt: sql`date_trunc('milliseconds', now())`, attempts: sql`${jobs.attempts} + 1` })
    .where(sql`${jobs.id} = (${due})`)
    .returning();
  return row ?? null;
}

/** Marks a job done, unless its claim expired and another instance took it over meanwhile. */
export async function completeJob(db: Executor, id: number, claimedAt: Date) {
  await db
    .update(jobs)
    .set({ doneAt: sql`now()`, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.claimedAt, claimedAt)));
}

/** Releases a failed job to be tried again at `retryAt`, keeping what went wrong. */
export async function failJob(db: Executor, id: number, claimedAt: Date, error: string, retryAt: Date) {
  await db
    .update(jobs)
    .set({ claimedAt: null, runAt: retryAt, lastError: error.slice(0, 1000) })
    .where(and(eq(jobs.id, id), eq(jobs.claimedAt, claimedAt)));
}
