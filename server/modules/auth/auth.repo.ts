import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { municipalities, regions, sessions, users } from '../../../db/schema';

export async function findActiveSession(db: Executor, sessionId: string) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      regionId: users.regionId,
      municipalityId: users.municipalityId,
      passwordChangeRequired: users.passwordChangeRequired,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), isNull(users.disabledAt)));
  return row ?? null;
}

export async function findUserForLogin(db: Executor, email: string) {
  const [row] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email));
  return row ?? null;
}

export async function findPasswordHash(db: Executor, userId: number) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash ?? null;
}

export async function findProfile(db: Executor, userId: number) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      regionId: regions.id,
      regionName: regions.name,
      regionTimeZone: regions.timeZone,
      municipalityId: municipalities.id,
      municipalityName: municipalities.name,
      passwordChangeRequired: users.passwordChangeRequired,
    })
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId))
    .where(eq(users.id, userId));
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    region: row.regionId === null ? null : { id: row.regionId, name: row.regionName!, timeZone: row.regionTimeZone! },
    municipality: row.municipalityId === null ? null : { id: row.municipalityId, name: row.municipalityName! },
    passwordChangeRequired: row.passwordChangeRequired,
  };
}

export async function insertSession(
  db: Executor,
  session: { id: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db.insert(sessions).values(session);
  await db
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(users.id, session.userId));
}

export async function revokeSession(db: Executor, sessionId: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a user, optionally keeping the one making the request. */
export async function revokeUserSessions(db: Executor, userId: number, keepSessionId?: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

export async function setPassword(db: Executor, userId: number, passwordHash: string, changeRequired: boolean) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangeRequired: changeRequired, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}
