import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaigns, municipalities, responses, schools } from '../../../db/schema';
import type { MunicipalityKind, OrganisationKind, SchoolLocality } from '../../../db/schema/values';
import { offsetOf, type Page } from '../../lib/paging';
import type { TerritoryScope } from '../../lib/scope';
import { qualified, russianOrder, searchAny, storedRussianOrder } from '../../lib/sql';
import type { Municipality, School } from './directory.schemas';

function municipalityScope(scope: TerritoryScope): SQL | undefined {
  return and(
    scope.regionId === undefined ? undefined : eq(municipalities.regionId, scope.regionId),
    scope.municipalityId === undefined ? undefined : eq(municipalities.id, scope.municipalityId),
  );
}

function schoolScope(scope: TerritoryScope): SQL | undefined {
  return and(
    scope.regionId === undefined ? undefined : eq(schools.regionId, scope.regionId),
    scope.municipalityId === undefined ? undefined : eq(schools.municipalityId, scope.municipalityId),
  );
}

const organisationCount = (kind: OrganisationKind) =>
  sql<number>`(select count(*)::int from ${schools} where ${schools.municipalityId} = ${qualified(municipalities.id)} and ${schools.kind} = ${kind})`;

const municipalityColumns = {
  id: municipalities.id,
  regionId: municipalities.regionId,
  code: municipalities.code,
  name: municipalities.name,
  kind: municipalities.kind,
  schoolCount: organisationCount('school'),
  preschoolCount: organisationCount('preschool'),
};

export async function listMunicipalities(
  db: Executor,
  filter: { scope: TerritoryScope; search?: string; kind?: MunicipalityKind },
  page: number,
  pageSize: number,
): Promise<Page<Municipality>> {
  const where = and(
    municipalityScope(filter.scope),
    filter.kind ? eq(municipalities.kind, filter.kind) : undefined,
    searchAny(filter.search, [municipalities.name, municipalities.code]),
  );
  const [items, [total]] = await Promise.all([
    db
      .select(municipalityColumns)
      .from(municipalities)
      .where(where)
      .orderBy(storedRussianOrder(municipalities.nameOrder), asc(municipalities.id))
      .limit(pageSize)
      .offset(offsetOf(page, pageSize)),
    db.select({ value: count() }).from(municipalities).where(where),
  ]);
  return { items, total: total?.value ?? 0, page, pageSize };
}

export async function findMunicipality(db: Executor, id: number, scope: TerritoryScope): Promise<Municipality | null> {
  const [row] = await db
    .select(municipalityColumns)
    .from(municipalities)
    .where(and(eq(municipalities.id, id), municipalityScope(scope)));
  return row ?? null;
}

export async function insertMunicipality(db: Executor, values: { regionId: number; code: string; name: string; kind: MunicipalityKind }) {
  const [row] = await db.insert(municipalities).values(values).onConflictDoNothing().returning({ id: municipalities.id });
  return row?.id ?? null;
}

export async function updateMunicipality(db: Executor, id: number, values: { code?: string; name?: string; kind?: MunicipalityKind }) {
  await db
    .update(municipalities)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(municipalities.id, id));
}

const schoolColumns = {
  id: schools.id,
  regionId: schools.regionId,
  municipalityId: schools.municipalityId,
  municipalityName: municipalities.name,
  code: schools.code,
  kind: schools.kind,
  fullName: schools.fullName,
  shortName: schools.shortName,
  locality: schools.locality,
  address: schools.address,
};

type SchoolRow = {
  id: number;
  regionId: number;
  municipalityId: number;
  municipalityName: string;
  code: string;
  kind: OrganisationKind;
  fullName: string;
  shortName: string;
  locality: SchoolLocality;
  address: string | null;
};

const toSchool = ({ municipalityId, municipalityName, ...rest }: SchoolRow): School => ({
  ...rest,
  municipality: { id: municipalityId, name: municipalityName },
});

export async function listSchools(
  db: Executor,
  filter: { scope: TerritoryScope; search?: string; municipalityId?: number; locality?: SchoolLocality; kind?: OrganisationKind },
  page: number,
  pageSize: number,
): Promise<Page<School>> {
  const where = and(
    schoolScope(filter.scope),
    filter.municipalityId ? eq(schools.municipalityId, filter.municipalityId) : undefined,
    filter.locality ? eq(schools.locality, filter.locality) : undefined,
    filter.kind ? eq(schools.kind, filter.kind) : undefined,
    searchAny(filter.search, [schools.shortName, schools.fullName, schools.code]),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(schoolColumns)
      .from(schools)
      .innerJoin(municipalities, eq(municipalities.id, schools.municipalityId))
      .where(where)
      .orderBy(storedRussianOrder(municipalities.nameOrder), russianOrder(schools.shortName), asc(schools.id))
      .limit(pageSize)
      .offset(offsetOf(page, pageSize)),
    db.select({ value: count() }).from(schools).where(where),
  ]);
  return { items: rows.map(toSchool), total: total?.value ?? 0, page, pageSize };
}

