import { z } from 'zod';
import { CAMPAIGN_STATES, RESPONDENT_ROLES } from '../../../db/schema/values';
import { CAMPAIGN_PHASES } from './campaign-labels';

export * from './campaign-labels';

export const campaignSchema = z.object({
  id: z.number().int(),
  regionId: z.number().int(),
  regionName: z.string(),
  title: z.string(),
  year: z.number().int(),
  methodologyId: z.string(),
  mechanismCodes: z.array(z.string()),
  municipalityIds: z.array(z.number().int()),
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

export const extendCampaignBodySchema = z.object({ closesAt: dateTime });

export const campaignListQuerySchema = z.object({
  regionId: z.coerce.number().int().positive().optional(),
});

/** A freshly issued access code. Codes are stored only as hashes: this is the one time anyone sees them. */
export const issuedCodeSchema = z.object({
  responseId: z.number().int(),
  municipalityId: z.number().int(),
  municipalityName: z.string(),
  schoolId: z.number().int(),
  schoolCode: z.string(),
  schoolName: z.string(),
  respondentRole: z.enum(RESPONDENT_ROLES),
  code: z.string(),
});
export type IssuedCode = z.infer<typeof issuedCodeSchema>;

export const issuedCodesSchema = z.object({
  campaignId: z.number().int(),
  campaignTitle: z.string(),
  closesAt: z.string(),
  issuedAt: z.string(),
  codes: z.array(issuedCodeSchema),
});
export type IssuedCodes = z.infer<typeof issuedCodesSchema>;

/** Issued codes as the API answers them: with the site's address, which PUBLIC_URL may set, for the slips. */
export const issuedCodesResponseSchema = issuedCodesSchema.extend({ siteOrigin: z.string() });
export type IssuedCodesResponse = z.infer<typeof issuedCodesResponseSchema>;

export const launchResponseSchema = z.object({ campaign: campaignSchema, issued: issuedCodesResponseSchema });

export const issueCodesBodySchema = z
  .object({
    municipalityId: z.number().int().positive().optional(),
    responseIds: z.array(z.number().int().positive()).min(1).max(5000).optional(),
  })
  .refine((body) => body.municipalityId !== undefined || body.responseIds !== undefined, 'Укажите муниципалитет или анкеты');

/** The sheet of issued codes, rendered on request from codes the client already holds. */
// Dates the client sends back are printed on the sheet: an invalid one is refused here, not by the formatter.
export const codesSheetBodySchema = issuedCodesSchema.extend({
  closesAt: dateTime,
  issuedAt: dateTime,
  codes: z.array(issuedCodeSchema).min(1).max(20_000),
});
