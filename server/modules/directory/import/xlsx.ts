import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../lib/excel';
import { collectRows, fileProblem, isBlankCell, MAX_COLUMNS, type Cell, type SheetRead, type SheetRow } from './sheet';
import { unpackZip } from './zip';

const RESAVE = 'Откройте файл в Excel и сохраните его заново как «Книга Excel (*.xlsx)».';
const NOT_XLSX = `Файл не является книгой Excel (XLSX) или повреждён. ${RESAVE}`;
const ODS = 'Это таблица OpenDocument (ODS): такие файлы не читаются. Сохраните её как «Книга Excel (*.xlsx)» или «CSV UTF-8».';
const TOO_LARGE = 'Книга Excel слишком велика. Оставьте в ней только лист с данными по шаблону, без картинок и лишних листов.';
const TOO_MANY_CELLS =
  'В книге Excel слишком много заполненных или оформленных ячеек. Оставьте только лист с данными по шаблону и удалите лишние строки и столбцы.';
const NO_SHEETS = 'В книге Excel нет ни одного листа с данными.';

const FORMULA = 'Ячейка содержит формулу; вставьте значения вместо формул (Специальная вставка → Значения).';
const DATE = 'Excel распознал значение как дату, а здесь нужен текст. Задайте ячейке текстовый формат и введите значение заново.';
const BOOLEAN = 'В ячейке логическое значение (ИСТИНА или ЛОЖЬ), а здесь нужен текст.';

/** A 50 000-row school list unpacks to about 40 MB. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/**
 * Cells, rows and expanded ranges that exceljs builds in memory, at about 0.4 KB each. 50 000 rows of six columns
 * need 350 000; the rest is room for formatting.
 */
const MAX_MATERIALISED_CELLS = 600_000;
/** Sheet parts the import does not need and that exceljs expands cell by cell (a validation on a whole column). */
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

/** The text of a cell as the user sees it, or why it cannot be taken as text. */
function cellValue(cell: ExcelJS.Cell, ValueType: typeof ExcelJS.ValueType): Cell {
  switch (cell.type) {
    case ValueType.Formula:
      return { problem: FORMULA };
    case ValueType.Merge:
      return { problem: `Ячейка объединена с ячейкой ${cell.master.address}. Разъедините ячейки и заполните значение в каждой.` };
    case ValueType.Date:
      return { problem: DATE };
    case ValueType.Boolean:
      return { problem: BOOLEAN };
    case ValueType.Error:
      return {
        problem: `В ячейке ошибка Excel ${(cell.value as ExcelJS.CellErrorValue).error}. Исправьте ячейку или введите значение вручную.`,
      };
    case ValueType.Number: {
      // A code typed as a number: 4301, not "4301.0"; a "0000" format keeps the leading zeros the user sees.
      const value = cell.value as number;
      const format = cell.numFmt ?? '';
      return Number.isInteger(value) && /^0+$/.test(format) ? String(value).padStart(format.length, '0') : String(value);
    }
    default:
      // Plain and shared strings, rich text (its runs joined); hyperlinks arrive as their text, their part is not read.
      return cell.text;
  }
}

function sheetRows(sheet: ExcelJS.Worksheet, ValueType: typeof ExcelJS.ValueType): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell((cell, columnNumber) => {
      // Cells past the limit share one extra slot: enough for the width check, without a 16 384-wide array.
      const index = Math.min(columnNumber, MAX_COLUMNS + 1) - 1;
      const value = cellValue(cell, ValueType);
      if (index < MAX_COLUMNS || !isBlankCell(value)) cells[index] = value;
    });
    rows.push({ row: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return rows;
}

/**
 * The first worksheet of an XLSX workbook. Formulas are reported, never evaluated. The archive is inflated against
 * a budget and its XML counted before exceljs sees it, because exceljs keeps the whole workbook in memory.
 */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRead> {
  const unpacked = await unpackZip(bytes, { maxBytes: MAX_UNPACKED_BYTES, keep: isInspectedPart });
  if (unpacked.status === 'too-large') return { problem: fileProblem(TOO_LARGE) };
  if (unpacked.status === 'corrupt') return { problem: fileProblem(NOT_XLSX) };
  const parts = unpacked.files;
  if (parts.get('mimetype')?.toString('latin1').includes('opendocument')) return { problem: fileProblem(ODS) };
  if (!parts.has(WORKBOOK_PART)) return { problem: fileProblem(NOT_XLSX) };
  if (materialisedCells(parts) > MAX_MATERIALISED_CELLS) return { problem: fileProblem(TOO_MANY_CELLS) };

  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; a copy of the bytes is one.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer, { ignoreNodes: IGNORED_SHEET_PARTS });
  } catch {
    return { problem: fileProblem(NOT_XLSX) };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { problem: fileProblem(NO_SHEETS) };
  return collectRows(sheetRows(sheet, ExcelJS.ValueType));
}
