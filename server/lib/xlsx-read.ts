import type ExcelJS from 'exceljs';
import { loadExcel } from './excel';
import { unpackZip } from './zip-read';

// Reading an uploaded XLSX workbook safely, shared by every import: the archive is inflated against a budget and its
// XML counted before exceljs sees it, because exceljs keeps the whole workbook in memory; cells are read as what the
// user sees, formulas reported and never evaluated.

const RESAVE = 'Откройте файл в Excel и сохраните его заново как «Книга Excel (*.xlsx)».';
export const NOT_XLSX = `Файл не является книгой Excel (XLSX) или повреждён. ${RESAVE}`;
const ODS = 'Это таблица OpenDocument (ODS): такие файлы не читаются. Сохраните её как «Книга Excel (*.xlsx)» или «CSV UTF-8».';

const FORMULA = 'Ячейка содержит формулу; вставьте значения вместо формул (Специальная вставка → Значения).';
const DATE = 'Excel распознал значение как дату, а здесь нужен текст. Задайте ячейке текстовый формат и введите значение заново.';

/** A 50 000-row school list unpacks to about 40 MB. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/**
 * Cells, rows and expanded ranges that exceljs builds in memory, at about 0.4 KB each. 50 000 rows of six columns
 * need 350 000; the rest is room for formatting.
 */
const MAX_MATERIALISED_CELLS = 600_000;
/** Sheet parts no import needs and that exceljs expands cell by cell (a validation on a whole column). */
const IGNORED_SHEET_PARTS = ['cols', 'dataValidations', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture', 'extLst'];
/** The parts exceljs reads as worksheets. */
const WORKSHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
const WORKBOOK_PART = 'xl/workbook.xml';

const isInspectedPart = (name: string) => name === 'mimetype' || name === WORKBOOK_PART || WORKSHEET_PART.test(name);

function cellPosition(reference: string): { row: number; column: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(reference);
  if (!match) return null;
  const column = [...match[1]!].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), column };
}

/** Cells in a reference such as "B2:D10"; whole columns ("$A:$A") are not expanded by exceljs and count as nothing. */
export function rangeArea(reference: string): number {
  const [first = '', last = first] = reference.split(':');
  const from = cellPosition(first);
  const to = cellPosition(last);
  if (!from || !to) return 0;
  return (Math.abs(to.row - from.row) + 1) * (Math.abs(to.column - from.column) + 1);
}

/** What exceljs would build from the XML: every cell and row element, merged ranges and named ranges cell by cell. */
function materialisedCells(parts: Map<string, Buffer>): number {
  let total = 0;
  for (const [name, content] of parts) {
    const xml = content.toString('latin1');
    if (WORKSHEET_PART.test(name)) {
      total += xml.match(/<(?:\w+:)?(?:c|row)[\s/>]/g)?.length ?? 0;
      for (const [, reference] of xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"/g)) total += rangeArea(reference!);
    } else if (name === WORKBOOK_PART) {
      for (const [, formula] of xml.matchAll(/<(?:\w+:)?definedName\b[^>]*>([^<]*)</g)) {
        for (const [reference] of formula!.matchAll(/\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?/g)) total += rangeArea(reference);
      }
    }
  }
  return total;
}

/** How the caller words a workbook refused for its size, in terms of what it expects the workbook to hold. */
export interface WorkbookLimitMessages {
  tooLarge: string;
  tooManyCells: string;
}

export type LoadedWorkbook = { workbook: ExcelJS.Workbook; ValueType: typeof ExcelJS.ValueType } | { problem: string };

/** The whole workbook, or why it cannot be read (in Russian). */
export async function loadWorkbook(bytes: Uint8Array, messages: WorkbookLimitMessages): Promise<LoadedWorkbook> {
  const unpacked = await unpackZip(bytes, { maxBytes: MAX_UNPACKED_BYTES, keep: isInspectedPart });
  if (unpacked.status === 'too-large') return { problem: messages.tooLarge };
  if (unpacked.status === 'corrupt') return { problem: NOT_XLSX };
  const parts = unpacked.files;
  if (parts.get('mimetype')?.toString('latin1').includes('opendocument')) return { problem: ODS };
  if (!parts.has(WORKBOOK_PART)) return { problem: NOT_XLSX };
  if (materialisedCells(parts) > MAX_MATERIALISED_CELLS) return { problem: messages.tooManyCells };

  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy of the bytes is one.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer, { ignoreNodes: IGNORED_SHEET_PARTS });
  } catch {
    return { problem: NOT_XLSX };
  }
  return { workbook, ValueType: ExcelJS.ValueType };
}

/** A cell as the user sees it: text, a number (with its display format), a logical value, or why it cannot be read. */
export type TypedCell = { text: string } | { number: number; format: string } | { boolean: boolean } | { problem: string };

export function typedCell(cell: ExcelJS.Cell, ValueType: typeof ExcelJS.ValueType): TypedCell {
  switch (cell.type) {
    case ValueType.Formula:
      return { problem: FORMULA };
    case ValueType.Merge:
      return { problem: `Ячейка объединена с ячейкой ${cell.master.address}. Разъедините ячейки и заполните значение в каждой.` };
    case ValueType.Date:
      return { problem: DATE };
    case ValueType.Boolean:
      return { boolean: cell.value as boolean };
    case ValueType.Error:
      return {
        problem: `В ячейке ошибка Excel ${(cell.value as ExcelJS.CellErrorValue).error}. Исправьте ячейку или введите значение вручную.`,
      };
    case ValueType.Number:
      return { number: cell.value as number, format: cell.numFmt ?? '' };
    default:
      // Plain and shared strings, rich text (its runs joined); hyperlinks arrive as their text, their part is not read.
      return { text: cell.text };
  }
}
