import ExcelJS from 'exceljs';
import type { ImportProblem } from './directory-import.schemas';

/** A sheet read from a file: every non-blank row with its spreadsheet row number and cell texts. */
export interface Table {
  format: 'csv' | 'xlsx';
  encoding?: 'utf-8' | 'windows-1251';
  delimiter?: ';' | ',' | '\t';
  rows: TableRow[];
}

export interface TableRow {
  row: number;
  cells: Cell[];
}

/** A cell is its text, or a reason it cannot be used as text (a formula, a date). */
export type Cell = string | { problem: string };

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_DATA_ROWS = 50_000;
// An .xlsx is a ZIP; refusing to inflate more than this stops a small "zip bomb" from exhausting memory.
const MAX_XLSX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024;

const fileProblem = (message: string): ImportProblem => ({ row: null, column: null, message });

export const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readTable(bytes: Uint8Array): Promise<{ table: Table } | { problem: ImportProblem }> {
  if (bytes.length === 0) return { problem: fileProblem('Файл пуст.') };
  if (bytes.length > MAX_FILE_BYTES) return { problem: fileProblem('Файл больше 10 МБ. Разделите его на части.') };
  return isZip(bytes) ? readXlsx(bytes) : readCsv(bytes);
}

// ---------- CSV ----------

const UTF16_HINT = 'Файл в кодировке UTF-16. Сохраните его в Excel как «CSV UTF-8 (разделитель — запятая)» или как книгу Excel (XLSX).';
const NOT_TABULAR = 'Файл не похож на таблицу CSV или книгу Excel (XLSX). Сохраните данные по шаблону в формате XLSX или «CSV UTF-8».';

function looksLikeUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  // Text in UTF-16 without a BOM: every other byte of Latin or Cyrillic text is zero or 0x04.
  const sample = bytes.subarray(0, Math.min(bytes.length, 400));
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros++;
  return sample.length >= 8 && zeros > sample.length / 4;
}

/** Control characters other than tab and line breaks do not occur in a spreadsheet saved as text. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let control = 0;
  for (const byte of sample) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
  return control > Math.max(2, sample.length / 1000);
}

function decode(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Russian Excel saves "CSV (разделители — точка с запятой)" in Windows-1251.
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

function detectDelimiter(firstLine: string): ';' | ',' | '\t' {
  const counts = ([';', ',', '\t'] as const).map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, current) => (current[1] > best[1] ? current : best))[0];
}

/** RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function splitCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function readCsv(bytes: Uint8Array): { table: Table } | { problem: ImportProblem } {
  if (looksLikeUtf16(bytes)) return { problem: fileProblem(UTF16_HINT) };
  if (looksBinary(bytes)) return { problem: fileProblem(NOT_TABULAR) };
  const { text, encoding } = decode(bytes);
  const content = text.replace(/^\uFEFF/, '');
  const firstLine = content.slice(0, content.search(/\r|\n|$/));
  const delimiter = detectDelimiter(firstLine);
  const rows: TableRow[] = [];
  splitCsv(content, delimiter).forEach((cells, index) => {
    if (cells.some((cell) => cell.trim() !== '')) rows.push({ row: index + 1, cells });
  });
  return { table: { format: 'csv', encoding, delimiter, rows } };
}

// ---------- XLSX ----------

/** Sum of the uncompressed sizes in the ZIP central directory, read without inflating anything. */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEnd = Math.max(0, bytes.length - 65_557);
  for (let end = bytes.length - 22; end >= minEnd; end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      total += view.getUint32(offset + 24, true);
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return total;
  }
  return null;
}

function cellText(cell: ExcelJS.Cell): Cell {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'ИСТИНА' : 'ЛОЖЬ';
  if (value instanceof Date) return { problem: 'В ячейке дата, а ожидается текст. Задайте ячейке текстовый формат.' };
  if ('formula' in value || 'sharedFormula' in value) {
    return { problem: 'Ячейка содержит формулу; вставьте значения вместо формул (Специальная вставка → Значения).' };
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : String(value.hyperlink);
  if ('error' in value) return { problem: `В ячейке ошибка Excel (${value.error}).` };
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<{ table: Table } | { problem: ImportProblem }> {
  const unpacked = zipUncompressedSize(bytes);
  if (unpacked === null) return { problem: fileProblem('Файл повреждён: это не книга Excel (XLSX). Откройте его в Excel и сохраните заново.') };
  if (unpacked > MAX_XLSX_UNCOMPRESSED_BYTES) return { problem: fileProblem('Книга Excel слишком велика. Оставьте в ней только лист с данными по шаблону.') };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    return { problem: fileProblem('Не удалось прочитать книгу Excel: файл повреждён или это не XLSX. Откройте его в Excel и сохраните заново.') };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { problem: fileProblem('В книге Excel нет листов.') };
  const rows: TableRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > MAX_DATA_ROWS + 1) {
      tooMany = true;
      return;
    }
    const cells: Cell[] = [];
    for (let column = 1; column <= Math.min(row.cellCount, 200); column++) cells.push(cellText(row.getCell(column)));
    if (cells.some((cell) => typeof cell !== 'string' || cell.trim() !== '')) rows.push({ row: row.number, cells });
  });
  if (tooMany) return { problem: fileProblem(`Слишком много строк: не более ${MAX_DATA_ROWS.toLocaleString('ru-RU')}.`) };
  return { table: { format: 'xlsx', rows } };
}
