import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { municipalities, regions, users } from '../../../db/schema';
import type { StaffRole } from '../../../db/schema/values';
import { offsetOf } from '../../lib/paging';
import { russianOrder, searchAny, toIso, toIsoOrNull } from '../../lib/sql';
import type { TerritoryScope } from '../../lib/scope';
import type { User } from './users.schemas';

const columns = {
  id: users.id,
  email: users.email,
  fullName: users.fullName,
  role: users.role,
  regionId: users.regionId,
  regionName: regions.name,
  municipalityId: users.municipalityId,
  municipalityName: municipalities.name,
  disabledAt: users.disabledAt,
  passwordChangeRequired: users.passwordChangeRequired,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

const selectUsers = (db: Executor) =>
  db
    .select(columns)
    .from(users)
    .leftJoin(regions, eq(regions.id, users.regionId))
    .leftJoin(municipalities, eq(municipalities.id, users.municipalityId));

type Row = Awaited<ReturnType<typeof selectUsers>>[number];

function toUser(row: Row): User {
  return {
    id: row.id,
    email: row.email,
    fullName: row.fullName,
    role: row.role,
    region: row.regionId === null ? null : { id: row.regionId, name: row.regionName ?? '' },
    municipality: row.municipalityId === null ? null : { id: row.municipalityId, name: row.municipalityName ?? '' },
    disabled: row.disabledAt !== null,
    passwordChangeRequired: row.passwordChangeRequired,
    lastLoginAt: toIsoOrNull(row.lastLoginAt),
    createdAt: toIso(row.createdAt),
  };
}

export interface UserFilter {
  scope: TerritoryScope;
  search?: string;
  role?: StaffRole;
  municipalityId?: number;
}

function whereOf(filter: UserFilter): SQL | undefined {
  return and(
    filter.scope.regionId === undefined ? undefined : eq(users.regionId, filter.scope.regionId),
    filter.scope.municipalityId === undefined ? undefined : eq(users.municipalityId, filter.scope.municipalityId),
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.municipalityId ? eq(users.municipalityId, filter.municipalityId) : undefined,
    searchAny(filter.search, [users.email, users.fullName]),
  );
}

export async function listUsers(db: Executor, filter: UserFilter, page: number, pageSize: number) {
  const where = whereOf(filter);
  const [rows, [total]] = await Promise.all([
    selectUsers(db).where(where).orderBy(russianOrder(users.fullName), asc(users.id)).limit(pageSize).offset(offsetOf(page, pageSize)),
    db.select({ value: count() }).from(users).where(where),
  ]);
  return { items: rows.map(toUser), total: total?.value ?? 0, page, pageSize };
}

export async function findUser(db: Executor, id: number, scope: TerritoryScope): Promise<User | null> {
  const [row] = await selectUsers(db).where(and(eq(users.id, id), whereOf({ scope })));
  return row ? toUser(row) : null;
}

export async function insertUser(
  db: Executor,
  values: {
    email: string;
    fullName: string;
    role: StaffRole;
    regionId: number | null;
    municipalityId: number | null;
    passwordHash: string;
    passwordChangeRequired: boolean;
  },
) {
  const [row] = await db.insert(users).values(values).onConflictDoNothing({ target: users.email }).returning({ id: users.id });
  return row?.id ?? null;
}

export async function updateUser(db: Executor, id: number, values: Partial<typeof users.$inferInsert>) {
  await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function findMunicipalityRegion(db: Executor, municipalityId: number) {
  const [row] = await db.select({ regionId: municipalities.regionId }).from(municipalities).where(eq(municipalities.id, municipalityId));
  return row?.regionId ?? null;
}

export async function regionExists(db: Executor, regionId: number) {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  return Boolean(row);
}
