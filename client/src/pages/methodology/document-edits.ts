import { RESPONDENT_ROLES, type RespondentRole } from '@db/schema/values';
import type { AnswerOption, Mechanism, Methodology, QuestionnaireItem } from '@server/modules/methodology/methodology.schemas';

// Pure, immutable edits of a methodology document as the editor changes it. Every change returns a new document;
// the parts that did not change are shared with the old one, so React redraws only what moved.

export type MethodologyDocument = Methodology;
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** «mechanisms[4].questionnaire.questions[1].scoring» → ['mechanisms', 4, 'questionnaire', 'questions', 1, 'scoring']. */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[1]!);
  }
  return segments;
}

/** The inverse of `parsePath`, as the server writes a problem's place. */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

/** The DOM id of the field that edits `path`: problems link to it. */
export function fieldId(path: Path): string {
  return `field-${formatPath(path).replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/** `path` and each of its prefixes, longest first: where to look for the field a problem names. */
export function pathAndParents(path: Path): Path[] {
  return path.map((_, index) => path.slice(0, path.length - index));
}

export function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

export function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** A copy of `value` with `path` set to `next`; `undefined` removes an object key. Missing containers are created. */
export function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  const child = setIn(getIn(value, [head]), rest, next);
  const base = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : typeof head === 'number' ? [] : {};
  if (Array.isArray(base)) {
    const copy = [...(base as unknown[])];
    copy[head as number] = child;
    return copy as T;
  }
  const copy: Record<string, unknown> = { ...base };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy as T;
}

/** A copy with `update` applied to the array at `path`. */
export function updateList<T, E>(value: T, path: Path, update: (list: E[]) => E[]): T {
  const list = getIn(value, path);
  return setIn(value, path, update(Array.isArray(list) ? [...(list as E[])] : []));
}

export function removeAt<T>(value: T, path: Path, index: number): T {
  return updateList(value, path, (list) => list.filter((_, i) => i !== index));
}

/** Moves an item of the array at `path` from `from` to `to` (clamped to the array). */
export function moveItem<T>(value: T, path: Path, from: number, to: number): T {
  return updateList(value, path, (list) => {
    const target = Math.max(0, Math.min(list.length - 1, to));
    if (from < 0 || from >= list.length || target === from) return list;
    list.splice(target, 0, ...list.splice(from, 1));
    return list;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers: shares are stored 0–1 and edited as percents.

/** 0.5 → 50; 0.333 → 33.3 (one decimal is what a person types). */
export function shareToPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

export function percentToShare(percent: number): number {
  return Math.round(percent * 10) / 1000;
}

/**
 * What a number field holds after typing: a number, or the text as typed when it is not one (empty, «abc»), so that
 * the checker names the field instead of the editor silently keeping the old value.
 */
export function typedNumber(text: string): number | string {
  const normalized = text.trim().replace(',', '.');
  if (normalized === '') return '';
  const value = Number(normalized);
  return Number.isFinite(value) ? value : text;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions

const CHOICE_TYPES: ReadonlySet<string> = new Set(['radiogroup', 'checkbox', 'dropdown']);

export function isChoiceType(type: string): boolean {
  return CHOICE_TYPES.has(type);
}

/** «2.1» → «m2_1_»: every question name of a mechanism starts with it. */
export function questionPrefix(mechanismCode: string): string {
  return `m${mechanismCode.replaceAll('.', '_')}_`;
}

function usedNames(document: MethodologyDocument): Set<string> {
  const names = new Set<string>();
  for (const mechanism of document.mechanisms ?? []) {
    for (const item of mechanism.questionnaire?.questions ?? []) names.add(item.question?.name);
    for (const indicator of mechanism.municipalForm?.indicators ?? []) names.add(indicator.name);
  }
  return names;
}

/** A new yes/no question of the mechanism for every role, with a name no other question has. */
export function newQuestion(document: MethodologyDocument, mechanismIndex: number): QuestionnaireItem {
  const mechanism = document.mechanisms[mechanismIndex]!;
  const names = usedNames(document);
  let n = 1;
  while (names.has(`${questionPrefix(mechanism.code)}q${n}`)) n++;
  const scale = Object.keys(document.answerScales ?? {})[0];
  return {
    roles: (document.respondentRoles ?? []).map((role) => role.code),
    ...(scale !== undefined ? { scale } : {}),
    question: {
      type: 'radiogroup',
      name: `${questionPrefix(mechanism.code)}q${n}`,
      title: 'Новый вопрос',
      isRequired: true,
      ...(scale === undefined
        ? {
            choices: [
              { value: 'yes', text: 'Да' },
              { value: 'no', text: 'Нет' },
            ],
          }
        : {}),
    },
  };
}

const questionsPath = (mechanismIndex: number): Path => ['mechanisms', mechanismIndex, 'questionnaire', 'questions'];

export function addQuestion(document: MethodologyDocument, mechanismIndex: number): MethodologyDocument {
  const item = newQuestion(document, mechanismIndex);
  return updateList(document, questionsPath(mechanismIndex), (list) => [...list, item]);
}

export function removeQuestion(document: MethodologyDocument, mechanismIndex: number, questionIndex: number): MethodologyDocument {
  return removeAt(document, questionsPath(mechanismIndex), questionIndex);
}

export function moveQuestion(document: MethodologyDocument, mechanismIndex: number, from: number, to: number): MethodologyDocument {
  return moveItem(document, questionsPath(mechanismIndex), from, to);
}

/**
 * Changes a question's type and keeps it consistent: a choice type needs answer options (the first scale when it
 * had none), any other type has none and confirms nothing, so its options and scoring tags go.
 */
export function setQuestionType(
  item: QuestionnaireItem,
  type: QuestionnaireItem['question']['type'],
  scales: readonly string[],
): QuestionnaireItem {
  const question = { ...item.question, type };
  if (isChoiceType(type)) {
    if (item.scale !== undefined || question.choices !== undefined) return { ...item, question };
    return scales[0] !== undefined
      ? { ...item, scale: scales[0], question }
      : {
          ...item,
          question: {
            ...question,
            choices: [
              { value: 'yes', text: 'Да' },
              { value: 'no', text: 'Нет' },
            ],
          },
        };
  }
  const { scale: _scale, scoring: _scoring, ...rest } = item;
  const { choices: _choices, ...plainQuestion } = question;
  return { ...rest, question: plainQuestion };
}

/** Answer options from a named scale (`scale` set) or the question's own list (`scale` undefined, choices kept or made). */
export function setAnswerSource(item: QuestionnaireItem, scale: string | undefined): QuestionnaireItem {
  if (scale !== undefined) {
    const { choices: _choices, ...question } = item.question;
    return { ...item, scale, question };
  }
  const { scale: _scale, ...rest } = item;
  const choices = item.question.choices ?? [
    { value: 'yes', text: 'Да' },
    { value: 'no', text: 'Нет' },
  ];
  return { ...rest, question: { ...item.question, choices } };
}

export function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

// ---------------------------------------------------------------------------------------------------------------
// Mechanisms included in the version

export interface BlockInfo {
  code: string;
  title: string;
}

const byNumbers = (a: string, b: string) => {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? -1) - (right[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
};

/** Leaves a mechanism out: gone from its block (an emptied block goes too) and from the mechanisms. */
export function excludeMechanism(document: MethodologyDocument, code: string): MethodologyDocument {
  const blocks = document.blocks
    .map((block) => ({ ...block, mechanisms: block.mechanisms.filter((m) => m !== code) }))
    .filter((block) => block.mechanisms.length > 0);
  return { ...document, blocks, mechanisms: document.mechanisms.filter((m) => m.code !== code) };
}

/**
 * Takes a mechanism back in, into `block` (created when the version no longer has it): blocks and mechanisms stay
 * in code order, and the mechanisms in block order, as the format requires.
 */
export function includeMechanism(document: MethodologyDocument, mechanism: Mechanism, block: BlockInfo): MethodologyDocument {
  if (document.mechanisms.some((m) => m.code === mechanism.code)) return document;
  const existing = document.blocks.some((b) => b.code === block.code);
  const blocks = (existing ? document.blocks : [...document.blocks, { ...block, mechanisms: [] }])
    .map((b) => (b.code === block.code ? { ...b, mechanisms: [...b.mechanisms, mechanism.code].sort(byNumbers) } : b))
    .sort((a, b) => byNumbers(a.code, b.code));
  const byCode = new Map([...document.mechanisms, mechanism].map((m) => [m.code, m]));
  const mechanisms = blocks.flatMap((b) => b.mechanisms.map((code) => byCode.get(code)).filter((m) => m !== undefined));
  return { ...document, blocks, mechanisms };
}

/** Mechanisms of the version it was made from that this one leaves out, each with the block it came from. */
export function excludedMechanisms(document: MethodologyDocument, source: MethodologyDocument | undefined) {
  if (!source) return [];
  const included = new Set(document.mechanisms.map((m) => m.code));
  return source.mechanisms
    .filter((m) => !included.has(m.code))
    .map((mechanism) => {
      const block = source.blocks.find((b) => b.mechanisms.includes(mechanism.code));
      return { mechanism, block: { code: block?.code ?? '1', title: block?.title ?? 'Механизмы' } };
    });
}

/** Whether the editor's forms can show the document: the lists and objects they walk exist. */
export function isEditable(document: unknown): document is MethodologyDocument {
  const d = document as Partial<Record<keyof MethodologyDocument, unknown>> | null;
  if (!d || typeof d !== 'object') return false;
  const lists = [d.levels, d.cycleComponents, d.respondentRoles, d.blocks, d.mechanisms, d.sources];
  const scoring = d.scoring as Partial<Record<string, unknown>> | undefined;
  return (
    lists.every(Array.isArray) &&
    typeof d.answerScales === 'object' &&
    typeof d.municipalForm === 'object' &&
    typeof d.recommendations === 'object' &&
    !!scoring &&
    ['municipalEvidence', 'corroboration', 'reconciliation', 'overall', 'responseRate'].every((key) => typeof scoring[key] === 'object') &&
    Array.isArray(scoring.levelBands) &&
    Array.isArray(scoring.caps) &&
    (d.mechanisms as Array<Partial<Mechanism>>).every(
      (m) => typeof m === 'object' && Array.isArray(m.questionnaire?.questions) && typeof m.municipalForm?.components === 'object',
    )
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Adding and removing the parts other parts refer to: answer scales, respondent roles, cycle components, mechanisms.
// Every `…Problem` function answers a Russian message when the new part cannot be added as typed (null when it
// can); every `…RemovalRefusal` says why a part cannot go while something refers to it (null when it can).

const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;
const CODE_RULE = 'Код: строчные латинские буквы, цифры и «_», начиная с буквы';
const MECHANISM_CODE_PATTERN = /^\d+(\.\d+)*$/;

/** «вопрос 3 механизма 2.1», for the reason a removal is refused. */
function questionsWhere(document: MethodologyDocument, test: (item: QuestionnaireItem) => boolean): string[] {
  return (document.mechanisms ?? []).flatMap((mechanism) =>
    (mechanism.questionnaire?.questions ?? []).flatMap((item, index) =>
      test(item) ? [`вопрос ${index + 1} механизма ${mechanism.code}`] : [],
    ),
  );
}

/** «Шкалу «x» нельзя удалить, её используют: вопрос 1 механизма 2.1, вопрос 4 механизма 3.2 и ещё 5.» */
function usedBy(refusal: string, places: readonly string[]): string | null {
  if (places.length === 0) return null;
  const shown = places.slice(0, 3).join(', ');
  return `${refusal}: ${shown}${places.length > 3 ? ` и ещё ${places.length - 3}` : ''}.`;
}

function codeProblem(code: string, taken: Iterable<string>, what: string): string | null {
  if (code.trim() === '') return `Укажите код ${what}`;
  if (!CODE_PATTERN.test(code)) return CODE_RULE;
  if ([...taken].includes(code)) return `Код «${code}» уже занят`;
  return null;
}

const YES_NO: AnswerOption[] = [
  { value: 'yes', text: 'Да' },
  { value: 'no', text: 'Нет' },
];

// Answer scales

export function newScaleProblem(document: MethodologyDocument, code: string): string | null {
  return codeProblem(code, Object.keys(document.answerScales ?? {}), 'шкалы');
}

/** A new scale «Да / Нет» under `code`; its options are then edited like any other. */
export function addAnswerScale(document: MethodologyDocument, code: string): MethodologyDocument {
  if (newScaleProblem(document, code) !== null) return document;
  return { ...document, answerScales: { ...document.answerScales, [code]: YES_NO } };
}

export function scaleRemovalRefusal(document: MethodologyDocument, code: string): string | null {
  return usedBy(
    `Шкалу «${code}» нельзя удалить, её используют`,
    questionsWhere(document, (item) => item.scale === code),
  );
}

export function removeAnswerScale(document: MethodologyDocument, code: string): MethodologyDocument {
  if (scaleRemovalRefusal(document, code) !== null) return document;
  const { [code]: _removed, ...answerScales } = document.answerScales;
  return { ...document, answerScales };
}

// Respondent roles: codes come from the closed list every methodology shares.

export type RespondentRoleInfo = MethodologyDocument['respondentRoles'][number];

/** The roles of the closed list this version does not declare yet. */
export function unusedRespondentRoles(document: MethodologyDocument): RespondentRole[] {
  const used = new Set((document.respondentRoles ?? []).map((role) => role.code));
  return RESPONDENT_ROLES.filter((role) => !used.has(role));
}

/** What is missing in a new role as typed: field → Russian message. */
export function newRoleProblems(
  document: MethodologyDocument,
  role: RespondentRoleInfo,
): Partial<Record<keyof RespondentRoleInfo, string>> {
  const problems: Partial<Record<keyof RespondentRoleInfo, string>> = {};
  if (!unusedRespondentRoles(document).includes(role.code)) problems.code = 'Выберите роль, которой ещё нет в версии';
  if (role.label.trim() === '') problems.label = 'Укажите, как роль называется в анкетах';
  if (role.questionnaireTitle.trim() === '') problems.questionnaireTitle = 'Укажите заголовок анкеты';
  if (role.questionnaireDescription.trim() === '') problems.questionnaireDescription = 'Укажите вступление анкеты';
  return problems;
}

export function addRespondentRole(document: MethodologyDocument, role: RespondentRoleInfo): MethodologyDocument {
  if (Object.keys(newRoleProblems(document, role)).length > 0) return document;
  return { ...document, respondentRoles: [...document.respondentRoles, role] };
}

export function roleRemovalRefusal(document: MethodologyDocument, code: RespondentRole): string | null {
  const places = questionsWhere(
    document,
    (item) => (item.roles ?? []).includes(code) || (item.scoring?.rule?.kind === 'role' && item.scoring.rule.role === code),
  );
  const rule = document.scoring?.corroboration?.defaultRule;
  if (rule?.kind === 'role' && rule.role === code) places.unshift('правила оценки (подтверждение школами)');
  return usedBy(
    `Роль «${document.respondentRoles.find((role) => role.code === code)?.label ?? code}» нельзя удалить, её используют`,
    places,
  );
}

export function removeRespondentRole(document: MethodologyDocument, code: RespondentRole): MethodologyDocument {
  if (roleRemovalRefusal(document, code) !== null) return document;
  return { ...document, respondentRoles: document.respondentRoles.filter((role) => role.code !== code) };
}

// Cycle components: a new one goes last in the cycle; what each mechanism counts as it is then filled in (the
// checker names every mechanism that still lacks it).

export type CycleComponentInfo = MethodologyDocument['cycleComponents'][number];

export function newComponentProblems(
  document: MethodologyDocument,
  component: CycleComponentInfo,
): Partial<Record<keyof CycleComponentInfo, string>> {
  const problems: Partial<Record<keyof CycleComponentInfo, string>> = {};
  const code = codeProblem(
    component.code,
    (document.cycleComponents ?? []).map((c) => c.code),
    'компонента',
  );
  if (code) problems.code = code;
  if (component.title.trim() === '') problems.title = 'Укажите название компонента';
  if (component.description.trim() === '') problems.description = 'Опишите компонент';
  if (component.municipalQuestion.trim() === '') problems.municipalQuestion = 'Укажите вопрос муниципальной формы';
  return problems;
}

export function addCycleComponent(document: MethodologyDocument, component: CycleComponentInfo): MethodologyDocument {
  if (Object.keys(newComponentProblems(document, component)).length > 0) return document;
  return { ...document, cycleComponents: [...document.cycleComponents, component] };
}

export function componentRemovalRefusal(document: MethodologyDocument, code: string): string | null {
  const places = questionsWhere(document, (item) => item.scoring?.component === code);
  (document.scoring?.caps ?? []).forEach((cap, index) => {
    if (cap.requires.some((requirement) => Array.isArray(requirement.components) && requirement.components.includes(code)))
      places.unshift(`ограничение уровней ${index + 1}`);
  });
  const title = document.cycleComponents.find((c) => c.code === code)?.title ?? code;
  return usedBy(`Компонент «${title}» нельзя удалить, его используют`, places);
}

/** Removes the component with what only it owned: its general recommendation and each mechanism's texts about it. */
export function removeCycleComponent(document: MethodologyDocument, code: string): MethodologyDocument {
  if (componentRemovalRefusal(document, code) !== null) return document;
  const without = <T>(record: Record<string, T> | undefined) => {
    const { [code]: _removed, ...rest } = record ?? {};
    return rest;
  };
  return {
    ...document,
    cycleComponents: document.cycleComponents.filter((c) => c.code !== code),
    recommendations: { ...document.recommendations, components: without(document.recommendations?.components) },
    mechanisms: document.mechanisms.map((mechanism) => ({
      ...mechanism,
      municipalForm: { ...mechanism.municipalForm, components: without(mechanism.municipalForm?.components) },
      recommendations: { ...mechanism.recommendations, components: without(mechanism.recommendations?.components) },
    })),
  };
}

// Whole mechanisms

export interface NewMechanism {
  code: string;
  title: string;
  goal: string;
  /** An existing block's code, or a new block's. */
  block: BlockInfo;
}

export function newMechanismProblems(document: MethodologyDocument, input: NewMechanism): Partial<Record<keyof NewMechanism, string>> {
  const problems: Partial<Record<keyof NewMechanism, string>> = {};
  if (!MECHANISM_CODE_PATTERN.test(input.code)) problems.code = 'Код механизма: числа через точку, например 2.1';
  else if (document.mechanisms.some((m) => m.code === input.code)) problems.code = `Механизм ${input.code} уже есть`;
  if (input.title.trim() === '') problems.title = 'Укажите название механизма';
  if (input.goal.trim() === '') problems.goal = 'Укажите цель механизма';
  if (!/^\d+$/.test(input.block.code)) problems.block = 'Код блока: число';
  else if (input.block.title.trim() === '' && !document.blocks.some((b) => b.code === input.block.code))
    problems.block = 'Укажите название нового блока';
  return problems;
}

/**
 * A new mechanism in its block, in code order. Its questionnaire is empty and its texts are blank: the checker names
 * each until they are filled in. One direction, the mechanism itself, keeps the format's list of directions whole.
 */
export function addMechanism(document: MethodologyDocument, input: NewMechanism): MethodologyDocument {
  if (Object.keys(newMechanismProblems(document, input)).length > 0) return document;
  const mechanism: Mechanism = {
    code: input.code,
    title: input.title.trim(),
    goal: input.goal.trim(),
    directions: [{ code: `${input.code}.1`, title: input.title.trim() }],
    municipalForm: { components: {}, indicators: [] },
    questionnaire: { description: '', questions: [] },
    recommendations: { mechanism: '', components: {} },
  };
  return includeMechanism(document, mechanism, input.block);
}
