import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { addRespondentRole } from './document-additions';
import { type MethodologyDocument } from './document-edits';
import { problemPlace } from './problem-place';

const federal: MethodologyDocument = structuredClone(findMethodology('federal-2020')!);

describe('problemPlace', () => {
  it('names a question of a mechanism by the mechanism, its number and its opening words', () => {
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.questions[1].question.visibleIf')).toBe(
      'Механизм 1.1 «Система оценки качества подготовки обучающихся», вопрос 2 («Получала ли школа в этом или прошлом…»), условие показа',
    );
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.questions[0].scoring.confirming')).toMatch(
      /^Механизм 1\.1 «.*», вопрос 1 \(«Собирает ли МОУО.*»\), подтверждающие ответы$/,
    );
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.questions[0].question.choices[1].value')).toMatch(
      /, вопрос 1 \(«.*»\), вариант ответа 2, значение$/,
    );
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.questions[0]')).toMatch(/^Механизм 1\.1 «.*», вопрос 1 \(«.*»\)$/);
  });

  it('reads the dotted form of an index as the server may write it', () => {
    expect(problemPlace(federal, 'mechanisms.0.questionnaire.questions.1.roles')).toMatch(
      /^Механизм 1\.1 «.*», вопрос 2 \(«.*»\), кому задаётся$/,
    );
  });

  it('names the other parts of a mechanism', () => {
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.questions')).toMatch(/^Механизм 1\.1 «.*», вопросы анкеты$/);
    expect(problemPlace(federal, 'mechanisms[0].questionnaire.description')).toMatch(/, вступление к вопросам$/);
    expect(problemPlace(federal, 'mechanisms[0].municipalForm.components.goals')).toMatch(/, муниципальная форма, компонент «Цели»$/);
    expect(problemPlace(federal, 'mechanisms[0].recommendations.mechanism')).toMatch(/, рекомендация, когда механизм слаб$/);
    expect(problemPlace(federal, 'mechanisms[0].goal')).toMatch(/^Механизм 1\.1 «.*», цель$/);
  });

  it('names the rules, roles, scales and general parts', () => {
    expect(problemPlace(federal, 'scoring.levelBands[1].fromPercent')).toBe('Правила оценки → пороги уровней, строка 2, процент');
    expect(problemPlace(federal, 'scoring.caps[0].requires[1].minPoints')).toBe(
      'Правила оценки → ограничения уровней, строка 1, условия, строка 2, не меньше баллов',
    );
    const withEducator = addRespondentRole(federal, {
      code: 'educator',
      label: 'Воспитатель',
      organisationKind: 'preschool',
      questionnaireTitle: 'Анкета',
      questionnaireDescription: 'Вступление',
    });
    expect(problemPlace(withEducator, 'respondentRoles[3].questionnaireTitle')).toBe('Роли → Воспитатель, заголовок анкеты');
    expect(problemPlace(federal, 'respondentRoles[2]')).toBe('Роли → Педагогический работник');
    expect(problemPlace(federal, 'answerScales.yes_no[1].text')).toBe('Шкалы ответов → «yes_no», вариант 2, текст');
    expect(problemPlace(federal, 'cycleComponents[0].title')).toMatch(/^Управленческий цикл → компонент 1 «Цели», название$/);
    expect(problemPlace(federal, 'recommendations.components.goals')).toBe('Общие рекомендации → компонент «Цели»');
    expect(problemPlace(federal, 'blocks[1].title')).toMatch(/^Блок 2 «.*», название$/);
    expect(problemPlace(federal, 'municipalForm.documentTypes[0].text')).toBe('Муниципальная форма → виды документов → строка 1 → текст');
    expect(problemPlace(federal, 'title')).toBe('Общие сведения → название');
    expect(problemPlace(federal, '(документ)')).toBe('Документ целиком');
  });

  it('still gives numbers when the document has no titles, and the path when it knows nothing of the place', () => {
    expect(problemPlace(undefined, 'mechanisms[3].questionnaire.questions[5].question.visibleIf')).toBe(
      'Механизм № 4 по порядку, вопрос 6, условие показа',
    );
    expect(problemPlace({}, 'respondentRoles[1].label')).toBe('Роли → роль 2, название');
    expect(problemPlace(federal, 'somethingElse.x')).toBe('somethingElse.x');
  });
});
