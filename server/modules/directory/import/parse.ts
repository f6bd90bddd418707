import type { MunicipalityKind, SchoolLocality } from '../../../../db/schema/values';
import { directoryCodeSchema } from '../directory.schemas';
import {
  importColumns,
  type ImportColumn,
  type ImportKind,
  type ImportProblem,
  type ParsedRows,
  type ParseResult,
} from './directory-import.schemas';
import { MAX_DATA_ROWS, readTable, type Cell } from './table';

/** Header or value as people type it: case, ё/е, stray spaces, a trailing «*» and quotes do not matter. */
export function normalizeLabel(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\*+$/, '')
    .trim()
    .replace(/^["«]|["»]$/g, '')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/\s+/g, ' ');
}

const municipalityKinds: Record<string, MunicipalityKind> = {
  'район': 'district',
  'муниципальный район': 'district',
  'мр': 'district',
  district: 'district',
  'муниципальный округ': 'municipal_okrug',
  'мо': 'municipal_okrug',
  municipal_okrug: 'municipal_okrug',
  'городской округ': 'city_okrug',
  'го': 'city_okrug',
  city_okrug: 'city_okrug',
};

const localities: Record<string, SchoolLocality> = {
  'городская': 'urban',
  'город': 'urban',
  'городская местность': 'urban',
  urban: 'urban',
  'сельская': 'rural',
  'село': 'rural',
  'сельская местность': 'rural',
  rural: 'rural',
};

type CellResult = { value: string | null } | { error: string };

const text = (max: number, minLength = 2) => (raw: string): CellResult => {
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value.length < minLength) return { error: 'Слишком короткое значение.' };
  if (value.length > max) return { error: `Не длиннее ${max} символов (сейчас ${value.length}).` };
  return { value };
};

const code = (raw: string): CellResult => {
  const parsed = directoryCodeSchema.safeParse(raw);
  return parsed.success ? { value: parsed.data } : { error: parsed.error.issues[0]!.message };
};

const oneOf = (values: Record<string, string>, allowed: string) => (raw: string): CellResult => {
  const value = values[normalizeLabel(raw)];
  return value ? { value } : { error: `Значение «${raw.trim()}» не подходит; допустимо: ${allowed}.` };
};

const optional = (inner: (raw: string) => CellResult) => (raw: string): CellResult =>
  raw.trim() === '' ? { value: null } : inner(raw);

/** How each column's text becomes a value. */
const cellParsers: Record<string, (raw: string) => CellResult> = {
  code,
  municipalityCode: code,
  name: text(200),
  fullName: text(500),
  shortName: text(200),
  kind: oneOf(municipalityKinds, 'муниципальный район, муниципальный округ, городской округ'),
  locality: oneOf(localities, 'городская, сельская'),
  address: optional(text(500, 1)),
};

interface HeaderMap {
  /** Column index in the file for each column key. */
  positions: Map<string, number>;
  problems: ImportProblem[];
}

function mapHeader(columns: readonly ImportColumn[], header: Cell[], headerRow: number): HeaderMap {
  const positions = new Map<string, number>();
  const problems: ImportProblem[] = [];
  const expected = columns.map((c) => `«${c.header}»`).join(', ');
  header.forEach((cell, index) => {
    const label = typeof cell === 'string' ? normalizeLabel(cell) : '';
    if (label === '') return;
    const column = columns.find((c) => normalizeLabel(c.header) === label || c.synonyms.includes(label));
    if (!column) {
      problems.push({ row: headerRow, column: String(typeof cell === 'string' ? cell.trim() : ''), message: `Неизвестный столбец. Ожидаются столбцы: ${expected}.` });
    } else if (positions.has(column.key)) {
      problems.push({ row: headerRow, column: column.header, message: 'Столбец повторяется.' });
    } else {
      positions.set(column.key, index);
    }
  });
  if (positions.size === 0) {
    return {
      positions,
      problems: [{ row: headerRow, column: null, message: `Не удалось распознать заголовки столбцов. Первая строка файла должна содержать ${expected}. Проверьте, что файл сохранён по шаблону, а CSV — в кодировке UTF-8 или Windows-1251.` }],
    };
  }
  for (const column of columns) {
    if (column.required && !positions.has(column.key)) {
      problems.push({ row: headerRow, column: column.header, message: 'Нет обязательного столбца.' });
    }
  }
  return { positions, problems };
}

/**
 * Reads a directory file (XLSX, or CSV in UTF-8 / Windows-1251 with ; , or tab) into valid rows and a list of
 * every problem by row and column. Never throws for bad input: every failure becomes a problem.
 */
export async function parseDirectoryFile<K extends ImportKind>(kind: K, bytes: Uint8Array, _fileName?: string): Promise<ParseResult<K>> {
  const empty = (problems: ImportProblem[], extra: Partial<ParseResult<K>> = {}): ParseResult<K> => ({
    kind, format: null, totalRows: 0, rows: [], problems, ...extra,
  });
  const read = await readTable(bytes);
  if ('problem' in read) return empty([read.problem]);
  const { table } = read;
  const meta = { format: table.format, encoding: table.encoding, delimiter: table.delimiter };
  const [header, ...dataRows] = table.rows;
  if (!header) return empty([{ row: null, column: null, message: 'Файл пуст.' }], meta);

  const columns: readonly ImportColumn[] = importColumns[kind];
  const { positions, problems } = mapHeader(columns, header.cells, header.row);
  if (problems.length) return empty(problems, { ...meta, totalRows: dataRows.length });
  if (dataRows.length === 0) return empty([{ row: null, column: null, message: 'В файле нет строк с данными: есть только заголовок.' }], meta);
  if (dataRows.length > MAX_DATA_ROWS) {
    return empty([{ row: null, column: null, message: `Слишком много строк: не более ${MAX_DATA_ROWS.toLocaleString('ru-RU')}.` }], meta);
  }

  const rows: Array<ParsedRows[K]> = [];
  const firstRowOfCode = new Map<string, number>();
  for (const { row, cells } of dataRows) {
    const values: Record<string, string | null> = {};
    const rowProblems: ImportProblem[] = [];
    for (const column of columns) {
      const position = positions.get(column.key);
      const cell: Cell = position === undefined ? '' : (cells[position] ?? '');
      if (typeof cell !== 'string') {
        rowProblems.push({ row, column: column.header, message: cell.problem });
        continue;
      }
      if (cell.trim() === '' && column.required) {
        rowProblems.push({ row, column: column.header, message: 'Не заполнено обязательное поле.' });
        continue;
      }
      const parsed = cellParsers[column.key]!(cell);
      if ('error' in parsed) rowProblems.push({ row, column: column.header, message: parsed.error });
      else values[column.key] = parsed.value;
    }
    const rowCode = values.code;
    if (rowCode) {
      const first = firstRowOfCode.get(rowCode);
      if (first !== undefined) rowProblems.push({ row, column: 'Код', message: `Код «${rowCode}» уже встречается в строке ${first}.` });
      else firstRowOfCode.set(rowCode, row);
    }
    if (rowProblems.length) problems.push(...rowProblems);
    else rows.push({ row, ...values } as unknown as ParsedRows[K]);
  }
  return { kind, ...meta, totalRows: dataRows.length, rows, problems };
}
