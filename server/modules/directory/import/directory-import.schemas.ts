import { z } from 'zod';
import { MUNICIPALITY_KINDS, ORGANISATION_KINDS, SCHOOL_LOCALITIES } from '../../../../db/schema/values';
import { municipalityKindLabels, organisationKindAbbreviations, organisationKindLabels, schoolLocalityLabels } from '../directory-labels';

// Shared with the browser: only zod, the plain value lists and the labels may be imported here.

export const IMPORT_KINDS = ['municipalities', 'schools'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
const CSV_ENCODINGS = ['utf-8', 'windows-1251'] as const;
const CSV_DELIMITERS = [';', ',', '\t'] as const;

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
export const CODE_MAX_LENGTH = 32;
const NAME_MIN_LENGTH = 2;

export const importKindLabels: Record<ImportKind, string> = { municipalities: 'Муниципалитеты', schools: 'Организации' };

/** Header or value as people type it: case, ё/е, spaces, surrounding quotes and a trailing «*» do not matter. */
export function normalizeLabel(text: string): string {
  return text
    .replace(/^["'«„“\s]+|["'»“”*\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replaceAll('ё', 'е');
}

/** A value quoted in a message, shortened so a pasted paragraph does not flood the problem list. */
export function quoteValue(text: string): string {
  return `«${text.length > 60 ? `${text.slice(0, 57)}…` : text}»`;
}

// ---------- Cells: the trimmed, non-empty text of one cell becomes a value ----------

/** Codes are typed by people and printed on slips: letters, digits and a few separators. */
export const CODE_PATTERN = /^[0-9A-Za-zА-Яа-яЁё._-]+$/;

/** The rejected cell as text, for a message (a cell always arrives as a string). */
const inputText = (input: unknown) => (typeof input === 'string' ? input : '');

const codeCell = z
  .string()
  .max(CODE_MAX_LENGTH, {
    error: (issue) => `Код не может быть длиннее ${CODE_MAX_LENGTH} символов, а здесь ${inputText(issue.input).length}.`,
  })
  .regex(CODE_PATTERN, {
    error: (issue) =>
      `Код ${quoteValue(inputText(issue.input))} содержит недопустимые символы: можно только буквы, цифры, точку, дефис и подчёркивание, без пробелов.`,
  });

/** Free text: internal runs of spaces and line breaks become one space. */
const textCell = (max: number, min = 1) =>
  z
    .string()
    .transform((text) => text.replace(/\s+/g, ' '))
    .pipe(
      z
        .string()
        .min(min, { error: `Слишком короткое значение: нужно не меньше ${min} символов.` })
        .max(max, { error: (issue) => `Слишком длинное значение: не больше ${max} символов, а здесь ${inputText(issue.input).length}.` }),
    );

/** One of a fixed list, written as its Russian label, a synonym or the machine value. */
function choiceCell<T extends string>(labels: Record<T, string>, synonyms: Record<string, T>) {
  const values = new Map<string, T>();
  for (const [value, label] of Object.entries(labels) as Array<[T, string]>) {
    values.set(normalizeLabel(value), value);
    values.set(normalizeLabel(label), value);
  }
  for (const [synonym, value] of Object.entries(synonyms)) values.set(normalizeLabel(synonym), value);
  const allowed = Object.values<string>(labels)
    .map((label) => `«${label}»`)
    .join(', ');
  return z.string().transform((text, context): T => {
    const value = values.get(normalizeLabel(text));
    if (value === undefined) {
      context.issues.push({
        code: 'custom',
        input: text,
        message: `Значение ${quoteValue(text)} не подходит. Укажите одно из значений: ${allowed}.`,
      });
      return z.NEVER;
    }
    return value;
  });
}

// ---------- Result shapes ----------

export const importProblemSchema = z.object({
  /** 1-based spreadsheet row (the header is row 1); null when the problem concerns the whole file. */
  row: z.number().int().positive().nullable(),
  /** The Russian header of the column, when the problem is in one column. */
  column: z.string().nullable(),
  /** A complete Russian sentence. */
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

const spreadsheetRow = z.number().int().min(2);

export const parsedMunicipalityRowSchema = z.object({
  row: spreadsheetRow,
  code: z.string(),
  name: z.string(),
  kind: z.enum(MUNICIPALITY_KINDS),
});
export type ParsedMunicipalityRow = z.infer<typeof parsedMunicipalityRowSchema>;

export const parsedSchoolRowSchema = z.object({
  row: spreadsheetRow,
  code: z.string(),
  fullName: z.string(),
  shortName: z.string(),
  /** As written in the file; whether it exists in the region is for the service to check. */
  municipalityCode: z.string(),
  /** Null when the cell is empty or the file has no such column: a new organisation is then ОО, a stored one keeps its kind. */
  kind: z.enum(ORGANISATION_KINDS).nullable(),
  locality: z.enum(SCHOOL_LOCALITIES),
  address: z.string().nullable(),
});
export type ParsedSchoolRow = z.infer<typeof parsedSchoolRowSchema>;

const parseResultShape = {
  format: z.enum(IMPORT_FORMATS),
  /** How a CSV file was decoded. */
  encoding: z.enum(CSV_ENCODINGS).optional(),
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  /** Non-blank rows under the header, including rows with problems. */
  totalRows: z.number().int().nonnegative(),
  problems: z.array(importProblemSchema),
};

export const municipalityParseResultSchema = z.object({
  kind: z.literal('municipalities'),
  ...parseResultShape,
  /** Rows without problems only. */
  rows: z.array(parsedMunicipalityRowSchema),
});
export const schoolParseResultSchema = z.object({
  kind: z.literal('schools'),
  ...parseResultShape,
  rows: z.array(parsedSchoolRowSchema),
});
export const parseResultSchema = z.discriminatedUnion('kind', [municipalityParseResultSchema, schoolParseResultSchema]);
export type MunicipalityParseResult = z.infer<typeof municipalityParseResultSchema>;
export type SchoolParseResult = z.infer<typeof schoolParseResultSchema>;
export type ParseResult = z.infer<typeof parseResultSchema>;
export type ParseResultOf<K extends ImportKind> = Extract<ParseResult, { kind: K }>;

// ---------- Columns: the template, and what drives parsing ----------

type ColumnKey<Row> = Exclude<keyof Row, 'row'>;

/** One column of an import file. The parser, the templates and the instruction sheet are all built from these. */
export type ImportColumn<Row> = {
  [K in ColumnKey<Row>]: {
    key: K;
    /** The header written in the template. */
    header: string;
    /** Other headers people write for the same column; matched like the header. */
    synonyms: readonly string[];
    /** An empty optional cell, or an optional column the file lacks, becomes null. */
    required: boolean;
    /** Must not repeat within the file: the records are matched by it. */
    unique?: boolean;
    /** What to write, for the template's instruction sheet. */
    hint: string;
    /** Values offered as a drop-down list in the XLSX template. */
    choices?: readonly string[];
    cell: z.ZodType<NonNullable<Row[K]>, string>;
  };
}[ColumnKey<Row>];

const CODE_HINT = `до ${CODE_MAX_LENGTH} символов: буквы, цифры, точка, дефис и подчёркивание`;
const lengthHint = (max: number) => `Не больше ${max} символов.`;

export const importColumns: {
  municipalities: ReadonlyArray<ImportColumn<ParsedMunicipalityRow>>;
  schools: ReadonlyArray<ImportColumn<ParsedSchoolRow>>;
} = {
  municipalities: [
    {
      key: 'code',
      header: 'Код',
      synonyms: ['Код муниципалитета', 'Код МО', 'Код муниципального образования'],
      required: true,
      unique: true,
      hint: `Код муниципалитета, уникальный в регионе, ${CODE_HINT}. По нему школы и детские сады привязываются к муниципалитету.`,
      cell: codeCell,
    },
    {
      key: 'name',
      header: 'Наименование',
      synonyms: ['Название', 'Муниципалитет', 'Наименование муниципалитета', 'Муниципальное образование'],
      required: true,
      hint: `Наименование, например «Куменский район» или «город Киров». ${lengthHint(200)}`,
      cell: textCell(200, NAME_MIN_LENGTH),
    },
    {
      key: 'kind',
      header: 'Тип',
      synonyms: ['Тип муниципалитета', 'Тип МО', 'Вид'],
      required: true,
      hint: 'Муниципальный район (можно написать просто «район»), муниципальный округ или городской округ.',
      choices: Object.values(municipalityKindLabels),
      cell: choiceCell(municipalityKindLabels, { район: 'district' }),
    },
  ],
  schools: [
    {
      key: 'code',
      header: 'Код',
      synonyms: ['Код школы', 'Код ОО', 'Код ДОО', 'Код организации'],
      required: true,
      unique: true,
      hint: `Код организации, уникальный в регионе, ${CODE_HINT}.`,
      cell: codeCell,
    },
    {
      key: 'fullName',
      header: 'Полное наименование',
      synonyms: ['Полное название', 'Полное наименование ОО'],
      required: true,
      hint: `Полное наименование по уставу. ${lengthHint(500)}`,
      cell: textCell(500, NAME_MIN_LENGTH),
    },
    {
      key: 'shortName',
      header: 'Краткое наименование',
      synonyms: ['Краткое название', 'Сокращённое наименование', 'Сокращённое название'],
      required: true,
      hint: `Краткое наименование, например «МКОУ СОШ с. Вожгалы»; его видят в списках и отчётах. ${lengthHint(200)}`,
      cell: textCell(200, NAME_MIN_LENGTH),
    },
    {
      key: 'municipalityCode',
      header: 'Код муниципалитета',
      synonyms: ['Код МО', 'Код муниципального образования'],
      required: true,
      hint: 'Код муниципалитета из справочника региона (столбец «Код» в файле муниципалитетов). Сначала загрузите муниципалитеты.',
      cell: codeCell,
    },
    {
      key: 'kind',
      header: 'Тип',
      synonyms: ['Тип организации', 'Тип ОО', 'Вид организации'],
      required: false,
      hint: 'ОО — общеобразовательная организация (школа), ДОО — дошкольная образовательная организация (детский сад). Пустая ячейка или файл без этого столбца: новая организация — ОО, у уже загруженной тип не меняется.',
      choices: Object.values(organisationKindAbbreviations),
      cell: choiceCell(organisationKindAbbreviations, {
        [organisationKindLabels.school]: 'school',
        [organisationKindLabels.preschool]: 'preschool',
        школа: 'school',
        'детский сад': 'preschool',
      }),
    },
    {
      key: 'locality',
      header: 'Местность',
      synonyms: ['Тип местности', 'Территория'],
      required: true,
      hint: 'Городская или сельская (можно «город» или «село»).',
      choices: Object.values(schoolLocalityLabels),
      cell: choiceCell(schoolLocalityLabels, {
        город: 'urban',
        'городская местность': 'urban',
        село: 'rural',
        'сельская местность': 'rural',
      }),
    },
    {
      key: 'address',
      header: 'Адрес',
      synonyms: ['Адрес школы', 'Адрес ОО', 'Адрес ДОО', 'Адрес организации', 'Юридический адрес', 'Почтовый адрес'],
      required: false,
      hint: `Почтовый адрес организации; можно оставить пустым. ${lengthHint(500)}`,
      cell: textCell(500),
    },
  ],
};
