import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { checkMethodologyDocument } from '@server/modules/methodology/document-check';
import {
  addAnswerScale,
  addCycleComponent,
  addRespondentRole,
  componentRemovalRefusal,
  newComponentProblems,
  newRoleProblems,
  newScaleProblem,
  removeAnswerScale,
  removeCycleComponent,
  removeRespondentRole,
  roleRemovalRefusal,
  scaleRemovalRefusal,
  unusedRespondentRoles,
  type CycleComponentInfo,
  type RespondentRoleInfo,
} from './document-additions';
import { setIn, type MethodologyDocument } from './document-edits';

const federal: MethodologyDocument = structuredClone(findMethodology('federal-2020')!);
const problemsOf = (document: unknown) => checkMethodologyDocument(document).problems;

describe('answer scales', () => {
  it('adds a yes/no scale under a free code and refuses a taken or malformed one', () => {
    expect(newScaleProblem(federal, 'yes_no')).toBe('Код «yes_no» уже занят');
    expect(newScaleProblem(federal, 'Шкала')).toMatch(/латинские буквы/);
    expect(newScaleProblem(federal, '')).toBe('Укажите код шкалы');
    expect(addAnswerScale(federal, 'yes_no')).toBe(federal);
    const next = addAnswerScale(federal, 'often_rarely');
    expect(next.answerScales.often_rarely).toEqual([
      { value: 'yes', text: 'Да' },
      { value: 'no', text: 'Нет' },
    ]);
    expect(problemsOf(next)).toEqual([]);
  });

  it('removes a scale nobody uses and refuses one a question uses, naming the questions', () => {
    const next = addAnswerScale(federal, 'often_rarely');
    expect(scaleRemovalRefusal(next, 'often_rarely')).toBeNull();
    expect(removeAnswerScale(next, 'often_rarely').answerScales).toEqual(federal.answerScales);
    const refusal = scaleRemovalRefusal(federal, 'yes_no');
    expect(refusal).toMatch(/^Шкалу «yes_no» нельзя удалить, её используют: вопрос 2 механизма 1\.1, .* и ещё \d+\.$/);
    expect(removeAnswerScale(federal, 'yes_no')).toBe(federal);
  });
});

const educator: RespondentRoleInfo = {
  code: 'educator',
  label: 'Воспитатель',
  organisationKind: 'preschool',
  questionnaireTitle: 'Анкета воспитателя',
  questionnaireDescription: 'Ответьте на вопросы о работе детского сада.',
};

describe('respondent roles', () => {
  it('offers the roles of the closed list the version lacks and adds one with its organisation kind', () => {
    expect(unusedRespondentRoles(federal)).toEqual(['head', 'senior_educator', 'educator']);
    const next = addRespondentRole(federal, educator);
    expect(next.respondentRoles.at(-1)).toEqual(educator);
    expect(unusedRespondentRoles(next)).toEqual(['head', 'senior_educator']);
    expect(problemsOf(next)).toEqual([]);
  });

  it('names each missing field of a new role and refuses a role already declared', () => {
    const blank = { ...educator, code: 'director' as const, label: ' ', questionnaireTitle: '', questionnaireDescription: '' };
    expect(newRoleProblems(federal, blank)).toEqual({
      code: 'Выберите роль, которой ещё нет в версии',
      label: 'Укажите, как роль называется в анкетах',
      questionnaireTitle: 'Укажите заголовок анкеты',
      questionnaireDescription: 'Укажите вступление анкеты',
    });
    expect(addRespondentRole(federal, blank)).toBe(federal);
  });

  it('removes an unused role and refuses one that questions or the default rule ask', () => {
    const next = addRespondentRole(federal, educator);
    expect(roleRemovalRefusal(next, 'educator')).toBeNull();
    expect(removeRespondentRole(next, 'educator').respondentRoles).toEqual(federal.respondentRoles);
    expect(roleRemovalRefusal(federal, 'teacher')).toMatch(/^Роль «Педагогический работник» нельзя удалить, её используют: вопрос/);
    const ruled = setIn(next, ['scoring', 'corroboration', 'defaultRule'], { kind: 'role', role: 'educator' });
    expect(roleRemovalRefusal(ruled, 'educator')).toBe(
      'Роль «Воспитатель» нельзя удалить, её используют: правила оценки (подтверждение школами).',
    );
    expect(removeRespondentRole(ruled, 'educator')).toBe(ruled);
  });
});

const review: CycleComponentInfo = {
  code: 'review',
  title: 'Пересмотр механизма',
  description: 'Механизм пересматривают по итогам года.',
  municipalQuestion: 'Пересматривается ли механизм?',
  visibleToSchools: false,
};

describe('cycle components', () => {
  it('adds a component last in the cycle; the checker then asks for its texts in every mechanism', () => {
    const next = addCycleComponent(federal, review);
    expect(next.cycleComponents.at(-1)).toEqual(review);
    const problems = problemsOf(next);
    expect(problems).toContainEqual({ path: 'recommendations.components', message: 'Нет общей рекомендации для компонента «review»' });
    expect(problems).toContainEqual({
      path: 'mechanisms[0].municipalForm.components',
      message: 'Нет описания компонента «review» для муниципальной формы',
    });
  });

  it('names what is missing in a new component', () => {
    expect(newComponentProblems(federal, { ...review, code: 'goals', title: '', description: '', municipalQuestion: '' })).toEqual({
      code: 'Код «goals» уже занят',
      title: 'Укажите название компонента',
      description: 'Опишите компонент',
      municipalQuestion: 'Укажите вопрос муниципальной формы',
    });
  });

  it('removes a component with the texts only it had, and refuses one that scoring or caps use', () => {
    const added = addCycleComponent(federal, review);
    const described = setIn(
      setIn(added, ['recommendations', 'components', 'review'], 'Текст'),
      ['mechanisms', 0, 'municipalForm', 'components', 'review'],
      'Текст',
    );
    expect(componentRemovalRefusal(described, 'review')).toBeNull();
    const removed = removeCycleComponent(described, 'review');
    expect(removed.cycleComponents).toEqual(federal.cycleComponents);
    expect(removed.recommendations).toEqual(federal.recommendations);
    expect(removed.mechanisms[0]!.municipalForm).toEqual(federal.mechanisms[0]!.municipalForm);
    expect(problemsOf(removed)).toEqual([]);
    expect(componentRemovalRefusal(federal, 'effectiveness')).toBe(
      'Компонент «Анализ эффективности принятых мер» нельзя удалить, его используют: ограничение уровней 1.',
    );
    expect(componentRemovalRefusal(federal, 'monitoring')).toMatch(
      /его используют: ограничение уровней 2, вопрос 1 механизма 1\.1, .* и ещё \d+\.$/,
    );
    expect(removeCycleComponent(federal, 'monitoring')).toBe(federal);
  });
});
