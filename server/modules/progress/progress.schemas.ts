import { z } from 'zod';
import { ORGANISATION_KINDS, RESPONDENT_ROLES, RESPONSE_STATUSES } from '../../../db/schema/values';
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

const organisationKind = z.enum(ORGANISATION_KINDS);

/** The same counts over one kind of organisation (schools, kindergartens). */
export const kindProgressSchema = z.object({ kind: organisationKind, ...counts });
export type KindProgress = z.infer<typeof kindProgressSchema>;

const withKinds = {
  ...counts,
  /** Split by organisation kind when the campaign asks more than one kind; empty otherwise. */
  byKind: z.array(kindProgressSchema),
};

export const municipalityProgressSchema = z.object({
  municipalityId: z.number().int(),
  name: z.string(),
  ...withKinds,
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
  /** The kinds of organisation the campaign's roles belong to, in the directory's order; empty for a draft. */
  organisationKinds: z.array(organisationKind),
  /** Over every municipality of the campaign in the caller's scope, whatever the search and the page. */
  totals: z.object(withKinds).extend({ municipalities: z.number().int(), municipalFormsSubmitted: z.number().int() }),
  /** `total` counts the municipalities matching the search; `municipalities` is the asked page of them. */
  ...pagePositionShape,
  municipalities: z.array(municipalityProgressSchema),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

export const schoolProgressSchema = z.object({
  schoolId: z.number().int(),
  code: z.string(),
  shortName: z.string(),
  kind: organisationKind,
  /** Why the organisation was taken out of the campaign; an excluded one stays listed but leaves the figures. */
  exclusionReason: z.string().nullable(),
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
  /** The roles the campaign asks, in the methodology's order, each with the kind of organisation it belongs to. */
  roles: z.array(z.object({ role: z.enum(RESPONDENT_ROLES), label: z.string(), organisationKind })),
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
