import type { AnswerOption, QuestionnaireItem } from '@server/modules/methodology/methodology.schemas';
import { moveItem, removeAt, updateList, type MethodologyDocument, type Path } from './document-edits';

// Questions of a mechanism's questionnaire: adding, removing and moving them, and keeping one consistent when its
// type or its answer options change.

/** The answer options a choice question or a new scale starts with (a fresh list each time). */
export const yesNo = (): AnswerOption[] => [
  { value: 'yes', text: 'Да' },
  { value: 'no', text: 'Нет' },
];

const CHOICE_TYPES: ReadonlySet<string> = new Set(['radiogroup', 'checkbox', 'dropdown']);

export function isChoiceType(type: string): boolean {
  return CHOICE_TYPES.has(type);
}

/** «2.1» → «m2_1_»: every question name of a mechanism starts with it. */
export function questionPrefix(mechanismCode: string): string {
  return `m${mechanismCode.replaceAll('.', '_')}_`;
}

function usedNames(document: MethodologyDocument): Set<string> {
  const names = new Set<string>();
  for (const mechanism of document.mechanisms ?? []) {
    for (const item of mechanism.questionnaire?.questions ?? []) names.add(item.question?.name);
    for (const indicator of mechanism.municipalForm?.indicators ?? []) names.add(indicator.name);
  }
  return names;
}

/** A new yes/no question of the mechanism for every role, with a name no other question has. */
export function newQuestion(document: MethodologyDocument, mechanismIndex: number): QuestionnaireItem {
  const mechanism = document.mechanisms[mechanismIndex]!;
  const names = usedNames(document);
  let n = 1;
  while (names.has(`${questionPrefix(mechanism.code)}q${n}`)) n++;
  const scale = Object.keys(document.answerScales ?? {})[0];
  return {
    roles: (document.respondentRoles ?? []).map((role) => role.code),
    ...(scale !== undefined ? { scale } : {}),
    question: {
      type: 'radiogroup',
      name: `${questionPrefix(mechanism.code)}q${n}`,
      title: 'Новый вопрос',
      isRequired: true,
      ...(scale === undefined ? { choices: yesNo() } : {}),
    },
  };
}

const questionsPath = (mechanismIndex: number): Path => ['mechanisms', mechanismIndex, 'questionnaire', 'questions'];

export function addQuestion(document: MethodologyDocument, mechanismIndex: number): MethodologyDocument {
  const item = newQuestion(document, mechanismIndex);
  return updateList(document, questionsPath(mechanismIndex), (list) => [...list, item]);
}

export function removeQuestion(document: MethodologyDocument, mechanismIndex: number, questionIndex: number): MethodologyDocument {
  return removeAt(document, questionsPath(mechanismIndex), questionIndex);
}

export function moveQuestion(document: MethodologyDocument, mechanismIndex: number, from: number, to: number): MethodologyDocument {
  return moveItem(document, questionsPath(mechanismIndex), from, to);
}

/**
 * Changes a question's type and keeps it consistent: a choice type needs answer options (the first scale when it
 * had none), any other type has none and confirms nothing, so its options and scoring tags go.
 */
export function setQuestionType(
  item: QuestionnaireItem,
  type: QuestionnaireItem['question']['type'],
  scales: readonly string[],
): QuestionnaireItem {
  const question = { ...item.question, type };
  if (isChoiceType(type)) {
    if (item.scale !== undefined || question.choices !== undefined) return { ...item, question };
    return scales[0] !== undefined ? { ...item, scale: scales[0], question } : { ...item, question: { ...question, choices: yesNo() } };
  }
  const { scale: _scale, scoring: _scoring, ...rest } = item;
  const { choices: _choices, ...plainQuestion } = question;
  return { ...rest, question: plainQuestion };
}

/** Answer options from a named scale (`scale` set) or the question's own list (`scale` undefined, choices kept or made). */
export function setAnswerSource(item: QuestionnaireItem, scale: string | undefined): QuestionnaireItem {
  if (scale !== undefined) {
    const { choices: _choices, ...question } = item.question;
    return { ...item, scale, question };
  }
  const { scale: _scale, ...rest } = item;
  const choices = item.question.choices ?? yesNo();
  return { ...rest, question: { ...item.question, choices } };
}
