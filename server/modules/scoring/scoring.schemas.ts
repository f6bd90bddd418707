import { z } from 'zod';
import { levelCodeSchema, mechanismCodeSchema, organisationKindSchema, schoolRuleSchema } from '../methodology/methodology.schemas';

// The result of scoring one municipality (METHODOLOGY.md §4) with everything needed to explain it. The API returns
// it and the browser renders it, so nothing server-only may be imported here. Every Russian sentence is produced
// by the scorer; the client only lays them out.

/** A municipality's or a school's id as the caller gave it (database id or directory code). */
export const scoringIdSchema = z.union([z.number().int(), z.string().min(1)]);
export type ScoringId = z.infer<typeof scoringIdSchema>;

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const percent = z.number().min(0).max(100);
const points = z.number().int().min(0);

export const EVIDENCE_STATUSES = ['absent', 'declared', 'verifiable'] as const;
export const evidenceStatusSchema = z.enum(EVIDENCE_STATUSES);
export type EvidenceStatus = z.infer<typeof evidenceStatusSchema>;

export const verificationWaySchema = z.enum(['url', 'requisites']);
export type VerificationWay = z.infer<typeof verificationWaySchema>;

/** The document a municipality named for a cycle component, as it answered (empty fields are null). */
export const evidenceDocumentSchema = z.object({
  /** The value of the document type («other» for a type the municipality wrote itself). */
  type: z.string().nullable(),
  /** The type as a person reads it: the methodology's label, or the text written next to «Другой документ». */
  typeLabel: z.string().nullable(),
  title: z.string().nullable(),
  /** YYYY-MM-DD. */
  date: z.string().nullable(),
  number: z.string().nullable(),
  url: z.string().nullable(),
});
export type EvidenceDocument = z.infer<typeof evidenceDocumentSchema>;

/** Points of a cycle component from the municipal form alone. */
export const municipalEvidenceSchema = z.object({
  status: evidenceStatusSchema,
  /** The answer to «is there this component»; null when the form was not submitted or the answer is missing. */
  answer: z.enum(['yes', 'no']).nullable(),
  /** Null when the municipality named no document. */
  document: evidenceDocumentSchema.nullable(),
  /** The ways of checking the methodology accepts that this declaration satisfies. */
  checkableBy: z.array(verificationWaySchema),
  points,
  reason: z.string(),
});
export type MunicipalEvidence = z.infer<typeof municipalEvidenceSchema>;

/**
 * One scored question across the municipality's responding schools. Its title and confirming answers are the
 * methodology's (`CompiledScoring` holds them by question name), not repeated in every result.
 */
export const questionCorroborationSchema = z.object({
  question: z.string(),
  rule: schoolRuleSchema,
  /** Responding schools where the question counts as answered under its rule. */
  answeringSchools: count,
  /** …and where the rule holds. */
  holdingSchools: count,
});
export type QuestionCorroboration = z.infer<typeof questionCorroborationSchema>;

/** Why a responding school is silent on a component: it answered none of the component's questions. */
export const SILENT_CAUSES = [
  /** Its respondents who were asked gave only neutral answers («затрудняюсь ответить») or left the questions empty. */
  'neutral_answers',
  /** None of the respondents whose answers count for the component's questions submitted a questionnaire. */
  'respondents_not_submitted',
] as const;
export const silentCauseSchema = z.enum(SILENT_CAUSES);
export type SilentCause = z.infer<typeof silentCauseSchema>;

/**
 * How the responding schools see a component (only for components schools can see). «Schools» here are the
 * organisations of `organisationKinds` only: a kindergarten says nothing about a component only school roles are asked.
 */
export const corroborationSchema = z.object({
  /** The denominator of the share, as the methodology's `corroboration.share.over` says. */
  shareOver: z.enum(['answering_schools', 'responding_schools']),
  /** The kinds of organisations whose respondents are asked the component's questions. */
  organisationKinds: z.array(organisationKindSchema),
  /** The counts below by kind, when the component is asked of more than one kind (else empty). */
  byKind: z.array(
    z.object({ organisationKind: organisationKindSchema, respondingSchools: count, answeringSchools: count, confirmingSchools: count }),
  ),
  respondingSchools: count,
  /** Responding schools that gave at least one non-neutral answer to the component's questions. */
  answeringSchools: count,
  confirmingSchools: count,
  /** Confirming / answering (or / responding, by `shareOver`); null when that denominator is zero. */
  share: share.nullable(),
  confirmingSchoolIds: z.array(scoringIdSchema),
  /**
   * The schools of the share's denominator that did not confirm: under `responding_schools` the silent ones are
   * among them, under `answering_schools` they are left out.
   */
  notConfirmingSchoolIds: z.array(scoringIdSchema),
  /** Responding schools that answered none of the component's questions, and why. */
  silentSchools: z.array(z.object({ schoolId: scoringIdSchema, cause: silentCauseSchema })),
  questions: z.array(questionCorroborationSchema),
});
export type Corroboration = z.infer<typeof corroborationSchema>;

export const RECONCILIATIONS = [
  /** Schools cannot see the component: the municipal points stand. */
  'not_visible_to_schools',
  /** Share at or above `keepPointsFromShare`: the municipal points stand. */
  'corroborated',
  /** Share below it: at most `maxPointsBelowShare`. */
  'not_corroborated',
  /** No school responded, share over responding schools: treated as not corroborated (share 0), see levels.ts. */
  'no_responding_schools',
  /** No school answered the component's questions, share over answering schools: at most `whenNoSchoolAnswered.maxPoints`. */
  'no_answering_schools',
] as const;
export const reconciliationSchema = z.enum(RECONCILIATIONS);
export type Reconciliation = z.infer<typeof reconciliationSchema>;

