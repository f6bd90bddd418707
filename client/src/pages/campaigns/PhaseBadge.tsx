import type { CampaignPhase } from '@server/modules/campaigns/campaigns.schemas';
import { campaignPhaseLabels } from '@server/modules/campaigns/campaign-labels';

const tone: Record<CampaignPhase, string> = {
  draft: 'neutral',
  scheduled: 'warning',
  open: 'success',
  expired: 'warning',
  closed: 'neutral',
  published: 'success',
};

export function PhaseBadge({ phase }: { phase: CampaignPhase }) {
  return <span className={`badge ${tone[phase]}`}>{campaignPhaseLabels[phase]}</span>;
}
