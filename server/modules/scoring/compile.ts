import { createHash } from 'node:crypto';
import { ORGANISATION_KINDS, type OrganisationKind, type RespondentRole } from '../../../db/schema/values';
import { mechanismQuestions, selectMechanisms } from '../methodology/assemble';
import {
  evidenceQuestionNames,
  LEGACY_CORROBORATION_SHARE,
  type CorroborationShare,
  type Methodology,
  type QuestionnaireItem,
  type ScoringRules,
} from '../methodology/methodology.schemas';
import {
  kindBit,
  type CompiledCap,
  type CompiledComponent,
  type CompiledMechanism,
  type CompiledQuestion,
  type CompiledScoring,
} from './compiled';
import { evidenceReasons } from './evidence';
import { bandRangeText } from './texts';

// Everything about a methodology version that does not depend on answers, worked out once per scoring run:
// scoring one municipality then only reads these tables (sets for confirming values, indices for caps).

/**
 * Part of every input key: change it whenever `answerOutcome`, `municipalEvidence`'s statuses or the letters of the
 * stored strings change meaning, so strings stored by earlier code are no longer trusted.
 */
const STORED_INPUT_FORMAT = 1;

/** SurveyJS keeps the text written next to «Другое» under `<question>-Comment` (its default `commentSuffix`). */
const COMMENT_SUFFIX = '-Comment';

/** Display texts of an item's answers by value, from its scale or its own choices. */
function answerTexts(item: QuestionnaireItem, methodology: Methodology): Map<string, string> {
  const options = item.scale !== undefined ? methodology.answerScales[item.scale] : item.question.choices;
  return new Map((options ?? []).map((option) => [option.value, option.text]));
}

function compileQuestion(item: QuestionnaireItem, methodology: Methodology, index: number): CompiledQuestion {
  const scoring = item.scoring!;
  const rule = scoring.rule ?? methodology.scoring.corroboration.defaultRule;
  const texts = answerTexts(item, methodology);
  return {
    index,
    name: item.question.name,
    title: item.question.title,
    rule,
    role: rule.kind === 'role' ? rule.role : null,
    countedRoles: rule.kind === 'role' ? [rule.role] : [...item.roles],
    confirming: new Set(scoring.confirming),
    confirmingAnswers: scoring.confirming.map((value) => texts.get(value) ?? value),
  };
}

/** Display texts of the neutral answers `items` offer, each once, in question order. */
function neutralAnswers(items: readonly QuestionnaireItem[], methodology: Methodology): string[] {
  const neutral = methodology.scoring.corroboration.neutralValues;
  const texts = items.flatMap((item) => {
    const options = answerTexts(item, methodology);
    return neutral.filter((value) => options.has(value)).map((value) => options.get(value)!);
  });
  return [...new Set(texts)];
}

/**
 * The share rule of `rules`. A version frozen into a campaign before the rule existed has none (frozen definitions
 * are stored as they were, not parsed again), and its stored runs were computed over responding schools.
 */
function shareRule(rules: ScoringRules): CorroborationShare {
  const stated = (rules.corroboration as Partial<ScoringRules['corroboration']>).share;
  return stated ?? LEGACY_CORROBORATION_SHARE;
}

/**
 * The kind of organisation of each role. A version frozen into a campaign before kinds existed names none (frozen
 * definitions are stored as they were, not parsed again): its roles were all schools'.
 */
function roleKinds(methodology: Methodology): Map<RespondentRole, OrganisationKind> {
  return new Map(
    methodology.respondentRoles.map((info: { code: RespondentRole; organisationKind?: OrganisationKind }) => [
      info.code,
      info.organisationKind ?? 'school',
    ]),
  );
}

/** The kinds of `roles`, each once, in `ORGANISATION_KINDS` order. */
function kindsOf(roles: Iterable<RespondentRole>, kinds: ReadonlyMap<RespondentRole, OrganisationKind>): OrganisationKind[] {
  const found = new Set<OrganisationKind>();
  for (const role of roles) found.add(kinds.get(role) ?? 'school');
  return ORGANISATION_KINDS.filter((kind) => found.has(kind));
}

/** What the stored strings depend on, and nothing else: thresholds and texts may change without invalidating them. */
function inputKey(questions: readonly CompiledQuestion[], rules: ScoringRules, mechanisms: readonly CompiledMechanism[]): string {
  const basis = JSON.stringify([
    STORED_INPUT_FORMAT,
    rules.corroboration.neutralValues,
    questions.map((question) => [question.name, [...question.confirming]]),
    rules.municipalEvidence.verifiableBy,
    mechanisms.map((mechanism) => mechanism.components.map((component) => component.evidence)),
  ]);
  return createHash('sha256').update(basis).digest('base64url').slice(0, 22);
}

