import { components, list, number, organisationKind, text, yesNo, type Codec } from './workbook-cells';

// The layout of the methodology workbook: its sheets, the sections of a sheet, the columns of a section and the
// document field each column holds. The writer, the reader and the «Справка» sheet are all made from this table,
// so a column cannot be written without being read back and explained.

export interface Column {
  header: string;
  /**
   * The field in the row's object ("question.title"), or "@name" for what places the row in the document (the
   * mechanism a question belongs to, the scale of an answer option).
   */
  key: string;
  codec: Codec;
  /** A blank cell is the field's empty value ('' or []) rather than an absent field. */
  required?: boolean;
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
  params: Array<Omit<Column, 'header'> & { label: string }>;
}

export type Section = TableSection | ParamsSection;

export interface SheetSpec {
  name: string;
  sections: Section[];
}

export const PARAM_HEADERS = { label: 'Параметр', value: 'Значение', help: 'Пояснение' } as const;
export const EXTRAS_HEADER = 'Другие свойства (JSON)';
export const HELP_SHEET = 'Справка';

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
          {
            label: 'Идентификатор',
            key: 'id',
            codec: text,
            required: true,
            help: 'Строчные латинские буквы, цифры и дефис; по нему версию выбирают в кампании',
          },
          { label: 'Версия', key: 'version', codec: text, required: true, help: 'Например 2021.1' },
          { label: 'Название', key: 'title', codec: text, required: true, help: 'Полное название методики' },
          { label: 'Описание', key: 'description', codec: text, required: true, help: 'Для справочной страницы' },
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
          { label: 'Заголовок', key: 'title', codec: text, required: true, help: 'Заголовок формы' },
          { label: 'Описание', key: 'description', codec: text, required: true, help: 'Вступление формы' },
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
          { label: 'Баллы: компонент отсутствует', key: 'municipalEvidence.points.absent', codec: number, help: 'Целое 0–10' },
          { label: 'Баллы: компонент заявлен', key: 'municipalEvidence.points.declared', codec: number, help: 'Назван документ' },
          {
            label: 'Баллы: заявлен и проверяем',
            key: 'municipalEvidence.points.verifiable',
            codec: number,
            help: 'Эксперт может проверить',
          },
          {
            label: 'Проверяемость подтверждают',
            key: 'municipalEvidence.verifiableBy',
            codec: list,
            help: 'url и/или requisites (дата и номер)',
          },
          {
            label: 'Правило школы по умолчанию',
            key: 'corroboration.defaultRule.kind',
            codec: text,
            help: 'majority — большинство, role — ответ одной роли',
          },
          { label: 'Роль правила по умолчанию', key: 'corroboration.defaultRule.role', codec: text, help: 'Только для правила role' },
          {
            label: 'Большинство: доля выше',
            key: 'corroboration.majorityAbove',
            codec: number,
            help: 'Доля подтверждающих ответов, строго выше',
          },
          { label: 'Нейтральные ответы', key: 'corroboration.neutralValues', codec: list, required: true, help: 'Считаются неотвеченными' },
          {
            label: 'Школа подтверждает при доле вопросов',
            key: 'corroboration.componentQuestionShare',
            codec: number,
            help: 'Не меньше этой доли вопросов компонента',
          },
          {
            label: 'Доля школ считается от',
            key: 'corroboration.share.over',
            codec: text,
            help: 'answering_schools или responding_schools; пусто — по умолчанию',
          },
          {
            label: 'Никто не ответил: не больше баллов',
            key: 'corroboration.share.whenNoSchoolAnswered.maxPoints',
            codec: number,
            help: 'Для answering_schools',
          },
          {
            label: 'Никто не ответил: отметка эксперту',
            key: 'corroboration.share.whenNoSchoolAnswered.flag',
            codec: yesNo,
            help: '«да» или «нет»',
          },
          {
            label: 'Сверка: баллы сохраняются от доли школ',
            key: 'reconciliation.keepPointsFromShare',
            codec: number,
            help: 'Доля подтверждающих школ',
          },
          { label: 'Сверка: ниже доли не больше баллов', key: 'reconciliation.maxPointsBelowShare', codec: number, help: 'Понижение' },
          {
            label: 'Отметка: заявлено не меньше баллов',
            key: 'reconciliation.flagClaimedPoints',
            codec: number,
            help: 'Для отметки эксперту',
          },
          { label: 'Отметка: доля школ ниже', key: 'reconciliation.flagBelowShare', codec: number, help: 'Для отметки эксперту' },
          { label: 'Общий уровень: расчёт', key: 'overall.aggregate', codec: text, help: 'mean_percent — среднее процентов механизмов' },
          {
            label: 'Общий уровень: выше слабейшего механизма не более чем на',
            key: 'overall.maxLevelsAboveLowestMechanism',
            codec: number,
            help: 'Уровней, 0–3',
          },
          {
            label: 'Отклик: доля школ не меньше',
            key: 'responseRate.minShareOfSchools',
            codec: number,
            help: 'Иначе уровень не присваивается',
          },
          {
            label: 'Отклик: полных анкет от школы',
            key: 'responseRate.minCompleteQuestionnairesPerSchool',
            codec: number,
            help: 'Не меньше',
          },
          { label: 'Мало данных: код', key: 'responseRate.code', codec: text, required: true, help: 'Код вместо уровня' },
          { label: 'Мало данных: подпись', key: 'responseRate.label', codec: text, required: true, help: 'Подпись вместо уровня' },
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
