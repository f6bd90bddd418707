import { Model, type Question } from 'survey-core';
import 'survey-core/i18n/russian';
import { ANSWER_LIMITS, type SurveyJson } from '../modules/methodology/assemble';
import {
  checkShapes,
  COMMENT_WITHOUT_OTHER,
  envelopeError,
  HIDDEN_ANSWER,
  HIDDEN_COMMENT,
  isEmpty,
  type AnswerError,
  type CheckMode,
  type CheckResult,
  type QuestionShape,
} from '../modules/methodology/check';

// The answer check as it ran before it was compiled: a survey-core model judges required answers, conditions and
// validators, and the question shapes are read from the model's questions, not from the JSON. It is the oracle of
// `check.property.test.ts` and nothing else. Two rules were added to it with the compiled checker, so that both
// judge alike: a «Другое» text without «Другое» is refused on submit, and keys that are no question never reach
// the model (they are refused anyway; survey-core trims keys, so ' q' would have stood in for q).

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

interface Oracle {
  model: Model;
  questions: Question[];
  shapes: Map<string, QuestionShape>;
  commentLimit: number;
}

const oracles = new WeakMap<SurveyJson, Oracle>();

function oracleOf(definition: SurveyJson, kind: 'reused' | 'fresh'): Oracle {
  let oracle = kind === 'reused' ? oracles.get(definition) : undefined;
  if (!oracle) {
    const model = new Model(definition);
    model.locale = 'ru';
    // The checker observes and never edits: with 'onHidden' a reused model would drop an answer to a question
    // hidden since the previous check, and the answer would pass unnoticed.
    model.clearInvisibleValues = 'none';
    const questions = model.getAllQuestions(false);
    oracle = {
      model,
      questions,
      shapes: new Map(questions.map((question) => [question.name, shapeOf(question)])),
      commentLimit: model.maxCommentLength > 0 ? model.maxCommentLength : ANSWER_LIMITS.comment,
    };
    if (kind === 'reused') oracles.set(definition, oracle);
  }
  return oracle;
}

/**
 * The survey-core check of answers against a definition: what the compiled checker must agree with. A model built
 * for one check (`fresh`) is the reference. One reused between checks (what production did: building one costs tens
 * of milliseconds) is faster but keeps state from earlier answer sets — after some sequences it no longer reports a
 * «Другое» without its text — so a disagreement with a reused model is settled by a fresh one.
 */
export function surveyCoreCheck(
  definition: SurveyJson,
  answers: unknown,
  mode: CheckMode,
  model: 'reused' | 'fresh' = 'reused',
): CheckResult {
  const refused = envelopeError(answers);
  if (refused) return refused;
  const { model: survey, questions, shapes, commentLimit } = oracleOf(definition, model);
  const { errors, badShape, known } = checkShapes(answers as Record<string, unknown>, shapes, commentLimit);
  if (mode === 'partial') return { ok: errors.length === 0, errors };
  const report = (key: string, message: string, title: string) => errors.push({ question: key, title, message } satisfies AnswerError);
  // survey-core sees only well-shaped answers; the model is shared between calls, so it gets the whole set each time.
  survey.data = known;
  for (const question of questions) {
    if (badShape.has(question.name)) continue;
    const commentKey = `${question.name}-Comment`;
    const hasComment = !isEmpty(known[commentKey]);
    if (!question.isVisibleInSurvey) {
      if (!question.isEmpty()) report(question.name, HIDDEN_ANSWER, question.title);
      if (hasComment) report(commentKey, HIDDEN_COMMENT, question.title);
      continue;
    }
    // `true` makes survey-core fill question.errors; with `false` it only returns the verdict.
    question.validate(true);
    for (const error of question.errors) report(question.name, error.getText(), question.title);
    const choice = question as unknown as { showOtherItem?: boolean; isOtherSelected?: boolean };
    if (choice.showOtherItem && hasComment && !choice.isOtherSelected) report(commentKey, COMMENT_WITHOUT_OTHER, question.title);
  }
  return { ok: errors.length === 0, errors };
}
