import { z } from 'zod';
import { ORGANISATION_KINDS, RESPONDENT_ROLES, type RespondentRole } from '../../../db/schema/values';

// The format of a methodology version (surveys/<id>/methodology.json plus mechanisms/<code>.json).
// Shared with the browser: nothing server-only may be imported here.
// Over 400 lines on purpose: one file is one document format, read top to bottom as the format's reference; its
// cross-field rules (consistencyIssues) refer to every part of it.

const text = z.string().trim().min(1, 'Текст не может быть пустым');
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'Код: строчные латинские буквы, цифры и «_», начиная с буквы');
/** A stored answer value: stable, machine-readable, never a display text. */
const machineValue = z.string().regex(/^[a-z][a-z0-9_]*$/, 'Значение ответа: строчные латинские буквы, цифры и «_»');
const share = z.number().min(0).max(1);
const percent = z.number().min(0).max(100);
const points = z.number().int().min(0).max(10);

export const mechanismCodeSchema = z.string().regex(/^\d+(\.\d+)*$/, 'Код механизма: числа через точку, например 2.1');
export const respondentRoleSchema = z.enum(RESPONDENT_ROLES);
export const levelCodeSchema = z.number().int().min(0).max(3);
export type LevelCode = z.infer<typeof levelCodeSchema>;

/** SurveyJS question types the assembler emits and the answer checker understands. */
export const QUESTION_TYPES = ['radiogroup', 'checkbox', 'dropdown', 'boolean', 'text', 'comment', 'rating'] as const;
const CHOICE_TYPES: ReadonlySet<string> = new Set(['radiogroup', 'checkbox', 'dropdown']);

/** Everything a recommendation template may mention; the scorer fills them in. */
export const RECOMMENDATION_PLACEHOLDERS = {
  municipality: 'наименование муниципалитета',
  mechanism: 'наименование механизма',
  component: 'компонент управленческого цикла',
  level: 'уровень сформированности механизма',
  percent: 'процент набранных баллов по механизму',
} as const;
type Placeholder = keyof typeof RECOMMENDATION_PLACEHOLDERS;
const MECHANISM_PLACEHOLDERS: readonly Placeholder[] = ['municipality', 'mechanism', 'level', 'percent'];
const COMPONENT_PLACEHOLDERS: readonly Placeholder[] = ['municipality', 'mechanism', 'component'];

// ---------------------------------------------------------------------------------------------------------------
// Question names are part of the format: the scorer reads answers by them.

/** "2.1" → "m2_1": a name prefix that is safe inside SurveyJS expressions (a dot would mean a nested path). */
export function mechanismKey(mechanismCode: string): string {
  return `m${mechanismCode.replaceAll('.', '_')}`;
}

/** The fields of the municipal form that carry the evidence for one cycle component of one mechanism. */
export function evidenceQuestionNames(mechanismCode: string, componentCode: string) {
  const prefix = `${mechanismKey(mechanismCode)}_${componentCode}`;
  return {
    panel: prefix,
    exists: `${prefix}_exists`,
    documentType: `${prefix}_doc_type`,
    documentTitle: `${prefix}_doc_title`,
    documentDate: `${prefix}_doc_date`,
    documentNumber: `${prefix}_doc_number`,
    url: `${prefix}_url`,
  };
}

/** The municipal form's panel with the mechanism's key indicators. */
export function keyIndicatorsPanelName(mechanismCode: string): string {
  return `${mechanismKey(mechanismCode)}_key_indicators`;
}

/** The `{name}` references of a SurveyJS expression such as "{m2_4_mmo} anyof ['regularly']". */
export function expressionReferences(expression: string): string[] {
  return [...expression.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!.trim());
}

function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks

export const answerOptionSchema = z.strictObject({ value: machineValue, text });
export type AnswerOption = z.infer<typeof answerOptionSchema>;

/**
 * A SurveyJS question as it goes into the questionnaire. Only what this format relies on is checked here;
 * survey-core itself rejects unknown or malformed SurveyJS properties (see the catalogue tests).
 */
