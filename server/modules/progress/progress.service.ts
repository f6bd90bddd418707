import type { Database } from '../../../db/client';
import { notFound } from '../../errors';
import type { OrganisationKind } from '../../../db/schema/values';
import type { CampaignsService } from '../campaigns/campaigns.service';
import type { DefinitionCache } from '../campaigns/definition-cache';
import { questionnaireKinds, questionnaireRoles } from '../campaigns/frozen-definition';
import * as repo from './progress.repo';
import { DASHBOARD_MAX_PAGE_SIZE } from '../../lib/paging';
import type { CampaignProgress, KindProgress, MunicipalityDetail, ProgressQuery, SchoolProgress } from './progress.schemas';
import type { StaffPrincipal } from '../../lib/principal';
import { isOtherMunicipality, otherMunicipality } from '../../lib/scope';

type Counts = Omit<KindProgress, 'kind' | 'notStarted'>;

const withNotStarted = <T extends { questionnaires: number; submitted: number; inProgress: number }>(c: T) => ({
  ...c,
  notStarted: c.questionnaires - c.submitted - c.inProgress,
});

/** The counts of each asked kind summed over `rows` (one municipality's, or all of them), zeros where none. */
function countsByKind(kinds: OrganisationKind[], rows: Array<Counts & { kind: OrganisationKind }>): KindProgress[] {
  return kinds.map((kind) => {
    const sum: Counts = { schools: 0, respondingSchools: 0, completeSchools: 0, questionnaires: 0, submitted: 0, inProgress: 0 };
    for (const row of rows.filter((r) => r.kind === kind)) for (const key of Object.keys(sum) as Array<keyof Counts>) sum[key] += row[key];
    return withNotStarted({ kind, ...sum });
  });
}

/** Completion of a campaign, always within the caller's territory: a municipality sees only itself. */
export function createProgressService({
  db,
  campaigns,
  definitions,
}: {
  db: Database;
  campaigns: CampaignsService;
  definitions: DefinitionCache;
}) {
  async function municipalityInScope(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
    const campaign = await campaigns.get(principal, campaignId);
    if (isOtherMunicipality(principal, municipalityId)) throw otherMunicipality();
    if (!campaign.municipalityIds.includes(municipalityId)) throw notFound('Муниципалитет не участвует в кампании.');
    return campaign;
  }

  return {
    /** The job poller's pass: folds the status changes recorded since the last one (progress.repo). */
    foldPending: () => repo.foldPendingProgress(db),

    /** A page of the campaign's municipalities with their completion, and totals over all of them. */
    async campaign(principal: StaffPrincipal, campaignId: number, query: Partial<ProgressQuery> = {}): Promise<CampaignProgress> {
      await campaigns.get(principal, campaignId);
      const only = principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined;
      const search = query.search || undefined;
      // The route always pages; the export inside the server takes every municipality.
      const page = { page: query.page ?? 1, pageSize: query.pageSize ?? DASHBOARD_MAX_PAGE_SIZE };
      const definition = await definitions.get(campaignId);
      const organisationKinds = definition ? questionnaireKinds(definition) : [];
      // Only a campaign asking several kinds is split by them; the others keep reading the counters alone.
      const split = organisationKinds.length > 1;
      await repo.foldCampaignProgress(db, campaignId);
      const [rows, { matching, ...totals }, kindRows] = await Promise.all([
        repo.municipalityProgress(db, campaignId, { municipalityId: only, search, order: query.order, page }),
        repo.progressTotals(db, campaignId, only, search),
        split ? repo.kindProgress(db, campaignId, only) : [],
      ]);
      const byKind = (municipalityId?: number) =>
        split
          ? countsByKind(
              organisationKinds,
              kindRows.filter((row) => municipalityId === undefined || row.municipalityId === municipalityId),
            )
          : [];
      return {
        campaignId,
        organisationKinds,
        totals: withNotStarted({ ...totals, byKind: byKind() }),
        total: matching,
        ...page,
        municipalities: rows.map((m) =>
          withNotStarted({ ...m, municipalForm: m.municipalForm ?? 'not_started', byKind: byKind(m.municipalityId) }),
        ),
      };
    },

    async municipality(principal: StaffPrincipal, campaignId: number, municipalityId: number): Promise<MunicipalityDetail> {
      await municipalityInScope(principal, campaignId, municipalityId);
      const definition = await definitions.get(campaignId);
      const roles = definition ? questionnaireRoles(definition) : [];
      await repo.foldCampaignProgress(db, campaignId);
      const [rows, [info]] = await Promise.all([
        repo.schoolQuestionnaires(db, campaignId, municipalityId),
        repo.municipalityProgress(db, campaignId, { municipalityId }),
      ]);
      const schools = new Map<number, SchoolProgress>();
      for (const row of rows) {
        let school = schools.get(row.schoolId);
        if (!school)
          schools.set(
            row.schoolId,
            (school = {
              schoolId: row.schoolId,
              code: row.code,
              shortName: row.shortName,
              kind: row.kind,
              exclusionReason: row.exclusionReason,
              questionnaires: [],
            }),
          );
        school.questionnaires.push({
          responseId: row.responseId,
          respondentRole: row.respondentRole,
          status: row.status,
          updatedAt: row.updatedAt?.toISOString() ?? null,
          submittedAt: row.submittedAt?.toISOString() ?? null,
        });
      }
      return { campaignId, municipalityId, name: info?.name ?? '', roles, schools: [...schools.values()] };
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
