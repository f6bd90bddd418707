import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../lib/time-zones';

export const regionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  municipalityCount: z.number().int(),
  /** General-education organisations (ОО) of the region. */
  schoolCount: z.number().int(),
  /** Preschool organisations (ДОО) of the region. */
  preschoolCount: z.number().int(),
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
  /** Campaign dates are entered and shown in this zone. */
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'Неизвестный часовой пояс: укажите его как в базе IANA, например Europe/Moscow или Asia/Yekaterinburg'),
});
export const regionCreateSchema = regionBodySchema.extend({ timeZone: regionBodySchema.shape.timeZone.default(DEFAULT_TIME_ZONE) });
export const regionPatchSchema = regionBodySchema.partial();
