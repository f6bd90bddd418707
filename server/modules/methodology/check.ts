import { Model, settings, type Question } from 'survey-core';
// Registers survey-core's Russian strings ("Пожалуйста, ответьте на вопрос." and the like).
import 'survey-core/i18n/russian';
import { plural } from '../../lib/zod-russian';
import { ANSWER_LIMITS, type SurveyJson } from './assemble';
import { QUESTION_TYPES } from './methodology.schemas';

// The server-side check of a response against the questionnaire it was given. survey-core (headless) judges what it
// knows — required answers under visibleIf, validators, min/max, «Другое» without text; the rest it would accept
// silently, so it is checked here: value types, values outside the choices, unknown keys, answers to hidden
// questions, out-of-range ratings and oversized text.

export type CheckMode =
  /** Saving progress: only the shape of what is there (types, choices, keys, sizes, validators). */
  | 'partial'
  /** Submitting: the shape plus required answers and no answers to hidden questions. */
  | 'complete';

export interface AnswerError {
  /** The question's name, the `<name>-Comment` key, or '' for the response as a whole. */
  question: string;
  title?: string;
  message: string;
}

export interface CheckResult {
  ok: boolean;
  errors: AnswerError[];
}

/** A response's JSON size: ample for ~80 questions with every comment filled, small enough to refuse junk. */
export const MAX_RESPONSE_CHARS = 200_000;

/** survey-core errors that only mean "not answered yet": not errors while the respondent is still working. */
const INCOMPLETENESS_ERRORS = new Set(['required', 'requireoneanswer', 'otherempty']);

const SUPPORTED_TYPES: ReadonlySet<string> = new Set(QUESTION_TYPES);

const unsupported = (question: Question) => new Error(`Проверка ответов не поддерживает вопросы типа «${question.getType()}» (${question.name})`);

type Answers = Record<string, unknown>;

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'список';
  if (typeof value === 'string') return 'текст';
  if (typeof value === 'number') return 'число';
  if (typeof value === 'boolean') return 'да/нет';
  return 'объект';
}

