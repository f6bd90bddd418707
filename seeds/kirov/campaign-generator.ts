import { ConditionRunner, settings } from 'survey-core';
import type { RespondentRole } from '../../db/schema/values';
import {
  assembleMunicipalForm,
  assembleQuestionnaire,
  type SurveyElement,
  type SurveyJson,
} from '../../server/modules/methodology/assemble';
import { findMethodology } from '../../server/modules/methodology/methodology.repo';
import { evidenceQuestionNames, type Methodology } from '../../server/modules/methodology/methodology.schemas';
import type { CompiledScoring } from '../../server/modules/scoring/compiled';
import { questionnaireOutcomes } from '../../server/modules/scoring/corroboration';
import type { MunicipalityInput } from '../../server/modules/scoring/score';
import { kirovMunicipalities, kirovSchools, type DemoSchool } from './directory';

// Demo campaigns of the Kirov region, generated rather than written out: each municipality has a profile (how far
// along the management cycle each mechanism is, how well it documents, how many of its respondents answered), and
// the answers follow from it through a seeded generator. Same profile, same answers, every time.

const KIROV_METHODOLOGY_ID = 'federal-2020';

/** Mechanisms in catalogue order, the order of `MunicipalityProfile.maturity`. */
const MECHANISM_CODES: readonly string[] = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4', '2.5'];

export interface MunicipalityProfile {
  code: string;
  /** Per mechanism in catalogue order, 0–1: how far along the management cycle the municipality has gone. */
  maturity: readonly number[];
  /** Share of declared components whose document an expert can check (a URL, or the date and number). */
  documentation: number;
  /** Of those, the share published on the website (the rest are checkable by date and number only). */
  published: number;
  /** Submitted questionnaires, of three per school. */
  questionnaires: number;
  /** «mechanism/component» declared with a document although schools see nothing of it. */
  overclaims?: readonly string[];
}

export interface CampaignSpec {
  /** Names the random streams: another seed is another demo. */
  seed: string;
  title: string;
  year: number;
  /** YYYY-MM-DD, Moscow time. */
  opensOn: string;
  closesOn: string;
  profiles: readonly MunicipalityProfile[];
}

