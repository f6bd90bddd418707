import type { RespondentRole } from '../../../db/schema/values';
import {
  evidenceQuestionNames,
  keyIndicatorsPanelName,
  mechanismKey,
  type Mechanism,
  type Methodology,
  type QuestionnaireItem,
} from './methodology.schemas';

// Pure functions: a methodology version and a choice of mechanisms → SurveyJS JSON. Same input, same output
// (campaigns freeze what they assembled, so it must never depend on anything else).

export type SurveyElement = Record<string, unknown>;

/** A text property of an element (title, name, «Другое» label); the assembly writes them as plain strings. */
export function elementText(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}
export interface SurveyPage {
  name: string;
  title: string;
  description: string;
  elements: SurveyElement[];
}
export interface SurveyJson extends Record<string, unknown> {
  title: string;
  description: string;
  pages: SurveyPage[];
}

/** Longest text answers; the checker enforces the same limits on the server. */
export const ANSWER_LIMITS = {
  /** A one-line answer (and a comment question, which SurveyJS limits with the same setting). */
  text: 500,
  /** The explanation next to «Другое» or in a comment area. */
  comment: 2000,
  documentNumber: 50,
} as const;

const DATE_MIN = '2000-01-01';

/** Settings for slow links and old computers: validate as the respondent goes, page by page, in Russian. */
function surveySettings(completeText: string) {
  return {
    locale: 'ru',
    showProgressBar: true,
    progressBarLocation: 'aboveheader',
    progressBarType: 'pages',
    showQuestionNumbers: 'on',
    questionErrorLocation: 'bottom',
    checkErrorsMode: 'onValueChanged',
    // A hidden follow-up loses its answer at once, so a stored response never holds answers the checker refuses.
    clearInvisibleValues: 'onHidden',
    textUpdateMode: 'onBlur',
    maxTextLength: ANSWER_LIMITS.text,
    maxCommentLength: ANSWER_LIMITS.comment,
    pagePrevText: 'Назад',
    pageNextText: 'Далее',
    completeText,
  };
}

/** The chosen mechanisms in catalogue order; unknown codes are a caller's error. */
export function selectMechanisms(methodology: Methodology, mechanismCodes: readonly string[]): Mechanism[] {
  const known = new Set(methodology.mechanisms.map((mechanism) => mechanism.code));
  const unknown = mechanismCodes.filter((code) => !known.has(code));
  if (unknown.length > 0) throw new Error(`В методике «${methodology.id}» нет механизмов: ${unknown.join(', ')}`);
  const chosen = new Set(mechanismCodes);
  const mechanisms = methodology.mechanisms.filter((mechanism) => chosen.has(mechanism.code));
  if (mechanisms.length === 0) throw new Error('Не выбран ни один механизм');
  return mechanisms;
}

/** The questionnaire items of a mechanism that one role is asked, in file order. */
export function mechanismQuestions(mechanism: Mechanism, role: RespondentRole): QuestionnaireItem[] {
  return mechanism.questionnaire.questions.filter((item) => item.roles.includes(role));
}

/** The SurveyJS JSON of a questionnaire item, its answer scale turned into choices. */
export function questionElement(item: QuestionnaireItem, methodology: Methodology): SurveyElement {
  const element: SurveyElement = structuredClone(item.question);
  if (item.scale !== undefined) element.choices = structuredClone(methodology.answerScales[item.scale]);
  return element;
}

/** One role's questionnaire: a page per chosen mechanism that asks this role anything. */
export function assembleQuestionnaire(methodology: Methodology, mechanismCodes: readonly string[], role: RespondentRole): SurveyJson {
  const roleInfo = methodology.respondentRoles.find((info) => info.code === role);
  if (!roleInfo) throw new Error(`В методике «${methodology.id}» нет роли «${role}»`);
  const pages: SurveyPage[] = [];
  for (const mechanism of selectMechanisms(methodology, mechanismCodes)) {
    const items = mechanismQuestions(mechanism, role);
    if (items.length === 0) continue;
    pages.push({
      name: mechanismKey(mechanism.code),
      title: mechanism.title,
      description: mechanism.questionnaire.description,
      elements: items.map((item) => questionElement(item, methodology)),
    });
  }
  if (pages.length === 0) throw new Error(`Выбранные механизмы не содержат вопросов для роли «${roleInfo.label}»`);
  return {
    ...surveySettings('Отправить анкету'),
    title: roleInfo.questionnaireTitle,
    description: roleInfo.questionnaireDescription,
    pages,
  };
}