/** Precomputes the scoring of `methodology` for the chosen mechanisms (catalogue order; unknown codes throw). */
export function compileScoring(methodology: Methodology, mechanismCodes: readonly string[]): CompiledScoring {
  const rules: ScoringRules = {
    ...methodology.scoring,
    corroboration: { ...methodology.scoring.corroboration, share: shareRule(methodology.scoring) },
  };
  const componentIndex = new Map(methodology.cycleComponents.map((component, index) => [component.code, index]));
  const allIndices = methodology.cycleComponents.map((_, index) => index);
  const questions: CompiledQuestion[] = [];
  const corroboratedComponents: CompiledComponent[] = [];
  const kindOfRole = roleKinds(methodology);
  const chosen = selectMechanisms(methodology, mechanismCodes);
  const roles = methodology.respondentRoles.map((info) => info.code);
  const askedKinds = chosen.map((mechanism) =>
    kindsOf(
      roles.filter((role) => mechanismQuestions(mechanism, role).length > 0),
      kindOfRole,
    ),
  );
  const organisationKinds = ORGANISATION_KINDS.filter((kind) => askedKinds.some((kinds) => kinds.includes(kind)));

  const mechanisms = chosen.map((mechanism, mechanismIndex): CompiledMechanism => {
    const scored = mechanism.questionnaire.questions.filter((item) => item.scoring !== undefined);
    const asked = askedKinds[mechanismIndex]!;
    return {
      code: mechanism.code,
      title: mechanism.title,
      recommendation: mechanism.recommendations.mechanism,
      organisationKinds: asked.length ? asked : organisationKinds,
      components: methodology.cycleComponents.map((component, index): CompiledComponent => {
        const names = evidenceQuestionNames(mechanism.code, component.code);
        // The schema guarantees scored components are visible to schools; an invisible one keeps its points.
        const items = component.visibleToSchools ? scored.filter((item) => item.scoring!.component === component.code) : [];
        const compiledQuestions = items.map((item, i) => compileQuestion(item, methodology, questions.length + i));
        questions.push(...compiledQuestions);
        // A component without questions has nobody to answer it: every asked kind is silent on it, as before kinds.
        const kinds = compiledQuestions.length
          ? kindsOf(
              compiledQuestions.flatMap((question) => question.countedRoles),
              kindOfRole,
            )
          : organisationKinds;
        const compiled: CompiledComponent = {
          code: component.code,
          title: component.title,
          index,
          visibleToSchools: component.visibleToSchools,
          evidence: {
            exists: names.exists,
            documentType: names.documentType,
            documentTypeComment: `${names.documentType}${COMMENT_SUFFIX}`,
            documentTitle: names.documentTitle,
            documentDate: names.documentDate,
            documentNumber: names.documentNumber,
            url: names.url,
          },
          questions: compiledQuestions,
          neutralAnswers: neutralAnswers(items, methodology),
          organisationKinds: kinds,
          kindMask: kinds.reduce((mask, kind) => mask | kindBit(kind), 0),
          corroborationSlot: component.visibleToSchools ? corroboratedComponents.length : -1,
          recommendation: mechanism.recommendations.components[component.code] ?? methodology.recommendations.components[component.code]!,
        };
        if (component.visibleToSchools) corroboratedComponents.push(compiled);
        return compiled;
      }),
    };
  });

  const caps = [...rules.caps]
    .sort((a, b) => b.level - a.level)
    .map((cap): CompiledCap => ({
      level: cap.level,
      explanation: cap.explanation,
      requires: cap.requires.map((requirement) => ({
        componentIndices: requirement.components === 'all' ? allIndices : requirement.components.map((code) => componentIndex.get(code)!),
        minPoints: requirement.minPoints,
      })),
    }));

  const maxComponentPoints = rules.municipalEvidence.points.verifiable;
  return {
    methodologyId: methodology.id,
    methodologyVersion: methodology.version,
    organisationKinds,
    rules,
    levelLabels: methodology.levels.map((level) => level.label),
    bandRanges: rules.levelBands.map((_, index) => bandRangeText(rules.levelBands, index)),
    caps,
    neutralValues: new Set(rules.corroboration.neutralValues),
    evidenceReasons: evidenceReasons(rules),
    documentTypeLabels: new Map(methodology.municipalForm.documentTypes.map((option) => [option.value, option.text])),
    mechanisms,
    questions,
    corroboratedComponents,
    maxComponentPoints,
    maxMechanismPoints: methodology.cycleComponents.length * maxComponentPoints,
    inputKey: inputKey(questions, rules, mechanisms),
    municipalFormKeys: mechanisms.flatMap((mechanism) => mechanism.components.flatMap((component) => Object.values(component.evidence))),
  };
}
