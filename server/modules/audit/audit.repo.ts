import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { auditLog } from '../../../db/schema';
import { offsetOf } from '../../lib/paging';
import type { AuditActor } from '../../lib/principal';
import type { TerritoryScope } from '../../lib/scope';
import { searchAny } from '../../lib/sql';
import type { AuditEntry, AuditQuery } from './audit.schemas';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  regionId?: number | null;
  municipalityId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one record; call it inside the transaction of the change it describes. */
export async function recordAudit(db: Executor, actor: AuditActor, entry: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    actor: actor.label,
    ip: actor.ip,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    regionId: entry.regionId ?? null,
    municipalityId: entry.municipalityId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export const systemActor: AuditActor = { userId: null, label: 'system', ip: null };

/** The log within a territory, newest first; the scope is part of the query. */
export async function listAudit(db: Executor, scope: TerritoryScope, query: AuditQuery) {
  const where: SQL | undefined = and(
    scope.regionId === undefined ? undefined : eq(auditLog.regionId, scope.regionId),
    scope.municipalityId === undefined ? undefined : eq(auditLog.municipalityId, scope.municipalityId),
    query.municipalityId ? eq(auditLog.municipalityId, query.municipalityId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.from ? gte(auditLog.at, new Date(query.from)) : undefined,
    query.to ? lte(auditLog.at, new Date(query.to)) : undefined,
    searchAny(query.actor, [auditLog.actor]),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize)),
    db.select({ value: count() }).from(auditLog).where(where),
  ]);
  const items: AuditEntry[] = rows.map(({ actorUserId: _actorUserId, at, ...row }) => ({ ...row, at: at.toISOString() }));
  return { items, total: total?.value ?? 0, page: query.page, pageSize: query.pageSize };
}
