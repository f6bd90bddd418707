import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../../db/client';
import * as repo from './jobs.repo';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobPollerOptions {
  db: Database;
  /** Run at the start of each pass: each inserts the jobs that have become due, idempotently (by their keys). */
  schedulers: Array<() => Promise<unknown>>;
  handlers: Record<string, JobHandler>;
  log: Pick<FastifyBaseLogger, 'error'>;
  /** How long a claim protects a running job; a longer one is taken as an instance that died mid-job. */
  leaseSeconds?: number;
}

/** Jobs one pass runs at most, so a backlog is worked through across passes instead of holding one forever. */
const JOBS_PER_PASS = 200;
const retryDelayMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

/**
 * Background work of one server instance. Every instance runs a poller on the same jobs table; the database
 * decides which instance runs which job (jobs.repo claimDueJob), so nothing is kept in one process's memory.
 */
export function createJobPoller({ db, schedulers, handlers, log, leaseSeconds = 600 }: JobPollerOptions) {
  let pass: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function runDueJobs() {
    for (const schedule of schedulers) await schedule();
    for (let done = 0; done < JOBS_PER_PASS && !stopped; done++) {
      const job = await repo.claimDueJob(db, leaseSeconds);
      if (!job) return;
      try {
        const handler = handlers[job.kind];
        if (!handler) throw new Error(`unknown job kind «${job.kind}»`);
        await handler(job.payload);
        await repo.completeJob(db, job.id, job.claimedAt!);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // The key names the work (campaign, municipality, user), never a message's text.
        log.error({ job: { id: job.id, kind: job.kind, key: job.key, attempts: job.attempts }, error: message }, 'background job failed');
        await repo.failJob(db, job.id, job.claimedAt!, message, new Date(Date.now() + retryDelayMs(job.attempts)));
      }
    }
  }

  /** One pass over due jobs; a call while a pass runs joins it. */
  function tick(): Promise<void> {
    pass ??= runDueJobs()
      .catch((error: unknown) => log.error({ error: error instanceof Error ? error.message : String(error) }, 'job poll failed'))
      .finally(() => {
        pass = null;
      });
    return pass;
  }

  return {
    tick,
    start(intervalMs: number) {
      timer = setInterval(() => void tick(), intervalMs);
      // A pending poll never keeps a process alive that is otherwise done (CLI tools, tests).
      timer.unref();
    },
    /** Stops polling and waits for a pass under way, so the database is not closed under it. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
  };
}

export type JobPoller = ReturnType<typeof createJobPoller>;
