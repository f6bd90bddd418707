import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire, type SurveyJson } from './assemble';
import { checkAnswers, compileChecker, MAX_RESPONSE_CHARS, type CheckResult } from './check';
import { findMethodology } from './methodology.repo';
import { sampleAnswers } from './sample-answers';

const federal = findMethodology('federal-2020')!;
const allCodes = federal.mechanisms.map((mechanism) => mechanism.code);
const directorForm = assembleQuestionnaire(federal, allCodes, 'director');
const teacherForm = assembleQuestionnaire(federal, allCodes, 'teacher');
const honestDirector = sampleAnswers(directorForm);

const russian = /[А-Яа-яЁё]/;

/** The single error of a result, checked to be Russian and to name its question. */
function onlyError(result: CheckResult, question: string) {
  expect(result.ok).toBe(false);
  const errors = result.errors.filter((error) => error.question === question);
  expect(errors, JSON.stringify(result.errors)).toHaveLength(1);
  expect(errors[0]!.message).toMatch(russian);
  return errors[0]!;
}

describe('checkAnswers: honest responses', () => {
  it.each(federal.respondentRoles.map((info) => info.code))('accepts a complete honest response of the %s', (role) => {
    const form = assembleQuestionnaire(federal, allCodes, role);
    const answers = sampleAnswers(form);
    expect(checkAnswers(form, answers, 'complete')).toEqual({ ok: true, errors: [] });
  });

  it('accepts a complete municipal form', () => {
    const form = assembleMunicipalForm(federal, allCodes);
    expect(checkAnswers(form, sampleAnswers(form), 'complete')).toEqual({ ok: true, errors: [] });
  });

  it('accepts «Другое» with its text, «Затрудняюсь ответить» and an unopened follow-up', () => {
    const answers: Record<string, unknown> = {
      ...honestDirector,
      m1_1_recommendations_use: ['work_programs', 'other'],
      'm1_1_recommendations_use-Comment': 'Обсудили на педагогическом совете',
      m1_1_analysis_received: 'dont_know',
    };
    delete answers.m1_1_analysis_comparable;
    expect(checkAnswers(directorForm, answers, 'complete')).toEqual({ ok: true, errors: [] });
  });

  it('accepts an empty or half-filled response while saving progress', () => {
    expect(checkAnswers(directorForm, {}, 'partial').ok).toBe(true);
    expect(checkAnswers(directorForm, { m1_1_results_collected: 'yes', m1_1_recommendations_use: ['other'] }, 'partial').ok).toBe(true);
  });
});

