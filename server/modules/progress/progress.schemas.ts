import { z } from 'zod';
import { RESPONDENT_ROLES, RESPONSE_STATUSES } from '../../../db/schema/values';
import { dashboardPageQueryShape, pagePositionShape, searchQueryShape } from '../../lib/paging';

const counts = {
  /** Questionnaire slots: schools × roles. */
  questionnaires: z.number().int(),
  notStarted: z.number().int(),
  inProgress: z.number().int(),
  submitted: z.number().int(),
  schools: z.number().int(),
  /** Schools with at least one submitted questionnaire. */
  respondingSchools: z.number().int(),
  /** Schools where every questionnaire is submitted. */
  completeSchools: z.number().int(),
};

export const municipalityProgressSchema = z.object({
  municipalityId: z.number().int(),
  name: z.string(),
  ...counts,
  municipalForm: z.enum(RESPONSE_STATUSES),
});
export type MunicipalityProgress = z.infer<typeof municipalityProgressSchema>;

export const progressQuerySchema = z.object({
  ...dashboardPageQueryShape,
  ...searchQueryShape,
  /** `lagging`: the lowest share of submitted questionnaires first, the ones to call before the deadline. */
  order: z.enum(['name', 'lagging']).default('name'),
});
export type ProgressQuery = z.infer<typeof progressQuerySchema>;

export const campaignProgressSchema = z.object({
  campaignId: z.number().int(),
  /** Over every municipality of the campaign in the caller's scope, whatever the search and the page. */
  totals: z.object(counts).extend({ municipalities: z.number().int(), municipalFormsSubmitted: z.number().int() }),
  /** `total` counts the municipalities matching the search; `municipalities` is the asked page of them. */
  ...pagePositionShape,
  municipalities: z.array(municipalityProgressSchema),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

export const schoolProgressSchema = z.object({
  schoolId: z.number().int(),
  code: z.string(),
  shortName: z.string(),
  questionnaires: z.array(
    z.object({
      responseId: z.number().int(),
      respondentRole: z.enum(RESPONDENT_ROLES),
      status: z.enum(RESPONSE_STATUSES),
      updatedAt: z.string().nullable(),
      submittedAt: z.string().nullable(),
    }),
  ),
});
export type SchoolProgress = z.infer<typeof schoolProgressSchema>;

export const municipalityDetailSchema = z.object({
  campaignId: z.number().int(),
  municipalityId: z.number().int(),
  name: z.string(),
  schools: z.array(schoolProgressSchema),
});
export type MunicipalityDetail = z.infer<typeof municipalityDetailSchema>;

export const progressParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  municipalityId: z.coerce.number().int().positive().max(2_147_483_647),
});

export const progressExportQuerySchema = z.object({
  municipalityId: z.coerce.number().int().positive().optional(),
  /** Only questionnaires not yet submitted: the list a coordinator works through before the deadline. */
  unfinished: z.enum(['0', '1']).default('0'),
});
