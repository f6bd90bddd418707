import type ExcelJS from 'exceljs';
import { loadWorkbook, typedCell } from '../../../lib/xlsx-read';
import { collectRows, fileProblem, isBlankCell, MAX_COLUMNS, type Cell, type SheetRead, type SheetRow } from './sheet';

const TOO_LARGE = 'Книга Excel слишком велика. Оставьте в ней только лист с данными по шаблону, без картинок и лишних листов.';
const TOO_MANY_CELLS =
  'В книге Excel слишком много заполненных или оформленных ячеек. Оставьте только лист с данными по шаблону и удалите лишние строки и столбцы.';
const NO_SHEETS = 'В книге Excel нет ни одного листа с данными.';
const BOOLEAN = 'В ячейке логическое значение (ИСТИНА или ЛОЖЬ), а здесь нужен текст.';

/** The text of a cell as the user sees it, or why it cannot be taken as text. */
function cellValue(cell: ExcelJS.Cell, ValueType: typeof ExcelJS.ValueType): Cell {
  const typed = typedCell(cell, ValueType);
  if ('problem' in typed) return typed;
  if ('boolean' in typed) return { problem: BOOLEAN };
  if ('text' in typed) return typed.text;
  // A code typed as a number: 4301, not "4301.0"; a "0000" format keeps the leading zeros the user sees.
  const { number, format } = typed;
  return Number.isInteger(number) && /^0+$/.test(format) ? String(number).padStart(format.length, '0') : String(number);
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

/** The first worksheet of an XLSX workbook. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRead> {
  const loaded = await loadWorkbook(bytes, { tooLarge: TOO_LARGE, tooManyCells: TOO_MANY_CELLS });
  if ('problem' in loaded) return { problem: fileProblem(loaded.problem) };
  const sheet = loaded.workbook.worksheets[0];
  if (!sheet) return { problem: fileProblem(NO_SHEETS) };
  return collectRows(sheetRows(sheet, loaded.ValueType));
}
