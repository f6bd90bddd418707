import { elementText, type SurveyElement, type SurveyJson } from '../methodology/assemble';

/** One column of the raw-answers export: a question (or the text next to its «Другое») and how to print a value. */
export interface AnswerColumn {
  key: string;
  header: string;
  /** Choice value → its text, for choice questions. */
  texts?: ReadonlyMap<unknown, string>;
}

const COMMENT_SUFFIX = '-Comment';

function choiceTexts(element: SurveyElement): Map<unknown, string> | undefined {
  const choices = element.choices as Array<string | { value: unknown; text?: string }> | undefined;
  if (!choices && element.type !== 'boolean') return undefined;
  const texts = new Map<unknown, string>();
  for (const choice of choices ?? []) {
    if (typeof choice === 'object') texts.set(choice.value, choice.text ?? String(choice.value));
    else texts.set(choice, choice);
  }
  if (element.showOtherItem) texts.set('other', elementText(element.otherText, 'Другое'));
  if (element.showNoneItem) texts.set('none', elementText(element.noneText, 'Ничего из перечисленного'));
  if (element.type === 'boolean') {
    texts.set(true, 'да');
    texts.set(false, 'нет');
  }
  return texts;
}

function walk(elements: SurveyElement[] | undefined, prefix: string, columns: AnswerColumn[], seen: Set<string>) {
  for (const element of elements ?? []) {
    if (element.type === 'panel') {
      walk(element.elements as SurveyElement[] | undefined, `${prefix}${elementText(element.title)} — `, columns, seen);
      continue;
    }
    const key = elementText(element.name);
    if (seen.has(key)) continue;
    seen.add(key);
    const header = `${prefix}${elementText(element.title, key)}`;
    columns.push({ key, header, texts: choiceTexts(element) });
    if (element.showOtherItem || element.showCommentArea) columns.push({ key: `${key}${COMMENT_SUFFIX}`, header: `${header} (пояснение)` });
  }
}

/**
 * The columns of a raw-answers export: every question of the given questionnaires in page order, headed by the
 * mechanism (page) and the question text in Russian. A question asked in several questionnaires is one column.
 */
export function answerColumns(definitions: readonly SurveyJson[]): AnswerColumn[] {
  const columns: AnswerColumn[] = [];
  const seen = new Set<string>();
  for (const definition of definitions) {
    for (const page of definition.pages) walk(page.elements, `${page.title} — `, columns, seen);
  }
  return columns;
}

/** An answer as a person reads it in a spreadsheet: choice texts, lists joined, numbers as numbers. */
export function formatAnswer(column: AnswerColumn, value: unknown): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.map((item) => column.texts?.get(item) ?? String(item)).join('; ');
  if (column.texts?.has(value)) return column.texts.get(value)!;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  // Answers are JSON: whatever else arrives (a boolean without texts, a matrix row) reads as its JSON.
  return JSON.stringify(value);
}
