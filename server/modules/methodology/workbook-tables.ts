import type ExcelJS from 'exceljs';
import { typedCell } from '../../lib/xlsx-read';
import { asRecord, decodeCell, getPath, json, setPath, type ReadCell } from './workbook-cells';
import { contextKey, headersOf, PARAM_HEADERS, type ParamsSection, type SheetSpec, type TableSection } from './workbook-sheets';

// Reading the workbook's sheets into rows of values: sections found by their title rows, columns by their headers,
// every cell decoded by its column. What cannot be read is a problem with its sheet, row and column.

export interface WorkbookLocation {
  sheet: string;
  row: number | null;
  column: string | null;
}

export interface WorkbookProblem {
  location: WorkbookLocation | null;
  message: string;
}

export interface RawRow {
  row: number;
  cells: ReadCell[];
}

/** One item read from a table: its object, what places it in the document, and where it stands. */
export interface RowRecord {
  row: number;
  object: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** Sets an own property even when the key is "__proto__" (a code typed by the user). */
export function assignKey(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Where each document path was read from; a check problem's path is located by its longest located prefix. */
export class Locations {
  private readonly byPath = new Map<string, WorkbookLocation>();

  set(path: string, location: WorkbookLocation): void {
    if (!this.byPath.has(path)) this.byPath.set(path, location);
  }

  /** The row of a table item and each of its columns. */
  row(path: string, sheet: string, section: TableSection, record: RowRecord): void {
    this.set(path, { sheet, row: record.row, column: null });
    for (const column of section.columns)
      if (contextKey(column) === undefined) this.set(`${path}.${column.key}`, { sheet, row: record.row, column: column.header });
    if (section.extras) {
      const own = asRecord(section.extras.base ? getPath(record.object, section.extras.base) : record.object);
      const prefix = section.extras.base ? `${path}.${section.extras.base}` : path;
      for (const key of Object.keys(own)) this.set(`${prefix}.${key}`, { sheet, row: record.row, column: section.extras.header });
    }
  }

  find(path: string): WorkbookLocation | undefined {
    for (let current = path; ;) {
      const location = this.byPath.get(current);
      if (location) return location;
      const shorter = current.replace(/(?:\.[^.[\]]*|\[\d+\])$/, '');
      if (shorter === current || shorter === '') return undefined;
      current = shorter;
    }
  }
}

/** The sheet's non-blank rows, cells as typed values. */
export function sheetRows(sheet: ExcelJS.Worksheet, ValueType: typeof ExcelJS.ValueType): RawRow[] {
  const rows: RawRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const cells: ReadCell[] = [];
    row.eachCell((cell, columnNumber) => {
      const typed = typedCell(cell, ValueType);
      cells[columnNumber - 1] =
        'problem' in typed ? typed : 'text' in typed ? typed.text || undefined : 'number' in typed ? typed.number : typed.boolean;
    });
    if (cells.some((cell) => cell !== undefined)) rows.push({ row: rowNumber, cells: Array.from(cells) });
  });
  return rows;
}

/** The rows of each section (header first); a sheet of one table is all one section. */
export function splitSections(spec: SheetSpec, rows: RawRow[], problems: WorkbookProblem[]): Map<string, RawRow[]> {
  const sections = new Map<string, RawRow[]>();
  if (spec.sections.length === 1) return new Map([['', rows]]);
  const names = new Set(spec.sections.map((section) => section.name));
  let current: RawRow[] | undefined;
  for (const raw of rows) {
    const [first, ...rest] = raw.cells;
    if (typeof first === 'string' && names.has(first) && rest.every((cell) => cell === undefined)) {
      if (sections.has(first))
        problems.push({ location: { sheet: spec.name, row: raw.row, column: null }, message: `Раздел «${first}» повторяется` });
      current = [];
      sections.set(first, current);
    } else if (current) current.push(raw);
    else
      problems.push({
        location: { sheet: spec.name, row: raw.row, column: null },
        message: `Строка вне раздела: раздел начинается строкой с его названием (${[...names].map((n) => `«${n}»`).join(', ')})`,
      });
  }
  for (const name of names)
    if (name !== null && !sections.has(name))
      problems.push({ location: { sheet: spec.name, row: null, column: null }, message: `Нет раздела «${name}»` });
  return sections;
}