export const surveyQuestionSchema = z.looseObject({
  type: z.enum(QUESTION_TYPES),
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'Имя вопроса: строчные латинские буквы, цифры и «_»'),
  title: text,
  choices: z.array(answerOptionSchema).min(2).optional(),
  visibleIf: z.string().optional(),
  enableIf: z.string().optional(),
  requiredIf: z.string().optional(),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/** How one school's answers to a scored question confirm its cycle component. */
export const schoolRuleSchema = z.discriminatedUnion('kind', [
  /** More than `corroboration.majorityAbove` of the school's respondents who answered give a confirming value. */
  z.strictObject({ kind: z.literal('majority') }),
  /** Only the answer of this respondent role counts. */
  z.strictObject({ kind: z.literal('role'), role: respondentRoleSchema }),
]);
export type SchoolRule = z.infer<typeof schoolRuleSchema>;

/**
 * Scoring tags live beside the SurveyJS question, not inside it: survey-core never meets a property it does not
 * know (no warnings, and the question stays portable to SurveyJS Creator), and the scorer reads one plain list.
 */
export const questionScoringSchema = z.strictObject({
  component: code,
  /** Answers that confirm the component; for a checkbox, choosing any of them confirms. */
  confirming: z.array(machineValue).min(1),
  /** Absent: the methodology's `corroboration.defaultRule`. */
  rule: schoolRuleSchema.optional(),
});
export type QuestionScoring = z.infer<typeof questionScoringSchema>;

export const questionnaireItemSchema = z
  .strictObject({
    /** Who is asked; the same question put to several roles is one question for the majority rule. */
    roles: z.array(respondentRoleSchema).min(1),
    /** Name of an answer scale of the methodology; the assembler turns it into `choices`. */
    scale: code.optional(),
    scoring: questionScoringSchema.optional(),
    question: surveyQuestionSchema,
  })
  .superRefine((item, ctx) => {
    const isChoice = CHOICE_TYPES.has(item.question.type);
    const hasChoices = item.question.choices !== undefined || item.scale !== undefined;
    if (item.scale !== undefined && item.question.choices !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scale'],
        message: 'Укажите либо шкалу (scale), либо варианты ответа (choices), но не то и другое',
      });
    }
    if (isChoice && !hasChoices) {
      ctx.addIssue({
        code: 'custom',
        path: ['question', 'choices'],
        message: 'У вопроса с выбором ответа нет вариантов: укажите scale или choices',
      });
    }
    if (!isChoice && hasChoices) {
      ctx.addIssue({ code: 'custom', path: ['scale'], message: `Вопрос типа «${item.question.type}» не имеет вариантов ответа` });
    }
    if (new Set(item.roles).size !== item.roles.length) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'Роли респондентов повторяются' });
    }
  });
export type QuestionnaireItem = z.infer<typeof questionnaireItemSchema>;

// ---------------------------------------------------------------------------------------------------------------
// A mechanism (one file each)

export const directionSchema = z.strictObject({ code: mechanismCodeSchema, title: text });

export const mechanismSchema = z.strictObject({
  code: mechanismCodeSchema,
  title: text,
  goal: text,
  /** The main activities of the mechanism (seed 002) — what its questions are about. */
  directions: z.array(directionSchema).min(1),
  municipalForm: z.strictObject({
    /** Per cycle component: what counts as that component for this mechanism (help text on the form). */
    components: z.record(code, text),
    /** The mechanism's key quantitative indicators, asked on the municipal form. */
    indicators: z.array(surveyQuestionSchema),
  }),
  questionnaire: z.strictObject({
    /** Shown to respondents at the top of the mechanism's page. */
    description: text,
    questions: z.array(questionnaireItemSchema).min(1),
  }),
  recommendations: z.strictObject({
    /** Used when the mechanism as a whole is weak. */
    mechanism: text,
    /** Mechanism-specific texts; a component without one uses the methodology's general template. */
    components: z.record(code, text),
  }),
});
export type Mechanism = z.infer<typeof mechanismSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Scoring rules (METHODOLOGY.md §4): every number is data

