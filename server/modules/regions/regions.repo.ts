import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { municipalities, regions, schools } from '../../../db/schema';
import type { OrganisationKind } from '../../../db/schema/values';
import { qualified, russianOrder } from '../../lib/sql';

const organisationCount = (kind: OrganisationKind) =>
  sql<number>`(select count(*)::int from ${schools} where ${schools.regionId} = ${qualified(regions.id)} and ${schools.kind} = ${kind})`;

export async function listRegions(db: Executor, regionId?: number) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      timeZone: regions.timeZone,
      municipalityCount: sql<number>`(select count(*)::int from ${municipalities} where ${municipalities.regionId} = ${qualified(regions.id)})`,
      schoolCount: organisationCount('school'),
      preschoolCount: organisationCount('preschool'),
    })
    .from(regions)
    .where(regionId === undefined ? undefined : eq(regions.id, regionId))
    .orderBy(russianOrder(regions.name));
}

export async function findRegion(db: Executor, id: number) {
  const [row] = await db.select().from(regions).where(eq(regions.id, id));
  return row ?? null;
}

export async function insertRegion(db: Executor, values: { code: string; name: string; timeZone: string }) {
  const [row] = await db.insert(regions).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateRegion(db: Executor, id: number, values: { code?: string; name?: string; timeZone?: string }) {
  const [row] = await db
    .update(regions)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(regions.id, id))
    .returning();
  return row ?? null;
}
