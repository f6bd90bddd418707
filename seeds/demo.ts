import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { municipalities, regions, schools, users } from '../db/schema';
import { hashPassword } from '../server/modules/auth/password';
import { kirovMunicipalities, kirovSchools } from './kirov/directory';

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
 * Loads the Kirov demo: the region, its 12 municipalities and 167 schools, and the four demo logins.
 * Does nothing when the demo region is already there, so it is safe to run on every start.
 */
export async function seedDemo(db: Database): Promise<boolean> {
  const [existing] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, DEMO_REGION_CODE));
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [region] = await tx.insert(regions).values({ code: DEMO_REGION_CODE, name: 'Кировская область' }).returning({ id: regions.id });
    const regionId = region!.id;
    const inserted = await tx
      .insert(municipalities)
      .values(kirovMunicipalities.map(({ code, name, kind }) => ({ regionId, code, name, kind })))
      .returning({ id: municipalities.id, code: municipalities.code });
    const municipalityIds = new Map(inserted.map((m) => [m.code, m.id]));
    await tx.insert(schools).values(
      kirovSchools().map(({ municipalityCode, ...school }) => ({ ...school, regionId, municipalityId: municipalityIds.get(municipalityCode)! })),
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
  });
  return true;
}
