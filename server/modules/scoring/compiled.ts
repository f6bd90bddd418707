import { ORGANISATION_KINDS, type OrganisationKind, type RespondentRole } from '../../../db/schema/values';
import type { LevelCode, SchoolRule, ScoringRules } from '../methodology/methodology.schemas';
import type { VerificationWay } from './scoring.schemas';

// What `compileScoring` works out of a methodology version once per run, as plain types: the scorer, the
// evidence reader and the explanations read them, and none of them needs the compiler to do so.

/** A scored question; its title and confirming answers are for display beside a result's per-question detail. */
export interface CompiledQuestion {
  /** Position in `CompiledScoring.questions`. */
  index: number;
  name: string;
  title: string;
  rule: SchoolRule;
  /** The rule's role, or null for the majority rule. */
  role: RespondentRole | null;
  /** The roles whose answers count under the rule: the rule's role, or every role the question is asked. */
  countedRoles: readonly RespondentRole[];
  confirming: ReadonlySet<string>;
  confirmingAnswers: readonly string[];
}

// A type alias, not an interface: `Object.values` then knows every field is a string.
export type EvidenceFields = {
  exists: string;
  documentType: string;
  /** The text of a document type the municipality wrote itself («Другой документ»). */
  documentTypeComment: string;
  documentTitle: string;
  documentDate: string;
  documentNumber: string;
  url: string;
};

export interface CompiledComponent {
  code: string;
  title: string;
  /** Position in the management cycle (0-based), the order of explanations and recommendations. */
  index: number;
  visibleToSchools: boolean;
  evidence: EvidenceFields;
  /** Scored questions of this mechanism tagged with this component; empty when schools cannot see it. */
  questions: readonly CompiledQuestion[];
  /** Display texts of the neutral answers its questions offer, for the explanation of schools left out of a share. */
  neutralAnswers: readonly string[];
  /**
   * The kinds of organisations whose answers count for the component: those of the roles its questions count
   * (`CompiledQuestion.countedRoles`); organisations of other kinds neither confirm it nor are silent on it.
   */
  organisationKinds: readonly OrganisationKind[];
  /** `organisationKinds` as bits of `kindBit`, for the scorer's inner loop. */
  kindMask: number;
  /** Position in `CompiledScoring.corroboratedComponents`, or -1 when schools cannot see the component. */
  corroborationSlot: number;
  /** The mechanism's own recommendation for the component, else the methodology's general one. */
  recommendation: string;
}

export interface CompiledCap {
  level: LevelCode;
  explanation: string;
  requires: ReadonlyArray<{ componentIndices: readonly number[]; minPoints: number }>;
}

export interface CompiledMechanism {
  code: string;
  title: string;
  recommendation: string;
  /**
   * The kinds of organisations whose roles the mechanism asks (all of `CompiledScoring.organisationKinds` for a
   * mechanism without questions): the response-rate guard of its level counts these kinds only.
   */
  organisationKinds: readonly OrganisationKind[];
  components: readonly CompiledComponent[];
}

export interface CompiledScoring {
  methodologyId: string;
  methodologyVersion: string;
  /**
   * The kinds of organisations the campaign asks (of its roles that the chosen mechanisms ask anything), in
   * `ORGANISATION_KINDS` order: the response-rate guard counts each of them against its own total.
   */
  organisationKinds: readonly OrganisationKind[];
  /** The methodology's rules, with `corroboration.share` always stated (see compile.ts). */
  rules: ScoringRules;
  /** Label of each level, by level code. */
  levelLabels: readonly string[];
  /** «(от 25 до 50 %)» by level code, for explanations. */
  bandRanges: readonly string[];
  /** Highest level first, so a lowered level meets the caps below it in turn. */
  caps: readonly CompiledCap[];
  neutralValues: ReadonlySet<string>;
  evidenceReasons: EvidenceReasons;
  documentTypeLabels: ReadonlyMap<string, string>;
  /** The chosen mechanisms in catalogue order. */
  mechanisms: readonly CompiledMechanism[];
  /** Every scored question of the chosen mechanisms, by `CompiledQuestion.index`. */
  questions: readonly CompiledQuestion[];
  /** The components schools can see, of every chosen mechanism, by `CompiledComponent.corroborationSlot`. */
  corroboratedComponents: readonly CompiledComponent[];
  /** Points of a component at best (`municipalEvidence.points.verifiable`). */
  maxComponentPoints: number;
  /** Points of a mechanism at best: components × best points. */
  maxMechanismPoints: number;
  /**
   * Names what the stored scoring inputs (`questionnaireOutcomes`, `formEvidence`) were computed against: the
   * format, the scored questions in order with what confirms or is neutral, and the evidence fields and rules.
   * A string stored under another key is not read.
   */
  inputKey: string;
  /** The municipal form answer keys the scorer reads. */
  municipalFormKeys: readonly string[];
}

/** A verifiable declaration: the ways it satisfies (one shared array per combination) and its reason. */
export interface Verifiable {
  checkableBy: readonly VerificationWay[];
  reason: string;
}

/**
 * Every reason the municipal evidence can give under a methodology's rules. They depend on the rules only, so they
 * are written once per run and shared by all results instead of being rebuilt for every component.
 */
export interface EvidenceReasons {
  formNotSubmitted: string;
  saysAbsent: string;
  unanswered: string;
  documentNotNamed: string;
  declared: string;
  /** By the satisfied ways joined with «+», in the order of `verifiableBy`. */
  verifiable: ReadonlyMap<string, Verifiable>;
}

/** The bit of an organisation kind in `CompiledComponent.kindMask`. */
export const kindBit = (kind: OrganisationKind): number => 1 << ORGANISATION_KINDS.indexOf(kind);
