import { Model } from 'survey-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire, mechanismQuestions, type SurveyElement, type SurveyJson } from './assemble';
import { checkAnswers } from './check';
import { expressionReferences, itemChoiceValues, type Methodology } from './methodology.schemas';
import { listMethodologies } from './methodology.repo';
import { sampleAnswers } from './sample-answers';

// The shipped content (surveys/): every methodology version, every mechanism file, every role.

const methodologies = listMethodologies();
const roles = (methodology: Methodology) => methodology.respondentRoles.map((role) => role.code);
const codes = (methodology: Methodology) => methodology.mechanisms.map((mechanism) => mechanism.code);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Loads a definition the strict way and returns everything survey-core complained about. */
function surveyCoreComplaints(definition: SurveyJson): string[] {
  const warnings: string[] = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
  const model = new Model();
  model.fromJSON(definition, { validatePropertyValues: true });
  vi.restoreAllMocks();
  return [...(model.jsonErrors ?? []).map((error) => `${error.type}: ${error.message}`), ...warnings];
}

function allElements(definition: SurveyJson): SurveyElement[] {
  const walk = (elements: SurveyElement[]): SurveyElement[] =>
    elements.flatMap((element) => [element, ...walk((element.elements as SurveyElement[] | undefined) ?? [])]);
  return definition.pages.flatMap((page) => walk(page.elements));
}

/** Every text a respondent or coordinator reads in a definition. */
function visibleTexts(definition: SurveyJson): string[] {
  const texts = [definition.title, definition.description, ...definition.pages.flatMap((page) => [page.title, page.description])];
  for (const element of allElements(definition)) {
    for (const key of ['title', 'description', 'otherText', 'noneText', 'labelTrue', 'labelFalse', 'minErrorText', 'maxErrorText']) {
      if (typeof element[key] === 'string') texts.push(element[key]);
    }
    for (const choice of (element.choices as Array<{ text: string }> | undefined) ?? []) texts.push(choice.text);
    for (const validator of (element.validators as Array<{ text?: string }> | undefined) ?? [])
      if (validator.text) texts.push(validator.text);
  }
  return texts;
}

it('notices what survey-core complains about', () => {
  const definition = {
    title: 'Проверка',
    description: 'Проверка',
    pages: [
      {
        name: 'p',
        title: 'Стр.',
        description: 'Стр.',
        elements: [{ type: 'radiogroup', name: 'q', title: 'Вопрос', choices: ['a'], colCount: 'x', scoring: 'monitoring' }],
      },
    ],
  };
  expect(surveyCoreComplaints(definition)).toEqual([
    expect.stringMatching(/^incorrectvalue: .*colCount/),
    expect.stringMatching(/^unknownproperty: .*scoring/),
  ]);
});

