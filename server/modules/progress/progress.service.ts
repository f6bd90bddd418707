import type { Database } from '../../../db/client';
import { notFound } from '../../errors';
import type { StaffPrincipal } from '../../plugins/auth';
import type { CampaignsService } from '../campaigns/campaigns.service';
import * as repo from './progress.repo';
import type { CampaignProgress, MunicipalityDetail, MunicipalityProgress, SchoolProgress } from './progress.schemas';

const zero = { questionnaires: 0, submitted: 0, inProgress: 0, schools: 0, respondingSchools: 0, completeSchools: 0 };

/** Completion of a campaign, always within the caller's territory: a municipality sees only itself. */
export function createProgressService({ db, campaigns }: { db: Database; campaigns: CampaignsService }) {
  async function municipalityInScope(principal: StaffPrincipal, campaignId: number, municipalityId: number) {
    const campaign = await campaigns.get(principal, campaignId);
    const allowed = principal.role === 'municipal_coordinator' ? municipalityId === principal.municipalityId : true;
    if (!allowed || !campaign.municipalityIds.includes(municipalityId)) throw notFound('Муниципалитет не участвует в кампании.');
    return campaign;
  }

  return {
    async campaign(principal: StaffPrincipal, campaignId: number): Promise<CampaignProgress> {
      await campaigns.get(principal, campaignId);
      const only = principal.role === 'municipal_coordinator' ? principal.municipalityId! : undefined;
      const [counts, list] = await Promise.all([repo.municipalityCounts(db, campaignId, only), repo.campaignMunicipalityList(db, campaignId, only)]);
      const byMunicipality = new Map(counts.map((row) => [row.municipalityId, row]));
      const municipalities: MunicipalityProgress[] = list.map((m) => {
        const c = byMunicipality.get(m.municipalityId) ?? { ...zero, municipalityId: m.municipalityId };
        return {
          municipalityId: m.municipalityId,
          name: m.name,
          questionnaires: c.questionnaires,
          notStarted: c.questionnaires - c.submitted - c.inProgress,
          inProgress: c.inProgress,
          submitted: c.submitted,
          schools: c.schools,
          respondingSchools: c.respondingSchools,
          completeSchools: c.completeSchools,
          municipalForm: m.municipalForm ?? 'not_started',
        };
      });
      const sum = (key: keyof typeof zero | 'notStarted') => municipalities.reduce((total, m) => total + m[key], 0);
      return {
        campaignId,
        totals: {
          municipalities: municipalities.length,
          municipalFormsSubmitted: municipalities.filter((m) => m.municipalForm === 'submitted').length,
          questionnaires: sum('questionnaires'),
          notStarted: sum('notStarted'),
          inProgress: sum('inProgress'),
          submitted: sum('submitted'),
          schools: sum('schools'),
          respondingSchools: sum('respondingSchools'),
          completeSchools: sum('completeSchools'),
        },
        municipalities,
      };
    },

    async municipality(principal: StaffPrincipal, campaignId: number, municipalityId: number): Promise<MunicipalityDetail> {
      await municipalityInScope(principal, campaignId, municipalityId);
      const [rows, [info]] = await Promise.all([
        repo.schoolQuestionnaires(db, campaignId, municipalityId),
        repo.campaignMunicipalityList(db, campaignId, municipalityId),
      ]);
      const schools = new Map<number, SchoolProgress>();
      for (const row of rows) {
        let school = schools.get(row.schoolId);
        if (!school) schools.set(row.schoolId, (school = { schoolId: row.schoolId, code: row.code, shortName: row.shortName, questionnaires: [] }));
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
