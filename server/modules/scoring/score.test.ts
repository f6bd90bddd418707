import { describe, expect, it } from 'vitest';
import type { RespondentRole } from '../../../db/schema/values';
import { assembleMunicipalForm, assembleQuestionnaire } from '../methodology/assemble';
import { findMethodology } from '../methodology/methodology.repo';
import { evidenceQuestionNames, type Methodology } from '../methodology/methodology.schemas';
import { sampleAnswers } from '../methodology/sample-answers';
import { compileScoring } from './compile';
import type { CompiledScoring } from './compiled';
import { questionnaireOutcomes, type SchoolInput } from './corroboration';
import { formEvidence } from './evidence';
import { municipalityLevels, scoreMunicipality, type MunicipalityInput, type MunicipalityLevels } from './score';
import { municipalityScoreSchema, type MunicipalityScore } from './scoring.schemas';

const federal = findMethodology('federal-2020')!;
const federalCodes = federal.mechanisms.map((m) => m.code);
const compiled = compileScoring(federal, federalCodes);

/** Complete responses of every role and the municipal form, as `sampleAnswers` fills the assembled definitions. */
function samples(methodology: Methodology) {
  const codes = methodology.mechanisms.map((m) => m.code);
  return {
    questionnaires: methodology.respondentRoles.map(({ code: role, organisationKind }) => ({
      role,
      organisationKind,
      answers: sampleAnswers(assembleQuestionnaire(methodology, codes, role)),
    })),
    municipalForm: sampleAnswers(assembleMunicipalForm(methodology, codes)),
  };
}
const federalSamples = samples(federal);

/** A school where every respondent answers like the sample (which confirms every component), except `changes`. */
function sampleSchool(schoolId: number, changes: Record<string, unknown> = {}): SchoolInput {
  return {
    schoolId,
    questionnaires: federalSamples.questionnaires.map(({ role, answers }) => ({
      role,
      outcomes: questionnaireOutcomes(compiled, {
        ...answers,
        ...Object.fromEntries(Object.entries(changes).filter(([key]) => key in answers)),
      }),
    })),
  };
}

type Claim = 'absent' | 'declared' | 'verifiable';

/** A submitted municipal form of federal-2020: every component verifiable unless `claim` says otherwise. */
function form(
  claim: (mechanism: string, component: string) => Claim = () => 'verifiable',
  methodology: Methodology = federal,
): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const mechanism of methodology.mechanisms) {
    for (const component of methodology.cycleComponents) {
      const names = evidenceQuestionNames(mechanism.code, component.code);
      const kind = claim(mechanism.code, component.code);
      answers[names.exists] = kind === 'absent' ? 'no' : 'yes';
      if (kind === 'absent') continue;
      answers[names.documentType] = 'order';
      answers[names.documentTitle] = `О компоненте «${component.title}»`;
      if (kind === 'verifiable') answers[names.url] = `https://uo.example/${mechanism.code}/${component.code}`;
    }
  }
  return answers;
}

/** Schools whose every respondent gives the same answers. */
function schools(count: number, answers: (index: number) => Partial<Record<RespondentRole, Record<string, unknown>>>): SchoolInput[] {
  return Array.from({ length: count }, (_, i) => ({
    schoolId: i + 1,
    questionnaires: Object.entries(answers(i)).map(([role, a]) => ({
      role: role as RespondentRole,
      outcomes: questionnaireOutcomes(compiled, a),
    })),
  }));
}

/** The numbers of a full score: what a scoring run must store for the same municipality. */
function levelsOf(result: MunicipalityScore): MunicipalityLevels {
  return {
    respondingSchools: result.responseRate.respondingSchools,
    totalSchools: result.responseRate.totalSchools,
    insufficientData: result.insufficientDataLabel !== null,
    formSubmitted: result.formSubmitted,
    overall: { percent: result.overall.percent, cappedLevel: result.overall.cappedLevel, level: result.overall.level },
    mechanisms: result.mechanisms.map((m) => ({
      code: m.code,
      percent: m.percent,
      cappedLevel: m.cappedLevel,
      level: m.level,
      flags: m.flags.length,
      componentPoints: m.components.map((c) => c.points),
    })),
  };
}

