import type { MethodologyState } from '@db/schema/values';
import type { QuestionnaireItem, ScoringRules } from '@server/modules/methodology/methodology.schemas';

// Russian texts of the methodology workbench. Zod-free: the staff pages take only types from the server.

export const versionStateLabels: Record<MethodologyState, string> = {
  draft: 'черновик',
  published: 'опубликована',
  retired: 'выведена',
};

export const versionStateBadges: Record<MethodologyState, 'warning' | 'success' | 'neutral'> = {
  draft: 'warning',
  published: 'success',
  retired: 'neutral',
};

/** Whose version it is: the installation's (surveys/) or a region's. */
export function versionOwnerLabel(regionId: number | null, regionName?: string): string {
  if (regionId === null) return 'платформа';
  return regionName ? `регион: ${regionName}` : 'регион';
}

export const questionTypeLabels: Record<QuestionnaireItem['question']['type'], string> = {
  radiogroup: 'один вариант',
  checkbox: 'несколько вариантов',
  dropdown: 'выпадающий список',
  boolean: 'да / нет (переключатель)',
  text: 'строка',
  comment: 'развёрнутый ответ',
  rating: 'оценка по шкале',
};

export const verifiableByLabels: Record<ScoringRules['municipalEvidence']['verifiableBy'][number], string> = {
  url: 'ссылка на документ на сайте',
  requisites: 'дата и номер документа',
};

export const shareOverLabels: Record<ScoringRules['corroboration']['share']['over'], string> = {
  answering_schools: 'школы, ответившие по компоненту (нейтральные ответы не считаются)',
  responding_schools: 'все школы с заполненными анкетами',
};

/** «Правило школы»: how a school's answers to a scored question confirm the component. */
export const MAJORITY_RULE = 'majority';
export const DEFAULT_RULE = '';
export function schoolRuleLabel(rule: string, roleLabel: (code: string) => string): string {
  if (rule === DEFAULT_RULE) return 'как задано в правилах оценки';
  if (rule === MAJORITY_RULE) return 'большинство ответивших в школе';
  return `только ответ роли «${roleLabel(rule)}»`;
}
