import { describe, expect, it } from 'vitest';
import { checkMethodologyDocument, MAX_SHORT_TEXT } from './document-check';
import { findMethodology } from './methodology.repo';
import type { Methodology } from './methodology.schemas';

/** A mutable copy of the shipped federal version. */
const federal = (): Methodology => structuredClone<Methodology>(findMethodology('federal-2020')!);
const mechanism = (m: Methodology, code: string) => m.mechanisms.find((x) => x.code === code)!;
const mechanismIndex = (m: Methodology, code: string) => m.mechanisms.findIndex((x) => x.code === code);

/** A broken document and the problems the checker must name, each by path, in Russian. */
const broken: Array<[string, (m: Methodology) => unknown, Array<{ path: string; message: string | RegExp }>]> = [
  ['not an object', () => 'методика', [{ path: '(документ)', message: /объект/ }]],
  ['an empty title', (m) => ({ ...m, title: ' ' }), [{ path: 'title', message: 'Текст не может быть пустым' }]],
  [
    'a scoring tag naming a component that does not exist',
    (m) => {
      mechanism(m, '2.1').questionnaire.questions[1]!.scoring!.component = 'audit';
      return m;
    },
    [{ path: 'mechanisms[4].questionnaire.questions[1].scoring.component', message: 'Неизвестный компонент цикла «audit»' }],
  ],
  [
    'a confirming value that is not an answer of the question',
    (m) => {
      mechanism(m, '2.1').questionnaire.questions[1]!.scoring!.confirming = ['maybe'];
      return m;
    },
    [
      {
        path: 'mechanisms[4].questionnaire.questions[1].scoring.confirming',
        message: 'Значение «maybe» не входит в варианты ответа вопроса',
      },
    ],
  ],
  [
    'a visibleIf that refers to a question the mechanism does not have',
    (m) => {
      mechanism(m, '1.1').questionnaire.questions[0]!.question.visibleIf = "{m1_1_nowhere} = 'yes'";
      return m;
    },
    [
      {
        path: 'mechanisms[0].questionnaire.questions[0]',
        message: 'Условие ссылается на вопрос «m1_1_nowhere», которого нет в анкете механизма',
      },
    ],
  ],
  [
    'a component schools can see left without questions',
    (m) => {
      for (const item of mechanism(m, '1.4').questionnaire.questions) if (item.scoring?.component === 'decisions') delete item.scoring;
      return m;
    },
    [{ path: 'mechanisms[3].questionnaire.questions', message: 'Нет вопросов, подтверждающих компонент «decisions»' }],
  ],
  [
    'a SurveyJS property survey-core does not know',
    (m) => {
      (mechanism(m, '2.2').questionnaire.questions[0]!.question as Record<string, unknown>).isRequried = true;
      return m;
    },
    [{ path: 'mechanisms[5].questionnaire.questions[0].question', message: /^survey-core: .*isRequried/ }],
  ],
  [
    'a title too long to read',
    (m) => {
      m.levels[0]!.label = 'а'.repeat(MAX_SHORT_TEXT + 1);
      return m;
    },
    [{ path: 'levels[0].label', message: `Слишком длинный текст: ${MAX_SHORT_TEXT + 1} знаков при допустимых ${MAX_SHORT_TEXT}` }],
  ],
  [
    'level bands that do not increase',
    (m) => {
      m.scoring.levelBands[3]!.fromPercent = 40;
      return m;
    },
    [{ path: 'scoring.levelBands[3].fromPercent', message: 'Границы уровней должны строго возрастать' }],
  ],
];

describe('checkMethodologyDocument', () => {
  it('finds nothing in the shipped versions', () => {
    for (const id of ['federal-2020', 'regional-preschool-2021']) {
      const check = checkMethodologyDocument(structuredClone(findMethodology(id)!));
      expect(check.problems, id).toEqual([]);
      expect(check.methodology?.id).toBe(id);
    }
  });

  it.each(broken)('names %s by its path', (_, breakIt, expected) => {
    const m = federal();
    const check = checkMethodologyDocument(breakIt(m));
    expect(check.methodology).toBeNull();
    expect(check.problems).toEqual(
      expected.map(({ path, message }) => ({ path, message: typeof message === 'string' ? message : expect.stringMatching(message) })),
    );
  });

  it('names every problem of a document at once', () => {
    const m = federal();
    m.title = '';
    m.scoring.levelBands[3]!.fromPercent = 40;
    mechanism(m, '2.1').questionnaire.questions[1]!.scoring!.confirming = ['maybe'];
    expect(checkMethodologyDocument(m).problems.map((p) => p.path)).toEqual([
      'title',
      'scoring.levelBands[3].fromPercent',
      `mechanisms[${mechanismIndex(m, '2.1')}].questionnaire.questions[1].scoring.confirming`,
    ]);
  });
});
