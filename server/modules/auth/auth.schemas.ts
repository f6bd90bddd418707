import { z } from 'zod';
import { STAFF_ROLES } from '../../../db/schema/values';

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'Введите адрес электронной почты.')
  .max(254)
  .transform((value) => value.toLowerCase())
  .pipe(z.email());

/** The form's part of the password rule; the server also refuses common passwords (password-policy.ts). */
export const newPasswordSchema = z
  .string()
  .min(10, 'Пароль должен быть не короче 10 символов')
  .max(200, 'Пароль должен быть не длиннее 200 символов')
  .refine((value) => !/^\d+$/.test(value), 'Пароль не должен состоять только из цифр');

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Введите пароль').max(200),
});

export const changePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, 'Введите текущий пароль').max(200),
  newPassword: newPasswordSchema,
});

export const namedRefSchema = z.object({ id: z.number().int(), name: z.string() });

export const meSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  fullName: z.string(),
  role: z.enum(STAFF_ROLES),
  region: namedRefSchema.extend({ timeZone: z.string() }).nullable(),
  municipality: namedRefSchema.nullable(),
  passwordChangeRequired: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const loginResponseSchema = z.object({ user: meSchema, expiresAt: z.string() });
export const tokenResponseSchema = loginResponseSchema.extend({
  token: z.string().describe('Передавайте в заголовке Authorization: Bearer <token>'),
});