function score(input: Partial<MunicipalityInput>, scoring: CompiledScoring = compiled): MunicipalityScore {
  const full = { municipalityId: 7, municipalityName: 'Куменский район', schools: [], totalSchools: 10, municipalForm: form(), ...input };
  const result = scoreMunicipality(scoring, full);
  // What the API returns must pass its own schema unchanged.
  expect(municipalityScoreSchema.parse(result)).toEqual(result);
  // A scoring run, from the form's stored evidence, arrives at the same numbers.
  const evidence = full.municipalForm === null ? null : formEvidence(scoring, full.municipalForm);
  expect(
    municipalityLevels(scoring, {
      municipalityId: full.municipalityId,
      schools: full.schools,
      totalSchools: full.totalSchools,
      totalsByKind: full.totalsByKind,
      evidence,
    }),
  ).toEqual(levelsOf(result));
  return result;
}

const mechanismOf = (result: MunicipalityScore, code: string) => result.mechanisms.find((m) => m.code === code)!;
const componentOf = (result: MunicipalityScore, mechanism: string, code: string) =>
  mechanismOf(result, mechanism).components.find((c) => c.code === code)!;

describe('reconciliation of municipal points with 100 schools (2.1 «Управленческие решения»: one majority question)', () => {
  /** k of 100 schools confirm: in the others the director and the deputy answer «Нет». */
  const confirmedBy = (k: number) =>
    Array.from({ length: 100 }, (_, i) => sampleSchool(i + 1, i < k ? {} : { m2_1_decisions_known: 'no' }));

  it.each([
    // [confirming schools, claim, final points, flagged]
    [50, 'verifiable', 2, false],
    [50, 'declared', 1, false],
    [49, 'verifiable', 1, false],
    [49, 'declared', 1, false],
    [30, 'verifiable', 1, false],
    [30, 'declared', 1, false],
    [29, 'verifiable', 1, true],
    [29, 'declared', 1, false],
  ] as const)('%s of 100 confirm a %s claim → %s points, flagged %s', (k, claim, points, flagged) => {
    const result = score({
      schools: confirmedBy(k),
      totalSchools: 100,
      municipalForm: form((m, c) => (m === '2.1' && c === 'decisions' ? claim : 'verifiable')),
    });
    const decisions = componentOf(result, '2.1', 'decisions');
    expect(decisions.corroboration).toMatchObject({ respondingSchools: 100, confirmingSchools: k, share: k / 100 });
    expect(decisions.corroboration!.confirmingSchoolIds).toEqual(Array.from({ length: k }, (_, i) => i + 1));
    expect(decisions.corroboration!.notConfirmingSchoolIds).toHaveLength(100 - k);
    expect(decisions.points).toBe(points);
    expect(decisions.flagged).toBe(flagged);
    // Every other component is confirmed by all 100 schools.
    expect(mechanismOf(result, '2.1').flags.map((f) => f.component)).toEqual(flagged ? ['decisions'] : []);
  });

  it('explains the reduction and the flag in Russian', () => {
    const result = score({ schools: confirmedBy(29), totalSchools: 100 });
    const decisions = componentOf(result, '2.1', 'decisions');
    expect(decisions.reason).toBe(
      'Подтверждение школами: 29 из 100 (29\u00a0%) ответивших по компоненту школ — меньше 50\u00a0%, поэтому не больше 1\u00a0балла: баллы снижены с 2 до 1.',
    );
    expect(mechanismOf(result, '2.1').flags).toEqual([
      {
        component: 'decisions',
        message:
          'Муниципалитет заявил 2\u00a0балла, а подтверждение школами — 29 из 100 (29\u00a0%) ответивших по компоненту школ, меньше 30\u00a0%.',
      },
    ]);
    expect(mechanismOf(result, '2.1').explanation).toContain(
      'Школы не подтвердили сведения муниципалитета, баллы снижены: «Управленческие решения» (с 2 до 1).',
    );
    expect(componentOf(score({ schools: confirmedBy(50), totalSchools: 100 }), '2.1', 'decisions').reason).toBe(
      'Подтверждение школами: 50 из 100 (50\u00a0%) ответивших по компоненту школ — не меньше 50\u00a0%, поэтому остаются баллы муниципалитета: 2\u00a0балла.',
    );
  });

  it('keeps the points of components schools cannot see, however the schools answer', () => {
    const result = score({ schools: confirmedBy(0), totalSchools: 100 });
    const goals = componentOf(result, '2.1', 'goals');
    expect(goals).toMatchObject({ visibleToSchools: false, corroboration: null, reconciliation: 'not_visible_to_schools', points: 2 });
  });
});

