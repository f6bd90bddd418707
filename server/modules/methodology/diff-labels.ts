// Zod-free on purpose: what each compared leaf of a methodology document means, in Russian. The comparison names its
// changes with these, so a reader sees «Нижняя граница уровня 2, %» rather than `scoring.levelBands[level=2]…`.

/** Names taken from the documents being compared: cycle components, levels and roles by their codes. */
export interface LabelContext {
  component(code: string): string;
  level(code: string): string;
  role(code: string): string;
}

type Rule = [RegExp, (match: string[], ctx: LabelContext) => string];

const levelName = (ctx: LabelContext, code: string) => `уровень ${code} («${ctx.level(code)}»)`;
const componentName = (ctx: LabelContext, code: string) => `«${ctx.component(code)}»`;
const nth = (index: string) => Number(index) + 1;

const SCORING_RULES: Rule[] = [
  [/^scoring\.municipalEvidence\.points\.absent$/, () => 'Баллы компонента: нет свидетельства'],
  [/^scoring\.municipalEvidence\.points\.declared$/, () => 'Баллы компонента: документ назван'],
  [/^scoring\.municipalEvidence\.points\.verifiable$/, () => 'Баллы компонента: документ можно проверить'],
  [/^scoring\.municipalEvidence\.verifiableBy$/, () => 'Чем проверяется документ (url — ссылка, requisites — дата и номер)'],
  [/^scoring\.corroboration\.defaultRule\.kind$/, () => 'Подтверждение школой по умолчанию: правило'],
  [/^scoring\.corroboration\.defaultRule\.role$/, () => 'Подтверждение школой по умолчанию: роль'],
  [/^scoring\.corroboration\.majorityAbove$/, () => 'Большинство: доля подтверждающих ответов больше'],
  [/^scoring\.corroboration\.neutralValues$/, () => 'Ответы, которые не считаются ответом'],
  [/^scoring\.corroboration\.componentQuestionShare$/, () => 'Школа подтверждает компонент при доле вопросов не меньше'],
  [/^scoring\.corroboration\.share\.over$/, () => 'Доля подтверждения считается по школам'],
  [/^scoring\.corroboration\.share\.whenNoSchoolAnswered\.maxPoints$/, () => 'Ни одна школа не ответила: баллов не больше'],
  [/^scoring\.corroboration\.share\.whenNoSchoolAnswered\.flag$/, () => 'Ни одна школа не ответила: отметить для эксперта'],
  [/^scoring\.reconciliation\.keepPointsFromShare$/, () => 'Баллы муниципалитета сохраняются при доле подтверждения от'],
  [/^scoring\.reconciliation\.maxPointsBelowShare$/, () => 'Ниже этой доли баллов не больше'],
  [/^scoring\.reconciliation\.flagClaimedPoints$/, () => 'Отметка для эксперта: заявлено баллов не меньше'],
  [/^scoring\.reconciliation\.flagBelowShare$/, () => 'Отметка для эксперта: доля подтверждения ниже'],
  [/^scoring\.levelBands\[level=(\d+)\]\.fromPercent$/, ([, code], ctx) => `Нижняя граница: ${levelName(ctx, code!)}, %`],
  [/^scoring\.levelBands\[level=(\d+)\]$/, ([, code], ctx) => `Граница: ${levelName(ctx, code!)}`],
  [
    /^scoring\.caps\[level=(\d+)\]\.requires\[(\d+)\]\.components$/,
    ([, code, index], ctx) => `Ограничение: ${levelName(ctx, code!)}, условие ${nth(index!)}: компоненты`,
  ],
  [
    /^scoring\.caps\[level=(\d+)\]\.requires\[(\d+)\]\.minPoints$/,
    ([, code, index], ctx) => `Ограничение: ${levelName(ctx, code!)}, условие ${nth(index!)}: баллов не меньше`,
  ],
  [/^scoring\.caps\[level=(\d+)\]\.explanation$/, ([, code], ctx) => `Ограничение: ${levelName(ctx, code!)}, пояснение`],
  [/^scoring\.overall\.aggregate$/, () => 'Общий уровень: как сводятся механизмы'],
  [/^scoring\.overall\.maxLevelsAboveLowestMechanism$/, () => 'Общий уровень: выше самого слабого механизма не более чем на'],
  [/^scoring\.responseRate\.minShareOfSchools$/, () => 'Мало ответов: доля ответивших школ не меньше'],
  [/^scoring\.responseRate\.minCompleteQuestionnairesPerSchool$/, () => 'Мало ответов: полных анкет на школу не меньше'],
  [/^scoring\.responseRate\.code$/, () => 'Мало ответов: код'],
  [/^scoring\.responseRate\.label$/, () => 'Мало ответов: подпись вместо уровня'],
];

