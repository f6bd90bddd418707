import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { municipalities, regions, schools } from './directory';
import { users } from './users';
import { CAMPAIGN_STATES, OUTCOME_LETTERS, RESPONSE_STATUSES, RESPONDENT_ROLES } from './values';

export const campaignState = pgEnum('campaign_state', CAMPAIGN_STATES);
export const respondentRole = pgEnum('respondent_role', RESPONDENT_ROLES);
export const responseStatus = pgEnum('response_status', RESPONSE_STATUSES);

export const campaigns = pgTable(
  'campaigns',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    regionId: integer('region_id')
      .notNull()
      .references(() => regions.id),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    methodologyId: text('methodology_id').notNull(),
    mechanismCodes: jsonb('mechanism_codes').$type<string[]>().notNull(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    state: campaignState('state').notNull().default('draft'),
    /**
     * Frozen at launch: the methodology version and every assembled questionnaire, so later edits of surveys/
     * never change a running campaign or the scoring of a past one.
     */
    frozenDefinition: jsonb('frozen_definition'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    launchedAt: timestamp('launched_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: integer('published_by').references(() => users.id),
    /** Municipalities published without an expert's approval, and why: published results say so. */
    publicationExceptions: jsonb('publication_exceptions').$type<{ municipalityIds: number[]; reason: string } | null>(),
  },
  (t) => [index('campaigns_region_idx').on(t.regionId, t.year)],
);

/** Municipalities included in a campaign. */
export const campaignMunicipalities = pgTable(
  'campaign_municipalities',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    /**
     * A later deadline for this municipality alone (an extension or a reopening for a late district); the
     * municipality accepts answers until the later of this and the campaign's own deadline.
     */
    closesAt: timestamp('closes_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.municipalityId] })],
);

/**
 * A school taken out of a running campaign (closed, merged): its answers stay, its codes are revoked, and it
 * leaves the completion figures and the scoring denominators. Deleting the row takes it back in.
 */
export const campaignSchoolExclusions = pgTable(
  'campaign_school_exclusions',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    reason: text('reason').notNull(),
    excludedAt: timestamp('excluded_at', { withTimezone: true }).notNull().defaultNow(),
    excludedBy: integer('excluded_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.schoolId] })],
);

/** What every filled-in form carries: its answers, where the person stopped, and the save protocol's state. */
const formState = () => ({
  status: responseStatus('status').notNull().default('not_started'),
  answers: jsonb('answers')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  currentPage: integer('current_page').notNull().default(0),
  /** Incremented by every accepted save; a save must name the revision it was based on. */
  revision: integer('revision').notNull().default(0),
  /** The client's id of the last accepted save, so a retried request is recognised instead of refused. */
  lastSaveId: uuid('last_save_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
});

/**
 * Derived data, so a national run reads a short string per form instead of its answers: a run trusts a stored
 * string only under its campaign's current `inputKey` (scoring/compile), and works from the answers otherwise.
 */
const scoringInputKey = () => ({ scoringInputKey: text('scoring_input_key') });

/**
 * One questionnaire of one school and role in a campaign, created at launch (status not_started), so completion
 * is a count over an index, never a scan of answers. The unique key makes a second response impossible.
 */
export const responses = pgTable(
  'responses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    respondentRole: respondentRole('respondent_role').notNull(),
    ...formState(),
    /** Written with the submission: the answers as a scoring run reads them (scoring/corroboration questionnaireOutcomes). */
    scoringOutcomes: text('scoring_outcomes'),
    ...scoringInputKey(),
  },
  (t) => [
    unique('responses_campaign_school_role_key').on(t.campaignId, t.schoolId, t.respondentRole),
    // Completion counts per municipality and school come from this index alone (index-only scans).
    index('responses_campaign_progress_idx').on(t.campaignId, t.municipalityId, t.status, t.schoolId),
    check(
      'responses_scoring_outcomes_letters',
      sql`${t.scoringOutcomes} ~ ${sql.raw(`'^[${Object.values(OUTCOME_LETTERS).join('')}]*$'`)}`,
    ),
  ],
);

/** The municipal primary-data form of one municipality in a campaign; same save rules as a response. */
export const municipalForms = pgTable(
  'municipal_forms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    ...formState(),
    updatedBy: integer('updated_by').references(() => users.id),
    /** Written with the submission: the form as a scoring run reads it (scoring/evidence formEvidence). */
    scoringEvidence: text('scoring_evidence'),
    ...scoringInputKey(),
  },
  (t) => [unique('municipal_forms_campaign_municipality_key').on(t.campaignId, t.municipalityId)],
);

/**
 * Access codes are looked up by a keyed hash, and kept encrypted (AES-256-GCM, access/code-cipher) so that the
 * coordinators in scope can read them again at any time. Revoking keeps the row (history) and the response it
 * opened, so a reissued code continues the same answers.
 */
export const accessCodes = pgTable(
  'access_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    responseId: bigint('response_id', { mode: 'number' })
      .notNull()
      .references(() => responses.id),
    codeHash: text('code_hash').notNull(),
    /** `v1.<key id>.<iv>.<tag>.<ciphertext>`; null for codes issued before codes were kept (they are reissued). */
    codeCiphertext: text('code_ciphertext'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: integer('issued_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('access_codes_hash_key').on(t.codeHash),
    // At most one live code per questionnaire.
    uniqueIndex('access_codes_active_response_key')
      .on(t.responseId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/**
 * Server-side record of every respondent session, so leaving on a shared school computer ends it at once: the token
 * names its row (`sid`), and every respondent request finds the row live by its primary key.
 */
export const respondentSessions = pgTable(
  'respondent_sessions',
  {
    id: uuid('id').primaryKey(),
    accessCodeId: integer('access_code_id')
      .notNull()
      .references(() => accessCodes.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('respondent_sessions_access_code_idx').on(t.accessCodeId)],
);

/**
 * Completion counts per school and municipality: the dashboards read a row per school or municipality instead of
 * counting 120 000 questionnaires on every refresh. Only status changes (first save, submit) change them, never an
 * ordinary autosave: a trigger on `responses` records each change in `campaign_progress_changes`, and a reader
 * folds the recorded changes in first (campaign_progress_fold, migration progress_change_log).
 */
export const campaignSchoolProgress = pgTable(
  'campaign_school_progress',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    municipalityId: integer('municipality_id').notNull(),
    questionnaires: integer('questionnaires').notNull(),
    inProgress: integer('in_progress').notNull().default(0),
    submitted: integer('submitted').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.schoolId] })],
);

/**
 * Status changes of questionnaires not yet folded into the counters above. A submission only appends here, so the
 * three questionnaires of a school, or a municipality's schools, submitted at the same moment never wait for one
 * another's commit on a shared counter row.
 */
export const campaignProgressChanges = pgTable(
  'campaign_progress_changes',
  {
    campaignId: integer('campaign_id').notNull(),
    schoolId: integer('school_id').notNull(),
    /** −1, 0 or +1: what the change did to the school's questionnaires in progress and submitted. */
    inProgress: smallint('in_progress').notNull(),
    submitted: smallint('submitted').notNull(),
  },
  (t) => [index('campaign_progress_changes_campaign_idx').on(t.campaignId)],
);

export const campaignMunicipalityProgress = pgTable(
  'campaign_municipality_progress',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    municipalityId: integer('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    schools: integer('schools').notNull(),
    questionnaires: integer('questionnaires').notNull(),
    inProgress: integer('in_progress').notNull().default(0),
    submitted: integer('submitted').notNull().default(0),
    /** Schools with at least one submitted questionnaire. */
    respondingSchools: integer('responding_schools').notNull().default(0),
    /** Schools with every questionnaire submitted. */
    completeSchools: integer('complete_schools').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.municipalityId] })],
);
