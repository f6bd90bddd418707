import { getIn, parsePath, type PathSegment } from './document-edits';

// Where a problem of the checker is, in words a methodologist reads: «Механизм 2.1 «…», вопрос 6 («Проводит ли…»),
// условие показа» instead of «mechanisms[3].questionnaire.questions[5].question.visibleIf». Titles come from the
// document when it has them; a document that does not (an upload refused as a whole) still gives numbers.

/** Question texts are long: their opening words are enough to recognise them. */
const MAX_QUOTE = 40;
/** Titles of mechanisms, components and blocks are read whole unless unusually long. */
const MAX_TITLE = 80;

/** A text cut after a whole word to a readable length; '' when there is none. */
function quote(text: unknown, max = MAX_QUOTE): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const titled = (head: string, title: unknown) => (quote(title, MAX_TITLE) ? `${head} «${quote(title, MAX_TITLE)}»` : head);

/** Segments as the server writes them, an index possibly as text («mechanisms.3»). */
const asIndex = (segment: PathSegment | undefined) =>
  typeof segment === 'number' ? segment : segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : undefined;

type Words = Record<string, string>;

const GENERAL: Words = {
  id: 'идентификатор',
  version: 'версия',
  title: 'название',
  description: 'описание',
  sources: 'источники',
};

const COMPONENT_FIELDS: Words = {
  code: 'код',
  title: 'название',
  description: 'описание',
  municipalQuestion: 'вопрос муниципальной формы',
  visibleToSchools: 'подтверждают школы',
};

const ROLE_FIELDS: Words = {
  code: 'код',
  label: 'название',
  organisationKind: 'тип организации',
  questionnaireTitle: 'заголовок анкеты',
  questionnaireDescription: 'вступление анкеты',
};

const SURVEY_QUESTION: Words = {
  name: 'имя',
  title: 'текст вопроса',
  description: 'подсказка',
  type: 'тип ответа',
  choices: 'варианты ответа',
  visibleIf: 'условие показа',
  enableIf: 'условие доступности',
  requiredIf: 'условие обязательности',
  isRequired: 'обязательность',
};

const QUESTION_ITEM: Words = {
  roles: 'кому задаётся',
  scale: 'варианты ответа',
  scoring: 'оценка',
};

const QUESTION_SCORING: Words = {
  component: 'подтверждаемый компонент',
  confirming: 'подтверждающие ответы',
  rule: 'правило школы',
};

const SCORING: Words = {
  municipalEvidence: 'баллы по муниципальной форме',
  points: 'баллы',
  absent: 'компонента нет',
  declared: 'заявлен',
  verifiable: 'заявлен и проверяем',
  verifiableBy: 'что делает заявление проверяемым',
  corroboration: 'подтверждение школами',
  defaultRule: 'правило школы',
  majorityAbove: 'доля большинства',
  neutralValues: 'ответы, которые не считаются ответом',
  componentQuestionShare: 'доля подтверждённых вопросов',
  share: 'доля подтверждающих школ',
  whenNoSchoolAnswered: 'если ни одна школа не ответила',
  maxPoints: 'не больше баллов',
  flag: 'отметка эксперту',
  reconciliation: 'сверка с муниципальной формой',
  keepPointsFromShare: 'доля, при которой баллы сохраняются',
  maxPointsBelowShare: 'баллы ниже доли',
  flagClaimedPoints: 'заявленные баллы для отметки',
  flagBelowShare: 'доля для отметки',
  levelBands: 'пороги уровней',
  fromPercent: 'процент',
  level: 'уровень',
  caps: 'ограничения уровней',
  requires: 'условия',
  components: 'компоненты',
  minPoints: 'не меньше баллов',
  explanation: 'правило словами',
  overall: 'общий уровень',
  maxLevelsAboveLowestMechanism: 'отрыв от самого слабого механизма',
  responseRate: 'недостаточно данных',
  minShareOfSchools: 'доля ответивших школ',
  minCompleteQuestionnairesPerSchool: 'анкет на школу',
  label: 'что показать вместо уровня',
  code: 'код',
};

/** The rest of a path in words: known keys by `words`, a list index as «строка N», anything else as it is. */
function rest(segments: readonly PathSegment[], words: Words): string[] {
  return segments.map((segment) => {
    const index = asIndex(segment);
    if (index !== undefined) return `строка ${index + 1}`;
    return words[segment] ?? `«${segment}»`;
  });
}

