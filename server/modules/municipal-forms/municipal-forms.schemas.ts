import { z } from 'zod';
import { CAMPAIGN_PHASES } from '../campaigns/campaigns.schemas';
import { formStateSchema } from '../forms/forms.schemas';

export const municipalFormParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  municipalityId: z.coerce.number().int().positive().max(2_147_483_647),
});

export const municipalFormContextSchema = z.object({
  campaign: z.object({
    id: z.number().int(),
    title: z.string(),
    closesAt: z.string(),
    timeZone: z.string(),
    phase: z.enum(CAMPAIGN_PHASES),
  }),
  municipality: z.object({ id: z.number().int(), name: z.string() }),
  /** The municipal coordinator of this municipality, while the campaign accepts answers and the form is not sent. */
  editable: z.boolean(),
  form: formStateSchema,
});
export type MunicipalFormContext = z.infer<typeof municipalFormContextSchema>;
