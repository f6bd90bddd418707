import type { Database } from '../../../db/client';
import type { StaffPrincipal } from '../../lib/principal';
import { readScope, withRequestedRegion } from '../../lib/scope';
import { listAudit } from './audit.repo';
import type { AuditQuery } from './audit.schemas';

/** Reading the audit log within the caller's territory; writing it is every other service's business. */
export function createAuditService({ db }: { db: Database }) {
  return {
    list(principal: StaffPrincipal, query: AuditQuery) {
      return listAudit(db, principal, withRequestedRegion(readScope(principal), query.regionId), query);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