/** «Механизм 2.1 «…», вопрос 6 («Проводит ли…»), условие показа». */
function mechanismPlace(document: unknown, segments: readonly PathSegment[]): string[] {
  const index = asIndex(segments[1]);
  if (index === undefined) return ['Механизмы'];
  const mechanism = getIn(document, ['mechanisms', index]) as { code?: unknown; title?: unknown } | undefined;
  const head =
    typeof mechanism?.code === 'string' ? titled(`Механизм ${mechanism.code}`, mechanism.title) : `Механизм № ${index + 1} по порядку`;
  const [part, ...tail] = segments.slice(2);
  if (part === undefined) return [head];
  if (part === 'questionnaire') {
    const [list, questionIndex, ...inner] = tail;
    if (list === 'description') return [head, 'вступление к вопросам'];
    const q = asIndex(questionIndex);
    if (list !== 'questions' || q === undefined) return [head, 'вопросы анкеты'];
    const title = quote(getIn(document, ['mechanisms', index, 'questionnaire', 'questions', q, 'question', 'title']));
    const question = `вопрос ${q + 1}${title ? ` («${title}»)` : ''}`;
    const [field, ...deeper] = inner;
    if (field === undefined) return [head, question];
    if (field === 'question') {
      const [key, choice, choiceField] = deeper;
      if (key === undefined) return [head, question];
      const choiceIndex = asIndex(choice);
      if (key === 'choices' && choiceIndex !== undefined)
        return [head, question, `вариант ответа ${choiceIndex + 1}${choiceField === 'value' ? ', значение' : ''}`];
      return [head, question, SURVEY_QUESTION[key] ?? `«${key}»`];
    }
    if (field === 'scoring') return [head, question, ...(deeper.length ? rest(deeper.slice(0, 1), QUESTION_SCORING) : ['оценка'])];
    return [head, question, QUESTION_ITEM[field] ?? `«${field}»`];
  }
  if (part === 'municipalForm') {
    const [kind, key, ...deeper] = tail;
    if (kind === 'components')
      return [head, key === undefined ? 'муниципальная форма, компоненты' : `муниципальная форма, ${componentName(document, key)}`];
    const indicator = asIndex(key);
    if (kind === 'indicators')
      return [
        head,
        indicator === undefined ? 'ключевые показатели' : `ключевой показатель ${indicator + 1}`,
        ...rest(deeper, SURVEY_QUESTION),
      ];
    return [head, 'муниципальная форма'];
  }
  if (part === 'recommendations') {
    const [kind, key] = tail;
    if (kind === 'mechanism') return [head, 'рекомендация, когда механизм слаб'];
    return [head, key === undefined ? 'рекомендации по компонентам' : `рекомендация: ${componentName(document, key)}`];
  }
  if (part === 'directions') return [head, 'направления'];
  return [head, { title: 'название', goal: 'цель', code: 'код' }[part] ?? `«${part}»`];
}

function componentName(document: unknown, code: PathSegment): string {
  const components = getIn(document, ['cycleComponents']);
  const found = Array.isArray(components)
    ? (components as Array<{ code?: unknown; title?: unknown }>).find((c) => c.code === code)
    : undefined;
  return `компонент «${quote(found?.title, MAX_TITLE) || String(code)}»`;
}

/** A place of a methodology document in Russian; `document` may be anything (missing titles give numbers). */
export function problemPlace(document: unknown, path: string): string {
  if (path === '' || path === '(документ)') return 'Документ целиком';
  const segments = parsePath(path);
  const [head, second, ...tail] = segments;
  const index = asIndex(second);
  switch (head) {
    case 'mechanisms':
      return mechanismPlace(document, segments).join(', ');
    case 'levels':
      return index === undefined ? 'Уровни' : `Уровни → уровень ${index}`;
    case 'cycleComponents': {
      if (index === undefined) return 'Управленческий цикл';
      const title = quote(getIn(document, ['cycleComponents', index, 'title']), MAX_TITLE);
      return [`Управленческий цикл → компонент ${index + 1}${title ? ` «${title}»` : ''}`, ...rest(tail, COMPONENT_FIELDS)].join(', ');
    }
    case 'respondentRoles': {
      if (index === undefined) return 'Роли';
      const label = quote(getIn(document, ['respondentRoles', index, 'label']), MAX_TITLE) || `роль ${index + 1}`;
      return [`Роли → ${label}`, ...rest(tail, ROLE_FIELDS)].join(', ');
    }
    case 'answerScales': {
      if (second === undefined) return 'Шкалы ответов';
      const [option, field] = tail;
      const optionIndex = asIndex(option);
      const parts = [`Шкалы ответов → «${second}»`];
      if (optionIndex !== undefined)
        parts.push(`вариант ${optionIndex + 1}${field === 'value' ? ', значение' : field === 'text' ? ', текст' : ''}`);
      return parts.join(', ');
    }
    case 'municipalForm':
      return [
        'Муниципальная форма',
        ...rest(
          [second, ...tail].filter((s) => s !== undefined),
          { title: 'заголовок', description: 'пояснение', documentTypes: 'виды документов', text: 'текст', value: 'значение' },
        ),
      ].join(' → ');
    case 'blocks': {
      if (index === undefined) return 'Блоки механизмов';
      const code = getIn(document, ['blocks', index, 'code']);
      return [
        titled(`Блок ${typeof code === 'string' ? code : index + 1}`, getIn(document, ['blocks', index, 'title'])),
        ...rest(tail, { title: 'название', code: 'код', mechanisms: 'механизмы' }),
      ].join(', ');
    }
    case 'scoring':
      return ['Правила оценки', [...rest(segments.slice(1), SCORING)].join(', ')].filter(Boolean).join(' → ');
    case 'recommendations':
      return second === 'components' && tail[0] !== undefined
        ? `Общие рекомендации → ${componentName(document, tail[0])}`
        : 'Общие рекомендации';
    default:
      return head !== undefined && GENERAL[head]
        ? `Общие сведения → ${GENERAL[head]}${index !== undefined ? `, строка ${index + 1}` : ''}`
        : path;
  }
}