describe('checkAnswers: rejections, each in Russian and naming the question', () => {
  it('a choice the methodology declares exclusive, combined with others (an expression validator)', () => {
    const answers = { ...honestDirector, m1_1_recommendations_received: 'yes', m1_1_recommendations_use: ['work_programs', 'not_yet'] };
    const error = onlyError(checkAnswers(directorForm, answers, 'complete'), 'm1_1_recommendations_use');
    expect(error.message).toMatch(/«Пока не использовали» нельзя сочетать/);
    expect(checkAnswers(directorForm, { ...answers, m1_1_recommendations_use: ['not_yet'] }, 'complete').ok).toBe(true);
  });

  it('a missing required answer', () => {
    const answers = { ...honestDirector };
    delete answers.m2_1_recheck;
    const error = onlyError(checkAnswers(directorForm, answers, 'complete'), 'm2_1_recheck');
    expect(error.message).toBe('Пожалуйста, ответьте на вопрос.');
    expect(error.title).toMatch(/перепроверку работ/);
  });

  it('«Другое» without its text on completion', () => {
    const answers = { ...honestDirector, m1_1_recommendations_use: ['other'] };
    expect(onlyError(checkAnswers(directorForm, answers, 'complete'), 'm1_1_recommendations_use').message).toMatch(/Другое/);
  });

  it('an answer to a question hidden by its condition', () => {
    const answers = { ...honestDirector, m1_1_analysis_received: 'no' };
    const error = onlyError(checkAnswers(directorForm, answers, 'complete'), 'm1_1_analysis_comparable');
    expect(error.message).toMatch(/скрыт/);
  });

  it('a value that is not among the choices', () => {
    const answers = { ...honestDirector, m1_1_results_collected: 'maybe' };
    expect(onlyError(checkAnswers(directorForm, answers, 'complete'), 'm1_1_results_collected').message).toMatch(
      /«maybe» нет среди ответов/,
    );
    expect(checkAnswers(directorForm, { m1_3_opportunities: ['technoparks', 'circus'] }, 'partial').errors[0]!.message).toMatch(/«circus»/);
  });

  it('an unknown key, and a comment key for a question without «Другое»', () => {
    const result = checkAnswers(directorForm, { ...honestDirector, injected: 'x', 'm2_1_recheck-Comment': 'y' }, 'complete');
    expect(onlyError(result, 'injected').message).toBe('В анкете нет такого вопроса.');
    expect(onlyError(result, 'm2_1_recheck-Comment').message).toBe('В анкете нет такого вопроса.');
  });

  it('a string where a number is expected', () => {
    const form = assembleMunicipalForm(federal, ['2.1']);
    const answers = { ...sampleAnswers(form), m2_1_medal_nonconfirmation_index: '12' };
    expect(onlyError(checkAnswers(form, answers, 'partial'), 'm2_1_medal_nonconfirmation_index').message).toBe(
      'Ожидается число, получено: текст.',
    );
  });

  it("a number outside the indicator's range and a malformed link", () => {
    const form = assembleMunicipalForm(federal, ['2.1']);
    const result = checkAnswers(
      form,
      { ...sampleAnswers(form), m2_1_medal_nonconfirmation_index: 140, m2_1_goals_url: 'сайт района' },
      'complete',
    );
    expect(onlyError(result, 'm2_1_medal_nonconfirmation_index').message).toMatch(/не должно превышать 100/);
    expect(onlyError(result, 'm2_1_goals_url').message).toMatch(/http:\/\/ или https:\/\//);
  });

  it('oversized text, in an answer and in the text of «Другое»', () => {
    const form = assembleMunicipalForm(federal, ['1.1']);
    const long = checkAnswers(form, { ...sampleAnswers(form), m1_1_goals_doc_title: 'а'.repeat(501) }, 'partial');
    expect(onlyError(long, 'm1_1_goals_doc_title').message).toBe('Слишком длинный ответ: 501 символ при допустимых 500.');
    const other = checkAnswers(
      directorForm,
      { m1_1_recommendations_use: ['other'], 'm1_1_recommendations_use-Comment': 'б'.repeat(2001) },
      'partial',
    );
    expect(onlyError(other, 'm1_1_recommendations_use-Comment').message).toMatch(/2001 символ/);
  });

  it('a response too large as a whole', () => {
    const result = checkAnswers(directorForm, { junk: 'x'.repeat(MAX_RESPONSE_CHARS) }, 'partial');
    expect(result.errors).toEqual([{ question: '', message: expect.stringMatching(/Слишком большой ответ/) }]);
  });

  it('wrong shapes: a single value for a checkbox, a list for a radio button, text for yes/no, an impossible date', () => {
    const municipal = assembleMunicipalForm(federal, ['1.1']);
    expect(onlyError(checkAnswers(directorForm, { m1_3_opportunities: 'technoparks' }, 'partial'), 'm1_3_opportunities').message).toMatch(
      /Ожидается список/,
    );
    expect(onlyError(checkAnswers(directorForm, { m2_1_recheck: ['yes'] }, 'partial'), 'm2_1_recheck').message).toMatch(
      /Ожидается один вариант/,
    );
    expect(onlyError(checkAnswers(teacherForm, { m2_5_class_teacher: 'да' }, 'partial'), 'm2_5_class_teacher').message).toMatch(
      /«да» или «нет»/,
    );
    expect(
      onlyError(checkAnswers(municipal, { m1_1_goals_exists: 'yes', m1_1_goals_doc_date: '2021-02-30' }, 'partial'), 'm1_1_goals_doc_date')
        .message,
    ).toMatch(/ГГГГ-ММ-ДД/);
  });

  it('«ничего из перечисленного» together with other choices, and repeated choices', () => {
    expect(
      onlyError(checkAnswers(directorForm, { m1_3_opportunities: ['none', 'technoparks'] }, 'partial'), 'm1_3_opportunities').message,
    ).toMatch(/нельзя выбирать вместе/);
    expect(
      onlyError(checkAnswers(directorForm, { m1_3_opportunities: ['technoparks', 'technoparks'] }, 'partial'), 'm1_3_opportunities')
        .message,
    ).toMatch(/повторяются/);
  });

  it('a rating outside its scale', () => {
    const form: SurveyJson = {
      title: 'Проверка',
      description: 'Шкала оценок',
      locale: 'ru',
      pages: [
        {
          name: 'p',
          title: 'Страница',
          description: 'Оценка',
          elements: [{ type: 'rating', name: 'support_rating', title: 'Оцените поддержку МОУО', rateMin: 1, rateMax: 5, isRequired: true }],
        },
      ],
    };
    expect(checkAnswers(form, { support_rating: 4 }, 'complete').ok).toBe(true);
    expect(onlyError(checkAnswers(form, { support_rating: 7 }, 'complete'), 'support_rating').message).toBe(
      'Оценки 7 нет на шкале этого вопроса.',
    );
    expect(onlyError(checkAnswers(form, { support_rating: '4' }, 'complete'), 'support_rating').message).toMatch(/числом/);
  });

  it('refuses to check a definition with a question type it does not understand', () => {
    const form: SurveyJson = {
      title: 'Проверка',
      description: 'Проверка',
      pages: [{ name: 'p', title: 'Стр.', description: 'Стр.', elements: [{ type: 'matrix', name: 'grid', title: 'Таблица' }] }],
    };
    expect(() => checkAnswers(form, {}, 'partial')).toThrow('Проверка ответов не поддерживает вопросы типа «matrix» (grid)');
  });

  it('a «Другое» text while «Другое» is not chosen, on submit only', () => {
    const stray = { ...honestDirector, 'm1_1_recommendations_use-Comment': 'Обсудили на педсовете' };
    expect(honestDirector.m1_1_recommendations_use).not.toContain('other');
    expect(onlyError(checkAnswers(directorForm, stray, 'complete'), 'm1_1_recommendations_use-Comment').message).toBe(
      'Пояснение относится к варианту «Другое», а он не выбран.',
    );
    // A draft may hold it for a moment: the questionnaire clears the text when «Другое» is unticked.
    expect(checkAnswers(directorForm, stray, 'partial').ok).toBe(true);
    const municipal = assembleMunicipalForm(federal, ['1.1']);
    const document = { ...sampleAnswers(municipal), 'm1_1_goals_doc_type-Comment': 'Устав' };
    expect(onlyError(checkAnswers(municipal, document, 'complete'), 'm1_1_goals_doc_type-Comment').message).toMatch(/не выбран/);
    expect(checkAnswers(municipal, { ...document, m1_1_goals_doc_type: 'other' }, 'complete').ok).toBe(true);
  });

  it('conditions it has not met in the shipped forms: requiredIf, enableIf, a step and a bound from an expression', () => {
    const form: SurveyJson = {
      title: 'Проверка',
      description: 'Условия',
      pages: [
        {
          name: 'p',
          title: 'Страница',
          description: 'Условия',
          elements: [
            { type: 'radiogroup', name: 'mode', title: 'Режим', choices: ['strict', 'locked', 'free'] },
            {
              type: 'text',
              name: 'reason',
              title: 'Причина',
              requiredIf: "{mode} = 'strict'",
              enableIf: "{mode} != 'locked'",
              isRequired: true,
            },
            { type: 'text', name: 'low', title: 'От', inputType: 'number', step: 0.5 },
            { type: 'text', name: 'high', title: 'До', inputType: 'number', minValueExpression: '{low}' },
          ],
        },
      ],
    };
    expect(onlyError(checkAnswers(form, { mode: 'strict' }, 'complete'), 'reason').message).toBe('Пожалуйста, ответьте на вопрос.');
    expect(checkAnswers(form, { mode: 'free' }, 'complete').ok).toBe(true);
    // A question disabled by its condition is not checked, as in survey-core.
    expect(checkAnswers(form, { mode: 'locked', reason: '   ' }, 'complete').ok).toBe(true);
    expect(onlyError(checkAnswers(form, { low: 1.25 }, 'complete'), 'low').message).toMatch(/шага 0.5/);
    expect(onlyError(checkAnswers(form, { low: 5, high: 4 }, 'complete'), 'high').message).toBe('Значение не должно быть меньше 5.');
  });

  it('refuses to compile what it does not understand rather than ignore it', () => {
    const withElement = (element: Record<string, unknown>): SurveyJson => ({
      title: 'Проверка',
      description: 'Проверка',
      pages: [{ name: 'p', title: 'Стр.', description: 'Стр.', elements: [element] }],
    });
    const question = { type: 'text', name: 'q', title: 'Вопрос' };
    expect(() => compileChecker(withElement({ ...question, readOnly: true }))).toThrow('не поддерживает свойство «readOnly» (q)');
    expect(() => compileChecker(withElement({ ...question, inputType: 'email' }))).toThrow('поле ввода «email»');
    expect(() => compileChecker(withElement({ ...question, validators: [{ type: 'numeric', minValue: 1 }] }))).toThrow(
      'валидатор «numeric»',
    );
    expect(() =>
      compileChecker(withElement({ type: 'panel', name: 'box', title: 'Блок', visibleIf: '{a} = 1', elements: [question] })),
    ).toThrow('свойство «visibleIf» (box)');
    expect(() => compileChecker(withElement(question))).not.toThrow();
  });

  it('a payload that is not an object of answers', () => {
    for (const payload of [null, [], 'ответы', 5]) {
      expect(checkAnswers(directorForm, payload, 'partial').errors).toEqual([
        { question: '', message: 'Ответы должны быть объектом вида «вопрос — ответ».' },
      ]);
    }
  });

  it('gives the same verdict whatever was checked before with the same definition', () => {
    const hidden = { ...honestDirector, m1_1_analysis_received: 'no' };
    const first = checkAnswers(directorForm, hidden, 'complete');
    expect(checkAnswers(directorForm, honestDirector, 'complete').ok).toBe(true);
    expect(checkAnswers(directorForm, hidden, 'complete')).toEqual(first);
    expect(checkAnswers(directorForm, {}, 'complete').ok).toBe(false);
    expect(checkAnswers(directorForm, honestDirector, 'complete').ok).toBe(true);
  });

  it('while saving progress: ignores missing answers and hidden follow-ups, still refuses a wrong shape', () => {
    const saved = { m1_1_analysis_received: 'no', m1_1_analysis_comparable: 'yes' };
    expect(checkAnswers(directorForm, saved, 'partial').ok).toBe(true);
    expect(checkAnswers(directorForm, saved, 'complete').errors.map((error) => error.question)).toContain('m1_1_analysis_comparable');
    expect(checkAnswers(directorForm, { m1_1_analysis_received: 42 }, 'partial').ok).toBe(false);
  });
});
