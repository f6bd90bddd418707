import { z } from 'zod';
import { METHODOLOGY_STATES } from '../../../db/schema/values';
import { methodologyReferenceSchema, methodologySummarySchema, respondentRoleSchema } from './methodology.schemas';

// API shapes of methodology versions as data. Shared with the browser.

export const methodologyVersionSummarySchema = methodologySummarySchema.extend({
  /** Null: the installation's version (surveys/), read-only. */
  regionId: z.number().int().nullable(),
  state: z.enum(METHODOLOGY_STATES),
  /** Nothing may change it: the installation's, published or retired. */
  readOnly: z.boolean(),
  forkedFrom: z.string().nullable(),
  /** What the checker finds in the saved document; a version with problems cannot be published. */
  problemCount: z.number().int(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type MethodologyVersionSummary = z.infer<typeof methodologyVersionSummarySchema>;

/** Where in an uploaded workbook a problem is: sheet, row and column header (null when the whole sheet or row). */
export const workbookLocationSchema = z.object({ sheet: z.string(), row: z.number().int().nullable(), column: z.string().nullable() });
export type WorkbookLocationInfo = z.infer<typeof workbookLocationSchema>;

export const documentProblemSchema = z.object({ path: z.string(), message: z.string(), location: workbookLocationSchema.optional() });
export type DocumentProblemInfo = z.infer<typeof documentProblemSchema>;

export const versionResultSchema = z.object({
  version: methodologyVersionSummarySchema,
  problems: z.array(documentProblemSchema),
});

export const versionIdParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const regionQuerySchema = z.object({ regionId: z.coerce.number().int().positive().optional() });
export const importQuerySchema = regionQuerySchema.extend({
  /** A draft of the caller's region to replace instead of creating one. */
  into: z.string().min(1).max(100).optional(),
});

/** A SurveyJS definition as the assembly writes it; the engine's own settings pass through untouched. */
const surveyDefinitionSchema = z.looseObject({
  title: z.string(),
  description: z.string(),
  pages: z.array(
    z.object({ name: z.string(), title: z.string(), description: z.string(), elements: z.array(z.record(z.string(), z.unknown())) }),
  ),
});

/** What `GET /api/methodologies/:id/preview` answers: the version, its questionnaires, municipal form and rules. */
export const methodologyPreviewSchema = z.object({
  version: methodologyVersionSummarySchema,
  questionnaires: z.array(z.object({ role: respondentRoleSchema, label: z.string(), definition: surveyDefinitionSchema.nullable() })),
  municipalForm: surveyDefinitionSchema,
  reference: methodologyReferenceSchema,
});
