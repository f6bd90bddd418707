import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire, selectMechanisms, type SurveyElement } from './assemble';
import { evidenceQuestionNames } from './methodology.schemas';
import { findMethodology } from './methodology.repo';

const federal = findMethodology('federal-2020')!;

describe('assembleQuestionnaire', () => {
  const questionnaire = assembleQuestionnaire(federal, ['2.1', '1.1'], 'deputy_director');

  it('makes one page per chosen mechanism, in catalogue order, whatever order they were chosen in', () => {
    expect(questionnaire.pages.map((page) => page.name)).toEqual(['m1_1', 'm2_1']);
    expect(questionnaire.pages[0]!.title).toBe('Система оценки качества подготовки обучающихся');
    expect(assembleQuestionnaire(federal, ['1.1', '2.1'], 'deputy_director')).toEqual(questionnaire);
  });

  it('is deterministic and leaves the methodology as it was', () => {
    const before = JSON.stringify(federal);
    expect(JSON.stringify(assembleQuestionnaire(federal, ['2.1', '1.1'], 'deputy_director'))).toBe(JSON.stringify(questionnaire));
    expect(JSON.stringify(federal)).toBe(before);
  });

  it('asks a role only its own questions', () => {
    const names = (role: 'director' | 'teacher') =>
      assembleQuestionnaire(federal, ['2.2'], role).pages.flatMap((page) => page.elements.map((e) => e.name));
    expect(names('director')).toContain('m2_2_assessment_held');
    expect(() => assembleQuestionnaire(federal, ['2.2'], 'teacher')).toThrow(
      'Выбранные механизмы не содержат вопросов для роли «Педагогический работник»',
    );
  });

  it('turns an answer scale into choices with stable values and Russian texts', () => {
    const question = questionnaire.pages[0]!.elements.find((element) => element.name === 'm1_1_results_collected')!;
    expect(question.choices).toEqual([
      { value: 'yes', text: 'Да' },
      { value: 'partly', text: 'Частично' },
      { value: 'no', text: 'Нет' },
      { value: 'dont_know', text: 'Затрудняюсь ответить' },
    ]);
    expect(question).not.toHaveProperty('scale');
  });

  it('sets a progress bar, page-by-page validation and Russian navigation', () => {
    expect(questionnaire).toMatchObject({
      locale: 'ru',
      title: 'Анкета заместителя руководителя общеобразовательной организации',
      showProgressBar: true,
      progressBarType: 'pages',
      checkErrorsMode: 'onValueChanged',
      pagePrevText: 'Назад',
      pageNextText: 'Далее',
      completeText: 'Отправить анкету',
    });
  });

  it('refuses unknown mechanisms and an empty choice', () => {
    expect(() => assembleQuestionnaire(federal, ['1.1', '9.9'], 'director')).toThrow('нет механизмов: 9.9');
    expect(() => selectMechanisms(federal, [])).toThrow('Не выбран ни один механизм');
  });
});

describe('assembleMunicipalForm', () => {
  const form = assembleMunicipalForm(federal, ['2.1']);
  const page = form.pages[0]!;

  it('has a panel for every cycle component, then the key indicators', () => {
    expect(page.title).toBe('2.1. Система объективности процедур оценки качества образования и олимпиад школьников');
    expect(page.elements.map((panel) => panel.title)).toEqual([
      ...federal.cycleComponents.map((component, index) => `${index + 1}. ${component.title}`),
      'Ключевые показатели механизма',
    ]);
    const indicators = (page.elements.at(-1)!.elements as SurveyElement[]).map((question) => question.name);
    expect(indicators).toContain('m2_1_medal_nonconfirmation_index');
    expect(indicators).toContain('m2_1_vpr_nonobjectivity_index');
    expect(form.completeText).toBe('Отправить форму');
  });

  it('asks, per component, whether it exists and which document sets it, revealed only when it exists', () => {
    const names = evidenceQuestionNames('2.1', 'analysis');
    const panel = page.elements.find((element) => element.name === names.panel)!;
    expect(panel.description).toMatch(/признаками необъективности/);
    const questions = panel.elements as SurveyElement[];
    expect(questions.map((question) => question.name)).toEqual([
      names.exists,
      names.documentType,
      names.documentTitle,
      names.documentDate,
      names.documentNumber,
      names.url,
    ]);
    expect(questions[0]).toMatchObject({ title: 'Проводится ли анализ результатов мониторинга?', isRequired: true });
    for (const question of questions.slice(1)) expect(question.visibleIf).toBe(`{${names.exists}} = 'yes'`);
    expect(questions[1]!.choices).toEqual(federal.municipalForm.documentTypes);
  });
});
