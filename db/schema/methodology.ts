import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { regions } from './directory';
import { users } from './users';
import { METHODOLOGY_STATES } from './values';

export const methodologyState = pgEnum('methodology_state', METHODOLOGY_STATES);

/**
 * A methodology version: the whole document (methodology.json with its mechanisms), who owns it and where it is in
 * its life. The catalogues shipped in surveys/ are written here at start as the installation's own versions
 * (no region, published, read-only); a region's versions are forked or uploaded drafts until published. A
 * published version never changes; a campaign freezes its copy at launch.
 */
export const methodologyVersions = pgTable(
  'methodology_versions',
  {
    /** The document's `id`, which campaigns name. */
    id: text('id').primaryKey(),
    /** Null: the installation's (surveys/); otherwise the region that owns it. */
    regionId: integer('region_id').references(() => regions.id),
    state: methodologyState('state').notNull().default('draft'),
    /** As saved: a draft may hold problems the checker names; a published version holds none. */
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    forkedFrom: text('forked_from'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    index('methodology_versions_region_idx').on(t.regionId),
    check('methodology_versions_system_published', sql`${t.regionId} is not null or ${t.state} <> 'draft'`),
  ],
);
