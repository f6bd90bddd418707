import { eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { rateLimits } from '../../db/schema';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimitState {
  hits: number;
  allowed: boolean;
  retryAfterSeconds: number;
  /** Attempts left before the limit refuses; 0 once it does. */
  remaining: number;
  /** When the last hit was counted (null when there is none in the window). */
  lastHitAt: Date | null;
}

function stateOf(hits: number, windowStartedAt: Date, lastHitAt: Date | null, rule: RateLimitRule, now = Date.now()): RateLimitState {
  const windowEnds = windowStartedAt.getTime() + rule.windowSeconds * 1000;
  return {
    hits,
    allowed: hits <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now) / 1000)),
    remaining: Math.max(0, rule.limit - hits),
    lastHitAt,
  };
}

/**
 * Fixed-window counters kept in PostgreSQL, so every server instance sees the same attempts.
 * One atomic upsert per attempt; a window that has passed starts over.
 */
export async function consume(db: Executor, key: string, rule: RateLimitRule): Promise<RateLimitState> {
  const expired = sql`${rateLimits.windowStartedAt} < now() - make_interval(secs => ${rule.windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStartedAt: sql`now()`, hits: 1, lastHitAt: sql`now()` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${rateLimits.windowStartedAt} end`,
        lastHitAt: sql`now()`,
      },
    })
    .returning({ hits: rateLimits.hits, windowStartedAt: rateLimits.windowStartedAt, lastHitAt: rateLimits.lastHitAt });
  if (Math.random() < 0.01) await pruneExpired(db);
  return stateOf(row!.hits, row!.windowStartedAt, row!.lastHitAt, rule);
}

/**
 * Takes back one counted attempt that turned out not to be a failure. Limits that count only failures count every
 * attempt first (so a burst of parallel guesses cannot all pass a check made before any of them is counted) and
 * give successes back.
 */
export async function refund(db: Executor, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}

/** The current state without counting an attempt. */
export async function peek(db: Executor, key: string, rule: RateLimitRule): Promise<RateLimitState> {
  const [row] = await db
    .select({ hits: rateLimits.hits, windowStartedAt: rateLimits.windowStartedAt, lastHitAt: rateLimits.lastHitAt })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  if (!row || row.windowStartedAt.getTime() + rule.windowSeconds * 1000 < Date.now()) {
    return { hits: 0, allowed: true, retryAfterSeconds: 0, remaining: rule.limit, lastHitAt: null };
  }
  return stateOf(row.hits, row.windowStartedAt, row.lastHitAt, rule);
}

export async function reset(db: Executor, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

async function pruneExpired(db: Executor): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStartedAt, sql`now() - interval '1 day'`));
}

/** "через 5 минут" / "через 40 секунд", for rate-limit messages. */
export function russianWait(seconds: number): string {
  if (seconds < 60) return `${seconds} с`;
  return `${Math.ceil(seconds / 60)} мин`;
}