/** Column indexes by header; what is unknown, repeated or missing is a problem, and the table is then not read. */
function columnsByHeader(sheet: string, expected: readonly string[], header: RawRow | undefined, problems: WorkbookProblem[]) {
  const at = (column: string | null) => ({ sheet, row: header?.row ?? null, column });
  if (!header) {
    problems.push({ location: at(null), message: 'Нет строки с заголовками столбцов' });
    return undefined;
  }
  const indexes = new Map<string, number>();
  let broken = false;
  header.cells.forEach((cell, index) => {
    if (cell === undefined) return;
    const name = typeof cell === 'object' ? '' : String(cell);
    if (!expected.includes(name)) {
      problems.push({
        location: at(name),
        message: `Неизвестный столбец «${name}»; допустимы: ${expected.map((e) => `«${e}»`).join(', ')}`,
      });
      broken = true;
    } else if (indexes.has(name)) {
      problems.push({ location: at(name), message: `Столбец «${name}» повторяется` });
      broken = true;
    } else indexes.set(name, index);
  });
  for (const name of expected)
    if (!indexes.has(name)) {
      problems.push({ location: at(name), message: `Нет столбца «${name}»` });
      broken = true;
    }
  return broken ? undefined : indexes;
}

function strayCells(sheet: string, raw: RawRow, used: Set<number>, problems: WorkbookProblem[]) {
  raw.cells.forEach((cell, index) => {
    if (cell !== undefined && !used.has(index))
      problems.push({
        location: { sheet, row: raw.row, column: null },
        message: `Значение в столбце без заголовка (столбец ${index + 1})`,
      });
  });
}

/** The items of a table section. */
export function readTable(sheet: string, section: TableSection, rows: RawRow[], problems: WorkbookProblem[]): RowRecord[] {
  const indexes = columnsByHeader(sheet, headersOf(section), rows[0], problems);
  if (!indexes) return [];
  const used = new Set(indexes.values());
  return rows.slice(1).map((raw) => {
    const record: RowRecord = { row: raw.row, object: {}, context: {} };
    const fail = (column: string, message: string) => problems.push({ location: { sheet, row: raw.row, column }, message });
    for (const column of section.columns) {
      const decoded = decodeCell(column.codec, column.required, raw.cells[indexes.get(column.header)!]);
      if (!decoded) continue;
      const placing = contextKey(column);
      if ('problem' in decoded) fail(column.header, decoded.problem);
      else if (placing !== undefined) record.context[placing] = decoded.value;
      else setPath(record.object, column.key, decoded.value);
    }
    if (section.extras) {
      const { header, base } = section.extras;
      const decoded = decodeCell(json, false, raw.cells[indexes.get(header)!]);
      if (decoded && 'problem' in decoded) fail(header, decoded.problem);
      else if (decoded) {
        const value = decoded.value;
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          fail(header, 'Ожидается JSON-объект: {"свойство": значение}');
        else {
          if (base && getPath(record.object, base) === undefined) setPath(record.object, base, {});
          const target = asRecord(base ? getPath(record.object, base) : record.object);
          for (const [key, item] of Object.entries(value)) {
            if (Object.hasOwn(target, key)) fail(header, `Свойство «${key}» задано и в своём столбце, и в JSON`);
            else assignKey(target, key, item);
          }
        }
      }
    }
    strayCells(sheet, raw, used, problems);
    return record;
  });
}

/** The values of a parameters section, set into `target`; each parameter's place is recorded under `path`. */
export function readParams(
  sheet: string,
  section: ParamsSection,
  rows: RawRow[],
  problems: WorkbookProblem[],
  target: Record<string, unknown>,
  onRead: (key: string, row: number) => void,
): void {
  const indexes = columnsByHeader(sheet, headersOf(section), rows[0], problems);
  if (!indexes) return;
  const used = new Set(indexes.values());
  const seen = new Set<string>();
  for (const raw of rows.slice(1)) {
    const at = (column: string | null) => ({ sheet, row: raw.row, column });
    const label = raw.cells[indexes.get(PARAM_HEADERS.label)!];
    const param = section.params.find((p) => p.header === label);
    if (!param) {
      problems.push({
        location: at(PARAM_HEADERS.label),
        message: `Неизвестный параметр «${typeof label === 'object' ? '' : String(label ?? '')}»`,
      });
      continue;
    }
    if (seen.has(param.header)) {
      problems.push({ location: at(PARAM_HEADERS.label), message: `Параметр «${param.header}» указан дважды` });
      continue;
    }
    seen.add(param.header);
    onRead(param.key, raw.row);
    const decoded = decodeCell(param.codec, param.required, raw.cells[indexes.get(PARAM_HEADERS.value)!]);
    if (decoded && 'problem' in decoded) problems.push({ location: at(PARAM_HEADERS.value), message: decoded.problem });
    else if (decoded) setPath(target, param.key, decoded.value);
    strayCells(sheet, raw, used, problems);
  }
  for (const param of section.params)
    if (!seen.has(param.header))
      problems.push({ location: { sheet, row: null, column: null }, message: `Раздел «${section.name}»: нет строки «${param.header}»` });
}
