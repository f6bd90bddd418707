import { isManager as canManage } from '../../lib/policy';
import type { StaffPrincipal } from '../../lib/principal';
import { readScope } from '../../lib/scope';
import { createCampaignContext, type CampaignsServiceDeps } from './campaign-context';
import { campaignLifecycle } from './campaign-lifecycle.service';
import * as repo from './campaigns.repo';
import { campaignFieldOperations } from './field-operations.service';

/** Campaigns: reading them, their lifecycle (campaign-lifecycle.service) and field operations (field-operations.service). */
export function createCampaignsService(deps: CampaignsServiceDeps) {
  const context = createCampaignContext(deps);
  const { db, managedCampaign } = context;
  return {
    /** The campaigns in the principal's reach, newest first; of one region only with `regionId`. */
    async list(principal: StaffPrincipal, regionId?: number) {
      const list = await repo.listCampaigns(db, readScope(principal), canManage(principal));
      return regionId === undefined ? list : list.filter((campaign) => campaign.regionId === regionId);
    },

    get: context.visibleCampaign,

    async coordinatorGaps(principal: StaffPrincipal, id: number) {
      await managedCampaign(principal, id);
      return repo.municipalitiesWithoutCoordinator(db, id);
    },

    ...campaignLifecycle(context),
    ...campaignFieldOperations(context),
  };
}

export type CampaignsService = ReturnType<typeof createCampaignsService>;
