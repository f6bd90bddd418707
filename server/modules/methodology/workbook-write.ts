import { loadExcel } from '../../lib/excel';
import { helpRows } from './workbook-help';
import { asArray, asRecord, encodeCell, getPath, isCellText, json, type CellValue } from './workbook-cells';
import {
  contextKey,
  DATA_SHEETS,
  headersOf,
  HELP_SHEET,
  PARAM_HEADERS,
  paramsOf,
  SHEETS,
  tableOf,
  type ParamsSection,
  type Section,
  type TableSection,
} from './workbook-sheets';

// A methodology document as a workbook: the rows of every section, then the XLSX file. Whatever the columns cannot
// carry is left out here; the export reads its own file back and refuses a document that did not survive (409).

export type Cells = Array<CellValue | undefined>;

/** The rows of each section, by sheet name and section name ('' for a sheet that is one table). */
export type WorkbookRows = Map<string, Map<string, Cells[]>>;

const sectionKey = (section: Section) => section.name ?? '';

function relativeKey(key: string, base: string): string | undefined {
  if (base === '') return key;
  return key.startsWith(`${base}.`) ? key.slice(base.length + 1) : undefined;
}

/** One item's row: its columns, then (for open objects) its other properties as JSON. */
export function tableRow(section: TableSection, object: unknown, context: Record<string, unknown> = {}, handled: string[] = []): Cells {
  const consumed = new Set(handled);
  const base = section.extras?.base;
  const cells = section.columns.map((column) => {
    const placing = contextKey(column);
    const value = placing === undefined ? getPath(object, column.key) : context[placing];
    const { cell, carried } = encodeCell(column.codec, column.required, value);
    const key = base === undefined ? undefined : relativeKey(column.key, base);
    if (carried && key !== undefined && !key.includes('.')) consumed.add(key);
    return cell;
  });
  if (base !== undefined) {
    const own = asRecord(base === '' ? object : getPath(object, base));
    const rest = Object.fromEntries(Object.entries(own).filter(([key]) => !consumed.has(key)));
    cells.push(Object.keys(rest).length > 0 && json.carries(rest) ? json.write(rest) : undefined);
  }
  return cells;
}

function paramRows(section: ParamsSection, object: unknown): Cells[] {
  return section.params.map((param) => [
    param.header,
    encodeCell(param.codec, param.required, getPath(object, param.key)).cell,
    param.help,
  ]);
}

/** Own answer options that the «Варианты ответов» sheet can hold, by the question's name. */
function ownChoices(question: unknown): { name: string; options: unknown[] } | undefined {
  const { name, choices } = asRecord(question);
  if (!isCellText(name) || name === '' || !Array.isArray(choices) || choices.length === 0) return undefined;
  const plain = choices.every((option) => {
    const keys = Object.keys(asRecord(option));
    return keys.length === 2 && keys.includes('value') && keys.includes('text');
  });
  return plain ? { name, options: choices } : undefined;
}

