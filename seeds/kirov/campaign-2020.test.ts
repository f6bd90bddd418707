import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire } from '../../server/modules/methodology/assemble';
import { checkAnswers } from '../../server/modules/methodology/check';
import { findMethodology } from '../../server/modules/methodology/methodology.repo';
import { compileScoring } from '../../server/modules/scoring/compile';
import { formEvidence } from '../../server/modules/scoring/evidence';
import { municipalityLevels, scoreMunicipality } from '../../server/modules/scoring/score';
import { kirov2020Responses } from './campaign-2020';
import { kirovScoringInputs } from './campaign-generator';
import { kirovMunicipalities, kirovSchools } from './directory';

const data = kirov2020Responses();
const methodology = findMethodology(data.campaign.methodologyId)!;
const compiled = compileScoring(methodology, data.campaign.mechanismCodes);
const inputs = kirovScoringInputs(compiled, data);
const results = inputs.map((input) => scoreMunicipality(compiled, input));
const byCode = new Map(results.map((result) => [result.municipalityId, result]));

/** The published outcome of the pilot (METHODOLOGY.md §1). */
const PARTLY_FORMED = ['4304', '4308', '4312'];

describe('Kirov 2020 demo campaign', () => {
  it('has 380 submitted questionnaires of 501 possible and 12 submitted municipal forms', () => {
    const schools = kirovSchools();
    expect(schools.length * methodology.respondentRoles.length).toBe(501);
    expect(data.questionnaires).toHaveLength(380);
    expect(new Set(data.questionnaires.map((q) => `${q.schoolCode}/${q.role}`)).size).toBe(380);
    const schoolMunicipality = new Map(schools.map((school) => [school.code, school.municipalityCode]));
    for (const q of data.questionnaires) expect(schoolMunicipality.get(q.schoolCode)).toBe(q.municipalityCode);
    expect(data.municipalForms.map((form) => form.municipalityCode)).toEqual(kirovMunicipalities.map((m) => m.code));
  });

  it('gives a scoring run, from what each submission stores, the levels of the full score', () => {
    inputs.forEach((input, index) => {
      const levels = municipalityLevels(compiled, {
        ...input,
        evidence: input.municipalForm && formEvidence(compiled, input.municipalForm),
      });
      const full = results[index]!;
      expect(levels.overall).toEqual({ percent: full.overall.percent, cappedLevel: full.overall.cappedLevel, level: full.overall.level });
      expect(levels.mechanisms.map((m) => [m.cappedLevel, m.flags, m.componentPoints])).toEqual(
        full.mechanisms.map((m) => [m.cappedLevel, m.flags.length, m.components.map((c) => c.points)]),
      );
    });
  });

  it('is a closed campaign of the federal methodology with all nine mechanisms, answered in July–August 2020', () => {
    expect(data.campaign).toMatchObject({
      year: 2020,
      methodologyId: 'federal-2020',
      state: 'closed',
      mechanismCodes: methodology.mechanisms.map((m) => m.code),
    });
    for (const { submittedAt } of [...data.questionnaires, ...data.municipalForms]) {
      expect(submittedAt.getTime()).toBeGreaterThanOrEqual(data.campaign.opensAt.getTime());
      expect(submittedAt.getTime()).toBeLessThanOrEqual(data.campaign.closesAt.getTime());
      expect([6, 7]).toContain(submittedAt.getUTCMonth());
    }
  });

  it('is the same on every call', () => {
    expect(kirov2020Responses()).toEqual(data);
  });

  it('passes the server’s check of a submission, every questionnaire and every municipal form', { timeout: 60_000 }, () => {
    const codes = data.campaign.mechanismCodes;
    const questionnaires = Object.fromEntries(
      methodology.respondentRoles.map(({ code: role }) => [role, assembleQuestionnaire(methodology, codes, role)]),
    );
    const form = assembleMunicipalForm(methodology, codes);
    for (const q of data.questionnaires)
      expect(checkAnswers(questionnaires[q.role]!, q.answers, 'complete'), `${q.schoolCode} ${q.role}`).toEqual({ ok: true, errors: [] });
    for (const f of data.municipalForms)
      expect(checkAnswers(form, f.answers, 'complete'), f.municipalityCode).toEqual({ ok: true, errors: [] });
  });

  it('scores to the published outcome: «частично сформирована» in Куменский, Подосиновский and the city of Kirov only', () => {
    for (const result of results) {
      expect(result.insufficientDataLabel, result.municipalityName).toBeNull();
      if (PARTLY_FORMED.includes(String(result.municipalityId))) expect(result.overall.level, result.municipalityName).toBe(2);
      else expect([0, 1], result.municipalityName).toContain(result.overall.level);
    }
    expect(['Куменский район', 'Подосиновский район', 'город Киров']).toEqual(
      results.filter((r) => r.overall.level === 2).map((r) => r.municipalityName),
    );
    // The other nine are a mix of «есть отдельные элементы системы» and «не сформирована».
    const others = results.filter((r) => r.overall.level !== 2).map((r) => r.overall.level);
    expect(others).toContain(0);
    expect(others).toContain(1);
  });

  it('is realistic: strong districts differ, documents without links, claims schools do not confirm', () => {
    const strongest = PARTLY_FORMED.map((code) => {
      const mechanisms = byCode.get(code)!.mechanisms;
      return mechanisms.reduce((best, m) => (m.points > best.points ? m : best)).code;
    });
    expect(new Set(strongest).size).toBe(3);
    const components = results.flatMap((r) => r.mechanisms.flatMap((m) => m.components));
    expect(components.filter((c) => c.evidence.status === 'declared').length).toBeGreaterThan(100);
    expect(components.some((c) => c.evidence.status === 'verifiable' && c.evidence.document!.url === null)).toBe(true);
    expect(results.flatMap((r) => r.mechanisms.flatMap((m) => m.flags)).length).toBeGreaterThanOrEqual(5);
    expect(components.some((c) => c.reconciliation === 'not_corroborated' && c.points < c.evidence.points)).toBe(true);
    expect(results.some((r) => r.mechanisms.some((m) => m.level === 3))).toBe(true);
    // Not every school answered, and not every school has all three respondents.
    expect(results.some((r) => r.responseRate.respondingSchools < r.responseRate.totalSchools)).toBe(true);
  });
});
