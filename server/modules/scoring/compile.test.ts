import { describe, expect, it } from 'vitest';
import { findMethodology } from '../methodology/methodology.repo';
import { compileScoring } from './compile';

const federal = findMethodology('federal-2020')!;
const allCodes = federal.mechanisms.map((m) => m.code);
const compiled = compileScoring(federal, allCodes);

describe('compileScoring', () => {
  it('lists every scored question once, and nothing else', () => {
    const scored = federal.mechanisms.flatMap((m) =>
      m.questionnaire.questions.filter((item) => item.scoring).map((item) => item.question.name),
    );
    const names = compiled.questions.map((q) => q.name);
    expect([...names].sort()).toEqual([...scored].sort());
    expect(names).toHaveLength(68);
    expect(names).not.toContain('m1_1_analysis_comparable');
  });

  it('lists the evidence fields of the municipal form, «Другой документ» text included', () => {
    expect(compiled.municipalFormKeys).toHaveLength(9 * 9 * 7);
    expect(compiled.municipalFormKeys.slice(0, 7)).toEqual([
      'm1_1_goals_exists',
      'm1_1_goals_doc_type',
      'm1_1_goals_doc_type-Comment',
      'm1_1_goals_doc_title',
      'm1_1_goals_doc_date',
      'm1_1_goals_doc_number',
      'm1_1_goals_url',
    ]);
  });

  it('keeps the chosen mechanisms in catalogue order and their keys only', () => {
    const two = compileScoring(federal, ['2.1', '1.2']);
    expect(two.mechanisms.map((m) => m.code)).toEqual(['1.2', '2.1']);
    expect(two.questions.every((q) => q.name.startsWith('m1_2_') || q.name.startsWith('m2_1_'))).toBe(true);
    expect(() => compileScoring(federal, ['9.9'])).toThrow(/9\.9/);
  });

  it('files each scored question under its cycle component with its rule and confirming values', () => {
    const recommendations = compiled.mechanisms.find((m) => m.code === '2.1')!.components.find((c) => c.code === 'recommendations')!;
    expect(recommendations.questions).toEqual([
      {
        index: compiled.questions.findIndex((q) => q.name === 'm2_1_recommendations_received'),
        name: 'm2_1_recommendations_received',
        title: expect.stringMatching(/^Получала ли школа/),
        rule: { kind: 'role', role: 'director' },
        role: 'director',
        countedRoles: ['director'],
        confirming: new Set(['yes']),
        confirmingAnswers: ['Да'],
      },
    ]);
    const goals = compiled.mechanisms[0]!.components[0]!;
    expect(goals).toMatchObject({ code: 'goals', visibleToSchools: false, questions: [], corroborationSlot: -1 });
  });

  it('numbers the scored questions and the components schools can see, for the one pass over the schools', () => {
    compiled.questions.forEach((question, index) => expect(question.index).toBe(index));
    const visible = compiled.mechanisms.flatMap((m) => m.components.filter((c) => c.visibleToSchools));
    expect(compiled.corroboratedComponents).toEqual(visible);
    visible.forEach((component, slot) => expect(component.corroborationSlot).toBe(slot));
  });

  it('names what stored outcome strings were computed against: the same for the same questions, else different', () => {
    expect(compiled.inputKey).toMatch(/^[\w-]{22}$/);
    expect(compileScoring(federal, allCodes).inputKey).toBe(compiled.inputKey);
    expect(compileScoring(federal, ['2.1', '1.2']).inputKey).not.toBe(compiled.inputKey);
    const question = federal.mechanisms[1]!.questionnaire.questions.find((item) => item.scoring)!;
    const confirmingChanged = structuredClone(federal);
    confirmingChanged.mechanisms[1]!.questionnaire.questions.find(
      (item) => item.question.name === question.question.name,
    )!.scoring!.confirming = ['no'];
    expect(compileScoring(confirmingChanged, allCodes).inputKey).not.toBe(compiled.inputKey);
    const neutralChanged = structuredClone(federal);
    neutralChanged.scoring.corroboration.neutralValues = ['dont_know'];
    expect(compileScoring(neutralChanged, allCodes).inputKey).not.toBe(compiled.inputKey);
    // Thresholds do not change what an answer says, so they keep the stored outcomes valid.
    const thresholdChanged = structuredClone(federal);
    thresholdChanged.scoring.corroboration.majorityAbove = 0.6;
    expect(compileScoring(thresholdChanged, allCodes).inputKey).toBe(compiled.inputKey);
  });

  it('uses the mechanism’s own recommendation for a component, else the general one', () => {
    const objectivity = compiled.mechanisms.find((m) => m.code === '2.1')!;
    const byCode = new Map(objectivity.components.map((c) => [c.code, c.recommendation]));
    expect(byCode.get('monitoring')).toBe(federal.mechanisms.find((m) => m.code === '2.1')!.recommendations.components.monitoring);
    expect(byCode.get('goals')).toBe(federal.recommendations.components.goals);
  });

  it('orders the caps from the highest level down and resolves their components to cycle positions', () => {
    expect(compiled.caps.map((cap) => [cap.level, cap.requires.map((r) => [r.componentIndices, r.minPoints])])).toEqual([
      [
        3,
        [
          [[0, 1, 2, 3, 4, 5, 6, 7, 8], 1],
          [[8], 2],
        ],
      ],
      [2, [[[0, 1, 3, 4], 1]]],
    ]);
    expect(compiled.maxMechanismPoints).toBe(18);
    expect(compiled.bandRanges).toEqual(['(меньше 25\u00a0%)', '(от 25 до 50\u00a0%)', '(от 50 до 80\u00a0%)', '(от 80\u00a0%)']);
  });
});
