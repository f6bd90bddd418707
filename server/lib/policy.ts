import type { StaffPrincipal } from './principal';

/**
 * Role decisions that services take beyond a route's access policy (which only says who may call at all), in one
 * place: who manages a region's campaigns, who reads results before publication, who fills in a municipal form.
 */

/** An administrator or a regional coordinator: runs campaigns, scoring and publication. */
export const isManager = (principal: StaffPrincipal) => principal.role === 'admin' || principal.role === 'regional_coordinator';

/** A manager or an expert: sees results before they are published. */
export const isManagerOrExpert = (principal: StaffPrincipal) => isManager(principal) || principal.role === 'expert';

/** Only the municipality's own coordinator fills in its municipal form. */
export const mayEditMunicipalForm = (principal: StaffPrincipal, form: { municipalityId: number }) =>
  principal.role === 'municipal_coordinator' && principal.municipalityId === form.municipalityId;
