import { and, count, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { auditLog, campaigns, municipalities, regions, schools, users } from '../../../db/schema';
import { offsetOf } from '../../lib/paging';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';
import type { TerritoryScope } from '../../lib/scope';
import { searchAny } from '../../lib/sql';
import { findMethodology } from '../methodology/methodology.repo';
import { AuditWording } from './audit-text';
import { emptyAuditNames, type AuditNames, type AuditRecord } from './audit-values';
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

const idOf = (value: unknown): number | null => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
};

/** The names a page of records mentions: campaigns, territories, schools, people and methodologies. */
export async function auditNames(db: Executor, records: readonly AuditRecord[]): Promise<AuditNames> {
  const ids = {
    campaign: new Set<number>(),
    municipality: new Set<number>(),
    school: new Set<number>(),
    region: new Set<number>(),
    user: new Set<number>(),
  };
  const add = (set: Set<number>, value: unknown) => {
    const id = idOf(value);
    if (id !== null) set.add(id);
  };
  for (const record of records) {
    const after = (record.after && typeof record.after === 'object' ? record.after : {}) as Record<string, unknown>;
    const before = (record.before && typeof record.before === 'object' ? record.before : {}) as Record<string, unknown>;
    add(ids.user, record.actorUserId);
    add(ids.municipality, record.municipalityId);
    if (record.entityType in ids) add(ids[record.entityType as keyof typeof ids], record.entityId);
    add(ids.campaign, after.campaignId);
    add(ids.school, after.schoolId);
    add(ids.user, after.userId);
    for (const side of [before, after]) {
      add(ids.region, side.regionId);
      add(ids.municipality, side.municipalityId);
      if (side.municipality && typeof side.municipality === 'object') add(ids.municipality, (side.municipality as { id?: unknown }).id);
      for (const list of [side.municipalityIds, side.reopened]) if (Array.isArray(list)) for (const id of list) add(ids.municipality, id);
    }
  }
  const names = emptyAuditNames();
  const byIds = <T>(set: Set<number>, load: (list: number[]) => Promise<T[]>) => (set.size ? load([...set]) : Promise.resolve([] as T[]));
  const [campaignRows, municipalityRows, schoolRows, regionRows, userRows] = await Promise.all([
    byIds(ids.campaign, (list) =>
      db
        .select({ id: campaigns.id, title: campaigns.title, methodologyId: campaigns.methodologyId })
        .from(campaigns)
        .where(inArray(campaigns.id, list)),
    ),
    byIds(ids.municipality, (list) =>
      db.select({ id: municipalities.id, name: municipalities.name }).from(municipalities).where(inArray(municipalities.id, list)),
    ),
    byIds(ids.school, (list) => db.select({ id: schools.id, name: schools.shortName }).from(schools).where(inArray(schools.id, list))),
    byIds(ids.region, (list) => db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, list))),
    byIds(ids.user, (list) =>
      db
        .select({ id: users.id, email: users.email, fullName: users.fullName, role: users.role })
        .from(users)
        .where(inArray(users.id, list)),
    ),
  ]);
  for (const row of campaignRows) names.campaigns.set(row.id, { title: row.title, methodologyId: row.methodologyId });
  for (const row of municipalityRows) names.municipalities.set(row.id, row.name);
  for (const row of schoolRows) names.schools.set(row.id, row.name);
  for (const row of regionRows) names.regions.set(row.id, row.name);
  for (const { id, ...user } of userRows) names.users.set(id, user);
  for (const { methodologyId } of campaignRows) {
    const methodology = names.methodologies.has(methodologyId) ? undefined : findMethodology(methodologyId);
    if (!methodology) continue;
    names.methodologies.set(methodologyId, {
      title: methodology.title,
      levels: methodology.levels,
      mechanisms: methodology.mechanisms.map(({ code, title }) => ({ code, title })),
      components: methodology.cycleComponents.map(({ code, title }) => ({ code, title })),
    });
  }
  return names;
}

/**
 * The log within a territory, newest first; the scope is part of the query. Every record comes worded in Russian;
 * the raw values and the address it came from go to administrators only, and a municipal coordinator sees no
 * other person's e-mail.
 */
export async function listAudit(db: Executor, viewer: Pick<StaffPrincipal, 'userId' | 'role'>, scope: TerritoryScope, query: AuditQuery) {
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
  const wording = new AuditWording(await auditNames(db, rows), viewer);
  const items: AuditEntry[] = rows.map((row) => {
    const common = {
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      regionId: row.regionId,
      municipalityId: row.municipalityId,
      ...wording.describe(row),
    };
    return viewer.role === 'admin' ? { ...common, before: row.before, after: row.after, ip: row.ip } : common;
  });
  return { items, total: total?.value ?? 0, page: query.page, pageSize: query.pageSize };
}