describe('response-rate guard: at least half of the schools with a submitted questionnaire', () => {
  const responding = (count: number) => schools(count, () => ({ teacher: { m1_1_analysis_discussed: 'yes' } }));

  it.each([
    [4, false],
    [5, true],
    [6, true],
  ])('%s of 10 schools → level given: %s', (count, sufficient) => {
    const result = score({ schools: responding(count) });
    expect(result.responseRate).toMatchObject({ totalSchools: 10, respondingSchools: count, share: count / 10, sufficient });
    expect(result.insufficientDataLabel).toBe(sufficient ? null : 'недостаточно данных');
    // The numbers are computed either way; only the levels are withheld.
    expect(result.overall.percent).toBeGreaterThan(0);
    expect(result.overall.level).toBe(sufficient ? result.overall.cappedLevel : null);
    for (const mechanism of result.mechanisms) expect(mechanism.level).toBe(sufficient ? mechanism.cappedLevel : null);
  });

  it('says why the level is withheld', () => {
    const result = score({ schools: responding(4) });
    expect(result.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 4 из 10 (40\u00a0%) — меньше 50\u00a0%, поэтому вместо уровня — «недостаточно данных».',
    );
    expect(result.overall.explanation.slice(-2)).toEqual([
      `Расчётный общий уровень — «${federal.levels[result.overall.cappedLevel]!.label}», но он не присваивается.`,
      result.responseRate.explanation,
    ]);
  });

  it('counts a school as responding only with enough questionnaires, for the guard and for corroboration alike', () => {
    const strict = structuredClone(federal);
    strict.scoring.responseRate.minCompleteQuestionnairesPerSchool = 2;
    const strictCompiled = compileScoring(strict, federalCodes);
    const two = { director: { m2_1_decisions_known: 'yes' }, deputy_director: { m2_1_decisions_known: 'yes' } };
    const one = { director: { m2_1_decisions_known: 'yes' } };
    const result = score({ schools: schools(6, (i) => (i < 5 ? two : one)) }, strictCompiled);
    expect(result.responseRate).toMatchObject({ respondingSchools: 5, submittedQuestionnaires: 11, sufficient: true });
    expect(componentOf(result, '2.1', 'decisions').corroboration).toMatchObject({ respondingSchools: 5, confirmingSchools: 5 });
    expect(result.responseRate.explanation).toMatch(/^Школ, где заполнено не меньше 2 анкет: 5 из 10/);
  });

  it('withholds every level in a municipality without schools', () => {
    const result = score({ schools: [], totalSchools: 0 });
    expect(result.responseRate).toMatchObject({ share: 0, sufficient: false });
    expect(result.overall.level).toBeNull();
  });

  it('refuses more responding schools than schools', () => {
    expect(() =>
      scoreMunicipality(compiled, {
        municipalityId: 7,
        municipalityName: 'Куменский район',
        schools: responding(3),
        totalSchools: 2,
        municipalForm: null,
      }),
    ).toThrow(/больше, чем школ всего/);
  });
});

