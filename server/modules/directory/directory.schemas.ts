import { z } from 'zod';
import { MUNICIPALITY_KINDS, ORGANISATION_KINDS, SCHOOL_LOCALITIES } from '../../../db/schema/values';
import { pageQueryShape, searchQueryShape } from '../../lib/paging';
import { namedRefSchema } from '../auth/auth.schemas';
import { CODE_MAX_LENGTH, CODE_PATTERN, IMPORT_FORMATS, IMPORT_KINDS, importProblemSchema } from './import/directory-import.schemas';

export const directoryCodeSchema = z
  .string()
  .trim()
  .min(1, 'Укажите код')
  .max(CODE_MAX_LENGTH)
  .regex(CODE_PATTERN, 'Код может содержать буквы, цифры, точку, дефис и подчёркивание');

const nameSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(2, 'Слишком короткое наименование')
    .max(max)
    .transform((value) => value.replace(/\s+/g, ' '));

export const municipalitySchema = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(MUNICIPALITY_KINDS),
  /** General-education organisations (ОО) of the municipality. */
  schoolCount: z.number().int(),
  /** Preschool organisations (ДОО) of the municipality. */
  preschoolCount: z.number().int(),
});
export type Municipality = z.infer<typeof municipalitySchema>;

export const municipalityListQuerySchema = z.object({
  ...pageQueryShape,
  ...searchQueryShape,
  regionId: z.coerce.number().int().positive().optional(),
  kind: z.enum(MUNICIPALITY_KINDS).optional(),
});

export const municipalityBodySchema = z.object({
  regionId: z.number().int().positive().optional().describe('Только для администратора; координатор работает в своём регионе'),
  code: directoryCodeSchema,
  name: nameSchema(200),
  kind: z.enum(MUNICIPALITY_KINDS),
});
export const municipalityPatchSchema = municipalityBodySchema.omit({ regionId: true }).partial();

export const schoolSchema = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  municipality: namedRefSchema,
  code: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  fullName: z.string(),
  shortName: z.string(),
  locality: z.enum(SCHOOL_LOCALITIES),
  address: z.string().nullable(),
});
export type School = z.infer<typeof schoolSchema>;

export const schoolListQuerySchema = z.object({
  ...pageQueryShape,
  ...searchQueryShape,
  regionId: z.coerce.number().int().positive().optional(),
  municipalityId: z.coerce.number().int().positive().optional(),
  locality: z.enum(SCHOOL_LOCALITIES).optional(),
  kind: z.enum(ORGANISATION_KINDS).optional(),
});

const organisationKindSchema = z.enum(ORGANISATION_KINDS);

export const schoolBodySchema = z.object({
  municipalityId: z.number().int().positive(),
  code: directoryCodeSchema,
  kind: organisationKindSchema.default('school'),
  fullName: nameSchema(500),
  shortName: nameSchema(200),
  locality: z.enum(SCHOOL_LOCALITIES),
  address: z.string().trim().max(500).nullable().optional(),
});
// The kind without its default: a patch that leaves the kind out keeps the stored one.
export const schoolPatchSchema = schoolBodySchema.extend({ kind: organisationKindSchema }).partial();

export const importRowStatuses = ['create', 'update', 'unchanged', 'error'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

export const importQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  regionId: z.coerce.number().int().positive().optional(),
  fileName: z.string().max(255).optional(),
});

export const importSummarySchema = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() });

export const importPreviewSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  encoding: z.string().nullable(),
  totalRows: z.number().int(),
  /** The first problems of the file (all of them in any file a person would fix by hand). */
  problems: z.array(importProblemSchema),
  problemCount: z.number().int(),
  summary: importSummarySchema,
  rows: z.array(
    z.object({
      row: z.number().int(),
      code: z.string(),
      name: z.string(),
      /** ОО or ДОО, as the row gives it (an empty cell is a school); null for a municipality. */
      organisationKind: organisationKindSchema.nullable(),
      status: z.enum(importRowStatuses),
      changedFields: z.array(z.string()),
    }),
  ),
  canCommit: z.boolean(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importTemplateQuerySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS).default('xlsx'),
});
