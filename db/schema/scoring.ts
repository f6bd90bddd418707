import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { campaigns } from './campaigns';
import { municipalities } from './directory';
import { users } from './users';
import { MUNICIPALITY_REVIEW_STATUSES, OVERRIDE_TARGETS } from './values';

export const municipalityReviewStatus = pgEnum('municipality_review_status', MUNICIPALITY_REVIEW_STATUSES);
export const overrideTarget = pgEnum('override_target', OVERRIDE_TARGETS);

/** One computation of a campaign's levels. Re-running adds a run; old runs stay for comparison and audit. */
export const scoringRuns = pgTable(
  'scoring_runs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    methodologyId: text('methodology_id').notNull(),
    methodologyVersion: text('methodology_version').notNull(),
    /** What went in: municipalities, schools, submitted questionnaires and municipal forms. */
    inputs: jsonb('inputs').$type<{ municipalities: number; schools: number; questionnaires: number; municipalForms: number }>().notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scoring_runs_campaign_idx').on(t.campaignId, t.id)],
);

/**
 * A municipality's computed result in a run. The full explanation (tens of kilobytes per municipality) is not
 * stored: a closed campaign's answers and frozen methodology cannot change, so it is recomputed on request and
 * checked against the points stored here.
 */
export const scoringResults = pgTable(
  'scoring_results',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /** Null when the response-rate guard withholds the level. */
    overallLevel: smallint('overall_level'),
    overallCappedLevel: smallint('overall_capped_level').notNull(),
    overallPercent: real('overall_percent').notNull(),
    insufficientData: boolean('insufficient_data').notNull(),
    respondingSchools: integer('responding_schools').notNull(),
    totalSchools: integer('total_schools').notNull(),
    formSubmitted: boolean('form_submitted').notNull(),
    /**
     * The computed result differs from the campaign's run before this one (component points or the response-rate
     * guard), decided once when the run is stored: the matrix filters and counts by it at every request.
     */
    changedSincePreviousRun: boolean('changed_since_previous_run').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.runId, t.municipalityId] })],
);

/** One cell of the municipality × mechanism matrix in a run, for the matrix, distributions and comparisons. */
export const scoringMechanismResults = pgTable(
  'scoring_mechanism_results',
  {
    runId: integer('run_id').notNull(),
    municipalityId: integer('municipality_id').notNull(),
    mechanismCode: text('mechanism_code').notNull(),
    percent: real('percent').notNull(),
    /** After the caps; `level` is this or null under the response-rate guard. */
    cappedLevel: smallint('capped_level').notNull(),
    level: smallint('level'),
    flags: smallint('flags').notNull(),
    /** Final points of each cycle component, in cycle order: overrides re-level from these. */
    componentPoints: jsonb('component_points').$type<number[]>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.municipalityId, t.mechanismCode] }),
    // A cell belongs to its municipality's result in the run (which names the run and the municipality): one
    // check per cell instead of two, the larger part of storing a national run's 22 500 cells (bench/).
    foreignKey({ name: 'scoring_mechanism_results_result_fk', columns: [t.runId, t.municipalityId], foreignColumns: [scoringResults.runId, scoringResults.municipalityId] }),
  ],
);

/** Experts who review a campaign (of the campaign's region). */
export const campaignExperts = pgTable(
  'campaign_experts',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    assignedBy: integer('assigned_by').references(() => users.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId] })],
);

export const municipalityReviews = pgTable(
  'municipality_reviews',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    status: municipalityReviewStatus('status').notNull().default('not_reviewed'),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.municipalityId] })],
);

/** An expert's confirmation of a matrix cell as computed. */
export const mechanismConfirmations = pgTable(
  'mechanism_confirmations',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    mechanismCode: text('mechanism_code').notNull(),
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id),
    confirmedBy: integer('confirmed_by')
      .notNull()
      .references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.municipalityId, t.mechanismCode] })],
);

/**
 * An expert's judgement beside the computed value, never over it: the computed value at the time, the new value,
 * the reason, who and when. A later override of the same target replaces it; withdrawing keeps the row.
 */
export const overrides = pgTable(
  'overrides',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    mechanismCode: text('mechanism_code').notNull(),
    target: overrideTarget('target').notNull(),
    /** The cycle component, for component-points overrides. */
    componentCode: text('component_code'),
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id),
    computedValue: smallint('computed_value'),
    value: smallint('value').notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    withdrawnBy: integer('withdrawn_by').references(() => users.id),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    index('overrides_campaign_idx').on(t.campaignId, t.municipalityId),
    check('overrides_component_check', sql`(${t.target} = 'component_points') = (${t.componentCode} is not null)`),
    check('overrides_reason_check', sql`length(trim(${t.reason})) >= 10`),
  ],
);
