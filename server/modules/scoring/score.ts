import type { OrganisationKind } from '../../../db/schema/values';
import type { CompiledMechanism, CompiledScoring } from './compiled';
import { confirmingShares, corroborate, type SchoolInput } from './corroboration';
import { evidencePointsAt, municipalEvidence, type Answers } from './evidence';
import {
  flagMessage,
  mechanismExplanation,
  mechanismGuardExplanation,
  overallExplanation,
  reconciliationReason,
  responseRateExplanation,
  schoolIdAsName,
  type SchoolNameOf,
} from './explain';
import { mechanismLevel, overallLevel, reconcile } from './levels';
import type { LevelCode } from '../methodology/methodology.schemas';
import { recommendations } from './recommendations';
import type {
  ComponentScore,
  Corroboration,
  KindResponseRate,
  MechanismGuard,
  MechanismScore,
  MunicipalityScore,
  ResponseRate,
  ScoringFlag,
  ScoringId,
} from './scoring.schemas';

export type { Answers } from './evidence';
export type { QuestionnaireInput, SchoolInput } from './corroboration';

export interface MunicipalityInput {
  municipalityId: ScoringId;
  municipalityName: string;
  /** Schools with their submitted questionnaires; schools without any may be left out. */
  schools: readonly SchoolInput[];
  /** Every school of the municipality in the campaign: the denominator of the response-rate guard. */
  totalSchools: number;
  /** `totalSchools` by kind of organisation; absent: all of them are schools. */
  totalsByKind?: OrganisationTotals;
  /** The submitted municipal form's answers, or null when it was not submitted. */
  municipalForm: Answers | null;
  /** Schools taken out of the campaign («name — reason»): not counted, but named in the explanation. */
  excludedSchools?: readonly string[];
  /** Names of the schools, for explanations that name them (schools left out of a share); else their ids. */
  schoolNames?: ReadonlyMap<ScoringId, string>;
}

/** How many organisations of each kind a municipality has in the campaign. */
export type OrganisationTotals = Partial<Record<OrganisationKind, number>>;

/** The schools that count: those with at least the minimum of submitted questionnaires. */
function respondingSchoolsOf(compiled: CompiledScoring, municipalityId: ScoringId, schools: readonly SchoolInput[], totalSchools: number) {
  const minQuestionnaires = compiled.rules.responseRate.minCompleteQuestionnairesPerSchool;
  const responding = schools.filter((school) => school.questionnaires.length >= minQuestionnaires);
  if (responding.length > totalSchools) {
    throw new Error(`Муниципалитет ${municipalityId}: ответивших школ (${responding.length}) больше, чем школ всего (${totalSchools})`);
  }
  return responding;
}

/** Each kind of organisation the campaign asks: its responding organisations against its own total. */
function kindRates(
  compiled: CompiledScoring,
  responding: readonly SchoolInput[],
  totalSchools: number,
  totals: OrganisationTotals = { school: totalSchools },
): KindResponseRate[] {
  const minShare = compiled.rules.responseRate.minShareOfSchools;
  return compiled.organisationKinds.map((organisationKind): KindResponseRate => {
    const total = totals[organisationKind] ?? 0;
    const answered = responding.filter((school) => (school.organisationKind ?? 'school') === organisationKind).length;
    const share = total === 0 ? 0 : Math.min(1, answered / total);
    return { organisationKind, totalSchools: total, respondingSchools: answered, share, sufficient: total > 0 && share >= minShare };
  });
}

/**
 * The response-rate guard of a mechanism: its level is given when at least one kind it asks has organisations in
 * the municipality and every kind it asks that has them responded enough. A kind it does not ask cannot withhold
 * it; a methodology asking schools only thus keeps the guard it always had.
 */
function guardSufficient(mechanism: CompiledMechanism, byKind: readonly KindResponseRate[]): boolean {
  const counted = byKind.filter((kind) => kind.totalSchools > 0 && mechanism.organisationKinds.includes(kind.organisationKind));
  return counted.length > 0 && counted.every((kind) => kind.sufficient);
}

