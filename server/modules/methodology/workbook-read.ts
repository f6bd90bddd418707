import { isDeepStrictEqual } from 'node:util';
import { loadWorkbook } from '../../lib/xlsx-read';
import { asRecord } from './workbook-cells';
import { DATA_SHEETS, paramsOf, SHEETS, tableOf, type SheetSpec, type TableSection } from './workbook-sheets';
import {
  assignKey,
  Locations,
  readParams,
  readTable,
  sheetRows,
  splitSections,
  type RawRow,
  type RowRecord,
  type WorkbookProblem,
} from './workbook-tables';

// The methodology workbook back into a document: every section read by the layout, items placed by their mechanism,
// scale or question, and where each value came from kept to locate the methodology check's problems.

export type WorkbookRead =
  | { document: Record<string, unknown>; locations: Locations; problems: [] }
  | { document: null; locations: Locations; problems: WorkbookProblem[] };

const TOO_LARGE = 'Книга Excel слишком велика для методики. Оставьте в ней только листы методики, без картинок.';
const TOO_MANY_CELLS = 'В книге Excel слишком много заполненных или оформленных ячеек: оставьте только листы методики.';

type Record_ = Record<string, unknown>;

class Reader {
  readonly problems: WorkbookProblem[] = [];
  readonly locations = new Locations();

  constructor(private readonly sheets: Map<string, Map<string, RawRow[]>>) {}

  problem(sheet: string, row: number | null, column: string | null, message: string) {
    this.problems.push({ location: { sheet, row, column }, message });
  }

  rows(spec: SheetSpec, name: string | null): RawRow[] {
    return this.sheets.get(spec.name)?.get(name ?? '') ?? [];
  }

  table(spec: SheetSpec, name: string | null): { section: TableSection; records: RowRecord[] } {
    const section = tableOf(spec, name);
    return { section, records: readTable(spec.name, section, this.rows(spec, name), this.problems) };
  }

  /** A list of items at `path`, each located. */
  list(spec: SheetSpec, name: string, path: string, value: (record: RowRecord) => unknown = (r) => r.object): unknown[] {
    const { section, records } = this.table(spec, name);
    return records.map((record, index) => {
      this.locations.row(`${path}[${index}]`, spec.name, section, record);
      return value(record);
    });
  }

  params(spec: SheetSpec, name: string, target: Record_, path: string): Record_ {
    const section = paramsOf(spec, name);
    readParams(spec.name, section, this.rows(spec, name), this.problems, target, (key, row) =>
      this.locations.set(path ? `${path}.${key}` : key, { sheet: spec.name, row, column: 'Значение' }),
    );
    return target;
  }

