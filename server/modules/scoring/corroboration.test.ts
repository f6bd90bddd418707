import { describe, expect, it } from 'vitest';
import type { RespondentRole } from '../../../db/schema/values';
import { assembleQuestionnaire } from '../methodology/assemble';
import { findMethodology } from '../methodology/methodology.repo';
import { sampleAnswers } from '../methodology/sample-answers';
import { compileScoring } from './compile';
import {
  answerOutcome,
  confirmingShares,
  corroborate,
  questionnaireOutcomes,
  type QuestionnaireInput,
  type SchoolInput,
} from './corroboration';

const federal = findMethodology('federal-2020')!;
const compiled = compileScoring(
  federal,
  federal.mechanisms.map((m) => m.code),
);
const component = (mechanism: string, code: string) =>
  compiled.mechanisms.find((m) => m.code === mechanism)!.components.find((c) => c.code === code)!;
const question = (name: string) =>
  compiled.mechanisms.flatMap((m) => m.components.flatMap((c) => c.questions)).find((q) => q.name === name) ??
  expect.unreachable(`no scored question ${name}`);

type SchoolAnswers = Partial<Record<RespondentRole, Record<string, unknown>>>;

/** One school's submitted questionnaires: role → answers. */
const school = (answers: SchoolAnswers): QuestionnaireInput[] =>
  Object.entries(answers).map(([role, a]) => ({ role: role as RespondentRole, outcomes: questionnaireOutcomes(compiled, a) }));

const schools = (list: SchoolAnswers[]): SchoolInput[] =>
  list.map((answers, i) => ({ schoolId: `s${i + 1}`, questionnaires: school(answers) }));

/** The corroboration of one component by the given schools. */
const corroborationOf = (mechanism: string, code: string, list: SchoolAnswers[]) =>
  corroborate(compiled, schools(list))[component(mechanism, code).corroborationSlot]!;

/** What one question says in one school, read from its per-question detail. */
function questionOutcome(name: string, answers: SchoolAnswers) {
  const owner = compiled.corroboratedComponents.find((c) => c.questions.some((q) => q.name === name))!;
  const detail = corroborate(compiled, schools([answers]))[owner.corroborationSlot]!.questions.find((q) => q.question === name)!;
  return detail.answeringSchools === 0 ? 'unanswered' : detail.holdingSchools === 1 ? 'confirms' : 'denies';
}

describe('answerOutcome: one respondent', () => {
  const confirming = new Set(['yes', 'partly']);
  const neutral = compiled.neutralValues;

  it.each([
    ['yes', 'confirms'],
    ['partly', 'confirms'],
    ['no', 'denies'],
    ['dont_know', 'unanswered'],
    ['not_applicable', 'unanswered'],
    ['', 'unanswered'],
    [undefined, 'unanswered'],
    [null, 'unanswered'],
  ])('%j → %s', (value, expected) => {
    expect(answerOutcome(value, confirming, neutral)).toBe(expected);
  });

  it('a checkbox confirms when any chosen value confirms', () => {
    const opportunities = question('m1_3_opportunities').confirming;
    expect(answerOutcome(['other', 'profile_camps'], opportunities, neutral)).toBe('confirms');
    expect(answerOutcome(['technoparks'], opportunities, neutral)).toBe('confirms');
    expect(answerOutcome(['none'], opportunities, neutral)).toBe('denies');
    expect(answerOutcome(['other'], opportunities, neutral)).toBe('denies');
    expect(answerOutcome([], opportunities, neutral)).toBe('unanswered');
  });
});

