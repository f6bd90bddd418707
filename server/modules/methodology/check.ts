import { Model, settings, type Question } from 'survey-core';
// Registers survey-core's Russian strings ("Пожалуйста, ответьте на вопрос." and the like).
import 'survey-core/i18n/russian';
import { plural } from '../../lib/plural';
import { ANSWER_LIMITS, type SurveyJson } from './assemble';
import { QUESTION_TYPES } from './methodology.schemas';

// The server-side check of a response against the questionnaire it was given. survey-core (headless) judges what it
// knows — required answers under visibleIf, validators, min/max, «Другое» without text; the rest it would accept
// silently, so it is checked here: value types, values outside the choices, unknown keys, answers to hidden
// questions, out-of-range ratings and oversized text.

export type CheckMode =
  /** Saving progress: only the shape of what is there (types, choices, keys, sizes); no survey-core, so it is fast. */
  | 'partial'
  /** Submitting: the shape plus survey-core's own check (required answers, validators) and no answers to hidden questions. */
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

const SUPPORTED_TYPES: ReadonlySet<string> = new Set(QUESTION_TYPES);

const unsupported = (question: Question) =>
  new Error(`Проверка ответов не поддерживает вопросы типа «${question.getType()}» (${question.name})`);

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

/**
 * What the shape check needs to know about one question, read once from survey-core: checking a draft then
 * costs a few map lookups instead of building a survey model (tens of milliseconds) on every autosave.
 */
interface QuestionShape {
  name: string;
  title: string;
  type: string;
  inputType: string;
  /** Choice questions: every accepted value, «Другое» and «ничего из перечисленного» included. */
  choices: ReadonlySet<unknown>;
  noneValue: unknown;
  maxSelected: number;
  booleanValues: readonly unknown[];
  rateValues: ReadonlySet<unknown>;
  maxLength: number;
  takesComment: boolean;
}

function shapeOf(question: Question): QuestionShape {
  const q = question as unknown as {
    visibleChoices?: Array<{ value: unknown }>;
    noneItem?: { value: unknown };
    maxSelectedChoices?: number;
    valueTrue?: unknown;
    valueFalse?: unknown;
    visibleRateValues?: Array<{ value: unknown }>;
    inputType?: string;
    getMaxLength?(): number | null | undefined;
    hasOther?: boolean;
    hasComment?: boolean;
  };
  const type = question.getType();
  if (!SUPPORTED_TYPES.has(type)) throw unsupported(question);
  const limit = q.getMaxLength?.();
  return {
    name: question.name,
    title: question.title,
    type,
    inputType: q.inputType ?? 'text',
    choices: new Set((q.visibleChoices ?? []).map((choice) => choice.value)),
    noneValue: q.noneItem?.value,
    maxSelected: q.maxSelectedChoices ?? 0,
    booleanValues: [q.valueTrue ?? true, q.valueFalse ?? false],
    rateValues: new Set((q.visibleRateValues ?? []).map((item) => item.value)),
    maxLength: limit && limit > 0 ? limit : type === 'comment' ? ANSWER_LIMITS.comment : ANSWER_LIMITS.text,
    takesComment: Boolean(q.hasOther || q.hasComment),
  };
}

/** What is wrong with the shape of one answer, or undefined. */
function shapeError(shape: QuestionShape, value: unknown): string | undefined {
  switch (shape.type) {
    case 'radiogroup':
    case 'dropdown': {
      if (typeof value !== 'string' && typeof value !== 'number') return `Ожидается один вариант ответа, получено: ${describe(value)}.`;
      return shape.choices.has(value) ? undefined : `Варианта «${String(value)}» нет среди ответов на этот вопрос.`;
    }
    case 'checkbox': {
      if (!Array.isArray(value)) return `Ожидается список выбранных вариантов, получено: ${describe(value)}.`;
      const unknown = value.filter((item) => !shape.choices.has(item));
      if (unknown.length > 0) return `Вариантов ${unknown.map((item) => `«${String(item)}»`).join(', ')} нет среди ответов на этот вопрос.`;
      if (new Set(value).size !== value.length) return 'Варианты ответа повторяются.';
      if (value.includes(shape.noneValue) && value.length > 1)
        return 'Вариант «ничего из перечисленного» нельзя выбирать вместе с другими.';
      const max = shape.maxSelected;
      if (max > 0 && value.length > max) return `Можно выбрать не больше ${max} ${plural(max, 'варианта', 'вариантов', 'вариантов')}.`;
      return undefined;
    }
    case 'boolean':
      return shape.booleanValues.includes(value) ? undefined : `Ожидается ответ «да» или «нет», получено: ${describe(value)}.`;
    case 'rating': {
      if (typeof value !== 'number') return `Ожидается оценка числом, получено: ${describe(value)}.`;
      return shape.rateValues.has(value) ? undefined : `Оценки ${value} нет на шкале этого вопроса.`;
    }
    case 'comment': {
      if (typeof value !== 'string') return `Ожидается текст, получено: ${describe(value)}.`;
      return value.length > shape.maxLength ? tooLong(value.length, shape.maxLength) : undefined;
    }
    default: {
      // text
      if (shape.inputType === 'number' || shape.inputType === 'range') {
        return typeof value === 'number' && Number.isFinite(value) ? undefined : `Ожидается число, получено: ${describe(value)}.`;
      }
      if (typeof value !== 'string') return `Ожидается текст, получено: ${describe(value)}.`;
      if (shape.inputType === 'date' && !isCalendarDate(value)) return 'Ожидается дата в формате ГГГГ-ММ-ДД.';
      return value.length > shape.maxLength ? tooLong(value.length, shape.maxLength) : undefined;
    }
  }
}

