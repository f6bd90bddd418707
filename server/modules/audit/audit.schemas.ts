import { z } from 'zod';
import { pageQueryShape } from '../../lib/paging';

export const auditQuerySchema = z.object({
  ...pageQueryShape,
  action: z.string().max(64).optional(),
  entityType: z.string().max(32).optional(),
  entityId: z.string().max(32).optional(),
  actor: z.string().trim().max(200).optional().describe('Часть адреса почты или имени'),
  regionId: z.coerce.number().int().positive().optional().describe('Регион (для администратора; координатору — только свой)'),
  municipalityId: z.coerce.number().int().positive().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().describe('Кто: почта; муниципальному координатору чужие — именем и ролью, без почты'),
  action: z.string(),
  actionLabel: z.string().describe('Действие по-русски'),
  entityType: z.string(),
  entityId: z.string().nullable(),
  target: z.string().describe('С чем: «Кампания «…» · муниципалитет», с названиями вместо номеров'),
  details: z.array(z.string()).describe('Изменения словами: уровни, сроки, причины'),
  regionId: z.number().int().nullable(),
  municipalityId: z.number().int().nullable(),
  before: z.unknown().optional().describe('Исходные данные записи — только администратору'),
  after: z.unknown().optional().describe('Исходные данные записи — только администратору'),
  ip: z.string().nullable().optional().describe('Адрес, с которого пришёл запрос, — только администратору'),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