describe.each(methodologies.map((methodology) => [methodology.id, methodology] as const))('methodology %s', (_id, methodology) => {
  it('uses the exact level labels of the procedure', () => {
    expect(methodology.levels.map((level) => level.label)).toEqual([
      'не сформирована',
      'есть отдельные элементы системы',
      'частично сформирована',
      'сформирована',
    ]);
  });

  it('loads in survey-core without a single warning: each mechanism for each role, each municipal page, and the whole', () => {
    for (const mechanism of methodology.mechanisms) {
      for (const role of roles(methodology)) {
        if (mechanismQuestions(mechanism, role).length === 0) continue;
        expect(surveyCoreComplaints(assembleQuestionnaire(methodology, [mechanism.code], role)), `${mechanism.code} ${role}`).toEqual([]);
      }
      expect(surveyCoreComplaints(assembleMunicipalForm(methodology, [mechanism.code])), `${mechanism.code} municipal`).toEqual([]);
    }
    for (const role of roles(methodology))
      expect(surveyCoreComplaints(assembleQuestionnaire(methodology, codes(methodology), role))).toEqual([]);
    expect(surveyCoreComplaints(assembleMunicipalForm(methodology, codes(methodology)))).toEqual([]);
  });

  it('has every scored question in the questionnaire of each role it is put to, with confirming values among its choices', () => {
    for (const mechanism of methodology.mechanisms) {
      for (const item of mechanism.questionnaire.questions) {
        if (!item.scoring) continue;
        for (const role of item.roles) {
          const assembled = allElements(assembleQuestionnaire(methodology, [mechanism.code], role)).find(
            (element) => element.name === item.question.name,
          );
          expect(assembled, `${item.question.name} for ${role}`).toBeDefined();
          const values = (assembled!.choices as Array<{ value: string }>).map((choice) => choice.value);
          expect(values).toEqual(itemChoiceValues(item, methodology.answerScales));
          for (const value of item.scoring.confirming) expect(values, item.question.name).toContain(value);
        }
      }
    }
  });

  it('has scored questions for every cycle component schools can see, in every mechanism', () => {
    const visible = methodology.cycleComponents.filter((component) => component.visibleToSchools).map((component) => component.code);
    expect(visible).toEqual(['monitoring', 'analysis', 'recommendations', 'measures', 'decisions']);
    for (const mechanism of methodology.mechanisms) {
      const scored = new Set(mechanism.questionnaire.questions.flatMap((item) => (item.scoring ? [item.scoring.component] : [])));
      expect([...scored].sort(), mechanism.code).toEqual([...visible].sort());
    }
  });

  it('keeps every questionnaire within 20–30 minutes: 2 to 8 questions a page, at most 60 a role', () => {
    for (const role of roles(methodology)) {
      const questionnaire = assembleQuestionnaire(methodology, codes(methodology), role);
      for (const page of questionnaire.pages) expect(page.elements.length, `${role} ${page.name}`).toBeGreaterThanOrEqual(2);
      for (const page of questionnaire.pages) expect(page.elements.length, `${role} ${page.name}`).toBeLessThanOrEqual(8);
      expect(allElements(questionnaire).length, role).toBeLessThanOrEqual(60);
    }
  });

  it('refers in every condition only to questions of the same questionnaire', () => {
    const definitions = [
      ...roles(methodology).map((role) => assembleQuestionnaire(methodology, codes(methodology), role)),
      assembleMunicipalForm(methodology, codes(methodology)),
    ];
    for (const definition of definitions) {
      const names = new Set(allElements(definition).map((element) => element.name));
      for (const element of allElements(definition)) {
        for (const key of ['visibleIf', 'enableIf', 'requiredIf']) {
          for (const reference of typeof element[key] === 'string' ? expressionReferences(element[key]) : []) {
            expect(names, `${String(element.name)}.${key}`).toContain(reference);
          }
        }
      }
    }
  });

  it('accepts an honest complete response of every role and of the municipal form', () => {
    const definitions = [
      ...roles(methodology).map((role) => assembleQuestionnaire(methodology, codes(methodology), role)),
      assembleMunicipalForm(methodology, codes(methodology)),
    ];
    for (const definition of definitions)
      expect(checkAnswers(definition, sampleAnswers(definition), 'complete')).toEqual({ ok: true, errors: [] });
  });

  it('speaks Russian with typographic quotes and dashes', () => {
    const definitions = [
      ...roles(methodology).map((role) => assembleQuestionnaire(methodology, codes(methodology), role)),
      assembleMunicipalForm(methodology, codes(methodology)),
    ];
    for (const text of definitions.flatMap(visibleTexts)) {
      expect(text, text).toMatch(/[А-Яа-яЁё]/);
      expect(text, text).not.toMatch(/"| - |\.\.\./);
    }
  });
});

describe('the two shipped catalogues', () => {
  const byId = new Map(methodologies.map((methodology) => [methodology.id, methodology]));

  it('ship the federal list of nine mechanisms in two blocks', () => {
    const federal = byId.get('federal-2020')!;
    expect(federal.blocks.map((block) => block.mechanisms)).toEqual([
      ['1.1', '1.2', '1.3', '1.4'],
      ['2.1', '2.2', '2.3', '2.4', '2.5'],
    ]);
    expect(federal.scoring.levelBands.map((band) => band.fromPercent)).toEqual([0, 25, 50, 80]);
    expect(federal.scoring.reconciliation).toEqual({
      keepPointsFromShare: 0.5,
      maxPointsBelowShare: 1,
      flagClaimedPoints: 2,
      flagBelowShare: 0.3,
    });
    expect(federal.scoring.responseRate).toMatchObject({ minShareOfSchools: 0.5, label: 'недостаточно данных' });
  });

  it('ship a regional variant with preschool quality and its own thresholds, assembled by the same code', () => {
    const regional = methodologies.find((methodology) => methodology.id !== 'federal-2020')!;
    expect(regional.mechanisms.some((mechanism) => /дошкольного образования/.test(mechanism.title))).toBe(true);
    expect(regional.scoring.levelBands).not.toEqual(byId.get('federal-2020')!.scoring.levelBands);
    for (const { code: role } of regional.respondentRoles) {
      const questionnaire = assembleQuestionnaire(regional, codes(regional), role);
      expect(checkAnswers(questionnaire, sampleAnswers(questionnaire), 'complete').ok).toBe(true);
    }
  });
});