function tooLong(length: number, limit: number): string {
  return `Слишком длинный ответ: ${length} ${plural(length, 'символ', 'символа', 'символов')} при допустимых ${limit}.`;
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

/** Values a choice question accepts: its visible choices, including «Другое», «Ничего из перечисленного» and the like. */
function choiceValues(question: Question): unknown[] {
  return (question as unknown as { visibleChoices: Array<{ value: unknown }> }).visibleChoices.map((choice) => choice.value);
}

function textLimit(question: Question, fallback: number): number {
  const limit = (question as unknown as { getMaxLength(): number | null | undefined }).getMaxLength();
  return limit && limit > 0 ? limit : fallback;
}

/** What is wrong with the shape of one answer, or undefined. */
function shapeError(question: Question, value: unknown): string | undefined {
  const type = question.getType();
  switch (type) {
    case 'radiogroup':
    case 'dropdown': {
      if (typeof value !== 'string' && typeof value !== 'number') return `Ожидается один вариант ответа, получено: ${describe(value)}.`;
      return choiceValues(question).includes(value) ? undefined : `Варианта «${String(value)}» нет среди ответов на этот вопрос.`;
    }
    case 'checkbox': {
      if (!Array.isArray(value)) return `Ожидается список выбранных вариантов, получено: ${describe(value)}.`;
      const allowed = choiceValues(question);
      const unknown = value.filter((item) => !allowed.includes(item));
      if (unknown.length > 0) return `Вариантов ${unknown.map((item) => `«${String(item)}»`).join(', ')} нет среди ответов на этот вопрос.`;
      if (new Set(value).size !== value.length) return 'Варианты ответа повторяются.';
      const none = (question as unknown as { noneItem: { value: unknown } }).noneItem.value;
      if (value.includes(none) && value.length > 1) return 'Вариант «ничего из перечисленного» нельзя выбирать вместе с другими.';
      const max = (question as unknown as { maxSelectedChoices: number }).maxSelectedChoices;
      if (max > 0 && value.length > max) return `Можно выбрать не больше ${max} ${plural(max, 'варианта', 'вариантов', 'вариантов')}.`;
      return undefined;
    }
    case 'boolean': {
      const q = question as unknown as { valueTrue?: unknown; valueFalse?: unknown };
      const accepted: unknown[] = [q.valueTrue ?? true, q.valueFalse ?? false];
      return accepted.includes(value) ? undefined : `Ожидается ответ «да» или «нет», получено: ${describe(value)}.`;
    }
    case 'rating': {
      if (typeof value !== 'number') return `Ожидается оценка числом, получено: ${describe(value)}.`;
      const values = (question as unknown as { visibleRateValues: Array<{ value: unknown }> }).visibleRateValues.map((item) => item.value);
      return values.includes(value) ? undefined : `Оценки ${value} нет на шкале этого вопроса.`;
    }
    case 'comment': {
      if (typeof value !== 'string') return `Ожидается текст, получено: ${describe(value)}.`;
      const limit = textLimit(question, ANSWER_LIMITS.comment);
      return value.length > limit ? tooLong(value.length, limit) : undefined;
    }
    case 'text': {
      const inputType = (question as unknown as { inputType: string }).inputType;
      if (inputType === 'number' || inputType === 'range') {
        return typeof value === 'number' && Number.isFinite(value) ? undefined : `Ожидается число, получено: ${describe(value)}.`;
      }
      if (typeof value !== 'string') return `Ожидается текст, получено: ${describe(value)}.`;
      if (inputType === 'date' && !isCalendarDate(value)) return 'Ожидается дата в формате ГГГГ-ММ-ДД.';
      const limit = textLimit(question, ANSWER_LIMITS.text);
      return value.length > limit ? tooLong(value.length, limit) : undefined;
    }
    default:
      throw unsupported(question);
  }
}

/** A question may carry a `<name>-Comment` key when it offers «Другое» or a comment area. */
function takesComment(question: Question): boolean {
  const q = question as unknown as { hasOther?: boolean; hasComment?: boolean };
  return Boolean(q.hasOther || q.hasComment);
}

function createModel(definition: SurveyJson): Model {
  const model = new Model(definition);
  model.locale = 'ru';
  return model;
}

/** Checks answers against the SurveyJS definition they were given for. Messages are Russian, one or more per question. */
export function checkAnswers(definition: SurveyJson, answers: unknown, mode: CheckMode): CheckResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ question: '', message: 'Ответы должны быть объектом вида «вопрос — ответ».' }] };
  }
  const size = JSON.stringify(answers).length;
  if (size > MAX_RESPONSE_CHARS) {
    return { ok: false, errors: [{ question: '', message: `Слишком большой ответ: ${size} ${plural(size, 'символ', 'символа', 'символов')} при допустимых ${MAX_RESPONSE_CHARS}.` }] };
  }
  const given = answers as Answers;
  const model = createModel(definition);
  const questions = new Map(model.getAllQuestions(false).map((question) => [question.name, question]));
  for (const question of questions.values()) {
    if (!SUPPORTED_TYPES.has(question.getType())) throw unsupported(question);
  }
  const errors: AnswerError[] = [];
  const badShape = new Set<string>();
  const report = (key: string, message: string, question?: Question) => {
    errors.push({ question: key, ...(question ? { title: question.title } : {}), message });
  };

  // Shape first, on the raw answers, so that nothing survey-core coerces or ignores slips through. The answers are
  // loaded once so that choices depending on other answers are the ones the respondent saw.
  model.data = given;
  const suffix = settings.commentSuffix;
  for (const [key, value] of Object.entries(given)) {
    if (isEmpty(value)) continue;
    const question = questions.get(key);
    if (question) {
      const message = shapeError(question, value);
      if (message) {
        badShape.add(key);
        report(key, message, question);
      }
      continue;
    }
    const owner = key.endsWith(suffix) ? questions.get(key.slice(0, -suffix.length)) : undefined;
    if (!owner || !takesComment(owner)) {
      report(key, 'В анкете нет такого вопроса.');
    } else if (typeof value !== 'string') {
      badShape.add(key);
      report(key, `Пояснение должно быть текстом, получено: ${describe(value)}.`, owner);
    } else {
      const limit = model.maxCommentLength > 0 ? model.maxCommentLength : ANSWER_LIMITS.comment;
      if (value.length > limit) report(key, tooLong(value.length, limit), owner);
    }
  }

  // survey-core sees only well-shaped answers: a wrong type must neither pass as "answered" nor break conditions.
  model.data = Object.fromEntries(Object.entries(given).filter(([key]) => !badShape.has(key)));
  for (const question of questions.values()) {
    if (badShape.has(question.name)) continue;
    const answered = !question.isEmpty();
    if (!question.isVisibleInSurvey) {
      if (mode === 'partial') continue;
      if (answered) report(question.name, 'Вопрос скрыт условием анкеты, ответа на него быть не должно.', question);
      const commentKey = `${question.name}${suffix}`;
      if (!isEmpty(given[commentKey]) && !badShape.has(commentKey)) report(commentKey, 'Вопрос скрыт условием анкеты, пояснения к нему быть не должно.', question);
      continue;
    }
    if (mode === 'partial' && !answered) continue;
    // `true` makes survey-core fill question.errors; with `false` it only returns the verdict.
    question.validate(true);
    for (const error of question.errors) {
      if (mode === 'partial' && INCOMPLETENESS_ERRORS.has(error.getErrorType())) continue;
      report(question.name, error.getText(), question);
    }
  }
  return { ok: errors.length === 0, errors };
}
