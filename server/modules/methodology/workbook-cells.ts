import { isDeepStrictEqual } from 'node:util';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../db/schema/values';
import { organisationKindAbbreviations } from '../directory/directory-labels';

// Cells of the methodology workbook: how each kind of column writes a document value into a cell and reads it back,
// exactly. A value a column cannot carry is left to the row's JSON column (SurveyJS questions) or refused (409).

/** A cell's value as written and as read; undefined is a blank cell. */
export type CellValue = string | number | boolean;
/** A cell as read from the file: a value, blank, or why it cannot be read (a formula, a merged cell…). */
export type ReadCell = CellValue | undefined | { problem: string };

export type Decoded = { value: unknown } | { problem: string };

export interface Codec {
  /** What a blank cell means in a required column ('' for a text, [] for a list); otherwise blank is absent. */
  empty?: unknown;
  /** Whether the value goes into a cell and comes back unchanged. */
  carries(value: unknown): boolean;
  write(value: unknown): CellValue;
  read(cell: CellValue): Decoded;
}

/** Excel's limit for a cell. */
const MAX_CELL_CHARS = 32_767;
/**
 * What does not survive a workbook unchanged: a carriage return (XML turns "\r\n" into "\n"), characters XML 1.0
 * cannot hold, and "_x0041_"-like runs that Excel reads as an escaped character.
 */
// Control characters are exactly what this pattern looks for.
// eslint-disable-next-line no-control-regex
const LOST_IN_XLSX = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]|_x[0-9A-Fa-f]{4}_/;

export const isCellText = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_CELL_CHARS && !LOST_IN_XLSX.test(value);

const NOT_TEXT = 'Ожидается текст, а в ячейке логическое значение (ИСТИНА или ЛОЖЬ)';

/** Free text: titles, descriptions, codes, conditions. Blank in a required column is an empty text. */
export const text: Codec = {
  empty: '',
  carries: (value) => isCellText(value) && value !== '',
  write: (value) => value as string,
  // A number typed into a text column is taken as the user sees it.
  read: (cell) => (typeof cell === 'boolean' ? { problem: NOT_TEXT } : { value: String(cell) }),
};

const NUMBER_TEXT = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

export const number: Codec = {
  carries: (value) => typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0),
  write: (value) => value as number,
  read: (cell) => {
    if (typeof cell === 'number') return { value: cell };
    if (typeof cell === 'string' && NUMBER_TEXT.test(cell)) return { value: Number(cell.trim().replace(',', '.')) };
    return { problem: `Ожидается число, а в ячейке «${String(cell)}»` };
  },
};

const YES = 'да';
const NO = 'нет';

/** «да» / «нет»; Excel's own ИСТИНА / ЛОЖЬ are read too. */
export const yesNo: Codec = {
  carries: (value) => typeof value === 'boolean',
  write: (value) => (value ? YES : NO),
  read: (cell) => {
    if (typeof cell === 'boolean') return { value: cell };
    const word = String(cell).trim().toLowerCase();
    if (word === YES || word === NO) return { value: word === YES };
    return { problem: `Ожидается «${YES}» или «${NO}», а в ячейке «${String(cell)}»` };
  },
};

const LIST_ITEM = /^[^\s,]+$/;
const isCodeList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => isCellText(item) && LIST_ITEM.test(item));

/** Codes separated by commas: «director, teacher». Blank in a required column is an empty list. */
export const list: Codec = {
  empty: [],
  carries: (value) => isCodeList(value) && value.length > 0,
  write: (value) => (value as string[]).join(', '),
  read: (cell) => {
    if (typeof cell === 'boolean') return { problem: 'Ожидается список кодов через запятую' };
    const items = String(cell)
      .split(',')
      .map((item) => item.trim());
    if (items.some((item) => item === '')) return { problem: 'Пустой элемент в списке: коды пишут через запятую, без лишних запятых' };
    if (items.some((item) => /\s/.test(item))) return { problem: 'Коды в списке разделяют запятой' };
    return { value: items };
  },
};

/** The kind of organisation a role belongs to, as officials abbreviate it: «ОО» (school) or «ДОО» (preschool). */
export const organisationKind: Codec = {
  carries: (value) => ORGANISATION_KINDS.includes(value as OrganisationKind),
  write: (value) => organisationKindAbbreviations[value as OrganisationKind],
  read: (cell) => {
    const word = String(cell).trim().toUpperCase();
    const kind = ORGANISATION_KINDS.find((code) => organisationKindAbbreviations[code] === word);
    return kind ? { value: kind } : { problem: `Ожидается «ОО» или «ДОО», а в ячейке «${String(cell)}»` };
  },
};

const ALL_COMPONENTS = 'все';

/** The components of a level cap: «все» or a list of codes. */
export const components: Codec = {
  carries: (value) => value === 'all' || list.carries(value),
  write: (value) => (value === 'all' ? ALL_COMPONENTS : list.write(value)),
  read: (cell) => (String(cell).trim().toLowerCase() === ALL_COMPONENTS ? { value: 'all' } : list.read(cell)),
};

/** Whatever the columns do not hold, as JSON text. */
export const json: Codec = {
  carries: (value) => value !== undefined && isCellText(JSON.stringify(value)),
  write: (value) => JSON.stringify(value),
  read: (cell) => {
    try {
      return { value: JSON.parse(String(cell)) as unknown };
    } catch {
      return { problem: 'Неверный JSON: проверьте кавычки, скобки и запятые' };
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Dotted paths inside a row's object: "question.title", "scoring.rule.kind".

export function getPath(object: unknown, path: string): unknown {
  let value = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = object;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) target = next as Record<string, unknown>;
    else target = target[key] = {};
  }
  target[keys.at(-1)!] = value;
}

/** The value's own properties, or nothing when it is not an object. */
export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * The cell a column writes for a value, and whether it carries it: an absent value is a blank cell; a required
 * column's empty value is a blank cell too; a value the codec cannot hold is left out (carried: false).
 */
export function encodeCell(codec: Codec, required: boolean, value: unknown): { cell: CellValue | undefined; carried: boolean } {
  if (value === undefined) return { cell: undefined, carried: true };
  if (required && codec.empty !== undefined && isDeepStrictEqual(value, codec.empty)) return { cell: undefined, carried: true };
  if (codec.carries(value)) return { cell: codec.write(value), carried: true };
  return { cell: undefined, carried: false };
}

/** The value of a read cell: blank is absent, or the required column's empty value. */
export function decodeCell(codec: Codec, required: boolean, cell: ReadCell): Decoded | undefined {
  if (typeof cell === 'object') return cell;
  if (cell === undefined || cell === '') return required && codec.empty !== undefined ? { value: structuredClone(codec.empty) } : undefined;
  return codec.read(cell);
}