describe('one question in one school (the per-question detail of a single school)', () => {
  it('majority: strictly more than half of those who answered', () => {
    const observers = 'm2_1_observers'; // all three roles
    expect(
      questionOutcome(observers, {
        director: { m2_1_observers: 'no' },
        deputy_director: { m2_1_observers: 'most' },
        teacher: { m2_1_observers: 'some' },
      }),
    ).toBe('confirms');
    expect(questionOutcome(observers, { director: { m2_1_observers: 'no' }, deputy_director: { m2_1_observers: 'most' } })).toBe('denies');
    expect(questionOutcome(observers, { director: { m2_1_observers: 'most' } })).toBe('confirms');
  });

  it('neutral answers are left out of those who answered', () => {
    const observers = 'm2_1_observers';
    expect(
      questionOutcome(observers, {
        director: { m2_1_observers: 'dont_know' },
        deputy_director: { m2_1_observers: 'most' },
        teacher: { m2_1_observers: 'no' },
      }),
    ).toBe('denies');
    expect(questionOutcome(observers, { director: { m2_1_observers: 'dont_know' }, deputy_director: { m2_1_observers: 'most' } })).toBe(
      'confirms',
    );
    expect(questionOutcome(observers, { director: { m2_1_observers: 'dont_know' }, teacher: { m2_1_observers: 'dont_know' } })).toBe(
      'unanswered',
    );
    // «Не относится к моей работе» is neutral too.
    expect(questionOutcome('m1_2_teacher_support', { teacher: { m1_2_teacher_support: 'not_applicable' } })).toBe('unanswered');
  });

  it('role rule: only the director counts, whatever the others say', () => {
    const received = question('m2_1_recommendations_received');
    expect(received.rule).toEqual({ kind: 'role', role: 'director' });
    const yesNo = { director: { m2_1_recommendations_received: 'yes' }, deputy_director: { m2_1_recommendations_received: 'no' } };
    const noYes = { director: { m2_1_recommendations_received: 'no' }, deputy_director: { m2_1_recommendations_received: 'yes' } };
    expect(questionOutcome(received.name, yesNo)).toBe('confirms');
    expect(questionOutcome(received.name, noYes)).toBe('denies');
    // Without the director's questionnaire the question is unanswered in the school, even though the deputy answered.
    expect(questionOutcome(received.name, { deputy_director: { m2_1_recommendations_received: 'yes' } })).toBe('unanswered');
  });

  it('the same answers under the majority rule: a 1–1 split is no majority', () => {
    const decisions = question('m2_1_decisions_known');
    expect(decisions.rule).toEqual({ kind: 'majority' });
    expect(
      questionOutcome(decisions.name, { director: { m2_1_decisions_known: 'yes' }, deputy_director: { m2_1_decisions_known: 'no' } }),
    ).toBe('denies');
    expect(
      questionOutcome(decisions.name, { director: { m2_1_decisions_known: 'no' }, deputy_director: { m2_1_decisions_known: 'yes' } }),
    ).toBe('denies');
  });
});

describe('corroborate: schools confirming a component', () => {
  it('a school confirms when at least half of the component questions it answered hold', () => {
    // 2.1 monitoring: m2_1_observers (all roles), m2_1_recheck (director, deputy)
    const result = corroborationOf('2.1', 'monitoring', [
      { director: { m2_1_observers: 'most', m2_1_recheck: 'no' } }, // 1 of 2 hold → confirms
      { director: { m2_1_observers: 'no', m2_1_recheck: 'no' } }, // 0 of 2
      { director: { m2_1_observers: 'dont_know', m2_1_recheck: 'yes' } }, // 1 of 1 answered
      { director: { m2_1_observers: 'dont_know', m2_1_recheck: 'dont_know' } }, // nothing answered
    ]);
    expect(result).toEqual({
      shareOver: 'answering_schools',
      organisationKinds: ['school'],
      byKind: [],
      respondingSchools: 4,
      answeringSchools: 3,
      confirmingSchools: 2,
      // s4 gave only neutral answers: left out of the share, not counted against it.
      share: 2 / 3,
      confirmingSchoolIds: ['s1', 's3'],
      notConfirmingSchoolIds: ['s2'],
      silentSchools: [{ schoolId: 's4', cause: 'neutral_answers' }],
      questions: [
        { question: 'm2_1_observers', rule: { kind: 'majority' }, answeringSchools: 2, holdingSchools: 1 },
        { question: 'm2_1_recheck', rule: { kind: 'majority' }, answeringSchools: 3, holdingSchools: 1 },
      ],
    });
  });

  it('one of three questions holding is not enough', () => {
    // 2.1 measures: m2_1_events_attended (director, deputy), m2_1_teacher_training and m2_1_vpr_checking (teacher)
    const oneOfThree = {
      director: { m2_1_events_attended: 'yes' },
      teacher: { m2_1_teacher_training: 'no', m2_1_vpr_checking: 'own_teacher' },
    };
    const twoOfThree = {
      director: { m2_1_events_attended: 'yes' },
      teacher: { m2_1_teacher_training: 'yes', m2_1_vpr_checking: 'own_teacher' },
    };
    expect(corroborationOf('2.1', 'measures', [oneOfThree]).confirmingSchools).toBe(0);
    expect(corroborationOf('2.1', 'measures', [twoOfThree]).confirmingSchools).toBe(1);
  });

  it('covers every component schools can see, each school once, whatever else the answers hold', () => {
    const result = corroborate(
      compiled,
      schools([{ director: { m2_1_decisions_known: 'yes', m1_1_analysis_comparable: 'yes', unknown_key: 'yes' } }, {}]),
    );
    expect(result).toHaveLength(9 * 5);
    for (const corroboration of result)
      expect(
        corroboration.confirmingSchoolIds.length + corroboration.notConfirmingSchoolIds.length + corroboration.silentSchools.length,
      ).toBe(2);
    expect(result[component('2.1', 'decisions').corroborationSlot]!.confirmingSchoolIds).toEqual(['s1']);
    expect(result.filter((c) => c.confirmingSchools > 0)).toHaveLength(1);
  });

  it('has no share without responding schools', () => {
    expect(corroborationOf('2.1', 'monitoring', [])).toMatchObject({ respondingSchools: 0, confirmingSchools: 0, share: null });
  });

  it('has no share when every responding school is silent, and says why each one is', () => {
    // 2.1 recommendations: m2_1_recommendations_received, counted for the director only.
    const result = corroborationOf('2.1', 'recommendations', [
      { director: { m2_1_recommendations_received: 'dont_know' } }, // asked, only a neutral answer
      { deputy_director: { m2_1_recommendations_received: 'yes' } }, // the director did not submit
      { director: {} }, // asked, left it empty
    ]);
    expect(result).toMatchObject({ respondingSchools: 3, answeringSchools: 0, confirmingSchools: 0, share: null });
    expect(result.silentSchools).toEqual([
      { schoolId: 's1', cause: 'neutral_answers' },
      { schoolId: 's2', cause: 'respondents_not_submitted' },
      { schoolId: 's3', cause: 'neutral_answers' },
    ]);
    expect(result.notConfirmingSchoolIds).toEqual([]);
  });

  it('a school whose answering respondents were not asked a majority question is silent for want of respondents', () => {
    // 2.1 monitoring: m2_1_recheck is asked of directors and deputies, m2_1_observers of all three; a teacher's
    // empty questionnaire still means someone who is asked submitted.
    const teacherOnly = corroborationOf('2.1', 'monitoring', [{ teacher: {} }]);
    expect(teacherOnly.silentSchools).toEqual([{ schoolId: 's1', cause: 'neutral_answers' }]);
    const recommendations = corroborationOf('2.1', 'recommendations', [{ teacher: {}, deputy_director: {} }]);
    expect(recommendations.silentSchools).toEqual([{ schoolId: 's1', cause: 'respondents_not_submitted' }]);
  });
});