/** Every section's rows for a document. */
export function documentRows(document: Record<string, unknown>): WorkbookRows {
  const { general, mechanisms, questions, options, municipal, scoring, recommendations } = SHEETS;
  const rows: WorkbookRows = new Map(DATA_SHEETS.map((sheet) => [sheet.name, new Map(sheet.sections.map((s) => [sectionKey(s), []]))]));
  const add = (sheetName: string, section: Section, ...items: Cells[]) =>
    rows
      .get(sheetName)!
      .get(sectionKey(section))!
      .push(...items);

  // «Методика»
  const info = paramsOf(general, 'Сведения');
  const [sources, levels, cycle, roles, blocks] = ['Источники', 'Уровни', 'Компоненты цикла', 'Роли респондентов', 'Блоки'].map((name) =>
    tableOf(general, name),
  ) as [TableSection, TableSection, TableSection, TableSection, TableSection];
  add(general.name, info, ...paramRows(info, document));
  add(general.name, sources, ...asArray(document.sources).map((source) => tableRow(sources, { text: source })));
  add(general.name, levels, ...asArray(document.levels).map((level) => tableRow(levels, level)));
  add(general.name, cycle, ...asArray(document.cycleComponents).map((component) => tableRow(cycle, component)));
  add(general.name, roles, ...asArray(document.respondentRoles).map((role) => tableRow(roles, role)));
  add(general.name, blocks, ...asArray(document.blocks).map((block) => tableRow(blocks, block)));

  // «Варианты ответов»: the scales first, then the questions' own options as the questions come.
  const optionTable = tableOf(options, null);
  for (const [scale, scaleOptions] of Object.entries(asRecord(document.answerScales)))
    add(options.name, optionTable, ...asArray(scaleOptions).map((option) => tableRow(optionTable, option, { scale })));
  const withOwnChoices = (question: unknown): string[] => {
    const own = ownChoices(question);
    if (!own) return [];
    add(options.name, optionTable, ...own.options.map((option) => tableRow(optionTable, option, { question: own.name })));
    return ['choices'];
  };

  // «Муниципальная форма»
  const form = asRecord(document.municipalForm);
  const formInfo = paramsOf(municipal, 'Форма');
  const documentTypes = tableOf(municipal, 'Виды документов');
  const formComponents = tableOf(municipal, 'Компоненты по механизмам');
  const indicators = tableOf(municipal, 'Показатели');
  add(municipal.name, formInfo, ...paramRows(formInfo, form));
  add(municipal.name, documentTypes, ...asArray(form.documentTypes).map((type) => tableRow(documentTypes, type)));

  // «Механизмы», «Вопросы», the mechanisms' parts of the form and of «Рекомендации»
  const mechanismTable = tableOf(mechanisms, 'Механизмы');
  const directions = tableOf(mechanisms, 'Направления');
  const questionTable = tableOf(questions, null);
  const recommendationTable = tableOf(recommendations, null);
  for (const item of asArray(document.mechanisms)) {
    const mechanism = asRecord(item);
    const context = { mechanism: mechanism.code };
    add(mechanisms.name, mechanismTable, tableRow(mechanismTable, mechanism));
    add(mechanisms.name, directions, ...asArray(mechanism.directions).map((direction) => tableRow(directions, direction, context)));
    for (const question of asArray(getPath(mechanism, 'questionnaire.questions')))
      add(questions.name, questionTable, tableRow(questionTable, question, context, withOwnChoices(getPath(question, 'question'))));
    const mechanismForm = asRecord(mechanism.municipalForm);
    for (const [component, help] of Object.entries(asRecord(mechanismForm.components)))
      add(municipal.name, formComponents, tableRow(formComponents, { text: help }, { ...context, component }));
    for (const indicator of asArray(mechanismForm.indicators))
      add(municipal.name, indicators, tableRow(indicators, indicator, context, withOwnChoices(indicator)));
  }

  // «Правила оценки»
  const rules = asRecord(document.scoring);
  const parameters = paramsOf(scoring, 'Параметры');
  const bands = tableOf(scoring, 'Границы уровней');
  const caps = tableOf(scoring, 'Ограничения уровней');
  add(scoring.name, parameters, ...paramRows(parameters, rules));
  add(scoring.name, bands, ...asArray(rules.levelBands).map((band) => tableRow(bands, band)));
  asArray(rules.caps).forEach((item, index) => {
    const { requires, ...cap } = asRecord(item);
    for (const requirement of asArray(requires))
      add(scoring.name, caps, tableRow(caps, { ...cap, ...asRecord(requirement) }, { cap: index + 1 }));
  });

  // «Рекомендации»: the general templates, then each mechanism's texts.
  for (const [component, template] of Object.entries(asRecord(getPath(document, 'recommendations.components'))))
    add(recommendations.name, recommendationTable, tableRow(recommendationTable, { text: template }, { component }));
  for (const item of asArray(document.mechanisms)) {
    const mechanism = asRecord(item);
    const own = asRecord(mechanism.recommendations);
    if (own.mechanism !== undefined)
      add(recommendations.name, recommendationTable, tableRow(recommendationTable, { text: own.mechanism }, { mechanism: mechanism.code }));
    for (const [component, template] of Object.entries(asRecord(own.components)))
      add(
        recommendations.name,
        recommendationTable,
        tableRow(recommendationTable, { text: template }, { mechanism: mechanism.code, component }),
      );
  }
  return rows;
}

const WIDE = new Set(['Текст вопроса', 'Текст', 'Описание', 'Пояснение', 'Название', PARAM_HEADERS.label]);

/** The workbook file: «Справка», then the data sheets with their sections. */
export async function writeWorkbook(rows: WorkbookRows): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  const help = workbook.addWorksheet(HELP_SHEET);
  help.columns = [{ width: 32 }, { width: 36 }, { width: 100 }];
  for (const line of helpRows()) {
    const row = help.addRow(line.cells);
    if (line.bold) row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  for (const sheet of DATA_SHEETS) {
    const worksheet = workbook.addWorksheet(sheet.name);
    const titled = sheet.sections.length > 1;
    let widest: string[] = [];
    for (const section of sheet.sections) {
      if (titled) worksheet.addRow([section.name]).font = { bold: true, size: 12 };
      const header = headersOf(section);
      if (header.length > widest.length) widest = header;
      worksheet.addRow(header).font = { bold: true };
      for (const cells of rows.get(sheet.name)!.get(sectionKey(section))!) worksheet.addRow(cells);
      if (titled) worksheet.addRow([]);
    }
    worksheet.columns = widest.map((header) => ({ width: WIDE.has(header) ? 60 : 22 }));
    if (!titled) worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
