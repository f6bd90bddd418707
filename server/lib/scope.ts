import { badRequest, forbidden, notFound } from '../errors';
import type { StaffPrincipal } from './principal';

/**
 * The territory a staff member may read. Absent fields mean "no restriction" (administrators).
 * Repositories turn it into WHERE conditions, so scope is enforced by the queries themselves.
 */
export interface TerritoryScope {
  regionId?: number;
  municipalityId?: number;
}

/**
 * A municipal coordinator asking for another municipality: said plainly, rather than "not found" or "not in the
 * campaign", which would be untrue. Which municipalities a region has is no secret to its coordinators.
 */
export const otherMunicipality = () => forbidden('Нет доступа: муниципальный координатор видит только свой муниципалитет.');

/** True when a municipal coordinator asks for a municipality other than their own. */
export const isOtherMunicipality = (principal: StaffPrincipal, municipalityId: number) =>
  principal.role === 'municipal_coordinator' && principal.municipalityId !== municipalityId;

export function readScope(principal: StaffPrincipal): TerritoryScope {
  switch (principal.role) {
    case 'admin':
      return {};
    case 'regional_coordinator':
    case 'expert':
      return { regionId: principal.regionId! };
    case 'municipal_coordinator':
      return { regionId: principal.regionId!, municipalityId: principal.municipalityId! };
  }
}

/** Narrows a scope by a region the caller asked for; asking for a region outside one's own finds nothing. */
export function withRequestedRegion(scope: TerritoryScope, requested: number | undefined): TerritoryScope {
  if (requested === undefined) return scope;
  if (scope.regionId !== undefined && scope.regionId !== requested) throw notFound('Регион не найден.');
  return { ...scope, regionId: requested };
}

/**
 * The region a write goes to: a coordinator always writes to its own region; an administrator must name one.
 */
export function regionForWrite(principal: StaffPrincipal, requested: number | undefined): number {
  if (principal.role === 'admin') {
    if (requested === undefined) throw badRequest('Укажите регион (regionId).');
    return requested;
  }
  if (requested !== undefined && requested !== principal.regionId) throw notFound('Регион не найден.');
  return principal.regionId!;
}
