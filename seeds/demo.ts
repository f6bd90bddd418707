import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client';
import { campaigns, municipalities, municipalityReviews, regions, schools, scoringRuns, users } from '../db/schema';
import { hashPassword } from '../server/modules/auth/password';
import { createCampaignsService } from '../server/modules/campaigns/campaigns.service';
import { createMethodologyService } from '../server/modules/methodology/versions.service';
import { createDefinitionCache } from '../server/modules/campaigns/definition-cache';
import { createResultsServices } from '../server/modules/results/results-services';
import { kirov2020Responses } from './kirov/campaign-2020';
import { kirov2021Responses } from './kirov/campaign-2021';
import { kirovKindergartens, kirovMunicipalities, kirovSchools } from './kirov/directory';
import { loadKirovCampaign } from './kirov/load-campaign';
import type { StaffPrincipal } from '../server/lib/principal';
import { loadAccessKeys } from '../server/modules/access/access-keys';

export const DEMO_PASSWORD = 'demo12345';
export const DEMO_REGION_CODE = '43';

export const demoLogins = [
  { email: 'admin@demo.local', fullName: 'Администратор платформы', role: 'admin' },
  { email: 'region@demo.local', fullName: 'Семёнова Алевтина Михайловна', role: 'regional_coordinator' },
  { email: 'kumeny@demo.local', fullName: 'Ложкина Наталья Викторовна', role: 'municipal_coordinator', municipalityCode: '4304' },
  { email: 'expert@demo.local', fullName: 'Вершинин Андрей Павлович', role: 'expert' },
] as const;

/** True when the database holds no region and no user: a fresh installation. */
export async function isEmptyInstallation(db: Database): Promise<boolean> {
  const [region] = await db.select({ id: regions.id }).from(regions).limit(1);
  const [user] = await db.select({ id: users.id }).from(users).limit(1);
  return !region && !user;
}

/**
 * Loads the Kirov demo: the region, its 12 municipalities, 167 schools and 7 kindergartens, the four demo logins, and
 * two campaigns of schools only (federal-2020 asks no kindergarten) — the 2020 pilot (380 of 501 questionnaires,
 * scored, approved and published with its real outcome) and a 2021 campaign, scored and waiting for the expert's
 * review, so comparisons and the review have data. A third, open, asks the preschool mechanism of the Kazan-style
 * catalogue in two districts, so kindergartens' questionnaires (заведующий, старший воспитатель, воспитатель) show.
 * Does nothing when the demo region is already there, so it is safe to run on every start.
 */
export async function seedDemo(db: Database): Promise<boolean> {
  const [existing] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, DEMO_REGION_CODE));
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const regionId = await db.transaction(async (tx) => {
    const [region] = await tx
      .insert(regions)
      .values({ code: DEMO_REGION_CODE, name: 'Кировская область', timeZone: 'Europe/Kirov' })
      .returning({ id: regions.id });
    const regionId = region!.id;
    const inserted = await tx
      .insert(municipalities)
      .values(kirovMunicipalities.map(({ code, name, kind }) => ({ regionId, code, name, kind })))
      .returning({ id: municipalities.id, code: municipalities.code });
    const municipalityIds = new Map(inserted.map((m) => [m.code, m.id]));
    await tx.insert(schools).values(
      [...kirovSchools(), ...kirovKindergartens()].map(({ municipalityCode, ...school }) => ({
        ...school,
        regionId,
        municipalityId: municipalityIds.get(municipalityCode)!,
      })),
    );
    await tx.insert(users).values(
      demoLogins.map((login) => ({
        email: login.email,
        fullName: login.fullName,
        role: login.role,
        passwordHash,
        regionId: login.role === 'admin' ? null : regionId,
        municipalityId: 'municipalityCode' in login ? municipalityIds.get(login.municipalityCode)! : null,
      })),
    );
    return regionId;
  });
  await seedDemoCampaigns(db, regionId);
  return true;
}