describe('response-rate guard per kind of organisation (regional-preschool-2021 asks schools and kindergartens)', () => {
  const preschool = findMethodology('regional-preschool-2021')!;
  const scoring = compileScoring(
    preschool,
    preschool.mechanisms.map((m) => m.code),
  );
  /** `schoolCount` schools whose director answered, and `kindergartenCount` kindergartens whose head did. */
  const organisations = (schoolCount: number, kindergartenCount: number, under = scoring): SchoolInput[] => [
    ...Array.from({ length: schoolCount }, (_, i) => ({
      schoolId: `s${i + 1}`,
      questionnaires: [{ role: 'director' as const, outcomes: questionnaireOutcomes(under, { m1_1_analysis_discussed: 'yes' }) }],
    })),
    ...Array.from({ length: kindergartenCount }, (_, i) => ({
      schoolId: `d${i + 1}`,
      organisationKind: 'preschool' as const,
      questionnaires: [{ role: 'head' as const, outcomes: questionnaireOutcomes(under, { m2_4_dou_monitored: 'yes' }) }],
    })),
  ];
  const municipality = (schoolCount: number, kindergartenCount: number, totalsByKind: Record<string, number>) =>
    score(
      {
        schools: organisations(schoolCount, kindergartenCount),
        totalSchools: Object.values(totalsByKind).reduce((a, b) => a + b, 0),
        totalsByKind,
        municipalForm: form(() => 'verifiable', preschool),
      },
      scoring,
    );

  it('withholds only the levels of mechanisms kindergartens are asked about when too few of them answered', () => {
    // The tester's municipality: 42 of 43 schools, 1 of 2 kindergartens; only 2.4 asks kindergartens.
    const result = municipality(42, 1, { school: 43, preschool: 2 });
    expect(result.responseRate).toMatchObject({
      totalSchools: 45,
      respondingSchools: 43,
      sufficient: false,
      byKind: [
        { organisationKind: 'school', totalSchools: 43, respondingSchools: 42, sufficient: true },
        { organisationKind: 'preschool', totalSchools: 2, respondingSchools: 1, share: 0.5, sufficient: false },
      ],
    });
    const given = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3'];
    for (const code of given) {
      const mechanism = mechanismOf(result, code);
      expect(mechanism.guard).toMatchObject({ organisationKinds: ['school'], sufficient: true });
      expect(mechanism.level).toBe(mechanism.cappedLevel);
    }
    const preschoolMechanism = mechanismOf(result, '2.4');
    expect(preschoolMechanism.guard).toMatchObject({ organisationKinds: ['school', 'preschool'], sufficient: false });
    expect(preschoolMechanism.level).toBeNull();
    // The overall level is taken over every mechanism, so one withheld withholds it.
    expect(result.overall.level).toBeNull();
    expect(result.insufficientDataLabel).toBe('недостаточно данных');

    const schoolsPart = 'Школ, где заполнена хотя бы одна анкета: 42 из 43 (97,7\u00a0%)';
    const kindergartensPart = 'детских садов, где заполнена хотя бы одна анкета: 1 из 2 (50\u00a0%)';
    expect(result.responseRate.explanation).toBe(
      `${schoolsPart}; ${kindergartensPart} — у детских садов меньше 60\u00a0%.` +
        ' Вместо уровня механизма 2.4 — «недостаточно данных»: в его оценке участвуют детские сады.' +
        ' Общий уровень считается по всем механизмам, поэтому вместо него тоже — «недостаточно данных».' +
        ' Уровни механизмов 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3 присваиваются: детских садов о них не спрашивают.',
    );
    expect(preschoolMechanism.explanation.slice(-2)).toEqual([
      `Расчётный уровень механизма — «${preschool.levels[preschoolMechanism.cappedLevel]!.label}», но он не присваивается.`,
      `${schoolsPart}; ${kindergartensPart} — у детских садов меньше 60\u00a0%, поэтому вместо уровня — «недостаточно данных».`,
    ]);
    const schoolsOnly = mechanismOf(result, '1.1');
    expect(schoolsOnly.explanation.slice(-2)).toEqual([
      `Уровень механизма — «${preschool.levels[schoolsOnly.cappedLevel]!.label}».`,
      `${schoolsPart} — не меньше 60\u00a0%, данных достаточно. Детских садов о механизме не спрашивают, поэтому то, что их ответило меньше 60\u00a0%, на его уровень не влияет.`,
    ]);
    expect(result.overall.explanation.slice(-2)).toEqual([
      `Расчётный общий уровень — «${preschool.levels[result.overall.cappedLevel]!.label}», но он не присваивается.`,
      result.responseRate.explanation,
    ]);
    // What a municipality is advised names the withheld level only where it is withheld.
    const texts = (code: string) => result.recommendations.filter((r) => r.mechanism === code && r.component === null);
    for (const recommendation of texts('2.4')) expect(recommendation.text).toContain('«недостаточно данных»');
    for (const code of given) for (const recommendation of texts(code)) expect(recommendation.text).not.toContain('недостаточно данных');
  });

  it('withholds every level when kindergartens fell short in a campaign of the preschool mechanism alone, as before', () => {
    const only = compileScoring(preschool, ['2.4']);
    const result = score(
      {
        schools: organisations(10, 1, only),
        totalSchools: 13,
        totalsByKind: { school: 10, preschool: 3 },
        municipalForm: form(() => 'verifiable', preschool),
      },
      only,
    );
    expect(result.mechanisms.map((m) => m.level)).toEqual([null]);
    expect(result.overall.level).toBeNull();
    expect(result.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 10 из 10 (100\u00a0%); детских садов, где заполнена хотя бы одна анкета: 1 из 3 (33,3\u00a0%) — у детских садов меньше 60\u00a0%, поэтому вместо уровня — «недостаточно данных».',
    );
  });

  it('gives the levels when each kind answered enough, and names both', () => {
    const result = municipality(6, 2, { school: 10, preschool: 3 });
    expect(result.responseRate).toMatchObject({ sufficient: true, respondingSchools: 8 });
    expect(result.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 6 из 10 (60\u00a0%); детских садов, где заполнена хотя бы одна анкета: 2 из 3 (66,7\u00a0%) — в каждом случае не меньше 60\u00a0%, данных достаточно.',
    );
    expect(result.overall.level).toBe(result.overall.cappedLevel);
  });

  it('withholds them too when the schools fell short, whatever the kindergartens did', () => {
    const result = municipality(5, 3, { school: 10, preschool: 3 });
    expect(result.responseRate).toMatchObject({ sufficient: false });
    expect(result.responseRate.explanation).toMatch(/ — у школ меньше 60\u00a0%, поэтому/);
  });

  it('guards over schools alone in a municipality without kindergartens, as before kinds', () => {
    const result = municipality(6, 0, { school: 10 });
    expect(result.responseRate.byKind).toEqual([
      { organisationKind: 'school', totalSchools: 10, respondingSchools: 6, share: 0.6, sufficient: true },
      { organisationKind: 'preschool', totalSchools: 0, respondingSchools: 0, share: 0, sufficient: false },
    ]);
    expect(result.responseRate.explanation).toBe(
      'Школ, где заполнена хотя бы одна анкета: 6 из 10 (60\u00a0%) — не меньше 60\u00a0%, данных достаточно.',
    );
    expect(result.overall.level).toBe(result.overall.cappedLevel);
  });

  it('names kindergartens in a component only they answered', () => {
    // Only the kindergartens' head answered 2.4's monitoring; the schools' directors answered 1.1 only.
    const result = municipality(6, 2, { school: 10, preschool: 3 });
    const monitoring = componentOf(result, '2.4', 'monitoring');
    expect(monitoring.corroboration).toMatchObject({ respondingSchools: 8, answeringSchools: 2, confirmingSchools: 2 });
    expect(monitoring.reason).toContain('Не ответили по компоненту: 6 организаций');
    expect(componentOf(result, '1.1', 'monitoring').corroboration).toMatchObject({ organisationKinds: ['school'], respondingSchools: 6 });
  });
});

