import type { Database } from '../../../db/client';
import { conflict, notFound } from '../../errors';
import { isUniqueViolation } from '../../lib/pg-errors';
import { readScope } from '../../lib/scope';
import { recordAudit } from '../audit/audit.repo';
import * as repo from './regions.repo';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

const duplicateCode = () => conflict('Регион с таким кодом уже есть.');

export function createRegionsService({ db }: { db: Database }) {
  return {
    list(principal: StaffPrincipal) {
      return repo.listRegions(db, readScope(principal).regionId);
    },

    async create(actor: AuditActor, values: { code: string; name: string; timeZone: string }) {
      return db.transaction(async (tx) => {
        const region = await repo.insertRegion(tx, values);
        if (!region) throw duplicateCode();
        await recordAudit(tx, actor, {
          action: 'region.created',
          entityType: 'region',
          entityId: region.id,
          regionId: region.id,
          after: region,
        });
        return region;
      });
    },

    async update(actor: AuditActor, id: number, values: { code?: string; name?: string; timeZone?: string }) {
      try {
        return await db.transaction(async (tx) => {
          const before = await repo.findRegion(tx, id);
          if (!before) throw notFound('Регион не найден.');
          const after = await repo.updateRegion(tx, id, values);
          await recordAudit(tx, actor, { action: 'region.updated', entityType: 'region', entityId: id, regionId: id, before, after });
          return after!;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateCode();
        throw error;
      }
    },
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
