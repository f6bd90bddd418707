import { ConditionRunner, ExpressionRunner, Helpers, settings, surveyLocalization } from 'survey-core';
// Registers survey-core's Russian strings ("Пожалуйста, ответьте на вопрос." and the like).
import 'survey-core/i18n/russian';
import { plural } from '../../lib/plural';
import { ANSWERS_NOT_AN_OBJECT } from '../forms/forms.schemas';
import { ANSWER_LIMITS, type SurveyJson } from './assemble';
import { QUESTION_TYPES } from './methodology.schemas';

// The server-side check of a response against the questionnaire it was given, compiled once per questionnaire.
// It does what survey-core's own check does — required answers under visibleIf/requiredIf/enableIf, «Другое»
// without text, min/max/step, validators — with survey-core's expression engine and strings but without a survey
// model (a model per check cost ~4 ms); and what survey-core would accept silently: value types, values outside the
// choices, unknown keys, answers to hidden questions, a «Другое» text without «Другое», out-of-range ratings and
// oversized text. A definition property the compiler does not know is refused when it compiles, never ignored:
// `check.property.test.ts` proves the verdicts and messages equal survey-core's for every shipped questionnaire.
// Over 400 lines on purpose: one compiler whose parts must change together to stay equal to survey-core.

export type CheckMode =
  /** Saving progress: only the shape of what is there (types, choices, keys, sizes). */
  | 'partial'
  /** Submitting: the shape plus required answers, conditions and validators, and no answers to hidden questions. */
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

export type Answers = Record<string, unknown>;

export const HIDDEN_ANSWER = 'Вопрос скрыт условием анкеты, ответа на него быть не должно.';
export const HIDDEN_COMMENT = 'Вопрос скрыт условием анкеты, пояснения к нему быть не должно.';
export const COMMENT_WITHOUT_OTHER = 'Пояснение относится к варианту «Другое», а он не выбран.';

/** survey-core's value of the «Другое» choice (it has no setting for it, unlike «ничего из перечисленного»). */
const OTHER_VALUE = 'other';

/** An answer that is not there (the shape check skips it). */
export const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** survey-core's idea of an unanswered question: blank text counts as no answer. */
const isUnanswered = (value: unknown) => Helpers.isValueEmpty(typeof value === 'string' ? value.trim() : value);

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

// ---------------------------------------------------------------------------------------------------------------
// The shape of each answer

/** What the shape check needs to know about one question. */
export interface QuestionShape {
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

/** What is wrong when a list answer names values that are none of the question's choices, or undefined. */
function unknownChoices(shape: QuestionShape, value: readonly unknown[]): string | undefined {
  // Lists are short and nearly always right: nothing is allocated to find that out.
  let known = 0;
  for (const item of value) if (shape.choices.has(item)) known++;
  if (known === value.length) return undefined;
  const unknown = value.filter((item) => !shape.choices.has(item));
  return `Вариантов ${unknown.map((item) => `«${String(item)}»`).join(', ')} нет среди ответов на этот вопрос.`;
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
      const unknown = unknownChoices(shape, value);
      if (unknown) return unknown;
      for (let i = 1; i < value.length; i++) if (value.lastIndexOf(value[i], i - 1) !== -1) return 'Варианты ответа повторяются.';
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
      if (shape.inputType === 'number') {
        return typeof value === 'number' && Number.isFinite(value) ? undefined : `Ожидается число, получено: ${describe(value)}.`;
      }
      if (typeof value !== 'string') return `Ожидается текст, получено: ${describe(value)}.`;
      if (shape.inputType === 'date' && !isCalendarDate(value)) return 'Ожидается дата в формате ГГГГ-ММ-ДД.';
      return value.length > shape.maxLength ? tooLong(value.length, shape.maxLength) : undefined;
    }
  }
}

/**
 * A payload that is no answer set at all, or too large to look at; undefined when it may be checked. `answersJson`
 * is the answers' JSON when the caller has made it anyway (for the save statement).
 */
export function envelopeError(answers: unknown, answersJson?: string): CheckResult | undefined {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ question: '', message: ANSWERS_NOT_AN_OBJECT }] };
  }
  const size = (answersJson ?? JSON.stringify(answers)).length;
  if (size <= MAX_RESPONSE_CHARS) return undefined;
  const message = `Слишком большой ответ: ${size} ${plural(size, 'символ', 'символа', 'символов')} при допустимых ${MAX_RESPONSE_CHARS}.`;
  return { ok: false, errors: [{ question: '', message }] };
}

