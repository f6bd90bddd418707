import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { campaigns as campaigns_, municipalForms, municipalities, regions, responses, schools, users } from '../db/schema';
import { createCampaignsService } from '../server/modules/campaigns/campaigns.service';
import { createMethodologyService } from '../server/modules/methodology/versions.service';
import { questionnaireRoles, type FrozenDefinition } from '../server/modules/campaigns/frozen-definition';
import { sampleAnswers } from '../server/modules/methodology/sample-answers';
import { findMethodology } from '../server/modules/methodology/methodology.repo';
import { systemActor } from '../server/modules/audit/audit.repo';
import { campaignScoring, storedFormInput, storedQuestionnaireInput } from '../server/modules/scoring/campaign-scoring';
import type { StaffPrincipal } from '../server/lib/principal';
import type { AccessKeys } from '../server/modules/access/access-keys';

export interface Scale {
  municipalities: number;
  schoolsPerMunicipality: number;
  /** Schools whose questionnaires stay unsubmitted, for the autosave and submit measurements. */
  openSchools: number;
}

export const NATIONAL: Scale = { municipalities: 2500, schoolsPerMunicipality: 16, openSchools: 6000 };
export const REGION: Scale = { municipalities: 50, schoolsPerMunicipality: 30, openSchools: 300 };

export interface GeneratedCampaign {
  regionId: number;
  campaignId: number;
  adminId: number;
  counts: { municipalities: number; schools: number; questionnaires: number; submitted: number };
}

const BATCH = 2000;

/**
 * A synthetic campaign of the default methodology at the given scale: a region, its municipalities and schools,
 * a launched campaign with every questionnaire slot, complete submitted answers for all but `openSchools` schools,
 * and a submitted municipal form per municipality. Built with the platform's own services where it matters
 * (launch), with bulk SQL where it would only be slow.
 */
export async function generateCampaign(db: Database, scale: Scale, keys: AccessKeys, label: string): Promise<GeneratedCampaign> {
  const [admin] = await db
    .insert(users)
    .values({
      email: `bench-${label}-${Date.now()}@bench.local`,
      fullName: 'Нагрузочный тест',
      role: 'admin',
      passwordHash: 'scrypt$0$0$0$x$x',
    })
    .returning({ id: users.id });
  const [region] = await db
    .insert(regions)
    .values({ code: `B${Date.now() % 1e9}`, name: `Синтетический регион (${label})` })
    .returning({ id: regions.id });
  const regionId = region!.id;
  const municipalityRows = Array.from({ length: scale.municipalities }, (_, i) => ({
    regionId,
    code: `M${i + 1}`,
    name: `Муниципалитет ${i + 1}`,
    kind: 'district' as const,
  }));
  const municipalityIds: number[] = [];
  for (let i = 0; i < municipalityRows.length; i += BATCH) {
    const inserted = await db
      .insert(municipalities)
      .values(municipalityRows.slice(i, i + BATCH))
      .returning({ id: municipalities.id });
    municipalityIds.push(...inserted.map((row) => row.id));
  }
  const schoolRows = municipalityIds.flatMap((municipalityId, m) =>
    Array.from({ length: scale.schoolsPerMunicipality }, (_, s) => ({
      regionId,
      municipalityId,
      code: `S${m + 1}-${s + 1}`,
      fullName: `Муниципальное общеобразовательное учреждение «Средняя школа № ${s + 1}» муниципалитета ${m + 1}`,
      shortName: `МОУ СШ № ${s + 1} (М${m + 1})`,
      locality: s % 3 === 0 ? ('urban' as const) : ('rural' as const),
    })),
  );
  for (let i = 0; i < schoolRows.length; i += BATCH) await db.insert(schools).values(schoolRows.slice(i, i + BATCH));

  const methodology = findMethodology('federal-2020')!;
  const principal: StaffPrincipal = {
    kind: 'staff',
    sessionId: 'bench',
    userId: admin!.id,
    email: 'bench',
    fullName: 'bench',
    role: 'admin',
    regionId: null,
    municipalityId: null,
    passwordChangeRequired: false,
  };
  const campaigns = createCampaignsService({ db, ...keys, methodologies: createMethodologyService({ db }) });
  const draft = await campaigns.create(principal, systemActor, {
    regionId,
    title: `Нагрузочная кампания (${label})`,
    year: 2026,
    methodologyId: methodology.id,
    mechanismCodes: methodology.mechanisms.map((m) => m.code),
    opensAt: new Date(Date.now() - 86400_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
  });
  await campaigns.launch(principal, systemActor, draft.id);

  // Complete answers for every role; the first `openSchools` schools stay open for the write measurements.
  const [row] = await db.select({ frozen: campaigns_.frozenDefinition }).from(campaigns_).where(eq(campaigns_.id, draft.id));
  const frozen = row!.frozen as FrozenDefinition;
  const openSchoolIds = await db
    .select({ id: schools.id })
    .from(schools)
    .where(sql`${schools.regionId} = ${regionId}`)
    .orderBy(schools.id)
    .limit(scale.openSchools);
  const firstSubmittedSchool = (openSchoolIds.at(-1)?.id ?? 0) + 1;
  // Submitted as the respondent and municipal form services submit: with what a scoring run reads of them.
  const scoring = campaignScoring(frozen);
  const stored = (input: { value: string; key: string }, column: 'scoringOutcomes' | 'scoringEvidence') => ({
    [column]: input.value,
    scoringInputKey: input.key,
  });
  for (const { role } of questionnaireRoles(frozen)) {
    const answers = sampleAnswers(frozen.questionnaires[role]!);
    await db
      .update(responses)
      .set({
        answers,
        ...stored(storedQuestionnaireInput(scoring, answers), 'scoringOutcomes'),
        status: 'submitted',
        revision: 1,
        currentPage: 0,
        updatedAt: sql`now()`,
        submittedAt: sql`now()`,
      })
      .where(
        sql`${responses.campaignId} = ${draft.id} and ${responses.respondentRole} = ${role} and ${responses.schoolId} >= ${firstSubmittedSchool}`,
      );
  }
  const municipalAnswers = sampleAnswers(frozen.municipalForm);
  await db
    .update(municipalForms)
    .set({
      answers: municipalAnswers,
      ...stored(storedFormInput(scoring, municipalAnswers), 'scoringEvidence'),
      status: 'submitted',
      revision: 1,
      updatedAt: sql`now()`,
      submittedAt: sql`now()`,
    })
    .where(eq(municipalForms.campaignId, draft.id));

  // Bulk writes leave the planner's statistics at "empty tables" until autovacuum catches up; a real campaign has
  // been analysed many times by its last days, and plans made from stale counts would measure the generator.
  await db.execute(sql`analyze`);

  const schoolCount = schoolRows.length;
  return {
    regionId,
    campaignId: draft.id,
    adminId: admin!.id,
    counts: {
      municipalities: scale.municipalities,
      schools: schoolCount,
      questionnaires: schoolCount * 3,
      submitted: (schoolCount - openSchoolIds.length) * 3,
    },
  };
}
