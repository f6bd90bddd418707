import { z } from 'zod';
import {
  CAMPAIGN_STATES,
  MUNICIPALITY_KINDS,
  MUNICIPALITY_REVIEW_STATUSES,
  OVERRIDE_TARGETS,
  ORGANISATION_KINDS,
  RESPONDENT_ROLES,
  RESPONSE_STATUSES,
  SCHOOL_LOCALITIES,
  STAFF_ROLES,
} from '../../../db/schema/values';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../lib/time-zones';
import { emailSchema } from '../auth/auth.schemas';

/**
 * One campaign backup is gzip'ed NDJSON: a header line, then one line per row in dependency order (the directory
 * before the campaign, the campaign before its questionnaires and results), then an end line with the SHA-256 of
 * every line before it. Rows carry the source installation's ids; the importer gives them new ones.
 */
export const BACKUP_FORMAT = 'muko-campaign-backup';
/**
 * Version 2 is signed: the header names the installation (a fingerprint of its backup key) and the end line carries
 * an HMAC-SHA256 under that key of every line before it, so a file edited by hand is refused.
 */
export const BACKUP_FORMAT_VERSION = 2;
/**
 * Versions this platform reads. Version 1 is unsigned, read only with the administrator's explicit confirmation, and
 * predates exclusions, per-municipality deadlines, publications, reminder schedules and region time zones: its files
 * simply have none of them (the region gets the default zone).
 */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, BACKUP_FORMAT_VERSION];

const id = z.number().int().positive();
const dateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);
const userRef = id.nullable();
const level = z.number().int().min(-1).max(32767);
/** Municipalities published without an expert's approval, and why. */
const exceptions = z.strictObject({ municipalityIds: z.array(id), reason: z.string() });

/** Counted per line type in the header; the importer checks every count. */
export const BACKUP_ROW_TYPES = [
  'region',
  'municipality',
  'school',
  'user',
  'campaign',
  'school_exclusion',
  'reminder_schedule',
  'response',
  'municipal_form',
  'scoring_run',
  'scoring_result',
  'mechanism_result',
  'campaign_expert',
  'review',
  'confirmation',
  'override',
  'publication',
] as const;
export type BackupRowType = (typeof BACKUP_ROW_TYPES)[number];
/** Row types a version 1 file has no count for: none of them are in it. */
const ADDED_IN_VERSION_2 = new Set<BackupRowType>(['school_exclusion', 'reminder_schedule', 'publication']);

export const backupHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  appVersion: text(40),
  createdAt: dateTime,
  sourceCampaignId: id,
  /** The signing installation's key fingerprint (version 2 on). */
  installation: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  counts: z.strictObject(
    Object.fromEntries(
      BACKUP_ROW_TYPES.map((type) => [type, ADDED_IN_VERSION_2.has(type) ? z.number().int().min(0).default(0) : z.number().int().min(0)]),
    ) as Record<BackupRowType, z.ZodDefault<z.ZodNumber>>,
  ),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

export const backupEndSchema = z.strictObject({
  type: z.literal('end'),
  lines: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** HMAC-SHA256 of the same bytes under the installation's backup key (version 2 on). */
  hmac: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type BackupEnd = z.infer<typeof backupEndSchema>;

const formState = {
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), z.unknown()),
  currentPage: z.number().int().min(0),
  revision: z.number().int().min(0),
  lastSaveId: z.uuid().nullable(),
  updatedAt: dateTime.nullable(),
  submittedAt: dateTime.nullable(),
};