const COMPONENT_FIELDS: Record<string, string> = {
  title: 'название',
  description: 'описание',
  municipalQuestion: 'вопрос муниципальной формы',
  visibleToSchools: 'подтверждают школы',
};
const ROLE_FIELDS: Record<string, string> = {
  label: 'название',
  questionnaireTitle: 'заголовок анкеты',
  questionnaireDescription: 'вступление анкеты',
};

const GENERAL_RULES: Rule[] = [
  [/^version$/, () => 'Версия'],
  [/^title$/, () => 'Название'],
  [/^description$/, () => 'Описание'],
  [/^sources$/, () => 'Источники'],
  [/^levels\[code=(\d+)\]\.label$/, ([, code]) => `Уровень ${code}: название`],
  [
    /^cycleComponents\[code=([^\]]+)\]\.(\w+)$/,
    ([, code, field], ctx) => `Компонент ${componentName(ctx, code!)}: ${COMPONENT_FIELDS[field!] ?? field}`,
  ],
  [/^respondentRoles\[code=([^\]]+)\]\.(\w+)$/, ([, code, field], ctx) => `Роль «${ctx.role(code!)}»: ${ROLE_FIELDS[field!] ?? field}`],
  [/^answerScales\.(\w+)\[value=([^\]]+)\]\.text$/, ([, scale, value]) => `Шкала ответов «${scale}»: вариант «${value}»`],
  [/^answerScales\.(\w+)$/, ([, scale]) => `Шкала ответов «${scale}»`],
  [/^municipalForm\.title$/, () => 'Муниципальная форма: заголовок'],
  [/^municipalForm\.description$/, () => 'Муниципальная форма: описание'],
  [/^municipalForm\.documentTypes\[value=([^\]]+)\]\.text$/, ([, value]) => `Муниципальная форма: вид документа «${value}»`],
  [/^blocks\[code=(\d+)\]\.title$/, ([, code]) => `Блок ${code}: название`],
  [/^blocks\[code=(\d+)\]\.mechanisms$/, ([, code]) => `Блок ${code}: механизмы`],
  [/^recommendations\.components\.(\w+)$/, ([, code], ctx) => `Общая рекомендация по компоненту ${componentName(ctx, code!)}`],
];

const MECHANISM_RULES: Rule[] = [
  [/^title$/, () => 'Название'],
  [/^goal$/, () => 'Цель'],
  [/^directions\[code=([^\]]+)\]\.title$/, ([, code]) => `Направление ${code}`],
  [/^questionnaire\.description$/, () => 'Вступление к вопросам механизма'],
  [/^municipalForm\.components\.(\w+)$/, ([, code], ctx) => `Муниципальная форма: что считается компонентом ${componentName(ctx, code!)}`],
  [/^recommendations\.mechanism$/, () => 'Рекомендация по механизму'],
  [/^recommendations\.components\.(\w+)$/, ([, code], ctx) => `Рекомендация по компоненту ${componentName(ctx, code!)}`],
];

const QUESTION_FIELDS: Record<string, string> = {
  mechanism: 'Механизм',
  title: 'Формулировка',
  description: 'Пояснение',
  type: 'Тип вопроса',
  roles: 'Кому задаётся',
  isRequired: 'Обязательный',
  requiredIf: 'Обязателен, если',
  visibleIf: 'Показывается, если',
  enableIf: 'Доступен, если',
  scale: 'Шкала ответов',
  choiceOrder: 'Порядок вариантов',
  'scoring.component': 'Оценка: компонент цикла',
  'scoring.confirming': 'Оценка: подтверждающие ответы',
  'scoring.rule.kind': 'Оценка: правило школы',
  'scoring.rule.role': 'Оценка: чей ответ считается',
  showOtherItem: 'Вариант «Другое»',
  otherText: 'Текст варианта «Другое»',
  showNoneItem: 'Вариант «Ничего из перечисленного»',
  noneText: 'Текст варианта «Ничего из перечисленного»',
  inputType: 'Вид поля',
  min: 'Наименьшее значение',
  max: 'Наибольшее значение',
  step: 'Шаг',
  labelTrue: 'Подпись «да»',
  labelFalse: 'Подпись «нет»',
};

const QUESTION_RULES: Rule[] = [
  [/^choices\[value=([^\]]+)\]\.text$/, ([, value]) => `Вариант «${value}»`],
  [/^choices$/, () => 'Варианты ответа'],
];

function labelBy(rules: readonly Rule[], path: string, ctx: LabelContext): string {
  for (const [pattern, label] of rules) {
    const match = pattern.exec(path);
    if (match) return label([...match], ctx);
  }
  return path;
}

export const scoringLabel = (path: string, ctx: LabelContext) => labelBy(SCORING_RULES, path, ctx);
export const generalLabel = (path: string, ctx: LabelContext) => labelBy(GENERAL_RULES, path, ctx);
export const mechanismLabel = (path: string, ctx: LabelContext) => labelBy(MECHANISM_RULES, path, ctx);
export const questionLabel = (path: string, ctx: LabelContext) => QUESTION_FIELDS[path] ?? labelBy(QUESTION_RULES, path, ctx);
