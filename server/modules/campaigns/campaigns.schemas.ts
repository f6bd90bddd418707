import { z } from 'zod';
import { CAMPAIGN_STATES, ORGANISATION_KINDS, RESPONDENT_ROLES, RESPONSE_STATUSES } from '../../../db/schema/values';
import { CAMPAIGN_PHASES } from './campaign-labels';

export * from './campaign-labels';

export const campaignSchema = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  regionName: z.string(),
  /** The region's zone: the campaign's dates are entered and shown in it. */
  timeZone: z.string(),
  title: z.string(),
  year: z.number().int(),
  methodologyId: z.string(),
  mechanismCodes: z.array(z.string()),
  municipalityIds: z.array(z.number().int()),
  /** Municipalities that accept answers after the campaign's own deadline (extended or reopened for them alone). */
  municipalityDeadlines: z.array(z.object({ municipalityId: z.number().int(), closesAt: z.string() })),
  opensAt: z.string(),
  closesAt: z.string(),
  state: z.enum(CAMPAIGN_STATES),
  phase: z.enum(CAMPAIGN_PHASES),
  launchedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type Campaign = z.infer<typeof campaignSchema>;

const dateTime = z.iso.datetime({ offset: true, message: 'Ожидается дата и время' });

const campaignFields = {
  title: z.string().trim().min(3, 'Слишком короткое название').max(200),
  year: z.number().int().min(2000).max(2100),
  methodologyId: z.string().min(1).max(64),
  mechanismCodes: z.array(z.string().max(16)).min(1, 'Выберите хотя бы один механизм').max(50),
  /** Municipalities of the region included in the campaign; omitted: all of them. */
  municipalityIds: z.array(z.number().int().positive()).min(1, 'Выберите хотя бы один муниципалитет').max(5000).optional(),
  opensAt: dateTime,
  closesAt: dateTime,
};

export const createCampaignBodySchema = z
  .object({ regionId: z.number().int().positive().optional(), ...campaignFields })
  .refine((body) => new Date(body.opensAt) < new Date(body.closesAt), {
    path: ['closesAt'],
    message: 'Дата окончания должна быть позже даты начала',
  });

export const updateCampaignBodySchema = z.object(campaignFields).partial();

const deadlineMunicipalities = z
  .array(z.number().int().positive())
  .min(1, 'Выберите хотя бы один муниципалитет')
  .max(5000)
  .optional()
  .describe('Только эти муниципалитеты; без списка — вся кампания');

export const extendCampaignBodySchema = z.object({ closesAt: dateTime, municipalityIds: deadlineMunicipalities });

export const reopenCampaignBodySchema = z.object({
  closesAt: dateTime,
  municipalityIds: deadlineMunicipalities,
  reason: z.string().trim().min(3, 'Укажите причину: например, «не успели школы района из-за карантина»').max(500),
});

export const campaignListQuerySchema = z.object({
  regionId: z.coerce.number().int().positive().optional(),
});

/** One questionnaire slot with its live code, as coordinators in scope read it at any time. */
export const accessCodeSlotSchema = z.object({
  responseId: z.number().int(),
  municipalityId: z.number().int(),
  municipalityName: z.string(),
  schoolId: z.number().int(),
  schoolCode: z.string(),
  schoolName: z.string(),
  /** A school's or a kindergarten's: slips and sheets name the organisation accordingly. */
  organisationKind: z.enum(ORGANISATION_KINDS),
  respondentRole: z.enum(RESPONDENT_ROLES),
  status: z.enum(RESPONSE_STATUSES),
  /** Null when the code was issued before codes were kept encrypted: only a reissue makes it readable. */
  code: z.string().nullable(),
  issuedAt: z.string().nullable(),
});
export type AccessCodeSlot = z.infer<typeof accessCodeSlotSchema>;

export const accessCodeListSchema = z.object({
  campaignId: z.number().int(),
  campaignTitle: z.string(),
  closesAt: z.string(),
  timeZone: z.string(),
  /** Where respondents go: PUBLIC_URL, or the address this request came to. */
  siteOrigin: z.string(),
  /** False when PUBLIC_URL is unset: the printed address is only as good as the one the coordinator opened. */
  siteOriginConfigured: z.boolean(),
  codes: z.array(accessCodeSlotSchema),
  /** Slots whose code cannot be shown (issued before codes were kept); they need a reissue. */
  unreadable: z.number().int(),
});
export type AccessCodeList = z.infer<typeof accessCodeListSchema>;

const optionalId = z.coerce.number().int().positive().optional();

/** Codes of a municipality, of one school, or (region only) of the whole campaign. */
export const accessCodeQuerySchema = z.object({ municipalityId: optionalId, schoolId: optionalId });
export type AccessCodeQuery = z.infer<typeof accessCodeQuerySchema>;

export const launchResponseSchema = z.object({ campaign: campaignSchema, codesIssued: z.number().int() });

/** What to reissue: every code of a municipality, of one school, or single questionnaires. */
export const reissueCodesBodySchema = z
  .object({
    municipalityId: z.number().int().positive().optional(),
    schoolId: z.number().int().positive().optional(),
    responseIds: z.array(z.number().int().positive()).min(1).max(5000).optional(),
  })
  .refine(
    (body) => body.municipalityId !== undefined || body.schoolId !== undefined || body.responseIds !== undefined,
    'Укажите муниципалитет, школу или анкеты',
  );
export type ReissueTarget = z.infer<typeof reissueCodesBodySchema>;

export const reissueResponseSchema = z.object({ campaignId: z.number().int(), reissued: z.number().int() });

/** An organisation of a kind the campaign asks, in a participating municipality, and its place in the campaign. */
export const campaignSchoolSchema = z.object({
  schoolId: z.number().int(),
  code: z.string(),
  shortName: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  municipalityId: z.number().int(),
  municipalityName: z.string(),
  /** in: has questionnaires; excluded: taken out (answers kept); missing: imported after the launch, not yet added. */
  status: z.enum(['in', 'excluded', 'missing']),
  exclusionReason: z.string().nullable(),
  excludedAt: z.string().nullable(),
});
export type CampaignSchool = z.infer<typeof campaignSchoolSchema>;

export const campaignSchoolsQuerySchema = z.object({ municipalityId: optionalId });

export const addSchoolsBodySchema = z.object({
  schoolIds: z.array(z.number().int().positive()).min(1, 'Выберите хотя бы одну школу').max(5000),
});
export const addSchoolsResponseSchema = z.object({
  /** Schools that joined for the first time, and excluded schools taken back in. */
  added: z.number().int(),
  reincluded: z.number().int(),
  codesIssued: z.number().int(),
});

export const excludeSchoolBodySchema = z.object({
  schoolId: z.number().int().positive(),
  reason: z.string().trim().min(3, 'Укажите причину: например, «школа закрыта» или «присоединена к …»').max(300),
});