  /** `record[key] = value`, or a repeated-row problem. */
  once(target: Record_, key: string, value: unknown, spec: SheetSpec, record: RowRecord, what: string): boolean {
    if (Object.hasOwn(target, key)) {
      this.problem(spec.name, record.row, null, `${what} повторяется`);
      return false;
    }
    assignKey(target, key, value);
    return true;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function general(reader: Reader, document: Record_) {
  const sheet = SHEETS.general;
  reader.params(sheet, 'Сведения', document, '');
  document.sources = reader.list(sheet, 'Источники', 'sources', (record) => record.object.text);
  document.levels = reader.list(sheet, 'Уровни', 'levels');
  document.cycleComponents = reader.list(sheet, 'Компоненты цикла', 'cycleComponents');
  document.respondentRoles = reader.list(sheet, 'Роли респондентов', 'respondentRoles');
  document.blocks = reader.list(sheet, 'Блоки', 'blocks');
}

function mechanisms(reader: Reader, document: Record_): Map<string, { mechanism: Record_; path: string }> {
  const sheet = SHEETS.mechanisms;
  const byCode = new Map<string, { mechanism: Record_; path: string }>();
  const list = reader.list(sheet, 'Механизмы', 'mechanisms', (record) => {
    const mechanism = record.object;
    mechanism.directions = [];
    mechanism.municipalForm = { components: {}, indicators: [] };
    asRecord(mechanism.questionnaire).questions = [];
    mechanism.recommendations = { components: {} };
    return mechanism;
  }) as Record_[];
  document.mechanisms = list;
  list.forEach((mechanism, index) => {
    const code = text(mechanism.code) ?? '';
    if (byCode.has(code))
      reader.problem(sheet.name, reader.locations.find(`mechanisms[${index}]`)?.row ?? null, 'Код', `Механизм «${code}» указан дважды`);
    else byCode.set(code, { mechanism, path: `mechanisms[${index}]` });
  });
  return byCode;
}

/** The mechanism a row names, or a problem. */
function ownerOf(reader: Reader, byCode: ReturnType<typeof mechanisms>, spec: SheetSpec, record: RowRecord) {
  const code = text(record.context.mechanism) ?? '';
  const owner = byCode.get(code);
  if (!owner) reader.problem(spec.name, record.row, 'Механизм', `Механизм «${code}» не найден на листе «${SHEETS.mechanisms.name}»`);
  return owner;
}

/** Appends each row's object to a list inside its mechanism. */
function perMechanism(reader: Reader, byCode: ReturnType<typeof mechanisms>, spec: SheetSpec, name: string | null, listPath: string[]) {
  const { section, records } = reader.table(spec, name);
  for (const record of records) {
    const owner = ownerOf(reader, byCode, spec, record);
    if (!owner) continue;
    const parent = listPath.slice(0, -1).reduce<Record_>((object, key) => asRecord(object[key]), owner.mechanism);
    const items = parent[listPath.at(-1)!] as unknown[];
    reader.locations.row(`${owner.path}.${listPath.join('.')}[${items.length}]`, spec.name, section, record);
    items.push(record.object);
  }
}

function options(reader: Reader, document: Record_, questions: Array<{ question: Record_; path: string }>) {
  const sheet = SHEETS.options;
  const { section, records } = reader.table(sheet, null);
  const scales: Record_ = {};
  document.answerScales = scales;
  const byQuestion = new Map<string, RowRecord[]>();
  for (const record of records) {
    const scale = text(record.context.scale);
    const question = text(record.context.question);
    if ((scale === undefined) === (question === undefined)) {
      reader.problem(sheet.name, record.row, null, 'Заполните либо «Шкала», либо «Вопрос»');
    } else if (scale !== undefined) {
      if (!Object.hasOwn(scales, scale)) assignKey(scales, scale, []);
      const list = scales[scale] as unknown[];
      reader.locations.row(`answerScales.${scale}[${list.length}]`, sheet.name, section, record);
      list.push(record.object);
    } else byQuestion.set(question!, [...(byQuestion.get(question!) ?? []), record]);
  }
  for (const [name, rows] of byQuestion) {
    const targets = questions.filter((q) => q.question.name === name);
    const first = rows[0]!.row;
    if (targets.length !== 1) {
      reader.problem(
        sheet.name,
        first,
        'Вопрос',
        targets.length ? `Имя вопроса «${name}» повторяется: варианты не отнести к одному вопросу` : `Вопрос «${name}» не найден`,
      );
      continue;
    }
    const { question, path } = targets[0]!;
    if (
      !reader.once(
        question,
        'choices',
        rows.map((r) => r.object),
        sheet,
        rows[0]!,
        `Варианты вопроса «${name}» (и в JSON)`,
      )
    )
      continue;
    rows.forEach((record, index) => reader.locations.row(`${path}.choices[${index}]`, sheet.name, section, record));
  }
}

function municipalForm(reader: Reader, document: Record_, byCode: ReturnType<typeof mechanisms>) {
  const sheet = SHEETS.municipal;
  const form = reader.params(sheet, 'Форма', {}, 'municipalForm');
  form.documentTypes = reader.list(sheet, 'Виды документов', 'municipalForm.documentTypes');
  document.municipalForm = form;
  const { section, records } = reader.table(sheet, 'Компоненты по механизмам');
  for (const record of records) {
    const owner = ownerOf(reader, byCode, sheet, record);
    const component = text(record.context.component) ?? '';
    if (!owner) continue;
    const components = asRecord(asRecord(owner.mechanism.municipalForm).components);
    if (reader.once(components, component, record.object.text, sheet, record, `Компонент «${component}» механизма`))
      reader.locations.set(`${owner.path}.municipalForm.components.${component}`, {
        sheet: sheet.name,
        row: record.row,
        column: section.columns[2]!.header,
      });
  }
}

function scoring(reader: Reader, document: Record_) {
  const sheet = SHEETS.scoring;
  const rules = reader.params(sheet, 'Параметры', {}, 'scoring');
  rules.levelBands = reader.list(sheet, 'Границы уровней', 'scoring.levelBands');
  const { section, records } = reader.table(sheet, 'Ограничения уровней');
  const groups = new Map<number, RowRecord[]>();
  for (const record of records) {
    const cap = record.context.cap;
    if (typeof cap !== 'number') reader.problem(sheet.name, record.row, 'Ограничение', 'Укажите номер ограничения');
    else groups.set(cap, [...(groups.get(cap) ?? []), record]);
  }
  rules.caps = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([number, rows], capIndex) => {
      const { level, explanation } = rows[0]!.object;
      for (const record of rows.slice(1))
        if (!isDeepStrictEqual(record.object.level, level) || !isDeepStrictEqual(record.object.explanation, explanation))
          reader.problem(sheet.name, record.row, null, `Уровень и пояснение ограничения ${number} должны совпадать во всех его строках`);
      const path = `scoring.caps[${capIndex}]`;
      reader.locations.row(path, sheet.name, section, rows[0]!);
      const requires = rows.map((record, index) => {
        reader.locations.row(`${path}.requires[${index}]`, sheet.name, section, record);
        const { level: _level, explanation: _explanation, ...requirement } = record.object;
        return requirement;
      });
      return { ...(level === undefined ? {} : { level }), requires, ...(explanation === undefined ? {} : { explanation }) };
    });
  document.scoring = rules;
}

function recommendations(reader: Reader, document: Record_, byCode: ReturnType<typeof mechanisms>) {
  const sheet = SHEETS.recommendations;
  const { section, records } = reader.table(sheet, null);
  const general: Record_ = {};
  document.recommendations = { components: general };
  const column = section.columns[2]!.header;
  for (const record of records) {
    const component = text(record.context.component);
    const at = (path: string) => reader.locations.set(path, { sheet: sheet.name, row: record.row, column });
    if (record.context.mechanism === undefined) {
      if (component === undefined) reader.problem(sheet.name, record.row, null, 'Укажите механизм, компонент или оба');
      else if (reader.once(general, component, record.object.text, sheet, record, `Общая рекомендация компонента «${component}»`))
        at(`recommendations.components.${component}`);
      continue;
    }
    const owner = ownerOf(reader, byCode, sheet, record);
    if (!owner) continue;
    const own = asRecord(owner.mechanism.recommendations);
    if (component === undefined) {
      if (reader.once(own, 'mechanism', record.object.text, sheet, record, 'Рекомендация по механизму'))
        at(`${owner.path}.recommendations.mechanism`);
    } else if (
      reader.once(
        asRecord(own.components),
        component,
        record.object.text,
        sheet,
        record,
        `Рекомендация механизма по компоненту «${component}»`,
      )
    )
      at(`${owner.path}.recommendations.components.${component}`);
  }
}

/** The document a workbook holds, or every problem that keeps it from being read. */
export async function readMethodologyWorkbook(bytes: Uint8Array): Promise<WorkbookRead> {
  const loaded = await loadWorkbook(bytes, { tooLarge: TOO_LARGE, tooManyCells: TOO_MANY_CELLS });
  if ('problem' in loaded) return { document: null, locations: new Locations(), problems: [{ location: null, message: loaded.problem }] };
  const problems: WorkbookProblem[] = [];
  const sheets = new Map<string, Map<string, RawRow[]>>();
  for (const spec of DATA_SHEETS) {
    const worksheet = loaded.workbook.getWorksheet(spec.name);
    if (!worksheet) problems.push({ location: { sheet: spec.name, row: null, column: null }, message: `Нет листа «${spec.name}»` });
    else sheets.set(spec.name, splitSections(spec, sheetRows(worksheet, loaded.ValueType), problems));
  }
  const reader = new Reader(sheets);
  if (problems.length > 0) return { document: null, locations: reader.locations, problems };

  const document: Record_ = {};
  general(reader, document);
  const byCode = mechanisms(reader, document);
  perMechanism(reader, byCode, SHEETS.mechanisms, 'Направления', ['directions']);
  perMechanism(reader, byCode, SHEETS.questions, null, ['questionnaire', 'questions']);
  perMechanism(reader, byCode, SHEETS.municipal, 'Показатели', ['municipalForm', 'indicators']);
  options(reader, document, locatedQuestions(document));
  municipalForm(reader, document, byCode);
  scoring(reader, document);
  recommendations(reader, document, byCode);
  if (reader.problems.length > 0) return { document: null, locations: reader.locations, problems: reader.problems };
  return { document, locations: reader.locations, problems: [] };
}

/** Every SurveyJS question of the document with its path, for answer options named by question. */
function locatedQuestions(document: Record_) {
  return (document.mechanisms as Record_[]).flatMap((mechanism, index) => [
    ...(asRecord(mechanism.questionnaire).questions as Record_[]).map((item, q) => ({
      question: asRecord(item.question),
      path: `mechanisms[${index}].questionnaire.questions[${q}].question`,
    })),
    ...(asRecord(mechanism.municipalForm).indicators as Record_[]).map((question, q) => ({
      question,
      path: `mechanisms[${index}].municipalForm.indicators[${q}]`,
    })),
  ]);
}
