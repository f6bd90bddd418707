import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
  uniqueIndex,
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
    /**
     * The municipality's cells of the municipality × mechanism matrix, one per mechanism (`toCellTuple`). Kept in
     * its row rather than as a row each: a national run stores 2 500 rows instead of 22 500, and a matrix page reads
     * its cells with its rows (bench/).
     */
    cells: jsonb('cells').$type<CellTuple[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.municipalityId] })],
);

/**
 * A cell as stored: a tuple rather than an object, so that a municipality's cells stay under PostgreSQL's 2 KB
 * threshold and are stored inline without compression (with keys they did not, and compressing them doubled the
 * time to store a national run, bench/).
 */
export type CellTuple = [
  mechanismCode: string,
  percent: number,
  cappedLevel: number,
  level: number | null,
  flags: number,
  componentPoints: number[],
];

export const toCellTuple = (c: StoredCell): CellTuple => [c.mechanismCode, c.percent, c.cappedLevel, c.level, c.flags, c.componentPoints];

export const fromCellTuple = ([mechanismCode, percent, cappedLevel, level, flags, componentPoints]: CellTuple): StoredCell => ({
  mechanismCode,
  percent,
  cappedLevel,
  level,
  flags,
  componentPoints,
});

/** One cell of the matrix: a mechanism's result for the municipality in the run. */
export interface StoredCell {
  mechanismCode: string;
  percent: number;
  /** After the caps; `level` is this or null under the response-rate guard. */
  cappedLevel: number;
  level: number | null;
  flags: number;
  /** Final points of each cycle component, in cycle order: overrides re-level from these. */
  componentPoints: number[];
}

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

/**
 * Every publication of a campaign's results, numbered: a withdrawn one keeps who withdrew it, when and why, so a
 * corrected publication says what was corrected. The current one is the campaign's last without a withdrawal.
 */
export const campaignPublications = pgTable(
  'campaign_publications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    number: integer('number').notNull(),
    scoringRunId: integer('scoring_run_id')
      .notNull()
      .references(() => scoringRuns.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: integer('published_by').references(() => users.id),
    /** Municipalities published without an expert's approval, and why. */
    exceptions: jsonb('exceptions').$type<{ municipalityIds: number[]; reason: string } | null>(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: integer('withdrawn_by').references(() => users.id),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [uniqueIndex('campaign_publications_number_key').on(t.campaignId, t.number)],
);
