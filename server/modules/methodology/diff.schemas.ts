import { z } from 'zod';
import { methodologyVersionSummarySchema } from './versions.schemas';

// The comparison of two methodology versions (issue #20 §5). Shared with the browser.

const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A leaf of a document: a text, a number, a switch, or a list of them (roles, confirming answers, verifiableBy…). */
export const diffValueSchema = z.union([scalarSchema, z.array(scalarSchema)]);
export type DiffValue = z.infer<typeof diffValueSchema>;

export const changeKindSchema = z.enum(['added', 'removed', 'changed']);
export type ChangeKind = z.infer<typeof changeKindSchema>;

/** One leaf that differs: where it is in the document, what it means in words, and both values (null when absent). */
export const fieldChangeSchema = z.object({
  path: z.string(),
  label: z.string(),
  kind: changeKindSchema,
  before: diffValueSchema.nullable(),
  after: diffValueSchema.nullable(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

const titlesSchema = z.object({ before: z.string().nullable(), after: z.string().nullable() });

/** A questionnaire question or a municipal-form indicator, keyed by its name across the whole methodology. */
export const itemDiffSchema = z.object({
  name: z.string(),
  status: changeKindSchema,
  title: titlesSchema,
  changes: z.array(fieldChangeSchema),
});
export type ItemDiff = z.infer<typeof itemDiffSchema>;

export const mechanismDiffSchema = z.object({
  code: z.string(),
  status: changeKindSchema,
  title: titlesSchema,
  /** Its own texts: title, goal, directions, questionnaire description, municipal-form components, recommendations. */
  changes: z.array(fieldChangeSchema),
  questions: z.array(itemDiffSchema),
  indicators: z.array(itemDiffSchema),
});
export type MechanismDiff = z.infer<typeof mechanismDiffSchema>;

const countsSchema = z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() });

export const diffSummarySchema = z.object({
  mechanisms: countsSchema,
  questions: countsSchema,
  indicators: countsSchema,
  /** Changed leaves of `scoring`: numbers and options of the rules. */
  scoringChanges: z.number().int(),
  /** Changed recommendation templates, general and per mechanism. */
  recommendationChanges: z.number().int(),
  /** Every other changed text: titles, levels, cycle components, answer scales, roles, the municipal form, blocks. */
  textChanges: z.number().int(),
  identical: z.boolean(),
});
export type DiffSummary = z.infer<typeof diffSummarySchema>;

export const methodologyDiffSchema = z.object({
  summary: diffSummarySchema,
  /** The methodology's own texts and lists (everything but roles, scoring, recommendations and mechanisms). */
  general: z.array(fieldChangeSchema),
  respondentRoles: z.array(fieldChangeSchema),
  scoring: z.array(fieldChangeSchema),
  recommendations: z.array(fieldChangeSchema),
  /** Mechanisms in the newer version's order, removed ones where they stood; unchanged ones are left out. */
  mechanisms: z.array(mechanismDiffSchema),
});
export type MethodologyDiff = z.infer<typeof methodologyDiffSchema>;

/** GET /api/methodologies/:id/diff: `before` is the version compared with (`with`), `after` the version itself. */
export const versionDiffSchema = z.object({
  before: methodologyVersionSummarySchema,
  after: methodologyVersionSummarySchema,
  diff: methodologyDiffSchema,
});
export type VersionDiff = z.infer<typeof versionDiffSchema>;

export const diffQuerySchema = z.object({
  /** The other version; absent: the version this one was forked from. */
  with: z.string().min(1).max(100).optional(),
});
