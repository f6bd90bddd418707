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
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  regionId: z.number().int().nullable(),
  municipalityId: z.number().int().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