/**
 * The denominator of a component's corroboration share. `answering_schools` (the default): schools that gave at
 * least one non-neutral answer to the component's questions; a school with only neutral answers, or whose
 * respondents for the questions' roles did not submit, is left out and named in the explanation; when no school
 * answered, the municipal points stand unconfirmed, at most `maxPoints`, and the cell may be flagged.
 * `responding_schools` (the rule before): every school with enough submitted questionnaires, so a school that said
 * nothing about the component counts as not confirming it; with no responding school the share counts as 0.
 */
export const corroborationShareSchema = z.discriminatedUnion('over', [
  z.strictObject({
    over: z.literal('answering_schools'),
    whenNoSchoolAnswered: z.strictObject({
      /** The municipal points a component keeps at most when no school answered its questions. */
      maxPoints: points,
      /** Whether such a cell is flagged for the expert when the municipality claimed the component. */
      flag: z.boolean(),
    }),
  }),
  z.strictObject({ over: z.literal('responding_schools') }),
]);
export type CorroborationShare = z.infer<typeof corroborationShareSchema>;

/** METHODOLOGY.md §4 as written: over answering schools; nobody answered — at most 1 point, flagged. */
export const DEFAULT_CORROBORATION_SHARE: CorroborationShare = {
  over: 'answering_schools',
  whenNoSchoolAnswered: { maxPoints: 1, flag: true },
};

/**
 * The rule of versions frozen into campaigns before `corroboration.share` existed: their stored runs were computed
 * over responding schools, and re-reading them must give the same numbers.
 */
export const LEGACY_CORROBORATION_SHARE: CorroborationShare = { over: 'responding_schools' };

const componentPointsRequirementSchema = z.strictObject({
  components: z.union([z.literal('all'), z.array(code).min(1)]),
  minPoints: points,
});

export const scoringRulesSchema = z.strictObject({
  /** Points of a cycle component from the municipal form alone. */
  municipalEvidence: z.strictObject({
    points: z
      .strictObject({
        /** The component is absent. */
        absent: points,
        /** Declared: the document that sets it is named. */
        declared: points,
        /** Declared and checkable by an expert. */
        verifiable: points,
      })
      .refine((p) => p.absent < p.declared && p.declared < p.verifiable, 'Баллы должны возрастать: absent < declared < verifiable'),
    /** What makes a declaration checkable: a public URL, or the document's date and number. */
    verifiableBy: z.array(z.enum(['url', 'requisites'])).min(1),
  }),
  /** School corroboration of the components schools can see. */
  corroboration: z.strictObject({
    defaultRule: schoolRuleSchema,
    /** A majority means a share of confirming answers strictly above this. */
    majorityAbove: share,
    /** Answers that count as not answered ("затрудняюсь ответить", "не относится"). */
    neutralValues: z.array(machineValue),
    /** A school confirms a component when at least this share of the component's questions it answered hold. */
    componentQuestionShare: share,
    /** Which schools the share of confirming schools is taken over (METHODOLOGY.md §4). */
    share: corroborationShareSchema.default(DEFAULT_CORROBORATION_SHARE),
  }),
  /** Municipal points against the share of confirming schools (see `corroboration.share`). */
  reconciliation: z.strictObject({
    /** At or above this share the component keeps its municipal points. */
    keepPointsFromShare: share,
    /** Below it the component gets at most this many points. */
    maxPointsBelowShare: points,
    /** The cell is flagged for the expert when the municipality claims at least this many points… */
    flagClaimedPoints: points,
    /** …and the share is below this. */
    flagBelowShare: share,
  }),
  /** Lower bounds of the levels over a mechanism's percent (sum of points / maximum). */
  levelBands: z.array(z.strictObject({ level: levelCodeSchema, fromPercent: percent })).length(4),
  /** A mechanism reaches `level` only when every requirement holds; otherwise it gets at most level − 1. */
  caps: z.array(
    z.strictObject({
      level: levelCodeSchema.min(1),
      requires: z.array(componentPointsRequirementSchema).min(1),
      /** The rule in words, for the reference page and the explanation of a result. */
      explanation: text,
    }),
  ),
  overall: z.strictObject({
    /** The overall percent is the mean of the mechanisms' percents, banded with `levelBands`. */
    aggregate: z.literal('mean_percent'),
    /** The overall level is at most this many levels above the municipality's lowest mechanism. */
    maxLevelsAboveLowestMechanism: z.number().int().min(0).max(3),
  }),
  /** Too few answers: no level, this label instead. */
  responseRate: z.strictObject({
    minShareOfSchools: share,
    /** A school counts as responding with at least this many complete questionnaires. */
    minCompleteQuestionnairesPerSchool: z.number().int().min(1),
    code,
    label: text,
  }),
});
export type ScoringRules = z.infer<typeof scoringRulesSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The methodology file