interface CompiledDefinition {
  /** Kept for the complete check; reused because building it is the expensive part. */
  model: Model;
  questions: Map<string, Question>;
  shapes: Map<string, QuestionShape>;
  commentLimit: number;
}

// Definitions come from a campaign's frozen definition and are the same object for every request.
const compiled = new WeakMap<SurveyJson, CompiledDefinition>();

function compile(definition: SurveyJson): CompiledDefinition {
  let entry = compiled.get(definition);
  if (!entry) {
    const model = new Model(definition);
    model.locale = 'ru';
    // The checker observes and never edits: with 'onHidden' a reused model would drop an answer to a question
    // hidden since the previous check, and the answer would pass unnoticed.
    model.clearInvisibleValues = 'none';
    const questions = new Map(model.getAllQuestions(false).map((question) => [question.name, question]));
    const shapes = new Map([...questions.values()].map((question) => [question.name, shapeOf(question)]));
    entry = { model, questions, shapes, commentLimit: model.maxCommentLength > 0 ? model.maxCommentLength : ANSWER_LIMITS.comment };
    compiled.set(definition, entry);
  }
  return entry;
}

/** Checks answers against the SurveyJS definition they were given for. Messages are Russian, one or more per question. */
export function checkAnswers(definition: SurveyJson, answers: unknown, mode: CheckMode): CheckResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ question: '', message: 'Ответы должны быть объектом вида «вопрос — ответ».' }] };
  }
  const size = JSON.stringify(answers).length;
  if (size > MAX_RESPONSE_CHARS) {
    return {
      ok: false,
      errors: [
        {
          question: '',
          message: `Слишком большой ответ: ${size} ${plural(size, 'символ', 'символа', 'символов')} при допустимых ${MAX_RESPONSE_CHARS}.`,
        },
      ],
    };
  }
  const given = answers as Answers;
  const { model, questions, shapes, commentLimit } = compile(definition);
  const errors: AnswerError[] = [];
  const badShape = new Set<string>();
  const report = (key: string, message: string, title?: string) => {
    errors.push({ question: key, ...(title ? { title } : {}), message });
  };

  // Shape first, on the raw answers, so that nothing survey-core coerces or ignores slips through.
  const suffix = settings.commentSuffix;
  for (const [key, value] of Object.entries(given)) {
    if (isEmpty(value)) continue;
    const shape = shapes.get(key);
    if (shape) {
      const message = shapeError(shape, value);
      if (message) {
        badShape.add(key);
        report(key, message, shape.title);
      }
      continue;
    }
    const owner = key.endsWith(suffix) ? shapes.get(key.slice(0, -suffix.length)) : undefined;
    if (!owner || !owner.takesComment) {
      report(key, 'В анкете нет такого вопроса.');
    } else if (typeof value !== 'string') {
      badShape.add(key);
      report(key, `Пояснение должно быть текстом, получено: ${describe(value)}.`, owner.title);
    } else if (value.length > commentLimit) {
      report(key, tooLong(value.length, commentLimit), owner.title);
    }
  }
  // A draft is checked for shape only: the full check with survey-core runs when the form is submitted.
  if (mode === 'partial') return { ok: errors.length === 0, errors };

  // survey-core sees only well-shaped answers: a wrong type must neither pass as "answered" nor break conditions.
  // The model is shared between calls, so it gets the whole answer set each time.
  model.data = Object.fromEntries(Object.entries(given).filter(([key]) => !badShape.has(key)));
  for (const question of questions.values()) {
    if (badShape.has(question.name)) continue;
    const answered = !question.isEmpty();
    if (!question.isVisibleInSurvey) {
      if (answered) report(question.name, 'Вопрос скрыт условием анкеты, ответа на него быть не должно.', question.title);
      const commentKey = `${question.name}${suffix}`;
      if (!isEmpty(given[commentKey]) && !badShape.has(commentKey))
        report(commentKey, 'Вопрос скрыт условием анкеты, пояснения к нему быть не должно.', question.title);
      continue;
    }
    // `true` makes survey-core fill question.errors; with `false` it only returns the verdict.
    question.validate(true);
    for (const error of question.errors) report(question.name, error.getText(), question.title);
  }
  return { ok: errors.length === 0, errors };
}