export interface KirovCampaignData {
  campaign: {
    title: string;
    year: number;
    methodologyId: string;
    mechanismCodes: string[];
    opensAt: Date;
    closesAt: Date;
    state: 'closed';
  };
  municipalForms: Array<{ municipalityCode: string; answers: Record<string, unknown>; submittedAt: Date }>;
  questionnaires: Array<{
    schoolCode: string;
    municipalityCode: string;
    role: RespondentRole;
    answers: Record<string, unknown>;
    submittedAt: Date;
  }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Randomness: a named, seeded stream per purpose, so changing one municipality's profile leaves the others alone.

type Random = () => number;

/** Numbers in [0, 1): mulberry32 seeded with the FNV-1a hash of `name`. */
function randomStream(name: string): Random {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** Up to `max` distinct items, at least one, in their original order. */
function someOf<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = between(random, 1, Math.min(max, items.length));
  const chosen = new Set<T>();
  while (chosen.size < count) chosen.add(pick(random, items));
  return items.filter((item) => chosen.has(item));
}

const MSK_OFFSET_HOURS = 3;
const DAY_MS = 86_400_000;

/** A moment of a working day (Monday to Friday, 8:00–18:00 Moscow time) between two dates, both included. */
function momentBetween(random: Random, fromDay: string, toDay: string): Date {
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const days = Math.round((Date.parse(`${toDay}T00:00:00Z`) - from) / DAY_MS);
  let day: number;
  do day = from + between(random, 0, days) * DAY_MS;
  while ([0, 6].includes(new Date(day).getUTCDay()));
  return new Date(day + (between(random, 8 * 60, 17 * 60 + 59) - MSK_OFFSET_HOURS * 60) * 60_000);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Walking an assembled definition: a question is answered only when it is visible given the answers before it
// (follow-ups come after the question they depend on), with survey-core's own expression engine.

interface DefinitionQuestion {
  element: SurveyElement;
  /** visibleIf of the question and of the panels around it. */
  conditions: Condition[];
}

interface Condition {
  runner: ConditionRunner;
  /** The answers the expression reads; undefined when it reads more than plain question names. */
  variables?: string[];
}

function condition(expression: string): Condition {
  const runner = new ConditionRunner(expression);
  const variables = runner.getVariables();
  return { runner, variables: variables.every((name) => /^\w+$/.test(name)) ? variables : undefined };
}

/**
 * survey-core finds a variable by going through all the values it is given (names are case-insensitive), so a
 * condition gets only the answers it reads: the same result, without a walk over the whole questionnaire per question.
 */
function holds({ runner, variables }: Condition, answers: Record<string, unknown>): boolean {
  if (!variables) return runner.runValues(answers);
  const read: Record<string, unknown> = {};
  for (const name of variables) if (name in answers) read[name] = answers[name];
  return runner.runValues(read);
}

/** The questions of a definition in page order, each with the conditions that must hold for it to be shown. */
function questionsOf(definition: SurveyJson): DefinitionQuestion[] {
  const questions: DefinitionQuestion[] = [];
  const visit = (elements: SurveyElement[], conditions: Condition[]) => {
    for (const element of elements) {
      const own = typeof element.visibleIf === 'string' ? [...conditions, condition(element.visibleIf)] : conditions;
      if (element.type === 'panel') visit(element.elements as SurveyElement[], own);
      else questions.push({ element, conditions: own });
    }
  };
  for (const page of definition.pages) visit(page.elements, []);
  return questions;
}

/** An answer and, for «Другое», its text. */
type Answer = { value: unknown; comment?: string } | undefined;

function answerQuestions(questions: readonly DefinitionQuestion[], choose: (element: SurveyElement) => Answer): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const { element, conditions } of questions) {
    if (!conditions.every((condition) => holds(condition, answers))) continue;
    const answer = choose(element);
    if (answer === undefined) continue;
    answers[element.name as string] = answer.value;
    if (answer.comment !== undefined) answers[`${element.name as string}${settings.commentSuffix}`] = answer.comment;
  }
  return answers;
}

const choiceValues = (element: SurveyElement) => (element.choices as Array<{ value: string }>).map((choice) => choice.value);

// ---------------------------------------------------------------------------------------------------------------
// What a municipality has done, component by component

type Claim = 'absent' | 'declared' | 'verifiable';

interface ComponentPractice {
  /** Schools see the work done. */
  practised: boolean;
  claim: Claim;
  document?: EvidenceDocument;
}

interface EvidenceDocument {
  type: string;
  typeComment?: string;
  title: string;
  date?: string;
  number?: string;
  url?: string;
}

/** How hard a component is to get to, in cycle order: goals and monitoring come first, effectiveness last. */
const DIFFICULTY: Readonly<Record<string, number>> = {
  goals: 0.15,
  indicators: 0.25,
  methods: 0.4,
  monitoring: 0.2,
  analysis: 0.3,
  recommendations: 0.55,
  measures: 0.35,
  decisions: 0.6,
  effectiveness: 0.75,
};
/** A municipality sometimes does work schools see and forgets to name its document on the form. */
const FORGETS_TO_DECLARE = 0.06;

/** After «муниципальной системы …»: what each mechanism is about, in the genitive. */
const SUBJECTS: Readonly<Record<string, string>> = {
  '1.1': 'оценки качества подготовки обучающихся',
  '1.2': 'работы со школами с низкими результатами обучения и школами, функционирующими в неблагоприятных социальных условиях',
  '1.3': 'выявления, поддержки и развития способностей и талантов у детей и молодёжи',
  '1.4': 'работы по самоопределению и профессиональной ориентации обучающихся',
  '2.1': 'обеспечения объективности процедур оценки качества образования и олимпиад школьников',
  '2.2': 'мониторинга эффективности руководителей образовательных организаций',
  '2.3': 'мониторинга качества дополнительного профессионального образования педагогических работников',
  '2.4': 'методической работы',
  '2.5': 'организации воспитания и социализации обучающихся',
};

const DOCUMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  goals: ['program', 'resolution', 'order'],
  indicators: ['order', 'regulation'],
  methods: ['regulation', 'order'],
  monitoring: ['order', 'plan'],
  analysis: ['report', 'minutes'],
  recommendations: ['letter', 'report'],
  measures: ['plan', 'order'],
  decisions: ['order', 'directive', 'minutes'],
  effectiveness: ['report', 'minutes'],
};
/** Document types that carry a registration number. */
const NUMBERED = new Set(['order', 'resolution', 'directive', 'minutes']);
const NUMBER_SUFFIX: Readonly<Record<string, string>> = { order: '-од', resolution: '-п', directive: '-р', minutes: '' };

function documentTitle(mechanism: string, component: string, year: number): string {
  const system = `муниципальной системы ${SUBJECTS[mechanism]}`;
  const schoolYear = `${year - 1}/${year}`;
  switch (component) {
    case 'goals':
      return `Об утверждении Концепции ${system}`;
    case 'indicators':
      return `Об утверждении показателей ${system}`;
    case 'methods':
      return `Об утверждении порядка сбора и обработки информации по показателям ${system}`;
    case 'monitoring':
      return `О проведении мониторинга показателей ${system} в ${schoolYear} учебном году`;
    case 'analysis':
      return `Аналитическая справка по результатам мониторинга ${system}`;
    case 'recommendations':
      return `Об адресных рекомендациях образовательным организациям по итогам мониторинга ${system}`;
    case 'measures':
      return `Об утверждении плана мероприятий по развитию ${system} на ${year} год`;
    case 'decisions':
      return `О принятии управленческих решений по итогам анализа ${system}`;
    case 'effectiveness':
      return `Анализ эффективности мер по развитию ${system} за ${schoolYear} учебный год`;
    default:
      throw new Error(`Нет названия документа для компонента «${component}»`);
  }
}

/** When a component's document is typically dated: the cycle's framework years before, its work in the school year. */
function documentDate(random: Random, component: string, year: number): string {
  if (['goals', 'indicators', 'methods'].includes(component))
    return isoDay(momentBetween(random, `${year - 3}-01-15`, `${year - 1}-12-20`));
  if (component === 'effectiveness') return isoDay(momentBetween(random, `${year}-05-15`, `${year}-06-30`));
  return isoDay(momentBetween(random, `${year - 1}-09-02`, `${year}-06-30`));
}

const SITES: Readonly<Record<string, string>> = {
  '4301': 'bhol',
  '4302': 'verhnekamsk',
  '4303': 'kilmez',
  '4304': 'kumeny',
  '4305': 'malmyzh',
  '4306': 'murashi',
  '4307': 'orlov',
  '4308': 'podosinovets',
  '4309': 'slobodskoy',
  '4310': 'sovetsk',
  '4311': 'yaransk',
  '4312': 'kirov',
};

