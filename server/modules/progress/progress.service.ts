import type { Database } from '../../../db/client';
import { notFound } from '../../errors';
import type { CampaignsService } from '../campaigns/campaigns.service';
import * as repo from './progress.repo';
import { DASHBOARD_MAX_PAGE_SIZE } from '../../lib/paging';
import type { CampaignProgress, MunicipalityDetail, ProgressQuery, SchoolProgress } from './progress.schemas';
import type { StaffPrincipal } from '../../lib/principal';
import { isOtherMunicipality, otherMunicipality } from '../../lib/scope';

/** Completion of a campaign, always within the caller's territory: a municipality sees only itself. */
export function createProgressService({ db, campaigns }: { db: Database; campaigns: CampaignsService }) {
  async function municipalityInScope(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
    const campaign = await campaigns.get(principal, campaignId);
    if (isOtherMunicipality(principal, municipalityId)) throw otherMunicipality();
    if (!campaign.municipalityIds.includes(municipalityId)) throw notFound('Муниципалитет не участвует в кампании.');
    return campaign;
  }

  return {
    /** A page of the campaign's municipalities with their completion, and totals over all of them. */
    async campaign(principal: StaffPrincipal, campaignId: number, query: Partial<ProgressQuery> = {}): Promise<CampaignProgress> {
      await campaigns.get(principal, campaignId);
      const only = principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined;
      const search = query.search || undefined;
      // The route always pages; the export inside the server takes every municipality.
      const page = { page: query.page ?? 1, pageSize: query.pageSize ?? DASHBOARD_MAX_PAGE_SIZE };
      const [rows, { matching, ...totals }] = await Promise.all([
        repo.municipalityProgress(db, campaignId, { municipalityId: only, search, order: query.order, page }),
        repo.progressTotals(db, campaignId, only, search),
      ]);
      const withNotStarted = <T extends { questionnaires: number; submitted: number; inProgress: number }>(c: T) => ({
        ...c,
        notStarted: c.questionnaires - c.submitted - c.inProgress,
      });
      return {
        campaignId,
        totals: withNotStarted(totals),
        total: matching,
        ...page,
        municipalities: rows.map((m) => withNotStarted({ ...m, municipalForm: m.municipalForm ?? 'not_started' })),
      };
    },

    async municipality(principal: StaffPrincipal, campaignId: number, municipalityId: number): Promise<MunicipalityDetail> {
      await municipalityInScope(principal, campaignId, municipalityId);
      const [rows, [info]] = await Promise.all([
        repo.schoolQuestionnaires(db, campaignId, municipalityId),
        repo.municipalityProgress(db, campaignId, { municipalityId }),
      ]);
      const schools = new Map<number, SchoolProgress>();
      for (const row of rows) {
        let school = schools.get(row.schoolId);
        if (!school)
          schools.set(row.schoolId, (school = { schoolId: row.schoolId, code: row.code, shortName: row.shortName, questionnaires: [] }));
        school.questionnaires.push({
          responseId: row.responseId,
          respondentRole: row.respondentRole,
          status: row.status,
          updatedAt: row.updatedAt?.toISOString() ?? null,
          submittedAt: row.submittedAt?.toISOString() ?? null,
        });
      }
      return { campaignId, municipalityId, name: info?.name ?? '', schools: [...schools.values()] };
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