async function seedDemoCampaigns(db: Database, regionId: number) {
  const accounts = await db.select({ id: users.id, email: users.email, role: users.role, fullName: users.fullName }).from(users);
  const account = (email: string) => accounts.find((a) => a.email === email)!;
  const coordinator = account('region@demo.local');
  const expert = account('expert@demo.local');
  const principal: StaffPrincipal = {
    kind: 'staff',
    sessionId: 'demo',
    userId: coordinator.id,
    email: coordinator.email,
    fullName: coordinator.fullName,
    role: 'regional_coordinator',
    regionId,
    municipalityId: null,
    passwordChangeRequired: false,
  };
  const expertPrincipal: StaffPrincipal = {
    ...principal,
    userId: expert.id,
    email: expert.email,
    fullName: expert.fullName,
    role: 'expert',
  };
  const actor = { userId: null, label: 'демонстрационные данные', ip: null };
  const campaignsService = createCampaignsService({ db, ...(await loadAccessKeys(db)), methodologies: createMethodologyService({ db }) });
  const { scoringRuns, review, reports } = createResultsServices({
    db,
    definitions: createDefinitionCache(db),
    campaigns: campaignsService,
  });

  const pilot = await loadKirovCampaign(db, regionId, coordinator.id, kirov2020Responses());
  await scoringRuns.runScoring(principal, actor, pilot);
  await review.assignExperts(principal, actor, pilot, [expert.id]);
  const { municipalities: rows } = await reports.matrix(expertPrincipal, pilot);
  for (const row of rows) await review.setReviewStatus(expertPrincipal, actor, pilot, row.municipalityId, 'approved');
  await review.publish(principal, actor, pilot);
  await backdate(db, pilot, {
    scoredAt: '2020-08-24T10:00:00+03:00',
    reviewedAt: '2020-09-07T16:00:00+03:00',
    publishedAt: '2020-09-15T12:00:00+03:00',
  });

  const next = await loadKirovCampaign(db, regionId, coordinator.id, kirov2021Responses());
  await scoringRuns.runScoring(principal, actor, next);
  await review.assignExperts(principal, actor, next, [expert.id]);
  await backdate(db, next, { scoredAt: '2021-11-01T10:00:00+03:00' });

  // Open from yesterday for two months, whenever the demo is loaded: nothing is answered yet.
  const day = 24 * 3600_000;
  const municipalityIds = await db
    .select({ id: municipalities.id })
    .from(municipalities)
    .where(and(eq(municipalities.regionId, regionId), inArray(municipalities.code, PRESCHOOL_DEMO_MUNICIPALITIES)));
  const preschool = await campaignsService.create(principal, actor, {
    title: 'Мониторинг качества дошкольного образования',
    year: new Date().getFullYear(),
    methodologyId: 'regional-preschool-2021',
    mechanismCodes: ['2.4'],
    municipalityIds: municipalityIds.map((m) => m.id),
    opensAt: new Date(Date.now() - day).toISOString(),
    closesAt: new Date(Date.now() + 60 * day).toISOString(),
  });
  await campaignsService.launch(principal, actor, preschool.id);
}

/** The districts of the open preschool campaign: Куменский and Подосиновский, which have kindergartens. */
export const PRESCHOOL_DEMO_MUNICIPALITIES = ['4304', '4308'];

/**
 * The demo campaigns are scored and published through the services, i.e. today; their runs, reviews and publication
 * get the dates they would have had, so a 2020 campaign does not read as published this morning. The audit log keeps
 * the real time of loading.
 */
async function backdate(db: Database, campaignId: number, dates: { scoredAt: string; reviewedAt?: string; publishedAt?: string }) {
  await db
    .update(scoringRuns)
    .set({ createdAt: new Date(dates.scoredAt) })
    .where(eq(scoringRuns.campaignId, campaignId));
  if (dates.reviewedAt)
    await db
      .update(municipalityReviews)
      .set({ updatedAt: new Date(dates.reviewedAt) })
      .where(eq(municipalityReviews.campaignId, campaignId));
  if (dates.publishedAt)
    await db
      .update(campaigns)
      .set({ publishedAt: new Date(dates.publishedAt) })
      .where(eq(campaigns.id, campaignId));
}