describe('a municipality that did not submit its form', () => {
  const result = score({ municipalForm: null, schools: schools(8, () => ({ director: { m2_1_decisions_known: 'yes' } })) });

  it('has no municipal evidence anywhere and says so', () => {
    expect(result.formSubmitted).toBe(false);
    for (const mechanism of result.mechanisms) {
      expect(mechanism.points).toBe(0);
      expect(mechanism.explanation[0]).toBe('Муниципальная форма не отправлена, поэтому все компоненты считаются отсутствующими.');
      for (const component of mechanism.components)
        expect(component.evidence).toMatchObject({ status: 'absent', points: 0, document: null });
    }
    expect(result.overall).toMatchObject({ percent: 0, level: 0 });
    expect(result.overall.explanation[0]).toBe(
      'Муниципальная форма не отправлена, поэтому все компоненты всех механизмов считаются отсутствующими.',
    );
  });

  it('notes that schools confirm what the municipality did not declare', () => {
    expect(componentOf(result, '2.1', 'decisions').reason).toBe(
      'Муниципалитет компонент не заявил, хотя школы его подтверждают: 8 из 8 (100\u00a0%) ответивших по компоненту школ; баллы начисляются только по сведениям муниципалитета — 0\u00a0баллов.',
    );
    // Nothing to reconcile, so the schools that said nothing about it are not listed either.
    expect(componentOf(result, '2.1', 'monitoring').reason).toBe('Муниципалитет компонент не заявил — 0\u00a0баллов.');
  });
});

