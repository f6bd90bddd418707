import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { surveyCoreCheck } from '../../test/survey-core-check';
import { assembleMunicipalForm, assembleQuestionnaire, type SurveyElement, type SurveyJson } from './assemble';
import { compileChecker, type CheckMode } from './check';
import { listMethodologies } from './methodology.repo';
import { sampleAnswers } from './sample-answers';

// The compiled checker against survey-core's own check (the oracle in server/test/survey-core-check.ts): for
// random answer sets — honest, half-filled, and broken in every way a client could break them — both give the same
// verdict and the same messages, for every questionnaire of every shipped catalogue and a definition that uses
// every feature the compiler understands.

// survey-core checks a municipal form (300+ questions) ten times slower than a questionnaire: fewer runs keep
// the suite near a minute. CHECK_PROPERTY_RUNS=1000 runs a long search.
const RUNS = Number(process.env.CHECK_PROPERTY_RUNS ?? 100);
const runsFor = (definition: SurveyJson) => (questionsOf(definition).length > 150 ? Math.ceil(RUNS / 3) : RUNS);

function questionsOf(definition: SurveyJson): SurveyElement[] {
  const walk = (elements: SurveyElement[]): SurveyElement[] =>
    elements.flatMap((element) => (element.type === 'panel' ? walk(element.elements as SurveyElement[]) : [element]));
  return definition.pages.flatMap((page) => walk(page.elements));
}

const choiceValuesOf = (question: SurveyElement) =>
  ((question.choices as unknown[] | undefined) ?? []).map((choice) =>
    typeof choice === 'object' ? (choice as { value: unknown }).value : choice,
  );

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Junk any answer may receive: wrong types, empty and blank values, oversized text. */
const junk = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  '   ',
  [],
  {},
  0,
  1,
  -1,
  12.5,
  true,
  false,
  'yes',
  'да',
  ['yes'],
  'x'.repeat(501),
  { value: 'other' },
);

function answerOf(question: SurveyElement): fc.Arbitrary<unknown> {
  const choices = [...choiceValuesOf(question), 'other', 'none', 'maybe'];
  switch (question.type) {
    case 'radiogroup':
    case 'dropdown':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...choices) }, { weight: 1, arbitrary: junk });
    case 'checkbox':
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.constantFrom(...choices), { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.subarray(choices.slice(0, -1)) },
        { weight: 1, arbitrary: junk },
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom<unknown>(true, false, question.valueTrue ?? 'yes', question.valueFalse ?? 'no'), junk);
    case 'rating':
      return fc.oneof(fc.integer({ min: -1, max: 12 }), junk);
    case 'comment':
      return fc.oneof(fc.string({ maxLength: 20 }), fc.constant('к'.repeat(2001)), junk);
    default:
      switch (question.inputType) {
        case 'number':
          return fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double({ min: -5, max: 120, noNaN: true }), fc.constant('12'), junk);
        case 'date':
          return fc.oneof(
            fc.integer({ min: -3, max: 3 }).map(isoDay),
            fc.constantFrom('1999-12-31', '2000-01-01', '2020-09-01', '2021-02-30', '01.09.2020', '2020-09-01T10:00'),
            junk,
          );
        default:
          return fc.oneof(
            fc.constantFrom('https://example.ru/doc', 'http://a.b', 'сайт района', 'HTTPS://EXAMPLE.RU/X', 'Приказ № 1'),
            fc.string({ maxLength: 12 }),
            junk,
          );
      }
  }
}

/** A random answer set: a start (nothing, a honest response, or half of it), then a few keys rewritten or removed. */
function answerSets(definition: SurveyJson): fc.Arbitrary<Record<string, unknown>> {
  const questions = questionsOf(definition);
  const honest = sampleAnswers(definition);
  const half = Object.fromEntries(Object.entries(honest).filter((_, index) => index % 2 === 0));
  const withOther = questions.filter((question) => question.showOtherItem === true);
  const edits: Array<fc.Arbitrary<[string, unknown]>> = [
    ...questions.map((question) => fc.tuple(fc.constant(String(question.name)), answerOf(question))),
    // «Другое» and its text, together or apart, blank, too long, of a wrong type.
    ...withOther.map((question) =>
      fc.tuple(fc.constant(`${String(question.name)}-Comment`), fc.oneof(fc.string({ maxLength: 8 }), fc.constant('т'.repeat(2001)), junk)),
    ),
    // Keys that are no question: unknown, differently spelled, a comment to a question without «Другое».
    fc.tuple(
      fc.constantFrom(
        'injected',
        String(questions[0]!.name).toUpperCase(),
        ` ${String(questions[0]!.name)}`,
        `${String(questions[0]!.name)}-Comment`,
        '__proto__x',
      ),
      junk,
    ),
  ];
  return fc.tuple(fc.constantFrom(honest, half, {}), fc.array(fc.oneof(...edits), { maxLength: 6 })).map(([start, changes]) => {
    const answers: Record<string, unknown> = { ...start };
    for (const [key, value] of changes) {
      if (value === undefined) delete answers[key];
      else answers[key] = value;
    }
    return answers;
  });
}

