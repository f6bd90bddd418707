import { describe, expect, it } from 'vitest';
import { kirovKindergartens, kirovMunicipalities, kirovSchools } from './kirov/directory';

describe('Kirov demo directory', () => {
  const schools = kirovSchools();

  it('has the 12 municipalities of the 2020 pilot and 167 schools, mostly rural', () => {
    expect(kirovMunicipalities.map((m) => m.name)).toEqual([
      'Белохолуницкий район',
      'Верхнекамский муниципальный округ',
      'Кильмезский район',
      'Куменский район',
      'Малмыжский район',
      'Мурашинский муниципальный округ',
      'Орловский район',
      'Подосиновский район',
      'Слободской район',
      'Советский район',
      'Яранский район',
      'город Киров',
    ]);
    expect(schools).toHaveLength(167);
    expect(schools.filter((s) => s.locality === 'rural').length).toBeGreaterThan(167 / 2);
  });

  it('is deterministic and has unique codes and names', () => {
    expect(kirovSchools()).toEqual(schools);
    expect(new Set(schools.map((s) => s.code)).size).toBe(167);
    expect(new Set(schools.map((s) => s.shortName)).size).toBe(167);
    expect(new Set(kirovMunicipalities.map((m) => m.code)).size).toBe(12);
  });

  it('gives every municipality schools and every school a complete record', () => {
    for (const municipality of kirovMunicipalities) {
      expect(schools.some((s) => s.municipalityCode === municipality.code)).toBe(true);
    }
    for (const school of schools) {
      expect(school.fullName.length).toBeGreaterThan(school.shortName.length);
      expect(school.address).toMatch(/Кировская обл\./);
    }
  });

  it('has a few kindergartens in Кумёны, Подосиновец and Kirov, with codes and names of their own', () => {
    const kindergartens = kirovKindergartens();
    expect(kindergartens).toHaveLength(7);
    expect(new Set(kindergartens.map((k) => k.municipalityCode))).toEqual(new Set(['4304', '4308', '4312']));
    const codes = new Set([...schools, ...kindergartens].map((s) => s.code));
    expect(codes.size).toBe(167 + 7);
    for (const kindergarten of kindergartens) {
      expect(kindergarten.kind).toBe('preschool');
      expect(kindergarten.shortName).toMatch(/^М[КБ]ДОУ «Детский сад|^МБДОУ «Центр развития ребёнка/);
      expect(kindergarten.fullName).toMatch(/дошкольное образовательное учреждение/);
      expect(kindergarten.address).toMatch(/Кировская обл\./);
    }
  });
});