describe('a municipality where no school responded', () => {
  const result = score({ schools: [], totalSchools: 9 });

  it('caps and flags every claim schools could have seen, keeps the others, and withholds the level', () => {
    const mechanism = mechanismOf(result, '1.1');
    const visible = mechanism.components.filter((c) => c.visibleToSchools);
    expect(visible.map((c) => [c.reconciliation, c.points, c.flagged])).toEqual(visible.map(() => ['no_answering_schools', 1, true]));
    expect(mechanism.components.filter((c) => !c.visibleToSchools).every((c) => c.points === 2)).toBe(true);
    expect(mechanism.points).toBe(4 * 2 + 5 * 1);
    expect(mechanism.level).toBeNull();
    expect(visible[0]!.reason).toBe(
      'Ни одна школа не заполнила анкету, баллы муниципалитета не подтверждены, поэтому не больше 1\u00a0балла: баллы снижены с 2 до 1.',
    );
    expect(mechanism.flags[0]!.message).toBe(
      'Муниципалитет заявил 2\u00a0балла, а подтвердить компонент некому: ни одна школа не заполнила анкету.',
    );
  });
});

describe('schools left out of the share: only neutral answers, or nobody asked submitted (METHODOLOGY.md §4)', () => {
  // 2.1 «Адресные рекомендации»: one question, counted for the director only.
  const recommendations = (answer: string | null) => (answer === null ? {} : { m2_1_recommendations_received: answer });
  /** Schools 1–3 confirm, 4 denies, 5 answers «Затрудняюсь ответить», 6 has no director's questionnaire. */
  const mixed = [
    ...[1, 2, 3].map((id) => sampleSchool(id)),
    sampleSchool(4, recommendations('no')),
    sampleSchool(5, recommendations('dont_know')),
    { ...sampleSchool(6), questionnaires: sampleSchool(6).questionnaires.filter((q) => q.role !== 'director') },
  ];
  const schoolNames = new Map<string | number, string>([
    [5, 'МКОУ ООШ д. Березник'],
    [6, 'МКОУ СОШ с. Рябиновщина'],
  ]);

  it('takes the share over answering schools and names the others with why', () => {
    const result = score({ schools: mixed, totalSchools: 6, schoolNames });
    const component = componentOf(result, '2.1', 'recommendations');
    expect(component.corroboration).toMatchObject({
      shareOver: 'answering_schools',
      respondingSchools: 6,
      answeringSchools: 4,
      confirmingSchools: 3,
      share: 0.75,
      notConfirmingSchoolIds: [4],
      silentSchools: [
        { schoolId: 5, cause: 'neutral_answers' },
        { schoolId: 6, cause: 'respondents_not_submitted' },
      ],
    });
    expect(component.points).toBe(2);
    expect(component.reason).toBe(
      'Подтверждение школами: 3 из 4 (75\u00a0%) ответивших по компоненту школ — не меньше 50\u00a0%, поэтому остаются баллы муниципалитета: 2\u00a0балла.' +
        ' Не ответили по компоненту: 2 школы; только нейтральные ответы («Затрудняюсь ответить») или вопросы пропущены — МКОУ ООШ д. Березник;' +
        ' не отправили анкеты те, чьи ответы на вопросы компонента учитываются, — МКОУ СОШ с. Рябиновщина. В долю подтверждения они не входят.',
    );
  });

  it('names a school by its id when no name is given', () => {
    const result = score({ schools: mixed, totalSchools: 6 });
    expect(componentOf(result, '2.1', 'recommendations').reason).toMatch(/ — 5; не отправили .* — 6\. В долю/);
  });

  it('keeps the points of a component nobody answered unconfirmed, at most 1, and flags it', () => {
    const silent = [1, 2].map((id) => sampleSchool(id, recommendations('dont_know')));
    const result = score({ schools: silent, totalSchools: 2, schoolNames });
    const component = componentOf(result, '2.1', 'recommendations');
    expect(component).toMatchObject({ reconciliation: 'no_answering_schools', points: 1, flagged: true });
    expect(component.corroboration).toMatchObject({ respondingSchools: 2, answeringSchools: 0, share: null });
    expect(component.reason).toMatch(
      /^Ни одна школа не ответила по компоненту, баллы муниципалитета не подтверждены, поэтому не больше 1\u00a0балла: баллы снижены с 2 до 1\. Не ответили по компоненту: 2 школы; только нейтральные ответы/,
    );
    expect(mechanismOf(result, '2.1').flags).toEqual([
      {
        component: 'recommendations',
        message: 'Муниципалитет заявил 2\u00a0балла, а школы не ответили: ни одна из 2 не дала по компоненту ответа, кроме нейтрального.',
      },
    ]);
    expect(mechanismOf(result, '2.1').explanation).toContain(
      'Школы не ответили по компонентам, баллы муниципалитета не подтверждены и снижены: «Адресные рекомендации» (с 2 до 1).',
    );
  });

  it('under the rule before, counts the silent schools against the share and names nobody as left out', () => {
    const legacyMethodology = {
      ...federal,
      scoring: { ...federal.scoring, corroboration: { ...federal.scoring.corroboration, share: { over: 'responding_schools' as const } } },
    };
    const legacy = compileScoring(legacyMethodology, federalCodes);
    // Schools 1–3 confirm of 6 responding: 50 % keeps the points; 1 of 4 would not.
    const result = score({ schools: mixed, totalSchools: 6, schoolNames }, legacy);
    const component = componentOf(result, '2.1', 'recommendations');
    expect(component.corroboration).toMatchObject({ shareOver: 'responding_schools', share: 0.5, notConfirmingSchoolIds: [4, 5, 6] });
    expect(component.reason).toBe(
      'Подтверждение школами: 3 из 6 (50\u00a0%) — не меньше 50\u00a0%, поэтому остаются баллы муниципалитета: 2\u00a0балла.',
    );
    const nobody = score({ schools: [], totalSchools: 2 }, legacy);
    expect(componentOf(nobody, '2.1', 'recommendations')).toMatchObject({ reconciliation: 'no_responding_schools', points: 1 });
  });

  it('reads a version frozen before the rule existed as the rule before', () => {
    const { share: _share, ...withoutShare } = federal.scoring.corroboration;
    const frozen = compileScoring(
      { ...federal, scoring: { ...federal.scoring, corroboration: withoutShare } } as typeof federal,
      federalCodes,
    );
    expect(frozen.rules.corroboration.share).toEqual({ over: 'responding_schools' });
  });
});

