import type { MunicipalityKind, SchoolLocality } from '../../../../db/schema/values';

// Shared with the browser: no server-only imports here.

export const IMPORT_KINDS = ['municipalities', 'schools'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A column of an import file: its Russian header, the headers people also write, and what goes in it. */
export interface ImportColumn {
  key: string;
  header: string;
  synonyms: readonly string[];
  required: boolean;
  description: string;
}

export const importColumns = {
  municipalities: [
    { key: 'code', header: 'Код', synonyms: ['код муниципалитета', 'код мо'], required: true, description: 'Уникальный код муниципалитета в регионе: буквы, цифры, точка, дефис, подчёркивание.' },
    { key: 'name', header: 'Наименование', synonyms: ['название', 'муниципалитет', 'наименование муниципалитета'], required: true, description: 'Наименование, например «Куменский район» или «город Киров».' },
    { key: 'kind', header: 'Тип', synonyms: ['тип муниципалитета', 'вид'], required: true, description: 'Одно из: муниципальный район (или «район»), муниципальный округ, городской округ.' },
  ],
  schools: [
    { key: 'code', header: 'Код', synonyms: ['код школы', 'код оо'], required: true, description: 'Уникальный код школы в регионе: буквы, цифры, точка, дефис, подчёркивание.' },
    { key: 'fullName', header: 'Полное наименование', synonyms: ['полное название'], required: true, description: 'Полное наименование по уставу.' },
    { key: 'shortName', header: 'Краткое наименование', synonyms: ['краткое название', 'сокращённое наименование', 'сокращенное наименование'], required: true, description: 'Краткое наименование, например «МКОУ СОШ с. Вожгалы».' },
    { key: 'municipalityCode', header: 'Код муниципалитета', synonyms: ['муниципалитет', 'код мо'], required: true, description: 'Код муниципалитета из справочника муниципалитетов региона.' },
    { key: 'locality', header: 'Местность', synonyms: ['тип местности', 'территория'], required: true, description: 'городская или сельская.' },
    { key: 'address', header: 'Адрес', synonyms: ['адрес школы', 'юридический адрес'], required: false, description: 'Почтовый адрес (необязательно).' },
  ],
} as const satisfies Record<ImportKind, readonly ImportColumn[]>;

export interface ImportProblem {
  /** 1-based row of the spreadsheet (the header is row 1); null when the problem concerns the whole file. */
  row: number | null;
  /** The Russian header of the column, when the problem is in one column. */
  column: string | null;
  message: string;
}

export interface ParsedMunicipalityRow {
  row: number;
  code: string;
  name: string;
  kind: MunicipalityKind;
}

export interface ParsedSchoolRow {
  row: number;
  code: string;
  fullName: string;
  shortName: string;
  municipalityCode: string;
  locality: SchoolLocality;
  address: string | null;
}

export interface ParsedRows {
  municipalities: ParsedMunicipalityRow;
  schools: ParsedSchoolRow;
}

export interface ParseResult<K extends ImportKind = ImportKind> {
  kind: K;
  format: 'csv' | 'xlsx' | null;
  encoding?: 'utf-8' | 'windows-1251';
  delimiter?: ';' | ',' | '\t';
  /** Data rows found in the file (blank rows skipped), including rows with problems. */
  totalRows: number;
  /** Valid rows only. */
  rows: Array<ParsedRows[K]>;
  problems: ImportProblem[];
}