export const backupRowSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('region'),
    id,
    code: text(16).min(1),
    name: text(200).min(1),
    timeZone: text(64).refine(isTimeZone, 'неизвестный часовой пояс').default(DEFAULT_TIME_ZONE),
  }),
  z.strictObject({ type: z.literal('municipality'), id, code: text(50).min(1), name: text(300).min(1), kind: z.enum(MUNICIPALITY_KINDS) }),
  z.strictObject({
    type: z.literal('school'),
    id,
    municipalityId: id,
    code: text(50).min(1),
    fullName: text(1000).min(1),
    shortName: text(300).min(1),
    locality: z.enum(SCHOOL_LOCALITIES),
    /** Backups made before the directory held preschool organisations list schools only. */
    kind: z.enum(ORGANISATION_KINDS).default('school'),
    address: text(1000).nullable(),
  }),
  /** Scope by codes, not ids: an administrator has none, anyone else names a region (and municipality). */
  z.strictObject({
    type: z.literal('user'),
    id,
    email: emailSchema,
    fullName: text(300).min(1),
    role: z.enum(STAFF_ROLES),
    regionCode: text(16).nullable(),
    municipalityCode: text(50).nullable(),
  }),
  z.strictObject({
    type: z.literal('campaign'),
    id,
    title: text(200).min(1),
    year: z.number().int(),
    methodologyId: text(64).min(1),
    mechanismCodes: z.array(text(16)).min(1),
    municipalityIds: z.array(id).min(1),
    opensAt: dateTime,
    closesAt: dateTime,
    state: z.enum(CAMPAIGN_STATES),
    frozenDefinition: z.record(z.string(), z.unknown()).nullable(),
    createdBy: userRef,
    createdAt: dateTime,
    launchedAt: dateTime.nullable(),
    closedAt: dateTime.nullable(),
    publishedAt: dateTime.nullable(),
    publishedBy: userRef,
    publicationExceptions: exceptions.nullable(),
    /** Later deadlines of single municipalities (extended or reopened for them). */
    municipalityDeadlines: z.array(z.strictObject({ municipalityId: id, closesAt: dateTime })).default([]),
  }),
  z.strictObject({
    type: z.literal('school_exclusion'),
    schoolId: id,
    reason: text(2000).min(1),
    excludedAt: dateTime,
    excludedBy: userRef,
  }),
  z.strictObject({
    type: z.literal('reminder_schedule'),
    daysBefore: z.number().int().min(1).max(60),
    siteOrigin: text(2000),
    updatedBy: userRef,
    updatedAt: dateTime,
  }),
  z.strictObject({ type: z.literal('response'), schoolId: id, municipalityId: id, respondentRole: z.enum(RESPONDENT_ROLES), ...formState }),
  z.strictObject({ type: z.literal('municipal_form'), municipalityId: id, ...formState, updatedBy: userRef }),
  z.strictObject({
    type: z.literal('scoring_run'),
    id,
    methodologyId: text(64).min(1),
    methodologyVersion: text(64).min(1),
    inputs: z.strictObject({
      municipalities: z.number().int(),
      schools: z.number().int(),
      questionnaires: z.number().int(),
      municipalForms: z.number().int(),
    }),
    durationMs: z.number().int().min(0),
    createdBy: userRef,
    createdAt: dateTime,
  }),
  z.strictObject({
    type: z.literal('scoring_result'),
    runId: id,
    municipalityId: id,
    overallLevel: level.nullable(),
    overallCappedLevel: level,
    overallPercent: z.number(),
    insufficientData: z.boolean(),
    respondingSchools: z.number().int().min(0),
    totalSchools: z.number().int().min(0),
    formSubmitted: z.boolean(),
    // Absent in backups made before the flag was stored; the ↻ marks of such old runs are then lost, not invented.
    changedSincePreviousRun: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('mechanism_result'),
    runId: id,
    municipalityId: id,
    mechanismCode: text(16).min(1),
    percent: z.number(),
    cappedLevel: level,
    level: level.nullable(),
    flags: z.number().int().min(0).max(32767),
    componentPoints: z.array(z.number()),
  }),
  z.strictObject({ type: z.literal('campaign_expert'), userId: id, assignedBy: userRef, assignedAt: dateTime }),
  z.strictObject({
    type: z.literal('review'),
    municipalityId: id,
    status: z.enum(MUNICIPALITY_REVIEW_STATUSES),
    updatedBy: userRef,
    updatedAt: dateTime,
  }),
  z.strictObject({
    type: z.literal('confirmation'),
    municipalityId: id,
    mechanismCode: text(16).min(1),
    runId: id,
    confirmedBy: id,
    confirmedAt: dateTime,
  }),
  z.strictObject({
    type: z.literal('override'),
    municipalityId: id,
    mechanismCode: text(16).min(1),
    target: z.enum(OVERRIDE_TARGETS),
    componentCode: text(64).nullable(),
    runId: id,
    computedValue: level.nullable(),
    value: level,
    reason: text(2000).min(10),
    createdBy: id,
    createdAt: dateTime,
    withdrawnBy: userRef,
    withdrawnAt: dateTime.nullable(),
  }),
  /** Every publication, withdrawn ones too, with the run it published. */
  z.strictObject({
    type: z.literal('publication'),
    number: z.number().int().positive(),
    runId: id,
    publishedAt: dateTime,
    publishedBy: userRef,
    exceptions: exceptions.nullable(),
    withdrawnAt: dateTime.nullable(),
    withdrawnBy: userRef,
    withdrawalReason: text(2000).nullable(),
  }),
]);
export type BackupRow = z.infer<typeof backupRowSchema>;
export type BackupRowOf<T extends BackupRowType> = Extract<BackupRow, { type: T }>;

export const restoreQuerySchema = z.strictObject({
  acceptForeign: z
    .enum(['0', '1'])
    .optional()
    .describe('1 — администратор подтверждает загрузку копии другой установки или неподписанной копии старого формата'),
});

/** What a restore reports, and what the audit record keeps. */
export const restoreSummarySchema = z.object({
  campaignId: z.number().int(),
  regionId: z.number().int(),
  title: z.string(),
  counts: z.record(z.string(), z.number().int()),
  /** Accounts created for the staff the backup names: disabled and without a password until an administrator enables them. */
  createdUsers: z.number().int(),
  /**
   * `verified`: signed by this installation; `foreign`: signed by another one, or `unsigned` (format version 1) —
   * both loaded only on the administrator's explicit confirmation.
   */
  signature: z.enum(['verified', 'foreign', 'unsigned']),
});
export type RestoreSummary = z.infer<typeof restoreSummarySchema>;
