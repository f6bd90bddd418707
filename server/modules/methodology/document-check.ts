import { russianErrorMap } from '../../lib/zod-russian';
import { formatPath, surveyCoreIssues, type DocumentIssue } from './methodology.repo';
import { methodologySchema, type Methodology } from './methodology.schemas';

// The full check of a methodology document a region saves or uploads: its format and cross-references (scoring tags
// pointing at existing components and answer values, visibleIf references, coverage of the components schools can
// see — methodologySchema), what survey-core refuses, and text lengths. Every problem in Russian, located by path.

/** A problem as the API reports it: «mechanisms[4].questionnaire.questions[1].scoring.confirming». */
export interface DocumentProblem {
  path: string;
  message: string;
}

export interface DocumentCheck {
  /** The parsed version, or null when anything is wrong. */
  methodology: Methodology | null;
  problems: DocumentProblem[];
}

/** Texts a respondent reads in one line: titles, labels, answer options. */
const SHORT_TEXT_KEYS = new Set(['title', 'label', 'text', 'questionnaireTitle']);
export const MAX_SHORT_TEXT = 500;
export const MAX_LONG_TEXT = 5000;

function lengthIssues(value: unknown, path: PropertyKey[], issues: DocumentIssue[]) {
  if (typeof value === 'string') {
    const key = path.at(-1);
    const limit = typeof key === 'string' && SHORT_TEXT_KEYS.has(key) ? MAX_SHORT_TEXT : MAX_LONG_TEXT;
    if (value.length > limit) issues.push({ path, message: `Слишком длинный текст: ${value.length} знаков при допустимых ${limit}` });
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => lengthIssues(item, [...path, index], issues));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) lengthIssues(item, [...path, key], issues);
}

export function checkMethodologyDocument(document: unknown): DocumentCheck {
  const issues: DocumentIssue[] = [];
  lengthIssues(document, [], issues);
  const parsed = methodologySchema.safeParse(document, { error: russianErrorMap });
  if (parsed.success) issues.push(...surveyCoreIssues(parsed.data));
  else issues.push(...parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })));
  const problems = issues.map((issue) => ({ path: formatPath(issue.path) || '(документ)', message: issue.message }));
  return { methodology: parsed.success && problems.length === 0 ? parsed.data : null, problems };
}
