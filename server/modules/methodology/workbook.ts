import { isDeepStrictEqual } from 'node:util';
import { conflict } from '../../errors';
import type { DocumentProblem } from './document-check';
import { readMethodologyWorkbook } from './workbook-read';
import type { Locations, WorkbookLocation } from './workbook-tables';
import { documentRows, writeWorkbook } from './workbook-write';

// A methodology version as an XLSX workbook and back (issue #20 §2–3). The export reads its own file back: a
// document that would not come back identical is refused, so an unchanged round trip always gives the same document.

export type { WorkbookLocation, WorkbookProblem } from './workbook-tables';
export { readMethodologyWorkbook } from './workbook-read';

/** The first place where two JSON values differ, as a document path; null when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return path || '(документ)';
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const inner = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], inner);
    if (found) return found;
  }
  return path || '(документ)';
}

/** The workbook of a document, or 409 naming the first field a workbook cannot carry exactly. */
export async function exportMethodologyWorkbook(document: Record<string, unknown>): Promise<Buffer> {
  const bytes = await writeWorkbook(documentRows(document));
  const back = await readMethodologyWorkbook(bytes);
  const difference = back.document ? firstDifference(document, back.document) : (back.problems[0]?.message ?? '(документ)');
  if (difference !== null)
    throw conflict(
      `Эту версию нельзя точно передать в книге Excel: «${difference}» не помещается в столбцы книги (неожиданный тип, лишнее ` +
        'поле, повторяющийся код или знаки, которые Excel меняет). Скачайте документ в JSON или исправьте черновик.',
      { path: difference },
    );
  return bytes;
}

/** A check problem with the workbook cell it comes from, where it can be found. */
export function locateProblems(
  problems: readonly DocumentProblem[],
  locations: Locations,
): Array<DocumentProblem & { location?: WorkbookLocation }> {
  return problems.map((problem) => {
    const location = locations.find(problem.path);
    return location ? { ...problem, location } : problem;
  });
}
