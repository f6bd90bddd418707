import type { Database } from '../../db/client';
import { municipalities, regions, schools, users } from '../../db/schema';
import type { StaffRole } from '../../db/schema/values';
import { hashPassword } from '../modules/auth/password';

export const FIXTURE_PASSWORD = 'fixture-pass-1';

/**
 * Two regions, so every scope rule has an outside to be tested against:
 * Кировская (Куменский район, город Киров) and Тверская (Ржевский округ).
 */
export interface TestFixture {
  regions: { kirov: number; tver: number };
  municipalities: { kumeny: number; kirovCity: number; rzhev: number };
  schools: { kumenySchool1: number; kumenySchool2: number; kirovSchool: number; rzhevSchool: number };
  users: Record<FixtureUserKey, { id: number; email: string; role: StaffRole }>;
}

export type FixtureUserKey =
  'admin' | 'regional' | 'regionalTver' | 'municipal' | 'municipalKirovCity' | 'municipalRzhev' | 'expert' | 'expertTver' | 'disabled';

export async function seedTestFixture(db: Database): Promise<TestFixture> {
  const [kirov, tver] = await db
    .insert(regions)
    .values([
      { code: '43', name: 'Кировская область' },
      { code: '69', name: 'Тверская область' },
    ])
    .returning({ id: regions.id });
  const [kumeny, kirovCity, rzhev] = await db
    .insert(municipalities)
    .values([
      { regionId: kirov!.id, code: 'KUM', name: 'Куменский район', kind: 'district' },
      { regionId: kirov!.id, code: 'KIR', name: 'город Киров', kind: 'city_okrug' },
      { regionId: tver!.id, code: 'RZH', name: 'Ржевский муниципальный округ', kind: 'municipal_okrug' },
    ])
    .returning({ id: municipalities.id });
  const [s1, s2, s3, s4] = await db
    .insert(schools)
    .values([
      {
        regionId: kirov!.id,
        municipalityId: kumeny!.id,
        code: 'KUM-01',
        fullName: 'Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа пгт Кумёны»',
        shortName: 'МКОУ СОШ пгт Кумёны',
        locality: 'urban',
      },
      {
        regionId: kirov!.id,
        municipalityId: kumeny!.id,
        code: 'KUM-02',
        fullName: 'Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа с. Вожгалы»',
        shortName: 'МКОУ ООШ с. Вожгалы',
        locality: 'rural',
      },
      {
        regionId: kirov!.id,
        municipalityId: kirovCity!.id,
        code: 'KIR-16',
        fullName: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 16» города Кирова',
        shortName: 'МБОУ СОШ № 16 г. Кирова',
        locality: 'urban',
      },
      {
        regionId: tver!.id,
        municipalityId: rzhev!.id,
        code: 'RZH-01',
        fullName: 'Муниципальное общеобразовательное учреждение «Средняя школа № 1» г. Ржева',
        shortName: 'МОУ СШ № 1 г. Ржева',
        locality: 'urban',
      },
    ])
    .returning({ id: schools.id });

  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  const userRows: Array<{ key: FixtureUserKey; role: StaffRole; regionId?: number; municipalityId?: number; disabled?: boolean }> = [
    { key: 'admin', role: 'admin' },
    { key: 'regional', role: 'regional_coordinator', regionId: kirov!.id },
    { key: 'regionalTver', role: 'regional_coordinator', regionId: tver!.id },
    { key: 'municipal', role: 'municipal_coordinator', regionId: kirov!.id, municipalityId: kumeny!.id },
    { key: 'municipalKirovCity', role: 'municipal_coordinator', regionId: kirov!.id, municipalityId: kirovCity!.id },
    { key: 'municipalRzhev', role: 'municipal_coordinator', regionId: tver!.id, municipalityId: rzhev!.id },
    { key: 'expert', role: 'expert', regionId: kirov!.id },
    { key: 'expertTver', role: 'expert', regionId: tver!.id },
    { key: 'disabled', role: 'regional_coordinator', regionId: kirov!.id, disabled: true },
  ];
  const inserted = await db
    .insert(users)
    .values(
      userRows.map((u) => ({
        email: `${u.key.toLowerCase()}@fixture.test`,
        fullName: `Тестовый пользователь ${u.key}`,
        passwordHash,
        role: u.role,
        regionId: u.regionId ?? null,
        municipalityId: u.municipalityId ?? null,
        disabledAt: u.disabled ? new Date() : null,
      })),
    )
    .returning({ id: users.id, email: users.email, role: users.role });
  const usersByKey = Object.fromEntries(userRows.map((u, i) => [u.key, inserted[i]!])) as TestFixture['users'];

  return {
    regions: { kirov: kirov!.id, tver: tver!.id },
    municipalities: { kumeny: kumeny!.id, kirovCity: kirovCity!.id, rzhev: rzhev!.id },
    schools: { kumenySchool1: s1!.id, kumenySchool2: s2!.id, kirovSchool: s3!.id, rzhevSchool: s4!.id },
    users: usersByKey,
  };
}
