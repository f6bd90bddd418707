import type ExcelJS from 'exceljs';
import { csvRow } from '../../../lib/csv';
import { loadExcel } from '../../../lib/excel';
import {
  importColumns,
  importKindLabels,
  MAX_IMPORT_ROWS,
  type ImportColumn,
  type ImportFormat,
  type ImportKind,
  type ParsedMunicipalityRow,
  type ParsedSchoolRow,
} from './directory-import.schemas';
import { columnLetter } from './sheet';

export interface ImportTemplate {
  /** Latin, so it fits a plain `filename="…"` in Content-Disposition. */
  fileName: string;
  contentType: string;
  body: Buffer;
}

type ExampleRow<Row> = Record<Exclude<keyof Row, 'row'>, string>;

/** Two rows as a coordinator of the Kirov region fills them in: for schools, one school (ОО) and one kindergarten (ДОО). */
const examples: { municipalities: Array<ExampleRow<ParsedMunicipalityRow>>; schools: Array<ExampleRow<ParsedSchoolRow>> } = {
  municipalities: [
    { code: '4304', name: 'Куменский район', kind: 'муниципальный район' },
    { code: '4312', name: 'город Киров', kind: 'городской округ' },
  ],
  schools: [
    {
      code: '4304003',
      fullName:
        'Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа с. Вожгалы» Куменского района Кировской области',
      shortName: 'МКОУ СОШ с. Вожгалы',
      municipalityCode: '4304',
      kind: 'ОО',
      locality: 'сельская',
      address: 'Кировская обл., Куменский р-н, с. Вожгалы, ул. Школьная, д. 5',
    },
    {
      code: '4312101',
      fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 16» города Кирова',
      shortName: 'МБДОУ детский сад № 16 г. Кирова',
      municipalityCode: '4312',
      kind: 'ДОО',
      locality: 'городская',
      address: '610000, Кировская обл., г. Киров, ул. Ленина, д. 12',
    },
  ],
};

const fileNames: Record<ImportKind, string> = { municipalities: 'shablon-municipalitety', schools: 'shablon-organizatsii' };
/** Rows of the XLSX template that offer the drop-down lists: more than any region has schools. */
const LIST_ROWS = 5000;

interface TemplateColumn {
  header: string;
  required: boolean;
  hint: string;
  choices?: readonly string[];
}

function templateTable<Row>(
  columns: ReadonlyArray<ImportColumn<Row>>,
  rows: Array<ExampleRow<Row>>,
): { columns: readonly TemplateColumn[]; rows: string[][] } {
  return { columns, rows: rows.map((row) => columns.map((column) => row[column.key])) };
}

const templates = {
  municipalities: templateTable(importColumns.municipalities, examples.municipalities),
  schools: templateTable(importColumns.schools, examples.schools),
};

function buildCsv(columns: readonly TemplateColumn[], rows: string[][]): Buffer {
  // A BOM and semicolons: what Russian Excel opens correctly on a double click.
  const lines = [columns.map((column) => column.header), ...rows].map(csvRow);
  return Buffer.from(`\uFEFF${lines.join('')}`, 'utf8');
}

function instructions(kind: ImportKind, columns: readonly TemplateColumn[]): string[][] {
  const notes: Array<[topic: string, text: string]> = [
    [
      'Лист с данными',
      `Заполните лист «${importKindLabels[kind]}»: он должен оставаться первым в книге. Не меняйте заголовки в первой строке и не добавляйте своих столбцов.`,
    ],
    ['Примеры', 'Две строки под заголовком — примеры. Замените их своими данными или удалите.'],
    ['Значения', 'Вводите значения, а не формулы. Ячейки шаблона в текстовом формате, поэтому коды с ведущими нулями сохранятся как есть.'],
    ['Размер', `Не больше ${MAX_IMPORT_ROWS.toLocaleString('ru-RU')} строк и 10 МБ в одном файле.`],
    ['CSV', 'Можно загрузить и файл CSV: сохраните лист в Excel как «CSV UTF-8» (подойдёт и обычный CSV с разделителем «;»).'],
    [
      'Загрузка',
      'Сначала система проверит файл и покажет все ошибки и изменения. В справочник данные попадут только после вашего подтверждения: все строки или ни одной. Строка с уже существующим кодом обновит запись.',
    ],
  ];
  if (kind === 'schools') {
    notes.push(['Порядок', 'Сначала загрузите муниципалитеты: организации привязываются к ним по столбцу «Код муниципалитета».']);
    notes.push([
      'Школы и детские сады',
      'В одном файле можно загрузить и школы (ОО), и детские сады (ДОО): тип указывается в столбце «Тип». Новые организации из файла без этого столбца загружаются как школы, а у уже загруженных тип не меняется.',
    ]);
  }
  return [
    ...columns.map((column) => [
      column.header,
      column.required ? 'да' : 'нет',
      column.choices ? `${column.hint} Выберите из списка: ${column.choices.map((choice) => `«${choice}»`).join(', ')}.` : column.hint,
    ]),
    [],
    ...notes.map(([topic, text]) => [topic, '', text]),
  ];
}

async function buildXlsx(kind: ImportKind, columns: readonly TemplateColumn[], rows: string[][]): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'МУКО';
  const sheet = workbook.addWorksheet(importKindLabels[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => {
    const longest = Math.max(column.header.length, ...rows.map((row) => row[index]!.length));
    // Text format keeps codes such as 0401 from turning into numbers when typed.
    return { header: column.header, width: Math.min(60, Math.max(14, longest + 2)), style: { numFmt: '@' } };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.addRows(rows);
  // exceljs keeps sheet-level validations by range, but its typings only expose the per-cell setter, which would
  // create thousands of empty cells (and its merging of per-cell rules writes overlapping ranges Excel complains about).
  const { dataValidations } = sheet as ExcelJS.Worksheet & { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } };
  columns.forEach((column, index) => {
    if (!column.choices) return;
    const letter = columnLetter(index);
    dataValidations.add(`${letter}2:${letter}${LIST_ROWS + 1}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`"${column.choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Недопустимое значение',
      error: `Выберите значение из списка в столбце «${column.header}».`,
    });
  });

  const help = workbook.addWorksheet('Инструкция');
  help.columns = [
    { header: 'Столбец', width: 24 },
    { header: 'Обязательный', width: 14 },
    { header: 'Что указать', width: 100, style: { alignment: { wrapText: true, vertical: 'top' } } },
  ];
  help.getRow(1).font = { bold: true };
  help.addRows(instructions(kind, columns));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The file a coordinator fills in: the header, two real-looking rows and, in XLSX, lists of values and an instruction sheet. */
export async function buildImportTemplate(kind: ImportKind, format: ImportFormat): Promise<ImportTemplate> {
  const { columns, rows } = templates[kind];
  if (format === 'csv') {
    return { fileName: `${fileNames[kind]}.csv`, contentType: 'text/csv; charset=utf-8', body: buildCsv(columns, rows) };
  }
  return {
    fileName: `${fileNames[kind]}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await buildXlsx(kind, columns, rows),
  };
}
