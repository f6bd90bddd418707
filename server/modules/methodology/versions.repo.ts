import { and, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { methodologyVersions } from '../../../db/schema';
import type { MethodologyState } from '../../../db/schema/values';
import type { Methodology } from './methodology.schemas';

// The only place with queries on methodology versions.

export type VersionRow = typeof methodologyVersions.$inferSelect;

/** Which versions a caller sees: the installation's, plus a region's (its drafts only when `withDrafts`); all for undefined. */
export interface VersionScope {
  regionId?: number;
  withDrafts: boolean;
}

function scoped(scope: VersionScope): SQL | undefined {
  if (scope.regionId === undefined) return undefined;
  const own = scope.withDrafts
    ? eq(methodologyVersions.regionId, scope.regionId)
    : and(eq(methodologyVersions.regionId, scope.regionId), ne(methodologyVersions.state, 'draft'));
  return or(isNull(methodologyVersions.regionId), own);
}

export function listVersions(db: Executor, scope: VersionScope) {
  return db
    .select()
    .from(methodologyVersions)
    .where(scoped(scope))
    .orderBy(sql`${methodologyVersions.regionId} nulls first`, methodologyVersions.id);
}

export async function findVersion(db: Executor, id: string, scope: VersionScope): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(methodologyVersions)
    .where(and(eq(methodologyVersions.id, id), scoped(scope)));
  return row;
}

/** For a change: the row locked until the transaction ends. */
export async function lockVersion(db: Executor, id: string): Promise<VersionRow | undefined> {
  const [row] = await db.select().from(methodologyVersions).where(eq(methodologyVersions.id, id)).for('update');
  return row;
}

export async function idTaken(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: methodologyVersions.id }).from(methodologyVersions).where(eq(methodologyVersions.id, id));
  return row !== undefined;
}

/** Inserts a region's draft; undefined when the id is taken. */
export async function insertDraft(
  db: Executor,
  values: { id: string; regionId: number; document: Record<string, unknown>; forkedFrom: string | null; createdBy: number },
): Promise<VersionRow | undefined> {
  const [row] = await db
    .insert(methodologyVersions)
    .values({ ...values, state: 'draft' })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function saveDocument(db: Executor, id: string, document: Record<string, unknown>) {
  const [row] = await db
    .update(methodologyVersions)
    .set({ document, updatedAt: new Date() })
    .where(and(eq(methodologyVersions.id, id), eq(methodologyVersions.state, 'draft')))
    .returning();
  return row;
}

export async function setState(db: Executor, id: string, from: MethodologyState, to: MethodologyState) {
  const now = new Date();
  const [row] = await db
    .update(methodologyVersions)
    .set({ state: to, updatedAt: now, ...(to === 'published' ? { publishedAt: now } : { retiredAt: now }) })
    .where(and(eq(methodologyVersions.id, id), eq(methodologyVersions.state, from)))
    .returning();
  return row;
}

/**
 * Writes the installation's versions (surveys/) as published, read-only rows: the shipped files are their source,
 * so a changed file replaces its row. Safe when several instances start at once.
 */
export async function upsertSystemVersions(db: Executor, methodologies: readonly Methodology[]) {
  if (methodologies.length === 0) return;
  await db
    .insert(methodologyVersions)
    .values(methodologies.map((m) => ({ id: m.id, regionId: null, state: 'published' as const, document: structuredClone(m) })))
    .onConflictDoUpdate({
      target: methodologyVersions.id,
      set: { document: sql`excluded.document`, updatedAt: sql`now()` },
      setWhere: and(isNull(methodologyVersions.regionId), sql`${methodologyVersions.document} is distinct from excluded.document`),
    });
}
