import { z } from 'zod';

export const regionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  municipalityCount: z.number().int(),
  schoolCount: z.number().int(),
});
export type Region = z.infer<typeof regionSchema>;

export const regionBodySchema = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(16)
    .regex(/^[0-9A-Za-z-]+$/, 'Код региона: цифры, латинские буквы и дефис'),
  name: z.string().trim().min(2).max(200),
});
export const regionPatchSchema = regionBodySchema.partial();
