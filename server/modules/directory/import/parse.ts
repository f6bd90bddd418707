import type { z } from 'zod';
import { readCsv } from './csv';
import {
  importColumns,
  importKindLabels,
  MAX_IMPORT_BYTES,
  normalizeLabel,
  parsedMunicipalityRowSchema,
  parsedSchoolRowSchema,
  quoteValue,
  type ImportColumn,
  type ImportFormat,
  type ImportKind,
  type ImportProblem,
  type ParseResult,
  type ParseResultOf,
} from './directory-import.schemas';
import { columnLetter, fileProblem, isBlankCell, type SheetRow } from './sheet';
import { readXlsx } from './xlsx';
import { isZip } from '../../../lib/zip-read';

/** What header matching needs to know of a column, whatever the import kind. */
interface HeaderSpec {
  header: string;
  synonyms: readonly string[];
  required: boolean;
}

const otherKind = (kind: ImportKind): ImportKind => (kind === 'municipalities' ? 'schools' : 'municipalities');
const listHeaders = (columns: readonly HeaderSpec[]) => columns.map((column) => `«${column.header}»`).join(', ');

/**
 * Which file column holds each template column (by header), and every way the header row departs from the template:
 * unknown, repeated and missing columns, and data under a blank header.
 */
function mapHeader(columns: readonly HeaderSpec[], header: SheetRow, dataRows: SheetRow[]) {
  const positions = new Map<string, number>();
  const problems: ImportProblem[] = [];
  const problem = (column: string | null, message: string) => problems.push({ row: header.row, column, message });
  const expected = listHeaders(columns);

  for (const [index, cell] of header.cells.entries()) {
    if (typeof cell !== 'string') {
      problem(null, `Заголовок столбца ${columnLetter(index)} не прочитан. ${cell.problem}`);
      continue;
    }
    const label = normalizeLabel(cell);
    if (label === '') continue;
    const column = columns.find((candidate) => [candidate.header, ...candidate.synonyms].some((name) => normalizeLabel(name) === label));
    const first = column && positions.get(column.header);
    if (!column) {
      problem(
        cell.trim(),
        `Столбец ${quoteValue(cell.trim())} не предусмотрен шаблоном. Допустимые столбцы: ${expected}. Удалите лишний столбец или исправьте заголовок.`,
      );
    } else if (first !== undefined) {
      problem(
        column.header,
        `Столбец «${column.header}» встречается дважды: в столбцах ${columnLetter(first)} и ${columnLetter(index)}. Оставьте один.`,
      );
    } else {
      positions.set(column.header, index);
    }
  }

  const filled = new Set(dataRows.flatMap(({ cells }) => cells.flatMap((cell, index) => (isBlankCell(cell) ? [] : [index]))));
  for (const index of [...filled].sort((a, b) => a - b)) {
    if (isBlankCell(header.cells[index])) {
      problem(
        null,
        `В столбце ${columnLetter(index)} есть данные, но нет заголовка. Добавьте заголовок из шаблона или удалите эти данные.`,
      );
    }
  }
  for (const column of columns) {
    if (column.required && !positions.has(column.header)) {
      problem(column.header, `Нет обязательного столбца «${column.header}». Столбцы шаблона: ${expected}.`);
    }
  }
  return { positions, problems };
}

/** Header problems, condensed into one clear message when the file is of the other kind or has no template header at all. */
function headerProblems(kind: ImportKind, header: SheetRow, dataRows: SheetRow[]) {
  const mapping = mapHeader(importColumns[kind], header, dataRows);
  if (mapping.problems.length === 0) return mapping;
  const other = otherKind(kind);
  if (mapHeader(importColumns[other], header, dataRows).problems.length === 0) {
    const message = `Похоже, это файл с данными раздела «${importKindLabels[other]}», а выбран импорт раздела «${importKindLabels[kind]}». Выберите «${importKindLabels[other]}» и загрузите файл снова.`;
    return { positions: mapping.positions, problems: [{ row: header.row, column: null, message }] };
  }
  if (mapping.positions.size === 0) {
    const message =
      `Не удалось распознать заголовки столбцов. В первой строке должны быть заголовки шаблона: ${listHeaders(importColumns[kind])}. ` +
      'Проверьте, что файл заполнен по шаблону; если вместо русских букв видны непонятные символы, сохраните файл в Excel как «CSV UTF-8» или «Книга Excel (*.xlsx)».';
    return { positions: mapping.positions, problems: [{ row: header.row, column: null, message }] };
  }
  return mapping;
}

