import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { MUNICIPALITY_KINDS, ORGANISATION_KINDS, SCHOOL_LOCALITIES } from './values';

export const municipalityKind = pgEnum('municipality_kind', MUNICIPALITY_KINDS);
export const schoolLocality = pgEnum('school_locality', SCHOOL_LOCALITIES);
export const organisationKind = pgEnum('organisation_kind', ORGANISATION_KINDS);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const regions = pgTable('regions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** Official region code (e.g. "43" for Кировская область). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** IANA zone in which the region's campaign dates are entered, shown and printed. */
  timeZone: text('time_zone').notNull().default('Europe/Moscow'),
  ...timestamps,
});

export const municipalities = pgTable(
  'municipalities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** The key of server/lib/sql `russianOrder(name)`, kept by the database for `storedRussianOrder`. */
    nameOrder: text('name_order').generatedAlwaysAs(sql`translate(lower(name), 'ё', 'е')`),
    kind: municipalityKind('kind').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('municipalities_region_code_key').on(t.regionId, t.code),
    // Target of the schools' composite key, so a school can never sit in another region's municipality.
    unique('municipalities_id_region_key').on(t.id, t.regionId),
    index('municipalities_region_name_idx').on(t.regionId, t.name),
  ],
);

export const schools = pgTable(
  'schools',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    municipalityId: integer('municipality_id').notNull(),
    code: text('code').notNull(),
    fullName: text('full_name').notNull(),
    shortName: text('short_name').notNull(),
    locality: schoolLocality('locality').notNull(),
    kind: organisationKind('kind').notNull().default('school'),
    address: text('address'),
    ...timestamps,
  },
  (t) => [
    unique('schools_region_code_key').on(t.regionId, t.code),
    foreignKey({
      name: 'schools_municipality_fk',
      columns: [t.municipalityId, t.regionId],
      foreignColumns: [municipalities.id, municipalities.regionId],
    }),
    index('schools_municipality_name_idx').on(t.municipalityId, t.shortName),
    index('schools_region_name_idx').on(t.regionId, t.shortName),
  ],
);
