import { contextKey, EXTRAS_HEADER, DATA_SHEETS, PARAM_HEADERS, type Section } from './workbook-sheets';

// The «Справка» sheet: how to fill the workbook, made from the same layout the reader checks against.

export interface HelpLine {
  cells: string[];
  bold?: boolean;
}

const INTRODUCTION = [
  'Книга — версия методики целиком, как её хранит платформа: её можно выгрузить, исправить в Excel и загрузить обратно черновиком (как анкеты XLSForm).',
  'Гарантия: книга, выгруженная и загруженная без изменений, даёт в точности тот же документ методики. Если версию нельзя передать в книге точно, платформа не выгружает её и предлагает JSON.',
  'Листы и столбцы не переименовывайте и не удаляйте; порядок столбцов и строк — любой, кроме порядка строк внутри одного списка (он сохраняется). Пустые строки пропускаются. Формулы не вычисляются: вставляйте значения.',
  'На листах из нескольких разделов раздел начинается строкой с его названием в первом столбце, следующая строка — заголовки столбцов.',
  'Пустая ячейка означает, что свойство не задано; в обязательном тексте — пустой текст, в обязательном списке — пустой список. Логические значения — «да» или «нет». Списки кодов — через запятую.',
  `Столбец «${EXTRAS_HEADER}» — единственное место для JSON: вопросы SurveyJS допускают любые свойства (например validators, showOtherItem, otherText), и таблица для каждого была бы нелепой. Там же оказываются значения, которые столбцы передать не могут (например, вопрос без текста). Свойство нельзя задать одновременно в столбце и в JSON.`,
  'При загрузке ошибки формата (нет листа или столбца, неизвестный столбец, не число, повтор строки) перечисляются с листом, строкой и столбцом, и ничего не сохраняется. Если книга читается, но методика не проходит проверку, черновик сохраняется, а каждая ошибка по возможности указывает на ячейку.',
];

function sectionLines(section: Section): HelpLine[] {
  const title = section.name ? `Раздел «${section.name}»: ${section.help}` : section.help;
  if (section.kind === 'params')
    return [
      { cells: ['', title] },
      { cells: ['', `Строки: ${PARAM_HEADERS.label} — ${PARAM_HEADERS.value}; ${PARAM_HEADERS.help} не читается.`] },
      ...section.params.map((param) => ({ cells: [param.header, param.key, param.help] })),
    ];
  return [
    { cells: ['', title] },
    ...section.columns.map((column) => ({ cells: [column.header, contextKey(column) === undefined ? column.key : '', column.help] })),
    ...(section.extras
      ? [{ cells: [section.extras.header, section.extras.base || '(показатель)', 'Прочие свойства объекта JSON-объектом'] }]
      : []),
  ];
}

export function helpRows(): HelpLine[] {
  return [
    { cells: ['Как заполнять книгу методики'], bold: true },
    ...INTRODUCTION.map((paragraph) => ({ cells: ['', '', paragraph] })),
    { cells: [] },
    { cells: ['Столбец', 'Поле документа', 'Что писать'], bold: true },
    ...DATA_SHEETS.flatMap((sheet) => [
      { cells: [`Лист «${sheet.name}»`], bold: true },
      ...sheet.sections.flatMap(sectionLines),
      { cells: [] },
    ]),
  ];
}
