import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire, elementText, type SurveyElement, type SurveyJson } from './assemble';
import { listMethodologies } from './methodology.repo';

// Questionnaires are anonymous per school and role: nothing in surveys/ may ask who fills them in.

/** What asks for a person's name or contacts, in a question's name (English) or in what the respondent reads. */
const PERSONAL = [
  /(?<![a-z])(first|last|full|middle|sur)_?name|fio(?![a-z])|e-?mail|phone|mobile|contact|passport|snils|birth_?date/i,
  /фамили|(?<![а-яё])имя(?![а-яё])|отчеств|(?<![а-яё])ф\.?\s?и\.?\s?о(?![а-яё])|электронн\S* почт|(?<![а-яё])почт[аы](?![а-яё])|телефон|(?<![а-яё])тел\.|контакт|паспортн\S* данн|снилс|дата рождения/iu,
];
const PERSONAL_INPUT_TYPES = new Set(['email', 'tel']);

function allElements(definition: SurveyJson): SurveyElement[] {
  const walk = (elements: SurveyElement[]): SurveyElement[] =>
    elements.flatMap((element) => [
      element,
      ...walk((element.elements as SurveyElement[] | undefined) ?? []),
      ...((element.items as SurveyElement[] | undefined) ?? []),
    ]);
  return definition.pages.flatMap((page) => walk(page.elements));
}

/** The questions of a definition that would collect personal data, as "name: title". */
function personalQuestions(definition: SurveyJson): string[] {
  return allElements(definition)
    .filter((element) => {
      const texts = [element.name, element.title, element.description, element.placeholder].filter(
        (t): t is string => typeof t === 'string',
      );
      return PERSONAL_INPUT_TYPES.has(String(element.inputType)) || texts.some((text) => PERSONAL.some((pattern) => pattern.test(text)));
    })
    .map((element) => `${elementText(element.name)}: ${elementText(element.title)}`);
}

describe('personal data in the shipped questionnaires', () => {
  const definitions = listMethodologies().flatMap((methodology) => {
    const codes = methodology.mechanisms.map((m) => m.code);
    return [
      ...methodology.respondentRoles.map(
        (role) => [`${methodology.id} ${role.code}`, assembleQuestionnaire(methodology, codes, role.code)] as const,
      ),
      [`${methodology.id} municipal form`, assembleMunicipalForm(methodology, codes)] as const,
    ];
  });

  it('covers every methodology, role and municipal form', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(11);
    // Kindergarten roles answer one mechanism: an educator's questionnaire, the shortest, has three questions.
    for (const [name, definition] of definitions) expect(allElements(definition).length, name).toBeGreaterThanOrEqual(3);
  });

  it.each(definitions)('%s asks for no name, e-mail, phone or other contact of the respondent', (_label, definition) => {
    expect(personalQuestions(definition)).toEqual([]);
  });

  it('would notice such a question', () => {
    const page = (elements: SurveyElement[]): SurveyJson => ({ pages: [{ name: 'p1', elements }] }) as unknown as SurveyJson;
    expect(personalQuestions(page([{ type: 'text', name: 'q1', title: 'Фамилия, имя, отчество директора' }]))).toHaveLength(1);
    expect(personalQuestions(page([{ type: 'text', name: 'q2', title: 'Ваш адрес электронной почты' }]))).toHaveLength(1);
    expect(personalQuestions(page([{ type: 'text', name: 'q3', title: 'Как с вами связаться', inputType: 'tel' }]))).toHaveLength(1);
    expect(
      personalQuestions(page([{ type: 'panel', name: 'p', elements: [{ type: 'text', name: 'respondent_email', title: 'Адрес' }] }])),
    ).toHaveLength(1);
    expect(personalQuestions(page([{ type: 'text', name: 'q5', title: 'Наименование документа о мониторинге' }]))).toEqual([]);
  });
});