function makeDocument(
  random: Random,
  profile: MunicipalityProfile,
  mechanism: string,
  component: string,
  claim: Claim,
  year: number,
): EvidenceDocument {
  const published = claim === 'verifiable' && random() < profile.published;
  // Checkable without a URL means by date and number: such a document must be a numbered one.
  const types =
    claim === 'verifiable' && !published ? DOCUMENT_TYPES[component]!.filter((type) => NUMBERED.has(type)) : DOCUMENT_TYPES[component]!;
  const type = pick(random, types.length > 0 ? types : ['order']);
  const document: EvidenceDocument = { type, title: documentTitle(mechanism, component, year) };
  if (random() < 0.04) {
    document.type = 'other';
    document.typeComment = 'Решение коллегии управления образования';
  }
  const numbered = NUMBERED.has(type) && (claim === 'verifiable' ? !published || random() < 0.7 : false);
  // Checkable by requisites means dated and numbered; a merely declared document is named, at most dated.
  if (numbered || random() < 0.5) document.date = documentDate(random, component, year);
  if (numbered) document.number = `${between(random, 12, 418)}${NUMBER_SUFFIX[type]}`;
  if (published) document.url = `https://uo-${SITES[profile.code]}.example/documents/${between(random, 1000, 9899)}`;
  return document;
}

function municipalPractice(spec: CampaignSpec, methodology: Methodology, profile: MunicipalityProfile): Map<string, ComponentPractice> {
  const random = randomStream(`${spec.seed}/${profile.code}/practice`);
  const overclaims = new Set(profile.overclaims ?? []);
  const practice = new Map<string, ComponentPractice>();
  MECHANISM_CODES.forEach((mechanism, index) => {
    const maturity = profile.maturity[index]!;
    const checkable = Math.min(0.97, Math.max(0.05, profile.documentation + (maturity - 0.5) * 0.6));
    for (const component of methodology.cycleComponents) {
      const key = `${mechanism}/${component.code}`;
      const practised = maturity + (random() - 0.5) * 0.2 >= DIFFICULTY[component.code]!;
      const overclaimed = overclaims.has(key);
      const forgotten = component.visibleToSchools && random() < FORGETS_TO_DECLARE;
      const declared = overclaimed || (practised && !forgotten);
      const claim: Claim = !declared ? 'absent' : overclaimed || random() < checkable ? 'verifiable' : 'declared';
      practice.set(key, {
        practised: practised && !overclaimed,
        claim,
        ...(claim === 'absent' ? {} : { document: makeDocument(random, profile, mechanism, component.code, claim, spec.year) }),
      });
    }
  });
  return practice;
}

// ---------------------------------------------------------------------------------------------------------------
// The municipal form

interface EvidenceField {
  key: string;
  field: 'exists' | 'documentType' | 'documentTitle' | 'documentDate' | 'documentNumber' | 'url';
}

function evidenceFields(methodology: Methodology): Map<string, EvidenceField> {
  const fields = new Map<string, EvidenceField>();
  for (const mechanism of MECHANISM_CODES) {
    for (const component of methodology.cycleComponents) {
      const { panel: _panel, ...names } = evidenceQuestionNames(mechanism, component.code);
      for (const [field, name] of Object.entries(names))
        fields.set(name, { key: `${mechanism}/${component.code}`, field: field as EvidenceField['field'] });
    }
  }
  return fields;
}

function indicatorAnswer(random: Random, element: SurveyElement, maturity: number, schools: number): Answer {
  // A weak municipality leaves most indicators empty: it does not calculate them.
  if (random() > 0.25 + 0.7 * maturity) return undefined;
  if (element.type === 'radiogroup') {
    const values = choiceValues(element);
    return { value: random() < maturity ? values[0] : pick(random, values) };
  }
  const max = element.max as number;
  if (max <= 100) return { value: between(random, 5, 95) };
  return { value: between(random, 1, schools * (max >= 100_000 ? 40 : 6)) };
}