describe('explanation of a mechanism', () => {
  it('walks from points to the level: band, reductions, caps, flags, verdict', () => {
    // 2.1: effectiveness only declared (1 point) and recommendations claimed with 2 points that no school confirms.
    const result = score({
      schools: Array.from({ length: 10 }, (_, i) => sampleSchool(i + 1, { m2_1_recommendations_received: 'no' })),
      municipalForm: form((m, c) => (m === '2.1' && c === 'effectiveness' ? 'declared' : 'verifiable')),
    });
    const mechanism = mechanismOf(result, '2.1');
    expect(mechanism).toMatchObject({ points: 16, bandLevel: 3, cappedLevel: 2, level: 2 });
    expect(mechanism.explanation).toEqual([
      'Сумма баллов: 16 из 18 (88,9\u00a0%) — по границам уровней это «сформирована» (от 80\u00a0%).',
      'Школы не подтвердили сведения муниципалитета, баллы снижены: «Адресные рекомендации» (с 2 до 1).',
      `Уровень понижен до «частично сформирована». ${federal.scoring.caps[0]!.explanation} Не выполнено: «Анализ эффективности принятых мер» — 1\u00a0балл (нужно не меньше 2\u00a0баллов).`,
      'Отмечено для проверки экспертом: «Адресные рекомендации» — муниципалитет заявил больше, чем подтверждают школы.',
      'Уровень механизма — «частично сформирована».',
    ]);
  });
});