describe('the rule before, as an option: the share over responding schools', () => {
  const legacy = compileScoring(
    {
      ...federal,
      scoring: { ...federal.scoring, corroboration: { ...federal.scoring.corroboration, share: { over: 'responding_schools' } } },
    },
    federal.mechanisms.map((m) => m.code),
  );
  const slot = legacy.corroboratedComponents.findIndex((c) => c.questions.some((q) => q.name === 'm2_1_recheck'));
  const list = schools([
    { director: { m2_1_observers: 'most', m2_1_recheck: 'no' } },
    { director: { m2_1_observers: 'no', m2_1_recheck: 'no' } },
    { director: { m2_1_observers: 'dont_know', m2_1_recheck: 'yes' } },
    { director: { m2_1_observers: 'dont_know', m2_1_recheck: 'dont_know' } },
  ]);

  it('counts a silent school as not confirming', () => {
    // Outcome letters depend on the questions and their answers only, so the strings compiled above serve here too.
    expect(legacy.inputKey).toBe(compiled.inputKey);
    expect(corroborate(legacy, list)[slot]).toMatchObject({
      shareOver: 'responding_schools',
      respondingSchools: 4,
      answeringSchools: 3,
      confirmingSchools: 2,
      share: 0.5,
      notConfirmingSchoolIds: ['s2', 's4'],
      silentSchools: [{ schoolId: 's4', cause: 'neutral_answers' }],
    });
    expect(confirmingShares(legacy, list)[slot]).toBe(0.5);
    expect(confirmingShares(compiled, list)[slot]).toBe(2 / 3);
  });

  it('has a share of 0, not none, when every responding school is silent', () => {
    const silent = schools([{ director: { m2_1_observers: 'dont_know' } }]);
    expect(corroborate(legacy, silent)[slot]!.share).toBe(0);
    expect(corroborate(compiled, silent)[slot]!.share).toBeNull();
    expect(confirmingShares(legacy, silent)[slot]).toBe(0);
    expect(confirmingShares(compiled, silent)[slot]).toBeNull();
  });
});

describe('questionnaireOutcomes: what a submitted questionnaire stores for scoring', () => {
  it('has one letter per scored question, in the compiled order', () => {
    const outcomes = questionnaireOutcomes(compiled, {
      m2_1_observers: 'most',
      m2_1_recheck: 'no',
      m2_1_decisions_known: 'dont_know',
      m1_1_analysis_comparable: 'yes',
      unknown_key: 'yes',
    });
    expect(outcomes).toHaveLength(compiled.questions.length);
    const at = (name: string) => outcomes[question(name).index];
    expect([at('m2_1_observers'), at('m2_1_recheck'), at('m2_1_decisions_known')]).toEqual(['c', 'd', 'u']);
    expect(outcomes.replaceAll('u', '')).toBe('cd');
  });

  it('reads a letter it does not know, or a missing one, as unanswered', () => {
    const silent = corroborate(compiled, [
      {
        schoolId: 's1',
        questionnaires: [
          { role: 'director', outcomes: '' },
          { role: 'teacher', outcomes: 'x'.repeat(compiled.questions.length) },
        ],
      },
    ]);
    for (const corroboration of silent) expect(corroboration.silentSchools.map((school) => school.schoolId)).toEqual(['s1']);
  });
});