export const componentScoreSchema = z.object({
  code: z.string(),
  title: z.string(),
  visibleToSchools: z.boolean(),
  evidence: municipalEvidenceSchema,
  corroboration: corroborationSchema.nullable(),
  reconciliation: reconciliationSchema,
  /** Final points of the component. */
  points,
  maxPoints: points,
  flagged: z.boolean(),
  /** Why the final points are what they are. */
  reason: z.string(),
});
export type ComponentScore = z.infer<typeof componentScoreSchema>;

/** A cap that lowered a mechanism's level, and the components that failed its requirements. */
export const appliedCapSchema = z.object({
  /** The level the cap guards; the mechanism got at most one below it. */
  level: levelCodeSchema,
  explanation: z.string(),
  failing: z.array(z.object({ component: z.string(), title: z.string(), points, minPoints: points })),
});
export type AppliedCap = z.infer<typeof appliedCapSchema>;

/** A component the expert should look at: the municipality claims more than the schools corroborate. */
export const scoringFlagSchema = z.object({ component: z.string(), message: z.string() });
export type ScoringFlag = z.infer<typeof scoringFlagSchema>;

/**
 * The response-rate guard of one mechanism: over the kinds of organisations it asks that the municipality has, so
 * kindergartens that answered too little withhold only the levels of mechanisms kindergartens are asked about.
 */
export const mechanismGuardSchema = z.object({
  /** The kinds whose roles the mechanism asks. */
  organisationKinds: z.array(organisationKindSchema),
  /** At least one of them has organisations in the municipality, and each that has responded enough. */
  sufficient: z.boolean(),
  /** Why the level is given or withheld, by those kinds. */
  explanation: z.string(),
});
export type MechanismGuard = z.infer<typeof mechanismGuardSchema>;

export const mechanismScoreSchema = z.object({
  code: mechanismCodeSchema,
  title: z.string(),
  points,
  maxPoints: points,
  percent,
  /** The level of the percent alone. */
  bandLevel: levelCodeSchema,
  /** After the caps. */
  cappedLevel: levelCodeSchema,
  /** The level given: `cappedLevel`, or null when the mechanism's response-rate guard withholds it. */
  level: levelCodeSchema.nullable(),
  guard: mechanismGuardSchema,
  caps: z.array(appliedCapSchema),
  flags: z.array(scoringFlagSchema),
  components: z.array(componentScoreSchema),
  explanation: z.array(z.string()),
});
export type MechanismScore = z.infer<typeof mechanismScoreSchema>;

export const overallScoreSchema = z.object({
  /** Mean of the mechanisms' percents. */
  percent,
  bandLevel: levelCodeSchema,
  /** After the cap over the lowest mechanism. */
  cappedLevel: levelCodeSchema,
  /** Null when the level of any mechanism is withheld: the overall level is taken over all of them. */
  level: levelCodeSchema.nullable(),
  lowestMechanismLevel: levelCodeSchema,
  /** Codes of the mechanisms at the lowest level. */
  lowestMechanisms: z.array(mechanismCodeSchema),
  /** True when the cap over the lowest mechanism lowered the level. */
  capped: z.boolean(),
  explanation: z.array(z.string()),
});
export type OverallScore = z.infer<typeof overallScoreSchema>;

/** The response-rate guard over the organisations of one kind the campaign asks. */
export const kindResponseRateSchema = z.object({
  organisationKind: organisationKindSchema,
  totalSchools: count,
  respondingSchools: count,
  share,
  sufficient: z.boolean(),
});
export type KindResponseRate = z.infer<typeof kindResponseRateSchema>;

/**
 * The municipality's response rate, by kind of organisation. Each mechanism's guard (`MechanismScore.guard`) counts
 * the kinds it asks; `sufficient` when every mechanism's is, and so the overall level is given.
 */
export const responseRateSchema = z.object({
  totalSchools: count,
  /** Schools with at least `minCompleteQuestionnairesPerSchool` submitted questionnaires. */
  respondingSchools: count,
  submittedQuestionnaires: count,
  share,
  minShare: share,
  sufficient: z.boolean(),
  /** By kind, in `ORGANISATION_KINDS` order: the kinds the campaign's roles belong to. */
  byKind: z.array(kindResponseRateSchema),
  explanation: z.string(),
});
export type ResponseRate = z.infer<typeof responseRateSchema>;

export const recommendationSchema = z.object({
  mechanism: mechanismCodeSchema,
  /** Null for the text about the mechanism as a whole. */
  component: z.string().nullable(),
  text: z.string(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const municipalityScoreSchema = z.object({
  municipalityId: scoringIdSchema,
  municipalityName: z.string(),
  methodologyId: z.string(),
  methodologyVersion: z.string(),
  formSubmitted: z.boolean(),
  responseRate: responseRateSchema,
  /** `responseRate.sufficient` false: the label shown instead of the overall level and each withheld mechanism's. */
  insufficientDataLabel: z.string().nullable(),
  overall: overallScoreSchema,
  mechanisms: z.array(mechanismScoreSchema),
  recommendations: z.array(recommendationSchema),
});
export type MunicipalityScore = z.infer<typeof municipalityScoreSchema>;