function definitionsOfCatalogues(): Array<[string, SurveyJson]> {
  return listMethodologies().flatMap((methodology) => {
    const codes = methodology.mechanisms.map((mechanism) => mechanism.code);
    return [
      ...methodology.respondentRoles.map((role): [string, SurveyJson] => [
        `${methodology.id}: ${role.code}`,
        assembleQuestionnaire(methodology, codes, role.code),
      ]),
      [`${methodology.id}: municipal form`, assembleMunicipalForm(methodology, codes)],
    ];
  });
}

/** Every question type and property the compiler understands, including those no shipped questionnaire uses yet. */
const everyFeature: SurveyJson = {
  title: 'Проверка',
  description: 'Все возможности проверки',
  maxTextLength: 40,
  maxCommentLength: 100,
  pages: [
    {
      name: 'p1',
      title: 'Страница',
      description: 'Первая',
      elements: [
        { type: 'radiogroup', name: 'kind', title: 'Вид', choices: ['a', 'b', { value: 'c', text: 'В' }], showOtherItem: true },
        { type: 'dropdown', name: 'pick', title: 'Выбор', choices: [1, 2, 3], requiredIf: "{kind} = 'a'", showOtherItem: true },
        {
          type: 'rating',
          name: 'score',
          title: 'Оценка',
          rateMin: 0,
          rateMax: 10,
          rateStep: 2,
          enableIf: "{kind} != 'b'",
          isRequired: true,
        },
        { type: 'comment', name: 'note', title: 'Заметка', maxLength: 10, visibleIf: '{score} > 4' },
        {
          type: 'panel',
          name: 'numbers',
          title: 'Числа',
          elements: [
            { type: 'text', name: 'count', title: 'Число', inputType: 'number', min: 0, max: 50, step: 0.5, isRequired: true },
            {
              type: 'text',
              name: 'share',
              title: 'Доля',
              inputType: 'number',
              minValueExpression: '{count}',
              maxValueExpression: '100',
              maxErrorText: 'Не больше {0}',
            },
          ],
        },
      ],
    },
    {
      name: 'p2',
      title: 'Страница',
      description: 'Вторая',
      elements: [
        { type: 'boolean', name: 'agree', title: 'Согласны', valueTrue: 'yes', valueFalse: 'no', isRequired: true },
        { type: 'text', name: 'day', title: 'День', inputType: 'date', min: '2020-01-01', maxValueExpression: 'today()' },
        {
          type: 'text',
          name: 'site',
          title: 'Сайт',
          inputType: 'url',
          validators: [
            { type: 'regex', regex: '^https://', caseInsensitive: true, text: 'Нужен https' },
            { type: 'expression', expression: '{site} notcontains "x"' },
          ],
        },
        {
          type: 'checkbox',
          name: 'many',
          title: 'Многое',
          choices: ['a', 'b', 'c', 'd'],
          showNoneItem: true,
          showOtherItem: true,
          maxSelectedChoices: 2,
          validators: [{ type: 'expression', expression: "{many} notcontains 'a' or {many.length} = 1", text: 'Только «а»' }],
        },
      ],
    },
  ],
};

const definitions: Array<[string, SurveyJson]> = [...definitionsOfCatalogues(), ['every feature', everyFeature]];

describe('the compiled answer check agrees with survey-core', () => {
  it('covers both catalogues: every role of each and its municipal form', () => {
    expect(new Set(definitions.map(([name]) => name.split(':')[0])).size).toBeGreaterThanOrEqual(3);
    expect(definitions.filter(([name]) => name.endsWith('municipal form'))).toHaveLength(2);
  });

  it.each(definitions)(
    '%s',
    (_name, definition) => {
      const compiled = compileChecker(definition);
      fc.assert(
        fc.property(answerSets(definition), fc.constantFrom<CheckMode>('complete', 'complete', 'partial'), (answers, mode) => {
          const verdict = compiled.check(answers, mode);
          // A reused survey-core model is fast but keeps state between checks; a fresh one settles a disagreement.
          if (!isDeepStrictEqual(verdict, surveyCoreCheck(definition, answers, mode)))
            expect(verdict).toEqual(surveyCoreCheck(definition, answers, mode, 'fresh'));
        }),
        { numRuns: runsFor(definition) },
      );
    },
    // A survey-core model of a whole municipal form checks in a quarter of a second on a busy 2-core box.
    120_000,
  );
});