describe('corroboration per kind of organisation (regional-preschool-2021: kindergartens answer mechanism 2.4)', () => {
  const regional = findMethodology('regional-preschool-2021')!;
  const codes = regional.mechanisms.map((m) => m.code);
  const scoring = compileScoring(regional, codes);
  const kindOf = new Map(regional.respondentRoles.map((info) => [info.code, info.organisationKind]));

  /** An organisation whose respondents of its kind all answer as the sample does, or deny where it confirms. */
  function organisation(schoolId: string, organisationKind: 'school' | 'preschool', deny = false): SchoolInput {
    const roles = regional.respondentRoles.filter((info) => info.organisationKind === organisationKind).map((info) => info.code);
    return {
      schoolId,
      organisationKind,
      questionnaires: roles.map((role) => {
        const answers = sampleAnswers(assembleQuestionnaire(regional, codes, role));
        const denied = Object.fromEntries(
          Object.entries(answers).map(([name, value]) => [name, value === 'yes' || value === 'partly' ? 'no' : value]),
        );
        return { role, outcomes: questionnaireOutcomes(scoring, deny ? denied : answers) };
      }),
    };
  }
  const slotOf = (mechanism: string, code: string) =>
    scoring.mechanisms.find((m) => m.code === mechanism)!.components.find((c) => c.code === code)!;

  it('knows which kinds each component is asked of, and which kinds the campaign asks', () => {
    expect(scoring.organisationKinds).toEqual(['school', 'preschool']);
    expect(compiled.organisationKinds).toEqual(['school']);
    expect(compileScoring(regional, ['1.1']).organisationKinds).toEqual(['school']);
    expect(slotOf('1.1', 'monitoring').organisationKinds).toEqual(['school']);
    for (const component of scoring.mechanisms.find((m) => m.code === '2.4')!.components.filter((c) => c.visibleToSchools))
      expect(component.organisationKinds, component.code).toEqual(['school', 'preschool']);
    // Every ДОО question of 2.4 is asked of kindergarten roles only.
    for (const question of scoring.questions.filter((q) => q.name.startsWith('m2_4_dou_')))
      expect(
        question.countedRoles.every((role) => kindOf.get(role) === 'preschool'),
        question.name,
      ).toBe(true);
  });

  it('leaves a kindergarten out of a component only school roles are asked: neither answering nor silent', () => {
    const organisations = [organisation('s1', 'school'), organisation('d1', 'preschool', true)];
    const monitoring = corroborate(scoring, organisations)[slotOf('1.1', 'monitoring').corroborationSlot]!;
    expect(monitoring).toMatchObject({
      organisationKinds: ['school'],
      byKind: [],
      respondingSchools: 1,
      answeringSchools: 1,
      confirmingSchools: 1,
      share: 1,
      silentSchools: [],
      notConfirmingSchoolIds: [],
    });
    // Under the rule before answering schools, a kindergarten would otherwise have counted as not confirming.
    const overResponding = structuredClone(regional);
    overResponding.scoring.corroboration.share = { over: 'responding_schools' };
    const legacy = compileScoring(overResponding, codes);
    expect(corroborate(legacy, organisations)[slotOf('1.1', 'monitoring').corroborationSlot]).toMatchObject({
      respondingSchools: 1,
      share: 1,
    });
    expect(confirmingShares(legacy, organisations)).toEqual(corroborate(legacy, organisations).map((c) => c.share));
  });

  it('counts schools and kindergartens together on a component both are asked, kind by kind', () => {
    const organisations = [organisation('s1', 'school'), organisation('s2', 'school'), organisation('d1', 'preschool', true)];
    const monitoring = corroborate(scoring, organisations)[slotOf('2.4', 'monitoring').corroborationSlot]!;
    expect(monitoring).toMatchObject({
      organisationKinds: ['school', 'preschool'],
      respondingSchools: 3,
      answeringSchools: 3,
      confirmingSchools: 2,
      share: 2 / 3,
      confirmingSchoolIds: ['s1', 's2'],
      notConfirmingSchoolIds: ['d1'],
      byKind: [
        { organisationKind: 'school', respondingSchools: 2, answeringSchools: 2, confirmingSchools: 2 },
        { organisationKind: 'preschool', respondingSchools: 1, answeringSchools: 1, confirmingSchools: 0 },
      ],
    });
    expect(confirmingShares(scoring, organisations)).toEqual(corroborate(scoring, organisations).map((c) => c.share));
  });
});