export async function findSchool(db: Executor, id: number, scope: TerritoryScope): Promise<School | null> {
  const [row] = await db
    .select(schoolColumns)
    .from(schools)
    .innerJoin(municipalities, eq(municipalities.id, schools.municipalityId))
    .where(and(eq(schools.id, id), schoolScope(scope)));
  return row ? toSchool(row) : null;
}

export type SchoolValues = {
  municipalityId: number;
  code: string;
  kind: OrganisationKind;
  fullName: string;
  shortName: string;
  locality: SchoolLocality;
  address: string | null;
};

export async function insertSchool(db: Executor, regionId: number, values: SchoolValues) {
  const [row] = await db
    .insert(schools)
    .values({ ...values, regionId })
    .onConflictDoNothing()
    .returning({ id: schools.id });
  return row?.id ?? null;
}

export async function updateSchool(db: Executor, id: number, values: Partial<SchoolValues>) {
  await db
    .update(schools)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(schools.id, id));
}

/** The advisory locks of lockOrganisationKinds: (this namespace, the region's id); 7302 is the progress recount's. */
const ORGANISATION_KINDS_LOCK_NAMESPACE = 7303;

/**
 * Held until the transaction ends by whatever creates questionnaire slots in the region (they are chosen by the
 * organisation's kind) and by whatever changes kinds after checking the organisations' campaigns, so no slot is made
 * between that check and the change. `regionId` may be a subquery, for a caller that knows only the campaign.
 */
export async function lockOrganisationKinds(db: Executor, regionId: number | SQL) {
  await db.execute(sql`select pg_advisory_xact_lock(${ORGANISATION_KINDS_LOCK_NAMESPACE}, ${regionId})`);
}

/**
 * Campaigns not yet published that hold questionnaires of these organisations: their questionnaires were chosen
 * by the organisation's kind, so the kind must not change until the results are published.
 */
export async function unpublishedCampaignsOf(db: Executor, schoolIds: number[]) {
  if (schoolIds.length === 0) return [];
  return db
    .selectDistinct({ schoolId: responses.schoolId, campaignId: campaigns.id, title: campaigns.title })
    .from(responses)
    .innerJoin(campaigns, eq(campaigns.id, responses.campaignId))
    .where(and(inArray(responses.schoolId, schoolIds), ne(campaigns.state, 'published')))
    .orderBy(responses.schoolId, campaigns.id);
}

// --- import support: whole-region reads and batched upserts by code ---

export async function municipalitiesByCode(db: Executor, regionId: number) {
  return db
    .select({ id: municipalities.id, code: municipalities.code, name: municipalities.name, kind: municipalities.kind })
    .from(municipalities)
    .where(eq(municipalities.regionId, regionId));
}

export async function schoolsByCode(db: Executor, regionId: number, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({
      id: schools.id,
      code: schools.code,
      kind: schools.kind,
      municipalityId: schools.municipalityId,
      fullName: schools.fullName,
      shortName: schools.shortName,
      locality: schools.locality,
      address: schools.address,
    })
    .from(schools)
    .where(and(eq(schools.regionId, regionId), inArray(schools.code, codes)));
}

const BATCH = 1000;

export async function upsertMunicipalities(
  db: Executor,
  regionId: number,
  rows: Array<{ code: string; name: string; kind: MunicipalityKind }>,
) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insert(municipalities)
      .values(rows.slice(i, i + BATCH).map((row) => ({ ...row, regionId })))
      .onConflictDoUpdate({
        target: [municipalities.regionId, municipalities.code],
        set: { name: sql`excluded.name`, kind: sql`excluded.kind`, updatedAt: sql`now()` },
      });
  }
}

export async function upsertSchools(db: Executor, regionId: number, rows: SchoolValues[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insert(schools)
      .values(rows.slice(i, i + BATCH).map((row) => ({ ...row, regionId })))
      .onConflictDoUpdate({
        target: [schools.regionId, schools.code],
        set: {
          municipalityId: sql`excluded.municipality_id`,
          kind: sql`excluded.kind`,
          fullName: sql`excluded.full_name`,
          shortName: sql`excluded.short_name`,
          locality: sql`excluded.locality`,
          address: sql`excluded.address`,
          updatedAt: sql`now()`,
        },
      });
  }
}
