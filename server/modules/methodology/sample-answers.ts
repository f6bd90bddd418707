import { Model, type Question } from 'survey-core';
import type { SurveyJson } from './assemble';

/** More passes than any chain of follow-ups is deep; a definition needing more is a defect. */
const MAX_PASSES = 10;

function sampleValue(question: Question): unknown {
  const q = question as unknown as {
    visibleChoices?: Array<{ value: unknown }>;
    visibleRateValues?: Array<{ value: unknown }>;
    otherItem?: { value: unknown };
    noneItem?: { value: unknown };
    inputType?: string;
    min?: unknown;
  };
  const special = new Set([q.otherItem?.value, q.noneItem?.value]);
  const firstChoice = () => q.visibleChoices!.find((choice) => !special.has(choice.value))!.value;
  switch (question.getType()) {
    case 'radiogroup':
    case 'dropdown':
      return firstChoice();
    case 'checkbox':
      return [firstChoice()];
    case 'boolean':
      return true;
    case 'rating':
      return q.visibleRateValues![0]!.value;
    case 'comment':
      return 'Комментарий респондента.';
    case 'text':
      switch (q.inputType) {
        case 'number':
          return typeof q.min === 'number' ? q.min : 1;
        case 'date':
          return '2020-09-01';
        case 'url':
          return 'https://example.ru/document';
        default:
          return 'Ответ респондента';
      }
    default:
      throw new Error(`Нет образца ответа для вопроса типа «${question.getType()}» (${question.name})`);
  }
}

/**
 * A complete, valid response to a SurveyJS definition: every question that is visible once the others are answered
 * gets an answer (the first ordinary choice, so follow-ups open). For tests and demo data.
 */
export function sampleAnswers(definition: SurveyJson): Record<string, unknown> {
  const model = new Model(definition);
  // A pass answers whatever is open, all at once: setting answers one by one re-runs every condition each time.
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const open = model.getAllQuestions(true).filter((question) => question.isVisibleInSurvey && question.isEmpty());
    if (open.length === 0) return model.data as Record<string, unknown>;
    model.data = {
      ...(model.data as Record<string, unknown>),
      ...Object.fromEntries(open.map((question) => [question.name, sampleValue(question)])),
    };
  }
  throw new Error('Образец ответа не сложился: условия показа вопросов не сходятся');
}