export const levelSchema = z.strictObject({ code: levelCodeSchema, label: text });
export const cycleComponentSchema = z.strictObject({
  code,
  title: text,
  description: text,
  /** The yes/no question of the municipal form for this component. */
  municipalQuestion: text,
  /** Schools see this component happen, so their answers can corroborate it. */
  visibleToSchools: z.boolean(),
});
export const organisationKindSchema = z.enum(ORGANISATION_KINDS);
export const respondentRoleInfoSchema = z.strictObject({
  code: respondentRoleSchema,
  label: text,
  /** Which organisations get a questionnaire slot for this role; versions saved before kinds existed meant schools. */
  organisationKind: organisationKindSchema.default('school'),
  questionnaireTitle: text,
  questionnaireDescription: text,
});
export const blockSchema = z.strictObject({
  code: z.string().regex(/^\d+$/, 'Код блока: число'),
  title: text,
  mechanisms: z.array(mechanismCodeSchema).min(1),
});

export const methodologyFileSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Идентификатор методики: строчные латинские буквы, цифры и дефис'),
  version: text,
  title: text,
  description: text,
  sources: z.array(text),
  levels: z.array(levelSchema).length(4),
  /** In cycle order: the position is the component's number (1–9). */
  cycleComponents: z.array(cycleComponentSchema).min(1),
  respondentRoles: z.array(respondentRoleInfoSchema).min(1),
  /** Reusable answer options, referenced by `scale` in questionnaire items. */
  answerScales: z.record(code, z.array(answerOptionSchema).min(2)),
  municipalForm: z.strictObject({
    title: text,
    description: text,
    /** Kinds of document a municipality may name as evidence. */
    documentTypes: z.array(answerOptionSchema).min(1),
  }),
  blocks: z.array(blockSchema).min(1),
  scoring: scoringRulesSchema,
  recommendations: z.strictObject({
    /** The general template of each cycle component. */
    components: z.record(code, text),
  }),
});
export type MethodologyFile = z.infer<typeof methodologyFileSchema>;

