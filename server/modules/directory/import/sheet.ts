import { MAX_IMPORT_ROWS, type ImportProblem, type ParseResult } from './directory-import.schemas';

/** A cell's text, or why it cannot be read as text (a formula, a date, a merged cell). */
export type Cell = string | { problem: string };

/** One row as the spreadsheet numbers it (the header is row 1), with its cells from column A on. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

/** The first sheet of a file with how it was read, or why it could not be read. */
export type SheetRead = ({ rows: SheetRow[] } & Pick<ParseResult, 'encoding' | 'delimiter'>) | { problem: ImportProblem };

/** The templates have at most six columns; a much wider sheet is not a directory file. */
export const MAX_COLUMNS = 50;
/** Bounds the memory a workbook full of long texts can take (a CSV is bounded by its size already). */
const MAX_TEXT_LENGTH = 20_000_000;

export const fileProblem = (message: string, row: number | null = null): ImportProblem => ({ row, column: null, message });

export const isBlankCell = (cell: Cell | undefined): boolean => cell === undefined || (typeof cell === 'string' && cell.trim() === '');

/** Spreadsheet letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Keeps the non-blank rows without their trailing blank cells. Stops at the first limit passed, so a huge file
 * costs no more than the limit: rows are pulled from a lazy source where the format allows it. The source may also
 * end with a problem that makes the rest of the file unreadable.
 */
export function collectRows(source: Iterable<SheetRow | { problem: ImportProblem }>): { rows: SheetRow[] } | { problem: ImportProblem } {
  const rows: SheetRow[] = [];
  let textLength = 0;
  for (const item of source) {
    if ('problem' in item) return item;
    const { row, cells } = item;
    let width = cells.length;
    while (width > 0 && isBlankCell(cells[width - 1])) width--;
    if (width === 0) continue;
    if (width > MAX_COLUMNS) {
      return { problem: fileProblem(`В строке заполнено больше ${MAX_COLUMNS} столбцов. Оставьте в файле только столбцы шаблона.`, row) };
    }
    // The header plus the allowed data rows are already kept.
    if (rows.length > MAX_IMPORT_ROWS) {
      return {
        problem: fileProblem(
          `Слишком много строк: не более ${MAX_IMPORT_ROWS.toLocaleString('ru-RU')} строк с данными. Разделите файл на части.`,
        ),
      };
    }
    for (const cell of cells) if (typeof cell === 'string') textLength += cell.length;
    if (textLength > MAX_TEXT_LENGTH) {
      return {
        problem: fileProblem('В файле слишком много текста для справочника. Оставьте только столбцы шаблона или разделите файл на части.'),
      };
    }
    rows.push({ row, cells: cells.slice(0, width) });
  }
  return { rows };
}
