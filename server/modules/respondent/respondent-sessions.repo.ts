import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { accessCodes, respondentSessions } from '../../../db/schema';

/** Whether a respondent token's session is still live: one lookup by primary key on every respondent request. */
export async function respondentSessionIsLive(db: Executor, sessionId: string, accessCodeId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: respondentSessions.id })
    .from(respondentSessions)
    .where(
      and(
        eq(respondentSessions.id, sessionId),
        eq(respondentSessions.accessCodeId, accessCodeId),
        isNull(respondentSessions.revokedAt),
        gt(respondentSessions.expiresAt, sql`now()`),
      ),
    );
  return row !== undefined;
}

export async function insertRespondentSession(db: Executor, session: { id: string; accessCodeId: number; expiresAt: Date }) {
  await db.insert(respondentSessions).values(session);
}

export async function revokeRespondentSession(db: Executor, sessionId: string) {
  await db
    .update(respondentSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(respondentSessions.id, sessionId), isNull(respondentSessions.revokedAt)));
}

/**
 * Marks a never-used code as used, saying whether it was never used: of two browsers opening the same personal link
 * at once, only one is told so (the second update waits for the first and then finds the code used).
 */
export async function markFirstUse(db: Executor, accessCodeId: number): Promise<boolean> {
  const rows = await db
    .update(accessCodes)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(accessCodes.id, accessCodeId), isNull(accessCodes.lastUsedAt)))
    .returning({ id: accessCodes.id });
  return rows.length > 0;
}