/** Each mechanism's guard, and the municipality's response rate: sufficient when every mechanism's guard is. */
function responseRate(compiled: CompiledScoring, input: MunicipalityInput, responding: readonly SchoolInput[]) {
  let submittedQuestionnaires = 0;
  for (const school of input.schools) submittedQuestionnaires += school.questionnaires.length;
  const byKind = kindRates(compiled, responding, input.totalSchools, input.totalsByKind);
  const guards = compiled.mechanisms.map((mechanism) => ({ mechanism, sufficient: guardSufficient(mechanism, byKind) }));
  const rate = {
    totalSchools: input.totalSchools,
    respondingSchools: responding.length,
    submittedQuestionnaires,
    share: input.totalSchools === 0 ? 0 : responding.length / input.totalSchools,
    minShare: compiled.rules.responseRate.minShareOfSchools,
    sufficient: guards.every((guard) => guard.sufficient),
    byKind,
  };
  const excluded = input.excludedSchools;
  const mechanismGuards = guards.map(({ mechanism, sufficient }): MechanismGuard => ({
    organisationKinds: [...mechanism.organisationKinds],
    sufficient,
    explanation: mechanismGuardExplanation(compiled, mechanism, { ...rate, sufficient }, excluded),
  }));
  const explanation = responseRateExplanation(compiled, rate, guards, excluded);
  return { rate: { ...rate, explanation } satisfies ResponseRate, mechanismGuards };
}

/**
 * The arithmetic of one mechanism (METHODOLOGY.md §4): each component's claimed points reconciled with the schools'
 * corroboration, then the mechanism's percent and levels. Shared by the full score and the run's levels.
 */
function reconciledMechanism(
  compiled: CompiledScoring,
  mechanism: CompiledMechanism,
  claimed: readonly number[],
  shares: ReadonlyArray<number | null>,
) {
  const components = mechanism.components.map((component, index) =>
    reconcile(
      compiled.rules,
      claimed[index]!,
      component.visibleToSchools,
      component.visibleToSchools ? shares[component.corroborationSlot]! : null,
    ),
  );
  return {
    components,
    computed: mechanismLevel(
      compiled,
      mechanism,
      components.map((component) => component.points),
    ),
  };
}

function scoreMechanism(
  compiled: CompiledScoring,
  mechanism: CompiledMechanism,
  input: MunicipalityInput,
  corroborations: readonly Corroboration[],
  guard: MechanismGuard,
  rate: ResponseRate,
): MechanismScore {
  const evidence = mechanism.components.map((component) => municipalEvidence(compiled, component, input.municipalForm));
  const reconciled = reconciledMechanism(
    compiled,
    mechanism,
    evidence.map((e) => e.points),
    corroborations.map((c) => c.share),
  );
  const flags: ScoringFlag[] = [];
  const names = input.schoolNames;
  const nameOf: SchoolNameOf = names ? (schoolId) => names.get(schoolId) ?? String(schoolId) : schoolIdAsName;
  const components = mechanism.components.map((component, index): ComponentScore => {
    const corroboration = component.visibleToSchools ? corroborations[component.corroborationSlot]! : null;
    const claimed = evidence[index]!.points;
    const result = reconciled.components[index]!;
    if (result.flagged) flags.push({ component: component.code, message: flagMessage(compiled, claimed, corroboration!) });
    return {
      code: component.code,
      title: component.title,
      visibleToSchools: component.visibleToSchools,
      evidence: evidence[index]!,
      corroboration,
      reconciliation: result.reconciliation,
      points: result.points,
      maxPoints: compiled.maxComponentPoints,
      flagged: result.flagged,
      reason: reconciliationReason(compiled, component, claimed, result, corroboration, nameOf),
    };
  });
  const { computed } = reconciled;
  return {
    code: mechanism.code,
    title: mechanism.title,
    ...computed,
    level: guard.sufficient ? computed.cappedLevel : null,
    guard,
    flags,
    components,
    explanation: mechanismExplanation(compiled, computed, components, input.municipalForm !== null, guard, rate),
  };
}