function municipalForm(
  questions: readonly DefinitionQuestion[],
  fields: Map<string, EvidenceField>,
  practice: Map<string, ComponentPractice>,
  profile: MunicipalityProfile,
  schools: number,
  random: Random,
): Record<string, unknown> {
  const meanMaturity = profile.maturity.reduce((sum, m) => sum + m, 0) / profile.maturity.length;
  return answerQuestions(questions, (element) => {
    const field = fields.get(element.name as string);
    if (!field) return indicatorAnswer(random, element, meanMaturity, schools);
    const { claim, document } = practice.get(field.key)!;
    switch (field.field) {
      case 'exists':
        return { value: claim === 'absent' ? 'no' : 'yes' };
      case 'documentType':
        return { value: document!.type, ...(document!.typeComment ? { comment: document!.typeComment } : {}) };
      case 'documentTitle':
        return { value: document!.title };
      case 'documentDate':
        return document!.date ? { value: document!.date } : undefined;
      case 'documentNumber':
        return document!.number ? { value: document!.number } : undefined;
      case 'url':
        return document!.url ? { value: document!.url } : undefined;
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The questionnaires

interface ScoredMeaning {
  key: string;
  confirming: ReadonlySet<string>;
}

function scoredQuestions(methodology: Methodology): Map<string, ScoredMeaning> {
  const scored = new Map<string, ScoredMeaning>();
  for (const mechanism of methodology.mechanisms) {
    for (const item of mechanism.questionnaire.questions) {
      if (item.scoring)
        scored.set(item.question.name, {
          key: `${mechanism.code}/${item.scoring.component}`,
          confirming: new Set(item.scoring.confirming),
        });
    }
  }
  return scored;
}

/** What respondents write next to «Другое», per question. */
const OTHER_TEXTS: Readonly<Record<string, string>> = {
  m1_1_recommendations_use: 'Обсудили на педагогическом совете и включили в план работы школьных методических объединений',
  m1_3_opportunities: 'Районные предметные конкурсы и научно-практическая конференция школьников',
  m1_4_activities: 'Встречи с представителями предприятий района на классных часах',
  m2_2_support_used: 'Стажировка на базе школы-лидера района',
  m2_4_events: 'Районный методический марафон',
  m2_5_events: 'Районный слёт школьных музеев',
};

/** How often each role answers «Затрудняюсь ответить»: teachers know least about the municipality's work. */
const NEUTRAL_SHARE: Readonly<Record<RespondentRole, number>> = {
  director: 0.03,
  deputy_director: 0.06,
  teacher: 0.1,
  head: 0.03,
  senior_educator: 0.06,
  educator: 0.1,
};

/** Choices that mean «nothing of the kind» and so are chosen alone («Пока не использовали»). */
const EXCLUSIVE_CHOICES: ReadonlySet<string> = new Set(['not_yet']);

/** How often a respondent's answer matches what the school sees: teachers are furthest from the municipality. */
const ACCURACY: Readonly<Record<RespondentRole, number>> = {
  director: 0.93,
  deputy_director: 0.9,
  teacher: 0.82,
  head: 0.93,
  senior_educator: 0.9,
  educator: 0.82,
};

interface Respondent {
  role: RespondentRole;
  random: Random;
  /** Whether the school sees the municipality's work on «mechanism/component»: its respondents mostly agree. */
  sees: (key: string) => boolean;
}

/**
 * What one school sees of each component: most schools see work that is done (the more mature the mechanism and
 * the more attentive the school, the likelier), a few think they see work that is not.
 */
function schoolView(
  spec: CampaignSpec,
  school: DemoSchool,
  profile: MunicipalityProfile,
  practice: Map<string, ComponentPractice>,
): (key: string) => boolean {
  const attention = 0.8 + 0.2 * randomStream(`${spec.seed}/${school.code}/attention`)();
  return (key) => {
    const maturity = profile.maturity[MECHANISM_CODES.indexOf(key.split('/')[0]!)]!;
    const chance = practice.get(key)!.practised ? Math.min(0.97, (0.75 + 0.25 * maturity) * attention) : 0.1 + 0.1 * maturity;
    // A stream per school and component: every respondent of the school meets the same view.
    return randomStream(`${spec.seed}/${school.code}/${key}`)() < chance;
  };
}

function otherComment(element: SurveyElement): string {
  return OTHER_TEXTS[element.name as string] ?? 'Мероприятия, организованные школой совместно с управлением образования';
}

function scoredAnswer(element: SurveyElement, meaning: ScoredMeaning, respondent: Respondent, neutralValues: ReadonlySet<string>): Answer {
  const { random } = respondent;
  const values = choiceValues(element);
  const neutral = values.filter((value) => neutralValues.has(value));
  if (neutral.length > 0 && random() < NEUTRAL_SHARE[respondent.role]) return { value: pick(random, neutral) };
  const accurate = random() < ACCURACY[respondent.role];
  const confirms = respondent.sees(meaning.key) === accurate;
  const confirming = values.filter((value) => meaning.confirming.has(value));
  if (element.type === 'checkbox') {
    if (!confirms) return element.showNoneItem ? { value: ['none'] } : { value: ['other'], comment: otherComment(element) };
    const chosen: string[] = someOf(random, confirming, 3);
    return random() < 0.08 ? { value: [...chosen, 'other'], comment: otherComment(element) } : { value: chosen };
  }
  if (confirms) return { value: random() < 0.7 ? confirming[0] : pick(random, confirming) };
  return {
    value: pick(
      random,
      values.filter((value) => !meaning.confirming.has(value) && !neutralValues.has(value)),
    ),
  };
}

function unscoredAnswer(element: SurveyElement, respondent: Respondent, neutralValues: ReadonlySet<string>): Answer {
  const { random } = respondent;
  switch (element.type) {
    case 'boolean':
      return { value: random() < 0.6 };
    case 'radiogroup': {
      const values = choiceValues(element).filter((value) => !neutralValues.has(value));
      return { value: random() < 0.5 ? values[0] : pick(random, values) };
    }
    case 'checkbox': {
      const values = choiceValues(element);
      const exclusive = values.filter((value) => EXCLUSIVE_CHOICES.has(value));
      if (exclusive.length > 0 && random() < 0.15) return { value: [pick(random, exclusive)] };
      const chosen: string[] = someOf(
        random,
        values.filter((value) => !EXCLUSIVE_CHOICES.has(value)),
        3,
      );
      return random() < 0.1 ? { value: [...chosen, 'other'], comment: otherComment(element) } : { value: chosen };
    }
    default:
      throw new Error(`Генератор не умеет отвечать на вопрос типа «${String(element.type)}» (${String(element.name)})`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The campaign

/** How much more often a role submits: heads first, their deputies next. */
const ROLE_DILIGENCE: Readonly<Record<RespondentRole, number>> = {
  director: 0.45,
  deputy_director: 0.25,
  teacher: 0,
  head: 0.45,
  senior_educator: 0.25,
  educator: 0,
};

/** Which questionnaires of a municipality were submitted: diligent schools and directors first, with chance. */
function submittedSlots(
  spec: CampaignSpec,
  profile: MunicipalityProfile,
  schools: readonly DemoSchool[],
  roles: readonly RespondentRole[],
) {
  const random = randomStream(`${spec.seed}/${profile.code}/slots`);
  const slots = schools.flatMap((school) => {
    const diligence = random();
    return roles.map((role) => ({ school, role, score: diligence + ROLE_DILIGENCE[role] + random() * 0.6 }));
  });
  if (profile.questionnaires > slots.length) throw new Error(`${profile.code}: анкет больше, чем ${slots.length} возможных`);
  const chosen = new Set([...slots].sort((a, b) => b.score - a.score).slice(0, profile.questionnaires));
  // Directory order, roles in their usual order: the same list however the scores fall.
  return slots.filter((slot) => chosen.has(slot));
}

export function generateKirovCampaign(spec: CampaignSpec): KirovCampaignData {
  const methodology = findMethodology(KIROV_METHODOLOGY_ID)!;
  const mechanismCodes = methodology.mechanisms.map((mechanism) => mechanism.code);
  // Profiles, subjects and document titles are written for this catalogue.
  if (mechanismCodes.join() !== MECHANISM_CODES.join())
    throw new Error(`Каталог ${KIROV_METHODOLOGY_ID} изменился: ${mechanismCodes.join(', ')}`);
  const schoolRoles = methodology.respondentRoles.filter((info) => info.organisationKind === 'school').map((info) => info.code);
  const questionnaireQuestions = Object.fromEntries(
    schoolRoles.map((role) => [role, questionsOf(assembleQuestionnaire(methodology, mechanismCodes, role))]),
  ) as Record<RespondentRole, DefinitionQuestion[]>;
  const formQuestions = questionsOf(assembleMunicipalForm(methodology, mechanismCodes));
  const fields = evidenceFields(methodology);
  const scored = scoredQuestions(methodology);
  const neutralValues = new Set(methodology.scoring.corroboration.neutralValues);
  const allSchools = kirovSchools();

  const municipalForms: KirovCampaignData['municipalForms'] = [];
  const questionnaires: KirovCampaignData['questionnaires'] = [];
  for (const municipality of kirovMunicipalities) {
    const profile = spec.profiles.find((p) => p.code === municipality.code);
    if (!profile) throw new Error(`Нет профиля муниципалитета ${municipality.code}`);
    const schools = allSchools.filter((school) => school.municipalityCode === municipality.code);
    const practice = municipalPractice(spec, methodology, profile);
    const formRandom = randomStream(`${spec.seed}/${profile.code}/form`);
    municipalForms.push({
      municipalityCode: municipality.code,
      answers: municipalForm(formQuestions, fields, practice, profile, schools.length, formRandom),
      // Municipal coordinators submit towards the end of the campaign.
      submittedAt: momentBetween(formRandom, isoDay(new Date(Date.parse(spec.closesOn) - 10 * DAY_MS)), spec.closesOn),
    });

    for (const { school, role } of submittedSlots(spec, profile, schools, schoolRoles)) {
      const random = randomStream(`${spec.seed}/${school.code}/${role}`);
      const respondent: Respondent = { role, random, sees: schoolView(spec, school, profile, practice) };
      const answers = answerQuestions(questionnaireQuestions[role], (element) => {
        const meaning = scored.get(element.name as string);
        return meaning ? scoredAnswer(element, meaning, respondent, neutralValues) : unscoredAnswer(element, respondent, neutralValues);
      });
      questionnaires.push({
        schoolCode: school.code,
        municipalityCode: municipality.code,
        role,
        answers,
        submittedAt: momentBetween(random, spec.opensOn, spec.closesOn),
      });
    }
  }

  return {
    campaign: {
      title: spec.title,
      year: spec.year,
      methodologyId: KIROV_METHODOLOGY_ID,
      mechanismCodes,
      opensAt: new Date(Date.parse(`${spec.opensOn}T08:00:00+03:00`)),
      closesAt: new Date(Date.parse(`${spec.closesOn}T18:00:00+03:00`)),
      state: 'closed',
    },
    municipalForms,
    questionnaires,
  };
}

/** The scorer's input for every Kirov municipality from a generated campaign, in directory order. */
export function kirovScoringInputs(compiled: CompiledScoring, data: KirovCampaignData): MunicipalityInput[] {
  const schools = kirovSchools();
  return kirovMunicipalities.map((municipality) => {
    const own = schools.filter((school) => school.municipalityCode === municipality.code);
    return {
      municipalityId: municipality.code,
      municipalityName: municipality.name,
      totalSchools: own.length,
      municipalForm: data.municipalForms.find((form) => form.municipalityCode === municipality.code)?.answers ?? null,
      schools: own.map((school) => ({
        schoolId: school.code,
        questionnaires: data.questionnaires
          .filter((q) => q.schoolCode === school.code)
          .map(({ role, answers }) => ({ role, outcomes: questionnaireOutcomes(compiled, answers) })),
      })),
    };
  });
}