export interface ShapeCheck {
  errors: AnswerError[];
  /** Keys whose value has the wrong shape: conditions and required checks must not see them. */
  badShape: Set<string>;
  /** The answers conditions and required checks see: known keys of a good shape (`given` itself when that is all of it). */
  known: Answers;
}

/** The shape pass, on the raw answers, so that nothing coerced or ignored later slips through. */
export function checkShapes(given: Answers, shapes: ReadonlyMap<string, QuestionShape>, commentLimit: number): ShapeCheck {
  const errors: AnswerError[] = [];
  const badShape = new Set<string>();
  // Nearly every submission keeps all it sent: no copy of the answers is made for the rest of the check then.
  let dropped: string[] | undefined;
  const suffix = settings.commentSuffix;
  const report = (key: string, message: string, title?: string) => errors.push({ question: key, ...(title ? { title } : {}), message });
  for (const key of Object.keys(given)) {
    const value = given[key];
    const shape = shapes.get(key);
    const owner = shape ?? (key.endsWith(suffix) ? shapes.get(key.slice(0, -suffix.length)) : undefined);
    if (!shape && !owner?.takesComment) {
      if (!isEmpty(value)) report(key, 'В анкете нет такого вопроса.');
      (dropped ??= []).push(key);
      continue;
    }
    const title = owner!.title;
    let wrongShape: string | undefined;
    if (isEmpty(value)) wrongShape = undefined;
    else if (shape) wrongShape = shapeError(shape, value);
    else if (typeof value !== 'string') wrongShape = `Пояснение должно быть текстом, получено: ${describe(value)}.`;
    // Too long, but still text: the rest of the check may read it.
    else if (value.length > commentLimit) report(key, tooLong(value.length, commentLimit), title);
    if (wrongShape) {
      badShape.add(key);
      (dropped ??= []).push(key);
      report(key, wrongShape, title);
    }
  }
  if (!dropped) return { errors, badShape, known: given };
  const known: Answers = { ...given };
  for (const key of dropped) delete known[key];
  return { errors, badShape, known };
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling a definition

type Json = Record<string, unknown>;

/** A value of survey-core's expression engine: run against the answers the conditions see. */
type Runner = (values: Answers) => unknown;

interface CompiledQuestion {
  shape: QuestionShape;
  visibleIf?: Runner;
  enableIf?: Runner;
  requiredIf?: Runner;
  isRequired: boolean;
  /** Choice questions with «Другое». */
  hasOther: boolean;
  commentKey: string;
  /** Text questions: min, max and step, in the order survey-core reports them. */
  limits: Array<(value: unknown, values: Answers) => string | undefined>;
  validators: Array<(value: unknown, values: Answers) => string | undefined>;
}

export interface AnswerChecker {
  check(answers: unknown, mode: CheckMode, answersJson?: string): CheckResult;
}

const ru = (key: string): string => String(surveyLocalization.getString(key, 'ru'));

// Properties that only change how a question looks. Anything neither here nor understood below stops compilation.
const PRESENTATION = new Set(['type', 'name', 'title', 'description', 'placeholder', 'startWithNewLine', 'colCount']);
const UNDERSTOOD: Record<string, readonly string[]> = {
  common: ['isRequired', 'visibleIf', 'enableIf', 'requiredIf', 'validators'],
  radiogroup: ['choices', 'showOtherItem', 'otherText'],
  dropdown: ['choices', 'showOtherItem', 'otherText'],
  checkbox: ['choices', 'showOtherItem', 'otherText', 'showNoneItem', 'noneText', 'maxSelectedChoices'],
  boolean: ['labelTrue', 'labelFalse', 'valueTrue', 'valueFalse'],
  rating: ['rateMin', 'rateMax', 'rateStep'],
  comment: ['maxLength'],
  text: ['inputType', 'maxLength', 'min', 'max', 'step', 'minErrorText', 'maxErrorText', 'minValueExpression', 'maxValueExpression'],
};
const INPUT_TYPES = new Set(['text', 'number', 'date', 'url']);
// What a survey, a page and a panel may carry; visibleIf on a page or panel, say, would need compiling.
const SURVEY_KEYS = new Set([
  'title',
  'description',
  'pages',
  'locale',
  'showProgressBar',
  'progressBarLocation',
  'progressBarType',
  'showQuestionNumbers',
  'questionErrorLocation',
  'checkErrorsMode',
  'clearInvisibleValues',
  'textUpdateMode',
  'maxTextLength',
  'maxCommentLength',
  'pagePrevText',
  'pageNextText',
  'completeText',
]);
const CONTAINER_KEYS = new Set(['type', 'name', 'title', 'description', 'elements']);

const refuse = (where: string, what: string) => new Error(`Проверка ответов не поддерживает ${what} (${where})`);

function allowOnly(object: Json, allowed: ReadonlySet<string>, where: string) {
  for (const key of Object.keys(object)) if (!allowed.has(key)) throw refuse(where, `свойство «${key}»`);
}

function text(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw refuse(where, `не строковое значение свойства «${key}»`);
  return value;
}

/**
 * The answers an expression reads, found by name as survey-core finds them (case-insensitively). survey-core's
 * lookup walks every key of the object it is given, so each expression gets only its own few.
 */
function scopeOf(runner: ExpressionRunner | ConditionRunner, names: ReadonlyMap<string, string>): (values: Answers) => Answers {
  const keys = [...new Set(runner.getVariables().flatMap((variable) => names.get(variable.split(/[.[]/)[0]!.trim().toLowerCase()) ?? []))];
  return (values) => {
    const scope: Answers = {};
    for (const key of keys) if (key in values) scope[key] = values[key];
    return scope;
  };
}

/** Compiles expressions against one definition's answer keys (lower-cased name → key). */
function expressions(names: ReadonlyMap<string, string>) {
  return {
    /** An expression property as survey-core runs it: the raw result of its expression engine. */
    value(source: string | undefined): Runner | undefined {
      if (!source) return undefined;
      const runner = new ExpressionRunner(source);
      const scope = scopeOf(runner, names);
      return (values): unknown => runner.runValues(scope(values));
    },
    /** A validator's condition: true or false, as survey-core's ConditionRunner coerces it. */
    condition(source: string): (values: Answers) => boolean {
      const runner = new ConditionRunner(source);
      const scope = scopeOf(runner, names);
      return (values) => runner.runValues(scope(values)) === true;
    },
  };
}
type Expressions = ReturnType<typeof expressions>;

/** survey-core's date from a date string: one without a time is local midnight. */
function surveyDate(value: string): Date {
  const dateOnly = value.indexOf('T') <= 0 && /\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(new Date(value).getTime());
  return new Date(dateOnly ? `${value}T00:00:00` : value);
}

function textLimits(json: Json, inputType: string, where: string, compile: Expressions): CompiledQuestion['limits'] {
  const isDate = inputType === 'date';
  // survey-core turns an expression's Date into a date string before comparing.
  const bound = (fixed: unknown, source: string | undefined): ((values: Answers) => unknown) => {
    const run = compile.value(source);
    if (!run) return () => fixed;
    return (values) => {
      const result = run(values);
      return result instanceof Date ? Helpers.convertDateToString(result) : result;
    };
  };
  const comparable = (value: unknown) => (isDate && typeof value === 'string' ? surveyDate(value) : value) as number;
  const shown = (value: unknown) => String(isDate && typeof value === 'string' ? surveyDate(value).toDateString() : value);
  const limit = (key: 'min' | 'max', errorKey: string, defaultText: string) => {
    const at = bound(json[key], text(json, `${key}ValueExpression`, where));
    const errorText = text(json, errorKey, where) ?? defaultText;
    return (value: unknown, values: Answers) => {
      const edge = at(values);
      if (Helpers.isValueEmpty(edge) || isUnanswered(value)) return undefined;
      const outside = key === 'min' ? comparable(value) < comparable(edge) : comparable(value) > comparable(edge);
      return outside ? errorText.replace('{0}', shown(edge)) : undefined;
    };
  };
  const limits = [limit('min', 'minErrorText', ru('minError')), limit('max', 'maxErrorText', ru('maxError'))];
  const step = json.step;
  if (inputType === 'number' && Helpers.isNumber(step)) {
    limits.push((value) => (isUnanswered(value) || !stepMismatch(value, step) ? undefined : ru('stepError').replace('{0}', String(step))));
  }
  return limits;
}

/** survey-core's step check: both numbers scaled to integers, then a remainder. */
function stepMismatch(value: unknown, stepValue: unknown): boolean {
  if (!Helpers.isNumber(value)) return false;
  let val = Helpers.getNumber(value);
  let step = Helpers.getNumber(stepValue);
  let scale = 1;
  while ((Math.round(step * scale) / scale !== step || Math.round(val * scale) / scale !== val) && scale < 1_000_000) scale *= 10;
  val = Math.round(val * scale);
  step = Math.round(step * scale);
  return step > 0 && val % step !== 0;
}

function compileValidator(json: unknown, where: string, compile: Expressions): CompiledQuestion['validators'][number] {
  if (typeof json !== 'object' || json === null) throw refuse(where, 'валидатор не в виде объекта');
  const validator = json as Json;
  const errorText = text(validator, 'text', where);
  switch (validator.type) {
    case 'expression': {
      allowOnly(validator, new Set(['type', 'expression', 'text']), where);
      const source = text(validator, 'expression', where);
      if (!source) return () => undefined;
      const holds = compile.condition(source);
      const message = errorText || ru('invalidExpression').replace('{0}', source);
      return (_value, values) => (holds(values) ? undefined : message);
    }
    case 'regex': {
      allowOnly(validator, new Set(['type', 'regex', 'text', 'caseInsensitive']), where);
      const source = text(validator, 'regex', where);
      if (!source) return () => undefined;
      const pattern = new RegExp(source, validator.caseInsensitive ? 'i' : '');
      const message = errorText ?? '';
      const fails = (item: unknown) => !pattern.test(item as string);
      return (value) => {
        if (isUnanswered(value)) return undefined;
        return (Array.isArray(value) && value.some(fails)) || fails(value) ? message : undefined;
      };
    }
    default:
      throw refuse(where, `валидатор «${String(validator.type)}»`);
  }
}

function choiceValues(json: Json, where: string): unknown[] {
  const choices = json.choices;
  if (choices === undefined) return [];
  if (!Array.isArray(choices)) throw refuse(where, 'варианты ответа не списком');
  return choices.map((choice: unknown) => {
    if (typeof choice !== 'object' || choice === null) return choice;
    allowOnly(choice as Json, new Set(['value', 'text']), where);
    return (choice as Json).value;
  });
}

function rateValues(json: Json): unknown[] {
  const min = typeof json.rateMin === 'number' ? json.rateMin : 1;
  const max = typeof json.rateMax === 'number' ? json.rateMax : 5;
  const step = typeof json.rateStep === 'number' && json.rateStep > 0 ? json.rateStep : 1;
  const values: number[] = [];
  for (let value = min; value <= max && values.length < settings.ratingMaximumRateValueCount; value += step) values.push(value);
  return values;
}

function compileQuestion(json: Json, survey: Json, compile: Expressions): CompiledQuestion {
  const type = String(json.type);
  const name = String(json.name);
  const where = name;
  if (!(QUESTION_TYPES as readonly string[]).includes(type)) throw refuse(where, `вопросы типа «${type}»`);
  allowOnly(json, new Set([...PRESENTATION, ...UNDERSTOOD.common!, ...UNDERSTOOD[type]!]), where);
  const inputType = text(json, 'inputType', where) ?? 'text';
  if (!INPUT_TYPES.has(inputType)) throw refuse(where, `поле ввода «${inputType}»`);
  const hasOther = json.showOtherItem === true;
  const choices = [
    ...choiceValues(json, where),
    ...(hasOther ? [OTHER_VALUE] : []),
    ...(json.showNoneItem === true ? [settings.noneItemValue] : []),
  ];
  const ownLimit = typeof json.maxLength === 'number' && json.maxLength > 0 ? json.maxLength : undefined;
  const surveyLimit = typeof survey.maxTextLength === 'number' && survey.maxTextLength > 0 ? survey.maxTextLength : undefined;
  const shape: QuestionShape = {
    name,
    title: text(json, 'title', where) || name,
    type,
    inputType,
    choices: new Set(choices),
    noneValue: settings.noneItemValue,
    maxSelected: typeof json.maxSelectedChoices === 'number' ? json.maxSelectedChoices : 0,
    booleanValues: [json.valueTrue ?? true, json.valueFalse ?? false],
    rateValues: new Set(type === 'rating' ? rateValues(json) : []),
    maxLength: ownLimit ?? surveyLimit ?? (type === 'comment' ? ANSWER_LIMITS.comment : ANSWER_LIMITS.text),
    takesComment: hasOther,
  };
  const validators = json.validators ?? [];
  if (!Array.isArray(validators)) throw refuse(where, 'валидаторы не списком');
  return {
    shape,
    visibleIf: compile.value(text(json, 'visibleIf', where)),
    enableIf: compile.value(text(json, 'enableIf', where)),
    requiredIf: compile.value(text(json, 'requiredIf', where)),
    isRequired: json.isRequired === true,
    hasOther,
    commentKey: `${name}${settings.commentSuffix}`,
    limits: type === 'text' ? textLimits(json, inputType, where, compile) : [],
    validators: validators.map((validator: unknown) => compileValidator(validator, where, compile)),
  };
}

/** The question elements of a page or panel, in order; containers may carry nothing that would need compiling. */
function questionElements(elements: unknown, where: string): Json[] {
  if (!Array.isArray(elements)) throw refuse(where, 'элементы не списком');
  return (elements as Json[]).flatMap((element) => {
    if (element.type !== 'panel') return [element];
    allowOnly(element, CONTAINER_KEYS, String(element.name));
    return questionElements(element.elements, String(element.name));
  });
}

const isOtherChosen = (value: unknown) => value === OTHER_VALUE || (Array.isArray(value) && value.includes(OTHER_VALUE));

const NO_ERRORS: readonly string[] = Object.freeze([]);

/**
 * What survey-core would report about one visible question, in its order: required and «Другое», limits, then
 * validators. Nearly every question of a submission has nothing to report, and then nothing is allocated.
 */
function questionErrors(question: CompiledQuestion, value: unknown, values: Answers): readonly string[] {
  if (question.enableIf && question.enableIf(values) === false) return NO_ERRORS; // read-only: survey-core does not check it
  let errors: string[] | undefined;
  const required = question.requiredIf ? question.requiredIf(values) === true : question.isRequired;
  if (required && isUnanswered(value)) (errors ??= []).push(ru('requiredError'));
  if (question.hasOther && isOtherChosen(value) && !values[question.commentKey]) (errors ??= []).push(ru('otherRequiredError'));
  for (const limit of question.limits) {
    const message = limit(value, values);
    if (message !== undefined) (errors ??= []).push(message);
  }
  if (errors) return errors;
  for (const validator of question.validators) {
    const message = validator(value, values);
    if (message !== undefined) (errors ??= []).push(message);
  }
  return errors ?? NO_ERRORS;
}

/** Compiles a SurveyJS definition into its answer checker; throws on anything the checker would not understand. */
export function compileChecker(definition: SurveyJson): AnswerChecker {
  const survey = definition as Json;
  allowOnly(survey, SURVEY_KEYS, 'анкета');
  const elements = definition.pages.flatMap((page) => {
    allowOnly(page as unknown as Json, CONTAINER_KEYS, page.name);
    return questionElements(page.elements, page.name);
  });
  const keys = elements.flatMap((element) => {
    const name = String(element.name);
    return element.showOtherItem === true ? [name, `${name}${settings.commentSuffix}`] : [name];
  });
  const compile = expressions(new Map(keys.map((key) => [key.toLowerCase(), key])));
  const questions = elements.map((element) => compileQuestion(element, survey, compile));
  const shapes = new Map(questions.map((question) => [question.shape.name, question.shape]));
  const commentLimit =
    typeof survey.maxCommentLength === 'number' && survey.maxCommentLength > 0 ? survey.maxCommentLength : ANSWER_LIMITS.comment;

  return {
    check(answers, mode, answersJson) {
      const refused = envelopeError(answers, answersJson);
      if (refused) return refused;
      const given = answers as Answers;
      const { errors, badShape, known } = checkShapes(given, shapes, commentLimit);
      // A draft is checked for shape only: the rest runs when the form is submitted.
      if (mode === 'partial') return { ok: errors.length === 0, errors };
      const report = (key: string, message: string, title: string) => errors.push({ question: key, title, message });
      for (const question of questions) {
        const { name, title } = question.shape;
        if (badShape.has(name)) continue;
        const value = known[name];
        const comment = known[question.commentKey];
        if (question.visibleIf && question.visibleIf(known) !== true) {
          if (!isUnanswered(value)) report(name, HIDDEN_ANSWER, title);
          if (!isEmpty(comment)) report(question.commentKey, HIDDEN_COMMENT, title);
          continue;
        }
        for (const message of questionErrors(question, value, known)) report(name, message, title);
        if (question.hasOther && !isEmpty(comment) && !isOtherChosen(value)) report(question.commentKey, COMMENT_WITHOUT_OTHER, title);
      }
      return { ok: errors.length === 0, errors };
    },
  };
}

const checkers = new WeakMap<SurveyJson, AnswerChecker>();

/**
 * Checks answers against the SurveyJS definition they were given for. A frozen definition never changes, so its
 * checker is compiled once per definition object and lives as long as the campaign's definition cache keeps it:
 * per campaign and role, rebuilt from the database by any instance.
 */
export function checkAnswers(definition: SurveyJson, answers: unknown, mode: CheckMode, answersJson?: string): CheckResult {
  let checker = checkers.get(definition);
  if (!checker) {
    checker = compileChecker(definition);
    checkers.set(definition, checker);
  }
  return checker.check(answers, mode, answersJson);
}
