import { z } from 'zod';
import { RESPONDENT_ROLES } from '../../../db/schema/values';
import { CAMPAIGN_PHASES } from '../campaigns/campaigns.schemas';
import { formStateSchema } from '../forms/forms.schemas';

export const enterBodySchema = z.object({
  code: z.string().trim().min(1, 'Введите код доступа').max(64),
  /** `link` when the code came from a personal link (/anketa/k/…): it opens a session only on the code's first use. */
  via: z.enum(['typed', 'link']).default('typed'),
});

/** The campaign and role of the questionnaire asked for, as the context names them (both or neither). */
export const definitionQuerySchema = z
  .object({ campaign: z.coerce.number().int().positive().optional(), role: z.enum(RESPONDENT_ROLES).optional() })
  .refine((query) => (query.campaign === undefined) === (query.role === undefined), 'Укажите и кампанию, и роль — или ни то, ни другое.');

export const respondentContextSchema = z.object({
  responseId: z.number().int(),
  campaign: z.object({
    id: z.number().int(),
    title: z.string(),
    opensAt: z.string(),
    closesAt: z.string(),
    timeZone: z.string(),
    phase: z.enum(CAMPAIGN_PHASES),
  }),
  school: z.object({ shortName: z.string(), municipalityName: z.string() }),
  respondentRole: z.enum(RESPONDENT_ROLES),
  /** Whether answers may still be changed now (campaign open, not yet submitted). */
  editable: z.boolean(),
  form: formStateSchema,
});
export type RespondentContext = z.infer<typeof respondentContextSchema>;

/**
 * What entering a code answers: the context and, with it, the questionnaire's SurveyJS definition. A school's
 * respondents share a computer and each has another role, so a definition the browser kept is rarely the one needed:
 * this way the questionnaire opens after one round trip, not two.
 */
export const respondentEntrySchema = respondentContextSchema.extend({ definition: z.record(z.string(), z.unknown()) });
export type RespondentEntry = z.infer<typeof respondentEntrySchema>;

export const submitErrorDetailsSchema = z.array(z.object({ question: z.string(), title: z.string().optional(), message: z.string() }));
