import type { RespondentRole } from '../../../db/schema/values';
import type { CompiledQuestion, CompiledScoring } from './compile';
import type { Answers } from './evidence';
import type { Corroboration, ScoringId } from './scoring.schemas';

export interface QuestionnaireInput {
  role: RespondentRole;
  /** Submitted answers; only `CompiledScoring.questionnaireKeys` are read. */
  answers: Answers;
}

export interface SchoolInput {
  schoolId: ScoringId;
  /** Submitted questionnaires only, one per role. */
  questionnaires: readonly QuestionnaireInput[];
}

/** What one answer, or one question in one school, says about a component. */
export type Outcome = 'unanswered' | 'confirms' | 'denies';

/**
 * One respondent's answer: neutral answers («затрудняюсь ответить») and empty ones count as not answered; a checkbox
 * confirms when any chosen value confirms and is unanswered when it holds only neutral values.
 */
export function answerOutcome(value: unknown, confirming: ReadonlySet<string>, neutral: ReadonlySet<string>): Outcome {
  if (typeof value === 'string') {
    if (value === '' || neutral.has(value)) return 'unanswered';
    return confirming.has(value) ? 'confirms' : 'denies';
  }
  if (!Array.isArray(value)) return 'unanswered';
  let answered = false;
  for (const item of value) {
    if (typeof item !== 'string' || neutral.has(item)) continue;
    if (confirming.has(item)) return 'confirms';
    answered = true;
  }
  return answered ? 'denies' : 'unanswered';
}

/**
 * One question in one school, whose questionnaires are `rows` (answers by question index) of `roles`. `role` rule:
 * only that respondent's answer counts. Majority: the share of confirming answers among the school's respondents
 * who answered must be strictly above `majorityAbove`.
 */
function schoolOutcome(compiled: CompiledScoring, question: CompiledQuestion, rows: readonly unknown[][], roles: readonly RespondentRole[], count: number): Outcome {
  const neutral = compiled.neutralValues;
  if (question.role !== null) {
    for (let k = 0; k < count; k++) {
      if (roles[k] === question.role) return answerOutcome(rows[k]![question.index], question.confirming, neutral);
    }
    return 'unanswered';
  }
  let answered = 0;
  let confirmed = 0;
  for (let k = 0; k < count; k++) {
    const outcome = answerOutcome(rows[k]![question.index], question.confirming, neutral);
    if (outcome === 'unanswered') continue;
    answered++;
    if (outcome === 'confirms') confirmed++;
  }
  if (answered === 0) return 'unanswered';
  return confirmed / answered > compiled.rules.corroboration.majorityAbove ? 'confirms' : 'denies';
}

/**
 * How the responding schools see each component they can see (`compiled.corroboratedComponents`, in that order):
 * a school confirms a component when, among the component's questions it answered, at least
 * `componentQuestionShare` hold; the share is confirming schools / responding schools.
 *
 * One pass over the schools: each questionnaire's scored answers are copied once into a row indexed by question,
 * so the rules read arrays instead of looking keys up in differently shaped answer objects.
 */
export function corroborate(compiled: CompiledScoring, respondingSchools: readonly SchoolInput[]): Corroboration[] {
  const { questions, questionIndex, corroboratedComponents: components } = compiled;
  const required = compiled.rules.corroboration.componentQuestionShare;
  const answering = new Array<number>(questions.length).fill(0);
  const holding = new Array<number>(questions.length).fill(0);
  const outcomes = new Array<Outcome>(questions.length);
  const confirmingIds = components.map((): ScoringId[] => []);
  const notConfirmingIds = components.map((): ScoringId[] => []);
  const silentIds = components.map((): ScoringId[] => []);
  // Rows of the current school's questionnaires, reused from school to school.
  const rows: unknown[][] = [];
  const roles: RespondentRole[] = [];

  for (const school of respondingSchools) {
    const count = school.questionnaires.length;
    for (let k = 0; k < count; k++) {
      const row = (rows[k] ??= new Array<unknown>(questions.length));
      row.fill(undefined);
      const { role, answers } = school.questionnaires[k]!;
      roles[k] = role;
      for (const key in answers) {
        const index = questionIndex.get(key);
        if (index !== undefined) row[index] = answers[key];
      }
    }
    for (const question of questions) {
      const outcome = schoolOutcome(compiled, question, rows, roles, count);
      outcomes[question.index] = outcome;
      if (outcome === 'unanswered') continue;
      answering[question.index]!++;
      if (outcome === 'confirms') holding[question.index]!++;
    }
    for (let c = 0; c < components.length; c++) {
      let answered = 0;
      let held = 0;
      for (const question of components[c]!.questions) {
        const outcome = outcomes[question.index];
        if (outcome === 'unanswered') continue;
        answered++;
        if (outcome === 'confirms') held++;
      }
      if (answered > 0 && held / answered >= required) {
        confirmingIds[c]!.push(school.schoolId);
      } else {
        notConfirmingIds[c]!.push(school.schoolId);
        if (answered === 0) silentIds[c]!.push(school.schoolId);
      }
    }
  }

  const responding = respondingSchools.length;
  return components.map((component, c) => ({
    respondingSchools: responding,
    confirmingSchools: confirmingIds[c]!.length,
    share: responding === 0 ? null : confirmingIds[c]!.length / responding,
    confirmingSchoolIds: confirmingIds[c]!,
    notConfirmingSchoolIds: notConfirmingIds[c]!,
    silentSchoolIds: silentIds[c]!,
    questions: component.questions.map((question) => ({
      question: question.name,
      rule: question.rule,
      answeringSchools: answering[question.index]!,
      holdingSchools: holding[question.index]!,
    })),
  }));
}
