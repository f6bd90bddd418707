import type { Executor } from '../../../db/client';
import { auditLog } from '../../../db/schema';

export interface AuditActor {
  userId: number | null;
  label: string;
  ip: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  regionId?: number | null;
  municipalityId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Appends one record; call it inside the transaction of the change it describes. */
export async function recordAudit(db: Executor, actor: AuditActor, entry: AuditEntry): Promise<void> {
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
