import { RESPONDENT_ROLES, type RespondentRole } from '@db/schema/values';
import type { QuestionnaireItem } from '@server/modules/methodology/methodology.schemas';
import type { MethodologyDocument } from './document-edits';
import { yesNo } from './question-edits';

// Adding and removing the parts other parts refer to: answer scales, respondent roles and cycle components (whole
// mechanisms are in mechanism-edits.ts).
// Every `…Problem` function answers a Russian message when the new part cannot be added as typed (null when it
// can); every `…RemovalRefusal` says why a part cannot go while something refers to it (null when it can).

const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;
const CODE_RULE = 'Код: строчные латинские буквы, цифры и «_», начиная с буквы';

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

// Answer scales

export function newScaleProblem(document: MethodologyDocument, code: string): string | null {
  return codeProblem(code, Object.keys(document.answerScales ?? {}), 'шкалы');
}

/** A new scale «Да / Нет» under `code`; its options are then edited like any other. */
export function addAnswerScale(document: MethodologyDocument, code: string): MethodologyDocument {
  if (newScaleProblem(document, code) !== null) return document;
  return { ...document, answerScales: { ...document.answerScales, [code]: yesNo() } };
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