/** A whole methodology version: its file plus its mechanisms in block order, checked for consistency. */
export const methodologySchema = methodologyFileSchema
  .extend({ mechanisms: z.array(mechanismSchema).min(1) })
  .superRefine((methodology, ctx) => {
    for (const issue of consistencyIssues(methodology)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type Methodology = z.infer<typeof methodologySchema>;
export type CycleComponent = Methodology['cycleComponents'][number];
export type Block = Methodology['blocks'][number];

// ---------------------------------------------------------------------------------------------------------------
// Cross-references that a field-by-field schema cannot see

interface Issue {
  path: PropertyKey[];
  message: string;
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

function checkTemplate(template: string, allowed: readonly Placeholder[], path: PropertyKey[], issues: Issue[]) {
  for (const name of templatePlaceholders(template)) {
    if (!(allowed as readonly string[]).includes(name)) {
      issues.push({ path, message: `Неизвестная подстановка {${name}}; допустимы: ${allowed.map((p) => `{${p}}`).join(', ')}` });
    }
  }
}

/** The answer values a questionnaire item accepts (its scale or its own choices). */
export function itemChoiceValues(item: QuestionnaireItem, answerScales: MethodologyFile['answerScales']): string[] {
  const options = item.scale !== undefined ? answerScales[item.scale] : item.question.choices;
  return (options ?? []).map((option) => option.value);
}

function consistencyIssues(m: z.infer<typeof methodologyFileSchema> & { mechanisms: Mechanism[] }): Issue[] {
  const issues: Issue[] = [];
  const componentCodes = m.cycleComponents.map((c) => c.code);
  const componentSet = new Set(componentCodes);
  const schoolVisible = m.cycleComponents.filter((c) => c.visibleToSchools).map((c) => c.code);
  const roleCodes = new Set<RespondentRole>(m.respondentRoles.map((r) => r.code));

  for (const value of duplicates(componentCodes))
    issues.push({ path: ['cycleComponents'], message: `Компонент цикла «${value}» указан дважды` });
  for (const value of duplicates(m.respondentRoles.map((r) => r.code)))
    issues.push({ path: ['respondentRoles'], message: `Роль «${value}» указана дважды` });

  m.levels.forEach((level, index) => {
    if (level.code !== index)
      issues.push({ path: ['levels', index, 'code'], message: `Уровни перечисляются по порядку кодов 0–3; здесь ожидался код ${index}` });
  });

  const bands = m.scoring.levelBands;
  bands.forEach((band, index) => {
    if (band.level !== index)
      issues.push({
        path: ['scoring', 'levelBands', index, 'level'],
        message: `Границы уровней перечисляются по порядку 0–3; здесь ожидался уровень ${index}`,
      });
    if (index === 0 && band.fromPercent !== 0)
      issues.push({ path: ['scoring', 'levelBands', 0, 'fromPercent'], message: 'Нижний уровень должен начинаться с 0 %' });
    if (index > 0 && band.fromPercent <= bands[index - 1]!.fromPercent) {
      issues.push({ path: ['scoring', 'levelBands', index, 'fromPercent'], message: 'Границы уровней должны строго возрастать' });
    }
  });
  const evidence = m.scoring.municipalEvidence.points;
  m.scoring.caps.forEach((cap, capIndex) => {
    cap.requires.forEach((requirement, index) => {
      const path = ['scoring', 'caps', capIndex, 'requires', index];
      if (requirement.components !== 'all') {
        for (const component of requirement.components) {
          if (!componentSet.has(component))
            issues.push({ path: [...path, 'components'], message: `Неизвестный компонент цикла «${component}»` });
        }
      }
      if (requirement.minPoints > evidence.verifiable)
        issues.push({ path: [...path, 'minPoints'], message: `Больше максимума баллов за компонент (${evidence.verifiable})` });
    });
  });
  for (const value of duplicates(m.scoring.caps.map((cap) => cap.level)))
    issues.push({ path: ['scoring', 'caps'], message: `Для уровня ${value} ограничение задано дважды` });
  const reconciliation = m.scoring.reconciliation;
  if (reconciliation.maxPointsBelowShare >= evidence.verifiable)
    issues.push({
      path: ['scoring', 'reconciliation', 'maxPointsBelowShare'],
      message: 'Понижение должно быть ниже максимума баллов за компонент',
    });
  if (reconciliation.flagClaimedPoints > evidence.verifiable)
    issues.push({ path: ['scoring', 'reconciliation', 'flagClaimedPoints'], message: 'Больше максимума баллов за компонент' });
  const shareRule = m.scoring.corroboration.share;
  if (shareRule.over === 'answering_schools' && shareRule.whenNoSchoolAnswered.maxPoints > evidence.verifiable)
    issues.push({
      path: ['scoring', 'corroboration', 'share', 'whenNoSchoolAnswered', 'maxPoints'],
      message: 'Больше максимума баллов за компонент',
    });
  const defaultRule = m.scoring.corroboration.defaultRule;
  if (defaultRule.kind === 'role' && !roleCodes.has(defaultRule.role))
    issues.push({
      path: ['scoring', 'corroboration', 'defaultRule', 'role'],
      message: `Роль «${defaultRule.role}» не описана в respondentRoles`,
    });

  const generalTemplates = m.recommendations.components;
  for (const component of componentCodes) {
    if (generalTemplates[component] === undefined)
      issues.push({ path: ['recommendations', 'components'], message: `Нет общей рекомендации для компонента «${component}»` });
  }
  for (const [component, template] of Object.entries(generalTemplates)) {
    if (!componentSet.has(component))
      issues.push({ path: ['recommendations', 'components', component], message: `Неизвестный компонент цикла «${component}»` });
    checkTemplate(template, COMPONENT_PLACEHOLDERS, ['recommendations', 'components', component], issues);
  }

  // Blocks list exactly the mechanisms, in the order they are stored.
  const blockCodes = m.blocks.flatMap((block) => block.mechanisms);
  for (const value of duplicates(blockCodes)) issues.push({ path: ['blocks'], message: `Механизм ${value} указан в блоках дважды` });
  for (const value of duplicates(m.blocks.map((b) => b.code))) issues.push({ path: ['blocks'], message: `Блок ${value} указан дважды` });
  const storedCodes = m.mechanisms.map((mechanism) => mechanism.code);
  if (blockCodes.join('|') !== storedCodes.join('|')) {
    issues.push({
      path: ['mechanisms'],
      message: `Механизмы (${storedCodes.join(', ')}) не совпадают с перечнем в блоках (${blockCodes.join(', ')})`,
    });
  }

  // Question names are unique across the whole methodology (one questionnaire may hold every mechanism).
  const allNames: Array<{ name: string; path: PropertyKey[] }> = [];
  m.mechanisms.forEach((mechanism, index) => {
    const at = (...rest: PropertyKey[]) => ['mechanisms', index, ...rest];
    const prefix = `${mechanismKey(mechanism.code)}_`;
    const form = mechanism.municipalForm;

    for (const component of componentCodes) {
      if (form.components[component] === undefined)
        issues.push({ path: at('municipalForm', 'components'), message: `Нет описания компонента «${component}» для муниципальной формы` });
      const names = evidenceQuestionNames(mechanism.code, component);
      for (const name of Object.values(names)) allNames.push({ name, path: at('municipalForm', 'components', component) });
    }
    for (const component of Object.keys(form.components)) {
      if (!componentSet.has(component))
        issues.push({ path: at('municipalForm', 'components', component), message: `Неизвестный компонент цикла «${component}»` });
    }
    for (const direction of mechanism.directions) {
      if (!direction.code.startsWith(`${mechanism.code}.`))
        issues.push({
          path: at('directions'),
          message: `Код направления ${direction.code} должен начинаться с кода механизма ${mechanism.code}.`,
        });
    }

    const indicatorNames = new Set(form.indicators.map((q) => q.name));
    if (form.indicators.length > 0)
      allNames.push({ name: keyIndicatorsPanelName(mechanism.code), path: at('municipalForm', 'indicators') });
    form.indicators.forEach((question, qIndex) => {
      const path = at('municipalForm', 'indicators', qIndex);
      allNames.push({ name: question.name, path });
      if (!question.name.startsWith(prefix))
        issues.push({ path: [...path, 'name'], message: `Имя вопроса должно начинаться с «${prefix}»` });
      for (const expression of [question.visibleIf, question.enableIf, question.requiredIf]) {
        for (const reference of expression ? expressionReferences(expression) : []) {
          if (!indicatorNames.has(reference))
            issues.push({ path, message: `Условие ссылается на вопрос «${reference}», которого нет среди показателей механизма` });
        }
      }
    });

    const items = mechanism.questionnaire.questions;
    const rolesByName = new Map(items.map((item) => [item.question.name, new Set(item.roles)]));
    const scoredComponents = new Set<string>();
    items.forEach((item, qIndex) => {
      const path = at('questionnaire', 'questions', qIndex);
      const { question } = item;
      allNames.push({ name: question.name, path });
      if (!question.name.startsWith(prefix))
        issues.push({ path: [...path, 'question', 'name'], message: `Имя вопроса должно начинаться с «${prefix}»` });
      for (const role of item.roles) {
        if (!roleCodes.has(role)) issues.push({ path: [...path, 'roles'], message: `Роль «${role}» не описана в respondentRoles` });
      }
      if (item.scale !== undefined && m.answerScales[item.scale] === undefined)
        issues.push({ path: [...path, 'scale'], message: `Неизвестная шкала ответов «${item.scale}»` });
      // A follow-up must be able to see the question it depends on in every questionnaire it is part of.
      for (const expression of [question.visibleIf, question.enableIf, question.requiredIf]) {
        for (const reference of expression ? expressionReferences(expression) : []) {
          const referencedRoles = rolesByName.get(reference);
          if (!referencedRoles)
            issues.push({ path, message: `Условие ссылается на вопрос «${reference}», которого нет в анкете механизма` });
          else if (item.roles.some((role) => !referencedRoles.has(role)))
            issues.push({ path, message: `Вопрос «${reference}», от которого зависит условие, задан не всем ролям этого вопроса` });
        }
      }
      const scoring = item.scoring;
      if (!scoring) return;
      scoredComponents.add(scoring.component);
      const component = m.cycleComponents.find((c) => c.code === scoring.component);
      if (!component)
        issues.push({ path: [...path, 'scoring', 'component'], message: `Неизвестный компонент цикла «${scoring.component}»` });
      else if (!component.visibleToSchools)
        issues.push({
          path: [...path, 'scoring', 'component'],
          message: `Компонент «${scoring.component}» школы не видят, его нельзя подтверждать анкетами`,
        });
      const values = new Set(itemChoiceValues(item, m.answerScales));
      for (const value of scoring.confirming) {
        if (!values.has(value))
          issues.push({ path: [...path, 'scoring', 'confirming'], message: `Значение «${value}» не входит в варианты ответа вопроса` });
      }
      if (scoring.rule?.kind === 'role' && !item.roles.includes(scoring.rule.role)) {
        issues.push({ path: [...path, 'scoring', 'rule'], message: `Вопрос не задаётся роли «${scoring.rule.role}», названной в правиле` });
      }
    });
    for (const component of schoolVisible) {
      if (!scoredComponents.has(component))
        issues.push({ path: at('questionnaire', 'questions'), message: `Нет вопросов, подтверждающих компонент «${component}»` });
    }

    checkTemplate(mechanism.recommendations.mechanism, MECHANISM_PLACEHOLDERS, at('recommendations', 'mechanism'), issues);
    for (const [component, template] of Object.entries(mechanism.recommendations.components)) {
      if (!componentSet.has(component))
        issues.push({ path: at('recommendations', 'components', component), message: `Неизвестный компонент цикла «${component}»` });
      checkTemplate(template, COMPONENT_PLACEHOLDERS, at('recommendations', 'components', component), issues);
    }
  });

  const firstPath = new Map<string, PropertyKey[]>();
  for (const { name, path } of allNames) {
    if (firstPath.has(name)) issues.push({ path, message: `Имя вопроса «${name}» уже используется` });
    else firstPath.set(name, path);
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------------------
// API shapes (the reference page)

export const methodologySummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  mechanismCount: z.number().int(),
  blocks: z.array(z.object({ code: z.string(), title: z.string(), mechanismCodes: z.array(z.string()) })),
});
export type MethodologySummary = z.infer<typeof methodologySummarySchema>;

export const mechanismReferenceSchema = z.object({
  code: z.string(),
  title: z.string(),
  goal: z.string(),
  directions: z.array(directionSchema),
  indicators: z.array(z.object({ name: z.string(), title: z.string() })),
  /** Number of questions each role is asked about this mechanism (roles that are not asked are absent). */
  questionCounts: z.array(z.object({ role: respondentRoleSchema, count: z.number().int() })),
});
export type MechanismReference = z.infer<typeof mechanismReferenceSchema>;

export const methodologyReferenceSchema = z.object({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  description: z.string(),
  sources: z.array(z.string()),
  levels: z.array(levelSchema),
  cycleComponents: z.array(cycleComponentSchema.omit({ municipalQuestion: true })),
  respondentRoles: z.array(respondentRoleInfoSchema.pick({ code: true, label: true, organisationKind: true })),
  blocks: z.array(z.object({ code: z.string(), title: z.string(), mechanisms: z.array(mechanismReferenceSchema) })),
  scoring: scoringRulesSchema,
  /** Display texts of `scoring.corroboration.neutralValues` in the answer scales. */
  neutralAnswers: z.array(z.string()),
});
export type MethodologyReference = z.infer<typeof methodologyReferenceSchema>;