describe('a whole municipality answered with sampleAnswers from the assembled definitions', () => {
  const preschool = findMethodology('regional-preschool-2021')!;
  const catalogues = [federal, preschool];
  const samplesOf = new Map([
    [federal, federalSamples],
    [preschool, samples(preschool)],
  ]);

  /**
   * Of each kind of organisation the methodology asks, three with every questionnaire of their kind and a fourth
   * without any (schools s1–s3, kindergartens d1–d3), and the sample municipal form.
   */
  function sampleMunicipality(methodology: Methodology) {
    const { questionnaires: answered, municipalForm } = samplesOf.get(methodology)!;
    const scoring = compileScoring(
      methodology,
      methodology.mechanisms.map((m) => m.code),
    );
    const organisations = scoring.organisationKinds.flatMap((organisationKind) => {
      const questionnaires = answered
        .filter((q) => q.organisationKind === organisationKind)
        .map(({ role, answers }) => ({ role, outcomes: questionnaireOutcomes(scoring, answers) }));
      const prefix = organisationKind === 'school' ? 's' : 'd';
      return [1, 2, 3].map((n) => ({ schoolId: `${prefix}${n}`, organisationKind, questionnaires }));
    });
    return {
      scoring,
      organisations,
      input: {
        municipalityId: 'm1',
        municipalityName: 'Кильмезский район',
        schools: organisations,
        totalSchools: 4 * scoring.organisationKinds.length,
        totalsByKind: Object.fromEntries(scoring.organisationKinds.map((kind) => [kind, 4])),
        municipalForm,
      },
    };
  }

  it.each(catalogues.map((m) => [m.id, m] as const))(
    '%s: every component declared with a URL and confirmed → «сформирована» everywhere',
    (_, methodology) => {
      const { scoring, input, organisations } = sampleMunicipality(methodology);
      const result = score(input, scoring);
      expect(result.responseRate).toMatchObject({
        respondingSchools: organisations.length,
        submittedQuestionnaires: 3 * methodology.respondentRoles.length,
        sufficient: true,
      });
      expect(result.mechanisms.map((m) => m.code)).toEqual(methodology.mechanisms.map((m) => m.code));
      for (const mechanism of result.mechanisms) {
        expect(mechanism).toMatchObject({ points: 18, percent: 100, level: 3, caps: [], flags: [] });
        for (const component of mechanism.components.filter((c) => c.visibleToSchools)) {
          const asked = organisations.filter((o) => component.corroboration!.organisationKinds.includes(o.organisationKind));
          expect(component.corroboration).toMatchObject({ confirmingSchoolIds: asked.map((o) => o.schoolId), share: 1 });
        }
      }
      expect(result.overall).toMatchObject({ percent: 100, level: 3 });
      expect(result.recommendations).toEqual([]);
    },
  );

  it.each(catalogues.map((m) => [m.id, m] as const))(
    '%s: the same result from a municipal form cut down to the keys the scorer reads',
    (_, methodology) => {
      const { scoring, input } = sampleMunicipality(methodology);
      const pick = (answers: Record<string, unknown>, keys: readonly string[]) =>
        Object.fromEntries(keys.filter((key) => key in answers).map((key) => [key, answers[key]]));
      // Every component absent except the goals, and half the respondents disagreeing, so the keys really matter.
      const municipalForm = Object.fromEntries(
        Object.entries(input.municipalForm).map(([key, value]) => [
          key,
          key.endsWith('_exists') && !key.includes('_goals_') ? 'no' : value,
        ]),
      );
      const varied = {
        ...input,
        municipalForm,
        schools: input.schools.map((s, i) => ({ ...s, questionnaires: i === 0 ? s.questionnaires.slice(0, 1) : s.questionnaires })),
      };
      const cut = { ...varied, municipalForm: pick(varied.municipalForm, scoring.municipalFormKeys) };
      expect(scoreMunicipality(scoring, cut)).toEqual(scoreMunicipality(scoring, varied));
    },
  );

  it('federal-2020: without an analysis of effectiveness every mechanism is capped at «частично сформирована», the overall level may still be one above', () => {
    const { scoring, input } = sampleMunicipality(federal);
    const withoutEffectiveness = Object.fromEntries(
      Object.entries(input.municipalForm).map(([key, value]) => [key, key.endsWith('_effectiveness_exists') ? 'no' : value]),
    );
    const result = score({ ...input, municipalForm: withoutEffectiveness }, scoring);
    for (const mechanism of result.mechanisms) expect(mechanism).toMatchObject({ points: 16, bandLevel: 3, cappedLevel: 2 });
    expect(result.overall).toMatchObject({ bandLevel: 3, lowestMechanismLevel: 2, level: 3, capped: false });
    expect(result.recommendations.filter((r) => r.component === 'effectiveness')).toHaveLength(9);
  });
});