/**
 * Scores one municipality under a compiled methodology (METHODOLOGY.md §4), with the evidence, explanations and
 * recommendations an expert reads. Pure; a scoring run stores only the numbers (`municipalityLevels`).
 */
export function scoreMunicipality(compiled: CompiledScoring, input: MunicipalityInput): MunicipalityScore {
  const respondingSchools = respondingSchoolsOf(compiled, input.municipalityId, input.schools, input.totalSchools);
  const { rate, mechanismGuards } = responseRate(compiled, input, respondingSchools);
  const corroborations = corroborate(compiled, respondingSchools);
  const mechanisms = compiled.mechanisms.map((mechanism, index) =>
    scoreMechanism(compiled, mechanism, input, corroborations, mechanismGuards[index]!, rate),
  );
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
    recommendations: recommendations(compiled, input.municipalityName, mechanisms),
  };
}

/** What a scoring run needs of a municipality: the form's evidence as `formEvidence` reduces it. */
export interface LevelsInput {
  municipalityId: ScoringId;
  schools: readonly SchoolInput[];
  totalSchools: number;
  /** `totalSchools` by kind of organisation; absent: all of them are schools. */
  totalsByKind?: OrganisationTotals;
  /** The submitted municipal form's `formEvidence`, or null when it was not submitted. */
  evidence: string | null;
}

/** The numbers a run stores of a municipality: `scoreMunicipality`'s levels without its evidence details and texts. */
export interface MunicipalityLevels {
  respondingSchools: number;
  totalSchools: number;
  /** Some mechanism's response-rate guard withheld its level, and so the overall level is withheld too. */
  insufficientData: boolean;
  formSubmitted: boolean;
  overall: { percent: number; cappedLevel: LevelCode; level: LevelCode | null };
  mechanisms: Array<{
    code: string;
    percent: number;
    cappedLevel: LevelCode;
    level: LevelCode | null;
    flags: number;
    componentPoints: number[];
  }>;
}

/**
 * The levels of one municipality, as `scoreMunicipality` computes them, for a whole run: no evidence details,
 * explanations or recommendations are built (an expert's page recomputes those for one municipality).
 */
export function municipalityLevels(compiled: CompiledScoring, input: LevelsInput): MunicipalityLevels {
  const respondingSchools = respondingSchoolsOf(compiled, input.municipalityId, input.schools, input.totalSchools);
  const byKind = kindRates(compiled, respondingSchools, input.totalSchools, input.totalsByKind);
  const shares = confirmingShares(compiled, respondingSchools);
  let slot = 0;
  let sufficient = true;
  const mechanisms = compiled.mechanisms.map((mechanism) => {
    const claimed = mechanism.components.map(() => evidencePointsAt(compiled, input.evidence, slot++));
    const { components, computed } = reconciledMechanism(compiled, mechanism, claimed, shares);
    const given = guardSufficient(mechanism, byKind);
    if (!given) sufficient = false;
    return {
      code: mechanism.code,
      points: computed.points,
      percent: computed.percent,
      cappedLevel: computed.cappedLevel,
      level: given ? computed.cappedLevel : null,
      flags: components.filter((component) => component.flagged).length,
      componentPoints: components.map((component) => component.points),
    };
  });
  const overall = overallLevel(compiled, mechanisms);
  return {
    respondingSchools: respondingSchools.length,
    totalSchools: input.totalSchools,
    insufficientData: !sufficient,
    formSubmitted: input.evidence !== null,
    overall: { percent: overall.percent, cappedLevel: overall.cappedLevel, level: sufficient ? overall.cappedLevel : null },
    mechanisms: mechanisms.map(({ points: _points, ...mechanism }) => mechanism),
  };
}
