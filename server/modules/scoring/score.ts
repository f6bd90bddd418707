import type { CompiledMechanism, CompiledScoring } from './compile';
import { corroborate, type SchoolInput } from './corroboration';
import { municipalEvidence, type Answers } from './evidence';
import { flagMessage, mechanismExplanation, overallExplanation, reconciliationReason, responseRateExplanation } from './explain';
import { mechanismLevel, overallLevel, reconcile } from './levels';
import { recommendations } from './recommendations';
import type { ComponentScore, Corroboration, MechanismScore, MunicipalityScore, ResponseRate, ScoringFlag, ScoringId } from './scoring.schemas';

export type { Answers } from './evidence';
export type { QuestionnaireInput, SchoolInput } from './corroboration';

export interface MunicipalityInput {
  municipalityId: ScoringId;
  municipalityName: string;
  /** Schools with their submitted questionnaires; schools without any may be left out. */
  schools: readonly SchoolInput[];
  /** Every school of the municipality in the campaign: the denominator of the response-rate guard. */
  totalSchools: number;
  /** The submitted municipal form's answers, or null when it was not submitted. */
  municipalForm: Answers | null;
}

function responseRate(compiled: CompiledScoring, input: MunicipalityInput, respondingSchools: number): ResponseRate {
  let submittedQuestionnaires = 0;
  for (const school of input.schools) submittedQuestionnaires += school.questionnaires.length;
  const minShare = compiled.rules.responseRate.minShareOfSchools;
  const share = input.totalSchools === 0 ? 0 : respondingSchools / input.totalSchools;
  const rate = { totalSchools: input.totalSchools, respondingSchools, submittedQuestionnaires, share, minShare, sufficient: input.totalSchools > 0 && share >= minShare };
  return { ...rate, explanation: responseRateExplanation(compiled, rate) };
}

function scoreMechanism(
  compiled: CompiledScoring,
  mechanism: CompiledMechanism,
  input: MunicipalityInput,
  corroborations: readonly Corroboration[],
  rate: ResponseRate,
): MechanismScore {
  const flags: ScoringFlag[] = [];
  const components = mechanism.components.map((component): ComponentScore => {
    const evidence = municipalEvidence(compiled, component, input.municipalForm);
    const corroboration = component.visibleToSchools ? corroborations[component.corroborationSlot]! : null;
    const reconciled = reconcile(compiled.rules, evidence.points, component.visibleToSchools, corroboration?.share ?? null);
    if (reconciled.flagged) flags.push({ component: component.code, message: flagMessage(compiled, evidence.points, corroboration!) });
    return {
      code: component.code,
      title: component.title,
      visibleToSchools: component.visibleToSchools,
      evidence,
      corroboration,
      reconciliation: reconciled.reconciliation,
      points: reconciled.points,
      maxPoints: compiled.maxComponentPoints,
      flagged: reconciled.flagged,
      reason: reconciliationReason(compiled, evidence.points, reconciled, corroboration),
    };
  });
  const computed = mechanismLevel(compiled, mechanism, components.map((component) => component.points));
  return {
    code: mechanism.code,
    title: mechanism.title,
    ...computed,
    level: rate.sufficient ? computed.cappedLevel : null,
    flags,
    components,
    explanation: mechanismExplanation(compiled, computed, components, input.municipalForm !== null, rate),
  };
}

/**
 * Scores one municipality under a compiled methodology (METHODOLOGY.md §4). Pure: the caller streams municipalities
 * one by one, so memory holds one municipality's answers and result at a time.
 */
export function scoreMunicipality(compiled: CompiledScoring, input: MunicipalityInput): MunicipalityScore {
  const minQuestionnaires = compiled.rules.responseRate.minCompleteQuestionnairesPerSchool;
  const respondingSchools = input.schools.filter((school) => school.questionnaires.length >= minQuestionnaires);
  if (respondingSchools.length > input.totalSchools) {
    throw new Error(`Муниципалитет ${input.municipalityId}: ответивших школ (${respondingSchools.length}) больше, чем школ всего (${input.totalSchools})`);
  }
  const rate = responseRate(compiled, input, respondingSchools.length);
  const corroborations = corroborate(compiled, respondingSchools);
  const mechanisms = compiled.mechanisms.map((mechanism) => scoreMechanism(compiled, mechanism, input, corroborations, rate));
  const overall = overallLevel(compiled, mechanisms);
  const insufficientDataLabel = rate.sufficient ? null : compiled.rules.responseRate.label;
  return {
    municipalityId: input.municipalityId,
    municipalityName: input.municipalityName,
    methodologyId: compiled.methodologyId,
    methodologyVersion: compiled.methodologyVersion,
    formSubmitted: input.municipalForm !== null,
    responseRate: rate,
    insufficientDataLabel,
    overall: {
      ...overall,
      level: rate.sufficient ? overall.cappedLevel : null,
      explanation: overallExplanation(compiled, overall, mechanisms.length, input.municipalForm !== null, rate),
    },
    mechanisms,
    recommendations: recommendations(compiled, input.municipalityName, mechanisms, insufficientDataLabel),
  };
}
