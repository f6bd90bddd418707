import { z } from 'zod';
import { STAFF_ROLES } from '../../../db/schema/values';
import { pageQueryShape, searchQueryShape } from '../../lib/paging';
import { emailSchema, namedRefSchema } from '../auth/auth.schemas';

export const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  fullName: z.string(),
  role: z.enum(STAFF_ROLES),
  region: namedRefSchema.nullable(),
  municipality: namedRefSchema.nullable(),
  disabled: z.boolean(),
  passwordChangeRequired: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = z.object({
  ...pageQueryShape,
  ...searchQueryShape,
  role: z.enum(STAFF_ROLES).optional(),
  regionId: z.coerce.number().int().positive().optional(),
  municipalityId: z.coerce.number().int().positive().optional(),
});

export const fullNameSchema = z.string().trim().min(2, 'Укажите фамилию, имя и отчество').max(200);

/** A temporary password the administrator chose (to dictate it, say); generated when absent. */
const temporaryPasswordSchema = z.string().max(200).optional();

export const createUserBodySchema = z.object({
  email: emailSchema,
  fullName: fullNameSchema,
  role: z.enum(STAFF_ROLES),
  regionId: z.number().int().positive().optional(),
  municipalityId: z.number().int().positive().optional(),
  temporaryPassword: temporaryPasswordSchema,
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z
  .object({
    fullName: fullNameSchema.optional(),
    disabled: z.boolean().optional(),
    resetPassword: z.literal(true).optional(),
    temporaryPassword: temporaryPasswordSchema,
  })
  .refine((body) => Object.keys(body).length > 0, 'Укажите, что изменить')
  .refine((body) => body.temporaryPassword === undefined || body.resetPassword, {
    message: 'Временный пароль задаётся вместе с выдачей нового пароля (resetPassword).',
    path: ['temporaryPassword'],
  });

/** The temporary password is returned exactly once, at creation or reset. */
export const userWithPasswordSchema = z.object({ user: userSchema, temporaryPassword: z.string().optional() });
