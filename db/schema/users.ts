import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { municipalities, regions } from './directory';
import { STAFF_ROLES } from './values';

export const staffRole = pgEnum('staff_role', STAFF_ROLES);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Stored lower-cased; login compares lower-cased input. */
    email: text('email').notNull().unique(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    role: staffRole('role').notNull(),
    regionId: integer('region_id').references(() => regions.id),
    municipalityId: integer('municipality_id'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Each role carries exactly the scope it needs: the database refuses a coordinator without a territory.
    check(
      'users_role_scope_check',
      sql`(${t.role} = 'admin' and ${t.regionId} is null and ${t.municipalityId} is null)
        or (${t.role} in ('regional_coordinator', 'expert') and ${t.regionId} is not null and ${t.municipalityId} is null)
        or (${t.role} = 'municipal_coordinator' and ${t.regionId} is not null and ${t.municipalityId} is not null)`,
    ),
    foreignKey({
      name: 'users_municipality_fk',
      columns: [t.municipalityId, t.regionId],
      foreignColumns: [municipalities.id, municipalities.regionId],
    }),
    index('users_region_idx').on(t.regionId),
  ],
);

/** Server-side record of every issued staff token, so logout and disabling take effect at once. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