/** Every occurrence of a repeated value: the first names the rows below, each repeat names the first row. */
function duplicateProblems(header: string, rowsByValue: Map<string, number[]>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const rule = `Значения в столбце «${header}» не должны повторяться.`;
  for (const [value, [first, ...repeats]] of rowsByValue) {
    if (first === undefined || repeats.length === 0) continue;
    const shown = repeats.slice(0, 10).join(', ') + (repeats.length > 10 ? ` и ещё в ${repeats.length - 10}` : '');
    const where = repeats.length === 1 ? `в строке ${shown}` : `в строках ${shown}`;
    problems.push({ row: first, column: header, message: `${header} ${quoteValue(value)} встречается в файле ещё раз: ${where}. ${rule}` });
    for (const row of repeats) {
      problems.push({ row, column: header, message: `${header} ${quoteValue(value)} уже встречается в строке ${first}. ${rule}` });
    }
  }
  return problems;
}

/**
 * Every data row through its columns' cell schemas. A row with any problem, including a repeated unique value in
 * any of its occurrences, is left out of the rows, so the rows are exactly what can be imported.
 */
function readRows<Row extends { row: number } & Record<string, unknown>>(
  columns: ReadonlyArray<ImportColumn<Row>>,
  rowSchema: z.ZodType<Row>,
  positions: Map<string, number>,
  dataRows: SheetRow[],
): { rows: Row[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const candidates: Row[] = [];
  const uniqueValues = new Map(columns.filter((column) => column.unique).map((column) => [column, new Map<string, number[]>()]));

  for (const { row, cells } of dataRows) {
    const values: Record<PropertyKey, unknown> = { row };
    const problemCount = problems.length;
    for (const column of columns) {
      const position = positions.get(column.header);
      const cell = position === undefined ? '' : (cells[position] ?? '');
      if (typeof cell !== 'string') {
        problems.push({ row, column: column.header, message: cell.problem });
        continue;
      }
      const text = cell.trim();
      if (text === '') {
        if (column.required) problems.push({ row, column: column.header, message: 'Обязательное поле не заполнено.' });
        else values[column.key] = null;
        continue;
      }
      const parsed = column.cell.safeParse(text);
      if (!parsed.success) {
        problems.push({ row, column: column.header, message: parsed.error.issues[0]!.message });
        continue;
      }
      values[column.key] = parsed.data;
      const rowsByValue = uniqueValues.get(column);
      const rowsOfValue = rowsByValue?.get(String(parsed.data));
      if (rowsOfValue) rowsOfValue.push(row);
      else rowsByValue?.set(String(parsed.data), [row]);
    }
    if (problems.length === problemCount) candidates.push(rowSchema.parse(values));
  }

  for (const [column, rowsByValue] of uniqueValues) problems.push(...duplicateProblems(column.header, rowsByValue));
  const rowsWithProblems = new Set(problems.map((problem) => problem.row));
  return {
    rows: candidates.filter((candidate) => !rowsWithProblems.has(candidate.row)),
    problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
  };
}

/**
 * Reads a directory import file — XLSX (first sheet), or CSV in UTF-8 or Windows-1251 with «;», «,» or tab — into
 * the rows that can be imported and every problem by row and column, in Russian. The format is taken from the
 * content; the file name only sharpens a message. Never throws for bad input.
 */
export function parseDirectoryFile<K extends ImportKind>(kind: K, bytes: Uint8Array, fileName?: string): Promise<ParseResultOf<K>>;
export async function parseDirectoryFile(kind: ImportKind, bytes: Uint8Array, fileName?: string): Promise<ParseResult> {
  const format: ImportFormat = isZip(bytes) ? 'xlsx' : 'csv';
  const refuse = (
    problems: ImportProblem[],
    read: Pick<ParseResult, 'encoding' | 'delimiter' | 'totalRows'> = { totalRows: 0 },
  ): ParseResult => ({ kind, format, ...read, rows: [], problems });
  if (bytes.length === 0) return refuse([fileProblem('Файл пуст.')]);
  if (bytes.length > MAX_IMPORT_BYTES)
    return refuse([fileProblem('Файл больше 10 МБ. Разделите его на части или удалите лишние листы и столбцы.')]);

  const sheet = format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes, fileName);
  if ('problem' in sheet) return refuse([sheet.problem]);
  const {
    rows: [header, ...dataRows],
    ...how
  } = sheet;
  if (!header) {
    return refuse([
      fileProblem(
        format === 'xlsx'
          ? 'Первый лист книги пуст. Данные должны быть на первом листе.'
          : 'Файл пуст: в нём нет ни одной заполненной строки.',
      ),
    ]);
  }
  const read = { ...how, totalRows: dataRows.length };
  const { positions, problems } = headerProblems(kind, header, dataRows);
  if (problems.length) return refuse(problems, read);
  if (dataRows.length === 0)
    return refuse([fileProblem('В файле нет строк с данными: есть только строка заголовков. Заполните строки под ней.')], read);
  return kind === 'municipalities'
    ? { kind, format, ...read, ...readRows(importColumns.municipalities, parsedMunicipalityRowSchema, positions, dataRows) }
    : { kind, format, ...read, ...readRows(importColumns.schools, parsedSchoolRowSchema, positions, dataRows) };
}
