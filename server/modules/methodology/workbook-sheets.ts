import { components, list, number, organisationKind, text, yesNo, type Codec } from './workbook-cells';

// The layout of the methodology workbook: its sheets, the sections of a sheet, the columns of a section and the
// document field each column holds. The writer, the reader and the «Справка» sheet are all made from this table,
// so a column cannot be written without being read back and explained.

/** A document field in the workbook: a column of a table, or a row of a parameters section. */
export interface Column {
  /** The column's header; in a parameters section, the parameter's name in the «Параметр» column. */
  header: string;
  /**
   * The field in the row's object ("question.title"), or "@name" for what places the row in the document (the
   * mechanism a question belongs to, the scale of an answer option).
   */
  key: string;
  codec: Codec;
  /** A blank cell is the field's empty value ('' or []) rather than an absent field. */
  required: boolean;
  help: string;
}

/** A table: a header row, then one row per item. */
export interface TableSection {
  kind: 'table';
  /** Null for a sheet that is one table (its header is row 1). */
  name: string | null;
  help: string;
  columns: Column[];
  /** A last column with the object's other properties as JSON, for objects open to any SurveyJS property. */
  extras?: { header: string; base: string };
}

/** Named single values: a «Параметр» column naming the field, a «Значение» column, an ignored «Пояснение». */
export interface ParamsSection {
  kind: 'params';
  name: string;
  help: string;
  params: Column[];
}

export type Section = TableSection | ParamsSection;

export interface SheetSpec {
  name: string;
  sections: Section[];
}

export const PARAM_HEADERS = { label: 'Параметр', value: 'Значение', help: 'Пояснение' } as const;
export const EXTRAS_HEADER = 'Другие свойства (JSON)';
export const HELP_SHEET = 'Справка';

/** The header row of a section, as written and as the reader expects it. */
export function headersOf(section: Section): string[] {
  if (section.kind === 'params') return Object.values(PARAM_HEADERS);
  return [...section.columns.map((column) => column.header), ...(section.extras ? [section.extras.header] : [])];
}

/** The context name of a column that places the row ("@mechanism" → "mechanism"); undefined for a document field. */
export const contextKey = (column: Column): string | undefined => (column.key.startsWith('@') ? column.key.slice(1) : undefined);

/** One field of a table or a parameters section: every sheet below is a list of these. */
const column = (header: string, key: string, codec: Codec, help: string, required = false): Column => ({
  header,
  key,
  codec,
  help,
  required,
});
const mechanismColumn = column('Механизм', '@mechanism', text, 'Код механизма из листа «Механизмы»', true);

/** SurveyJS question fields shared by the questionnaire and the municipal form's indicators. */
function questionColumns(base: string): Column[] {
  return [
    column('Имя', `${base}name`, text, 'Имя вопроса: строчные латинские буквы, цифры и «_», начинается с ключа механизма (m2_4_…)', true),
    column('Тип', `${base}type`, text, 'radiogroup, checkbox, dropdown, boolean, text, comment или rating', true),
    column('Текст вопроса', `${base}title`, text, 'Что видит отвечающий', true),
    column('Пояснение', `${base}description`, text, 'Подсказка под вопросом (description)'),
    column('Обязательный', `${base}isRequired`, yesNo, '«да» или «нет»; пусто — свойство не задано'),
    column('Условие показа', `${base}visibleIf`, text, "Выражение SurveyJS visibleIf, например {m2_4_x} = 'yes'"),
    column('Условие доступности', `${base}enableIf`, text, 'Выражение SurveyJS enableIf'),
    column('Условие обязательности', `${base}requiredIf`, text, 'Выражение SurveyJS requiredIf'),
  ];
}