/** The evidence panel of one cycle component: does it exist, which document sets it, where to check it. */
function evidencePanel(methodology: Methodology, mechanism: Mechanism, componentIndex: number): SurveyElement {
  const component = methodology.cycleComponents[componentIndex]!;
  const names = evidenceQuestionNames(mechanism.code, component.code);
  const declared = `{${names.exists}} = 'yes'`;
  return {
    type: 'panel',
    name: names.panel,
    title: `${componentIndex + 1}. ${component.title}`,
    description: mechanism.municipalForm.components[component.code],
    elements: [
      {
        type: 'radiogroup',
        name: names.exists,
        title: component.municipalQuestion,
        isRequired: true,
        colCount: 2,
        choices: [
          { value: 'yes', text: 'Да' },
          { value: 'no', text: 'Нет' },
        ],
      },
      {
        type: 'dropdown',
        name: names.documentType,
        title: 'Вид документа',
        visibleIf: declared,
        isRequired: true,
        choices: structuredClone(methodology.municipalForm.documentTypes),
        showOtherItem: true,
        otherText: 'Другой документ (укажите)',
      },
      {
        type: 'text',
        name: names.documentTitle,
        title: 'Название документа',
        placeholder: 'Например: «Об утверждении муниципальной программы…»',
        visibleIf: declared,
        isRequired: true,
      },
      {
        type: 'text',
        name: names.documentDate,
        title: 'Дата документа',
        inputType: 'date',
        visibleIf: declared,
        min: DATE_MIN,
        minErrorText: 'Дата документа не может быть раньше 1 января 2000 года.',
        maxValueExpression: 'today()',
        maxErrorText: 'Дата документа не может быть позже сегодняшнего дня.',
      },
      {
        type: 'text',
        name: names.documentNumber,
        title: 'Номер документа',
        visibleIf: declared,
        maxLength: ANSWER_LIMITS.documentNumber,
        startWithNewLine: false,
      },
      {
        type: 'text',
        name: names.url,
        title: 'Ссылка на документ на официальном сайте',
        description: 'Ссылка позволяет эксперту проверить сведения.',
        inputType: 'url',
        placeholder: 'https://',
        visibleIf: declared,
        validators: [
          { type: 'regex', regex: '^https?://[^\\s]+\\.[^\\s]+$', text: 'Укажите полный адрес страницы, начиная с http:// или https://.' },
        ],
      },
    ],
  };
}

/** The municipal coordinator's form: a page per chosen mechanism with the whole cycle and the key indicators. */
export function assembleMunicipalForm(methodology: Methodology, mechanismCodes: readonly string[]): SurveyJson {
  const pages = selectMechanisms(methodology, mechanismCodes).map((mechanism): SurveyPage => {
    const elements = methodology.cycleComponents.map((_, index) => evidencePanel(methodology, mechanism, index));
    if (mechanism.municipalForm.indicators.length > 0) {
      elements.push({
        type: 'panel',
        name: keyIndicatorsPanelName(mechanism.code),
        title: 'Ключевые показатели механизма',
        description: 'За последний завершённый учебный год. Если показатель в муниципалитете не рассчитывается, оставьте поле пустым.',
        elements: structuredClone(mechanism.municipalForm.indicators),
      });
    }
    return {
      name: mechanismKey(mechanism.code),
      title: `${mechanism.code}. ${mechanism.title}`,
      description: `Цель: ${mechanism.goal}`,
      elements,
    };
  });
  return {
    ...surveySettings('Отправить форму'),
    title: methodology.municipalForm.title,
    description: methodology.municipalForm.description,
    pages,
  };
}
