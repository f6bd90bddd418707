import { OUTCOME_LETTERS, type OrganisationKind, type RespondentRole } from '../../../db/schema/values';
import { kindBit, type CompiledQuestion, type CompiledScoring } from './compiled';
import type { Answers } from './evidence';
import type { Corroboration, ScoringId, SilentCause } from './scoring.schemas';

export interface QuestionnaireInput {
  role: RespondentRole;
  /** The submitted answers as `questionnaireOutcomes` reduces them. */
  outcomes: string;
}

export interface SchoolInput {
  schoolId: ScoringId;
  /** A school unless said otherwise; a kindergarten counts only for components its roles are asked about. */
  organisationKind?: OrganisationKind;
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

/** One letter per outcome in a questionnaire's outcome string. */
const LETTER: Record<Outcome, string> = OUTCOME_LETTERS;
const CONFIRMS = LETTER.confirms.charCodeAt(0);
const DENIES = LETTER.denies.charCodeAt(0);

/**
 * A questionnaire's answers reduced to what scoring reads: the outcome of each scored question, one letter per
 * `compiled.questions` entry in that order. Stored when a questionnaire is submitted (with `compiled.inputKey`),
 * so a scoring run reads 68 letters per questionnaire instead of its whole answers.
 */
export function questionnaireOutcomes(compiled: CompiledScoring, answers: Answers): string {
  let outcomes = '';
  for (const question of compiled.questions)
    outcomes += LETTER[answerOutcome(answers[question.name], question.confirming, compiled.neutralValues)];
  return outcomes;
}

/** The letter of question `index` in an outcome string; anything else than a known letter is unanswered. */
function outcomeAt(outcomes: string, index: number): Outcome {
  const letter = outcomes.charCodeAt(index);
  return letter === CONFIRMS ? 'confirms' : letter === DENIES ? 'denies' : 'unanswered';
}

/**
 * One question in one school, whose questionnaires are `questionnaires`. `role` rule: only that respondent's answer
 * counts. Majority: the share of confirming answers among the school's respondents who answered must be strictly
 * above `majorityAbove`.
 */
function schoolOutcome(compiled: CompiledScoring, question: CompiledQuestion, questionnaires: readonly QuestionnaireInput[]): Outcome {
  if (question.role !== null) {
    for (const questionnaire of questionnaires) {
      if (questionnaire.role === question.role) return outcomeAt(questionnaire.outcomes, question.index);
    }
    return 'unanswered';
  }
  let answered = 0;
  let confirmed = 0;
  for (const questionnaire of questionnaires) {
    const outcome = outcomeAt(questionnaire.outcomes, question.index);
    if (outcome === 'unanswered') continue;
    answered++;
    if (outcome === 'confirms') confirmed++;
  }
  if (answered === 0) return 'unanswered';
  return confirmed / answered > compiled.rules.corroboration.majorityAbove ? 'confirms' : 'denies';
}

/**
 * What one school says about a component schools can see; `not_concerned`: none of the component's questions is
 * asked of its kind of organisation, so it is not among the component's schools at all.
 */
type SchoolVerdict = 'confirms' | 'denies' | SilentCause | 'not_concerned';

/** Whether any questionnaire of the school counts for the question under its rule. */
function asked(question: CompiledQuestion, questionnaires: readonly QuestionnaireInput[]): boolean {
  return questionnaires.some((questionnaire) => question.countedRoles.includes(questionnaire.role));
}

/**
 * One school's verdict on every component schools can see (by `corroborationSlot`, into `verdicts`), and on every
 * scored question (into `outcomes`): it confirms a component when, among the component's questions it answered,
 * at least `componentQuestionShare` hold; it is silent when it answered none of them — with only neutral answers
 * when someone whose answer counts submitted, else because nobody who is asked did.
 */
function judgeSchool(compiled: CompiledScoring, school: SchoolInput, outcomes: Outcome[], verdicts: SchoolVerdict[]) {
  const required = compiled.rules.corroboration.componentQuestionShare;
  for (const question of compiled.questions) outcomes[question.index] = schoolOutcome(compiled, question, school.questionnaires);
  const components = compiled.corroboratedComponents;
  const kind = kindBit(school.organisationKind ?? 'school');
  for (let c = 0; c < components.length; c++) {
    if ((components[c]!.kindMask & kind) === 0) {
      verdicts[c] = 'not_concerned';
      continue;
    }
    const questions = components[c]!.questions;
    let answered = 0;
    let held = 0;
    for (const question of questions) {
      const outcome = outcomes[question.index];
      if (outcome === 'unanswered') continue;
      answered++;
      if (outcome === 'confirms') held++;
    }
    if (answered > 0) verdicts[c] = held / answered >= required ? 'confirms' : 'denies';
    else
      verdicts[c] = questions.some((question) => asked(question, school.questionnaires)) ? 'neutral_answers' : 'respondents_not_submitted';
  }
}

/** The share of confirming schools under the methodology's rule: over answering or over responding schools. */
function shareOf(compiled: CompiledScoring, confirming: number, answering: number, responding: number): number | null {
  const over = compiled.rules.corroboration.share.over === 'answering_schools' ? answering : responding;
  return over === 0 ? null : confirming / over;
}

/**
 * How the responding schools see each component they can see (`compiled.corroboratedComponents`, in that order),
 * with the schools and questions behind it: the share is confirming schools over answering schools, or over
 * responding schools when the methodology says so (`corroboration.share`). Only organisations of the component's
 * kinds count (`CompiledComponent.organisationKinds`): a kindergarten is no school that failed to answer.
 */
export function corroborate(compiled: CompiledScoring, respondingSchools: readonly SchoolInput[]): Corroboration[] {
  const { questions, corroboratedComponents: components } = compiled;
  const overAnswering = compiled.rules.corroboration.share.over === 'answering_schools';
  const answering = new Array<number>(questions.length).fill(0);
  const holding = new Array<number>(questions.length).fill(0);
  const outcomes = new Array<Outcome>(questions.length);
  const verdicts = new Array<SchoolVerdict>(components.length);
  const confirmingIds = components.map((): ScoringId[] => []);
  const notConfirmingIds = components.map((): ScoringId[] => []);
  const silent = components.map((): Corroboration['silentSchools'] => []);
  const responding = new Array<number>(components.length).fill(0);
  const byKind = components.map((component): Corroboration['byKind'] =>
    component.organisationKinds.length > 1
      ? component.organisationKinds.map((organisationKind) => ({
          organisationKind,
          respondingSchools: 0,
          answeringSchools: 0,
          confirmingSchools: 0,
        }))
      : [],
  );

  for (const school of respondingSchools) {
    judgeSchool(compiled, school, outcomes, verdicts);
    for (const question of questions) {
      const outcome = outcomes[question.index];
      if (outcome === 'unanswered') continue;
      answering[question.index]!++;
      if (outcome === 'confirms') holding[question.index]!++;
    }
    for (let c = 0; c < components.length; c++) {
      const verdict = verdicts[c]!;
      if (verdict === 'not_concerned') continue;
      responding[c]!++;
      const counts = byKind[c]!.find((entry) => entry.organisationKind === (school.organisationKind ?? 'school'));
      if (counts) {
        counts.respondingSchools++;
        if (verdict === 'confirms' || verdict === 'denies') counts.answeringSchools++;
        if (verdict === 'confirms') counts.confirmingSchools++;
      }
      if (verdict === 'confirms') confirmingIds[c]!.push(school.schoolId);
      else if (verdict === 'denies') notConfirmingIds[c]!.push(school.schoolId);
      else {
        silent[c]!.push({ schoolId: school.schoolId, cause: verdict });
        if (!overAnswering) notConfirmingIds[c]!.push(school.schoolId);
      }
    }
  }

  return components.map((component, c) => {
    const answeringSchools = responding[c]! - silent[c]!.length;
    return {
      shareOver: compiled.rules.corroboration.share.over,
      organisationKinds: [...component.organisationKinds],
      byKind: byKind[c]!,
      respondingSchools: responding[c]!,
      answeringSchools,
      confirmingSchools: confirmingIds[c]!.length,
      share: shareOf(compiled, confirmingIds[c]!.length, answeringSchools, responding[c]!),
      confirmingSchoolIds: confirmingIds[c]!,
      notConfirmingSchoolIds: notConfirmingIds[c]!,
      silentSchools: silent[c]!,
      questions: component.questions.map((question) => ({
        question: question.name,
        rule: question.rule,
        answeringSchools: answering[question.index]!,
        holdingSchools: holding[question.index]!,
      })),
    };
  });
}

/** `corroborate`'s shares alone, by `corroborationSlot` (null when nobody counts): what a scoring run needs. */
export function confirmingShares(compiled: CompiledScoring, respondingSchools: readonly SchoolInput[]): Array<number | null> {
  const components = compiled.corroboratedComponents;
  const outcomes = new Array<Outcome>(compiled.questions.length);
  const verdicts = new Array<SchoolVerdict>(components.length);
  const confirming = new Array<number>(components.length).fill(0);
  const answering = new Array<number>(components.length).fill(0);
  const responding = new Array<number>(components.length).fill(0);
  for (const school of respondingSchools) {
    judgeSchool(compiled, school, outcomes, verdicts);
    for (let c = 0; c < components.length; c++) {
      const verdict = verdicts[c];
      if (verdict === 'not_concerned') continue;
      responding[c]!++;
      if (verdict === 'confirms') confirming[c]!++;
      if (verdict === 'confirms' || verdict === 'denies') answering[c]!++;
    }
  }
  return confirming.map((count, c) => shareOf(compiled, count, answering[c]!, responding[c]!));
}