export const SHEETS = {
  general: {
    name: 'Методика',
    sections: [
      {
        kind: 'params',
        name: 'Сведения',
        help: 'Идентификатор, версия, название и описание методики',
        params: [
          column('Идентификатор', 'id', text, 'Строчные латинские буквы, цифры и дефис; по нему версию выбирают в кампании', true),
          column('Версия', 'version', text, 'Например 2021.1', true),
          column('Название', 'title', text, 'Полное название методики', true),
          column('Описание', 'description', text, 'Для справочной страницы', true),
        ],
      },
      {
        kind: 'table',
        name: 'Источники',
        help: 'Документы, на которых основана методика: по одному в строке',
        columns: [column('Источник', 'text', text, 'Название документа', true)],
      },
      {
        kind: 'table',
        name: 'Уровни',
        help: 'Четыре уровня сформированности по порядку кодов 0–3',
        columns: [column('Код', 'code', number, 'Число 0–3'), column('Название', 'label', text, 'Как уровень называется в отчётах', true)],
      },
      {
        kind: 'table',
        name: 'Компоненты цикла',
        help: 'Компоненты управленческого цикла по порядку: позиция — номер компонента',
        columns: [
          column('Код', 'code', text, 'Латинские буквы, цифры и «_»', true),
          column('Название', 'title', text, 'Например «Цели»', true),
          column('Описание', 'description', text, 'Что означает компонент', true),
          column('Вопрос муниципальной формы', 'municipalQuestion', text, 'Вопрос «да/нет» о компоненте', true),
          column('Видят школы', 'visibleToSchools', yesNo, '«да» — анкеты школ подтверждают компонент'),
        ],
      },
      {
        kind: 'table',
        name: 'Роли респондентов',
        help: 'Кто заполняет анкеты школ и детских садов',
        columns: [
          column('Код', 'code', text, 'director, deputy_director, teacher (школа) или head, senior_educator, educator (детский сад)', true),
          column('Название', 'label', text, 'Название роли', true),
          column('Тип организации', 'organisationKind', organisationKind, '«ОО» — школа, «ДОО» — дошкольная организация; пусто — ОО'),
          column('Заголовок анкеты', 'questionnaireTitle', text, 'Заголовок анкеты роли', true),
          column('Описание анкеты', 'questionnaireDescription', text, 'Вступление анкеты роли', true),
        ],
      },
      {
        kind: 'table',
        name: 'Блоки',
        help: 'Блоки механизмов; механизмы перечисляются в том же порядке, что на листе «Механизмы»',
        columns: [
          column('Код', 'code', text, 'Число', true),
          column('Название', 'title', text, 'Название блока', true),
          column('Механизмы', 'mechanisms', list, 'Коды механизмов через запятую', true),
        ],
      },
    ],
  },
  mechanisms: {
    name: 'Механизмы',
    sections: [
      {
        kind: 'table',
        name: 'Механизмы',
        help: 'Механизмы в порядке блоков',
        columns: [
          column('Код', 'code', text, 'Числа через точку, например 2.1', true),
          column('Название', 'title', text, 'Название механизма', true),
          column('Цель', 'goal', text, 'Цель механизма', true),
          column('Описание раздела анкеты', 'questionnaire.description', text, 'Показывается отвечающим перед вопросами механизма', true),
        ],
      },
      {
        kind: 'table',
        name: 'Направления',
        help: 'Основные направления каждого механизма',
        columns: [
          mechanismColumn,
          column('Код', 'code', text, 'Начинается с кода механизма: 2.1.1', true),
          column('Название', 'title', text, 'Название направления', true),
        ],
      },
    ],
  },
  questions: {
    name: 'Вопросы',
    sections: [
      {
        kind: 'table',
        name: null,
        help: 'Вопросы анкет школ, по механизмам в порядке анкеты',
        columns: [
          mechanismColumn,
          ...questionColumns('question.').slice(0, 4),
          column('Роли', 'roles', list, 'Кому задаётся вопрос: коды ролей через запятую', true),
          ...questionColumns('question.').slice(4),
          column('Шкала', 'scale', text, 'Код шкалы с листа «Варианты ответов»; пусто — у вопроса свои варианты'),
          column('Компонент цикла', 'scoring.component', text, 'Какой компонент подтверждает ответ; пусто — вопрос не оценивается'),
          column('Подтверждающие ответы', 'scoring.confirming', list, 'Значения ответов через запятую'),
          column('Правило школы', 'scoring.rule.kind', text, 'majority или role; пусто — правило по умолчанию'),
          column('Роль правила', 'scoring.rule.role', text, 'Для правила role: чей ответ считается'),
        ],
        extras: { header: EXTRAS_HEADER, base: 'question' },
      },
    ],
  },
  options: {
    name: 'Варианты ответов',
    sections: [
      {
        kind: 'table',
        name: null,
        help: 'Шкалы ответов и собственные варианты вопросов; в строке заполняют либо шкалу, либо имя вопроса',
        columns: [
          column('Шкала', '@scale', text, 'Код шкалы (латинские буквы, цифры и «_»)'),
          column('Вопрос', '@question', text, 'Имя вопроса с листа «Вопросы» или показателя с листа «Муниципальная форма»'),
          column('Значение', 'value', text, 'Хранимое значение: латинские буквы, цифры и «_»', true),
          column('Текст', 'text', text, 'Что видит отвечающий', true),
        ],
      },
    ],
  },
  municipal: {
    name: 'Муниципальная форма',
    sections: [
      {
        kind: 'params',
        name: 'Форма',
        help: 'Заголовок и вступление формы муниципалитета',
        params: [
          column('Заголовок', 'title', text, 'Заголовок формы', true),
          column('Описание', 'description', text, 'Вступление формы', true),
        ],
      },
      {
        kind: 'table',
        name: 'Виды документов',
        help: 'Виды документов, которыми муниципалитет подтверждает компонент',
        columns: [
          column('Значение', 'value', text, 'Латинские буквы, цифры и «_»', true),
          column('Текст', 'text', text, 'Название вида документа', true),
        ],
      },
      {
        kind: 'table',
        name: 'Компоненты по механизмам',
        help: 'Что считается каждым компонентом цикла для механизма (подсказка в форме)',
        columns: [
          mechanismColumn,
          column('Компонент', '@component', text, 'Код компонента цикла', true),
          column('Что считается компонентом', 'text', text, 'Подсказка', true),
        ],
      },
      {
        kind: 'table',
        name: 'Показатели',
        help: 'Ключевые показатели механизмов в форме муниципалитета',
        columns: [
          mechanismColumn,
          ...questionColumns(''),
          column('Тип поля', 'inputType', text, 'Для вопроса text: number, date…'),
          column('Минимум', 'min', number, 'Наименьшее допустимое число'),
          column('Максимум', 'max', number, 'Наибольшее допустимое число'),
          column('Шаг', 'step', number, 'Шаг числа; 1 — только целые'),
        ],
        extras: { header: EXTRAS_HEADER, base: '' },
      },
    ],
  },
  scoring: {
    name: 'Правила оценки',
    sections: [
      {
        kind: 'params',
        name: 'Параметры',
        help: 'Все числа расчёта уровней (METHODOLOGY.md §4); доли — от 0 до 1',
        params: [
          column('Баллы: компонент отсутствует', 'municipalEvidence.points.absent', number, 'Целое 0–10'),
          column('Баллы: компонент заявлен', 'municipalEvidence.points.declared', number, 'Назван документ'),
          column('Баллы: заявлен и проверяем', 'municipalEvidence.points.verifiable', number, 'Эксперт может проверить'),
          column('Проверяемость подтверждают', 'municipalEvidence.verifiableBy', list, 'url и/или requisites (дата и номер)'),
          column('Правило школы по умолчанию', 'corroboration.defaultRule.kind', text, 'majority — большинство, role — ответ одной роли'),
          column('Роль правила по умолчанию', 'corroboration.defaultRule.role', text, 'Только для правила role'),
          column('Большинство: доля выше', 'corroboration.majorityAbove', number, 'Доля подтверждающих ответов, строго выше'),
          column('Нейтральные ответы', 'corroboration.neutralValues', list, 'Считаются неотвеченными', true),
          column(
            'Школа подтверждает при доле вопросов',
            'corroboration.componentQuestionShare',
            number,
            'Не меньше этой доли вопросов компонента',
          ),
          column(
            'Доля школ считается от',
            'corroboration.share.over',
            text,
            'answering_schools или responding_schools; пусто — по умолчанию',
          ),
          column(
            'Никто не ответил: не больше баллов',
            'corroboration.share.whenNoSchoolAnswered.maxPoints',
            number,
            'Для answering_schools',
          ),
          column('Никто не ответил: отметка эксперту', 'corroboration.share.whenNoSchoolAnswered.flag', yesNo, '«да» или «нет»'),
          column('Сверка: баллы сохраняются от доли школ', 'reconciliation.keepPointsFromShare', number, 'Доля подтверждающих школ'),
          column('Сверка: ниже доли не больше баллов', 'reconciliation.maxPointsBelowShare', number, 'Понижение'),
          column('Отметка: заявлено не меньше баллов', 'reconciliation.flagClaimedPoints', number, 'Для отметки эксперту'),
          column('Отметка: доля школ ниже', 'reconciliation.flagBelowShare', number, 'Для отметки эксперту'),
          column('Общий уровень: расчёт', 'overall.aggregate', text, 'mean_percent — среднее процентов механизмов'),
          column(
            'Общий уровень: выше слабейшего механизма не более чем на',
            'overall.maxLevelsAboveLowestMechanism',
            number,
            'Уровней, 0–3',
          ),
          column('Отклик: доля школ не меньше', 'responseRate.minShareOfSchools', number, 'Иначе уровень не присваивается'),
          column('Отклик: полных анкет от школы', 'responseRate.minCompleteQuestionnairesPerSchool', number, 'Не меньше'),
          column('Мало данных: код', 'responseRate.code', text, 'Код вместо уровня', true),
          column('Мало данных: подпись', 'responseRate.label', text, 'Подпись вместо уровня', true),
        ],
      },
      {
        kind: 'table',
        name: 'Границы уровней',
        help: 'Нижние границы уровней по проценту баллов механизма, по порядку 0–3',
        columns: [column('Уровень', 'level', number, '0–3'), column('От, %', 'fromPercent', number, '0–100')],
      },
      {
        kind: 'table',
        name: 'Ограничения уровней',
        help: 'Уровень достигается, только если выполнены все требования ограничения; строка — одно требование',
        columns: [
          column('Ограничение', '@cap', number, 'Номер ограничения: строки с одним номером — требования одного ограничения'),
          column('Уровень', 'level', number, 'Уровень 1–3, повторяется в каждой строке ограничения'),
          column('Пояснение', 'explanation', text, 'Правило словами, повторяется в каждой строке ограничения', true),
          column('Компоненты', 'components', components, '«все» или коды компонентов через запятую'),
          column('Не меньше баллов', 'minPoints', number, 'Каждый из компонентов'),
        ],
      },
    ],
  },
  recommendations: {
    name: 'Рекомендации',
    sections: [
      {
        kind: 'table',
        name: null,
        help:
          'Тексты рекомендаций. Без механизма — общий шаблон компонента; механизм без компонента — рекомендация по механизму в целом; ' +
          'механизм и компонент — особый текст механизма',
        columns: [
          column('Механизм', '@mechanism', text, 'Код механизма или пусто'),
          column('Компонент', '@component', text, 'Код компонента цикла или пусто'),
          column('Текст', 'text', text, 'Подстановки: {municipality}, {mechanism}, {component}, {level}, {percent}', true),
        ],
      },
    ],
  },
} satisfies Record<string, SheetSpec>;

export const DATA_SHEETS: readonly SheetSpec[] = Object.values(SHEETS);

/** A table section of a sheet, by name (null for the sheet's only table). */
export function tableOf(sheet: SheetSpec, name: string | null): TableSection {
  const section = sheet.sections.find((s) => s.name === name);
  if (section?.kind !== 'table') throw new Error(`No table ${String(name)} on ${sheet.name}`);
  return section;
}

/** A parameters section of a sheet, by name. */
export function paramsOf(sheet: SheetSpec, name: string): ParamsSection {
  const section = sheet.sections.find((s) => s.name === name);
  if (section?.kind !== 'params') throw new Error(`No parameters ${name} on ${sheet.name}`);
  return section;
}
