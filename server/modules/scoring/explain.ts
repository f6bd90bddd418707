import type { CompiledComponent, CompiledMechanism, CompiledScoring } from './compiled';
import type { MechanismLevel, OverallLevel, ReconciledPoints } from './levels';
import type {
  ComponentScore,
  Corroboration,
  KindResponseRate,
  MechanismGuard,
  ResponseRate,
  ScoringId,
  SilentCause,
} from './scoring.schemas';
import type { OrganisationKind } from '../../../db/schema/values';
import {
  capitalised,
  levelsText,
  mechanismsDative,
  noneOf,
  organisationWords,
  partOf,
  percentText,
  pointsGenitive,
  pointsText,
  questionnairesNeeded,
  quoted,
  shareText,
} from './texts';

// The Russian sentences that say why a number is what it is. Each takes the numbers already computed and the
// methodology's thresholds, so a sentence can never disagree with the rule that produced its number.

function level(compiled: CompiledScoring, code: number): string {
  return quoted(compiled.levelLabels[code]!);
}

/** The sentence of a component held to `limit` points for `cause`. */
function limitedReason(cause: string, limit: number, claimed: number, points: number): string {
  const limited = `${cause}, поэтому не больше ${pointsGenitive(limit)}`;
  return points < claimed
    ? `${limited}: баллы снижены с ${claimed} до ${points}.`
    : `${limited}; баллы муниципалитета (${pointsText(claimed)}) не меняются.`;
}

/** A school's name for an explanation: the name the caller gave, else its id. */
export type SchoolNameOf = (schoolId: ScoringId) => string;
export const schoolIdAsName: SchoolNameOf = (schoolId) => String(schoolId);

/** «Затрудняюсь ответить», «Не относится к моей работе» → « («Затрудняюсь ответить», «Не относится к моей работе»)». */
function neutralList(texts: readonly string[]): string {
  return texts.length ? ` (${texts.map(quoted).join(', ')})` : '';
}

/**
 * The schools left out of a share over answering schools, named, grouped by why: «Не ответили по компоненту:
 * 2 школы — …; в долю подтверждения они не входят.» Empty when none is left out or the share is over responding
 * schools (silent schools then count as not confirming).
 */
export function leftOutSentence(component: CompiledComponent, corroboration: Corroboration, nameOf: SchoolNameOf): string {
  if (corroboration.shareOver !== 'answering_schools' || corroboration.silentSchools.length === 0) return '';
  const named = (cause: SilentCause) =>
    corroboration.silentSchools.filter((school) => school.cause === cause).map((school) => nameOf(school.schoolId));
  const groups: string[] = [];
  const neutral = named('neutral_answers');
  if (neutral.length)
    groups.push(`только нейтральные ответы${neutralList(component.neutralAnswers)} или вопросы пропущены — ${neutral.join(', ')}`);
  const notSubmitted = named('respondents_not_submitted');
  if (notSubmitted.length)
    groups.push(`не отправили анкеты те, чьи ответы на вопросы компонента учитываются, — ${notSubmitted.join(', ')}`);
  const count = corroboration.silentSchools.length;
  const words = organisationWords(corroboration.organisationKinds);
  return ` Не ответили по компоненту: ${words.counted(count)}; ${groups.join('; ')}. В долю подтверждения ${count === 1 ? `${words.pronoun} не входит` : 'они не входят'}.`;
}

/**
 * «3 из 5 (60 %)», with «ответивших по компоненту школ» when the share is over answering schools, and each kind's
 * part when the component is asked of several: « (школ — 2 из 3, детских садов — 1 из 2)».
 */
function confirmedOf(corroboration: Corroboration): string {
  const overAnswering = corroboration.shareOver === 'answering_schools';
  const parts = corroboration.byKind
    .map(
      (kind) =>
        `${organisationWords([kind.organisationKind]).genitive} — ${kind.confirmingSchools} из ${overAnswering ? kind.answeringSchools : kind.respondingSchools}`,
    )
    .join(', ');
  const byKind = parts ? ` (${parts})` : '';
  return overAnswering
    ? `${partOf(corroboration.confirmingSchools, corroboration.answeringSchools)} ответивших по компоненту ${organisationWords(corroboration.organisationKinds).genitive}${byKind}`
    : `${partOf(corroboration.confirmingSchools, corroboration.respondingSchools)}${byKind}`;
}

/** Why a component has its final points, given what the municipality claimed and the schools' corroboration. */
export function reconciliationReason(
  compiled: CompiledScoring,
  component: CompiledComponent,
  claimed: number,
  result: ReconciledPoints,
  corroboration: Corroboration | null,
  nameOf: SchoolNameOf = schoolIdAsName,
): string {
  if (result.reconciliation === 'not_visible_to_schools')
    return `Школы этот компонент не видят, поэтому остаются баллы муниципалитета: ${pointsText(result.points)}.`;
  const schools = corroboration ? confirmedOf(corroboration) : '';
  const words = organisationWords(component.organisationKinds);
  const nobody = noneOf(words);
  const ending = words.pastEnding;
  // Corroboration can only keep or lower the municipality's points: an undeclared component stays at its points.
  if (claimed === compiled.rules.municipalEvidence.points.absent) {
    return result.reconciliation === 'corroborated'
      ? `Муниципалитет компонент не заявил, хотя ${words.plural} его подтверждают: ${schools}; баллы начисляются только по сведениям муниципалитета — ${pointsText(result.points)}.`
      : `Муниципалитет компонент не заявил — ${pointsText(result.points)}.`;
  }
  const leftOut = corroboration ? leftOutSentence(component, corroboration, nameOf) : '';
  const keep = shareText(compiled.rules.reconciliation.keepPointsFromShare);
  const belowShare = compiled.rules.reconciliation.maxPointsBelowShare;
  switch (result.reconciliation) {
    case 'corroborated':
      return `Подтверждение ${words.instrumental}: ${schools} — не меньше ${keep}, поэтому остаются баллы муниципалитета: ${pointsText(result.points)}.${leftOut}`;
    case 'not_corroborated':
      return `${limitedReason(`Подтверждение ${words.instrumental}: ${schools} — меньше ${keep}`, belowShare, claimed, result.points)}${leftOut}`;
    case 'no_responding_schools':
      return limitedReason(`${nobody} не заполнил${ending} анкету, подтвердить компонент нечем`, belowShare, claimed, result.points);
    case 'no_answering_schools': {
      const share = compiled.rules.corroboration.share;
      const limit = share.over === 'answering_schools' ? share.whenNoSchoolAnswered.maxPoints : belowShare;
      const cause =
        corroboration && corroboration.respondingSchools > 0
          ? `${nobody} не ответил${ending} по компоненту, баллы муниципалитета не подтверждены`
          : `${nobody} не заполнил${ending} анкету, баллы муниципалитета не подтверждены`;
      return `${limitedReason(cause, limit, claimed, result.points)}${leftOut}`;
    }
  }
}

/** What the expert is asked to look at in a flagged component. */
export function flagMessage(compiled: CompiledScoring, claimed: number, corroboration: Corroboration): string {
  const words = organisationWords(corroboration.organisationKinds);
  if (corroboration.share === null) {
    if (corroboration.shareOver === 'answering_schools' && corroboration.respondingSchools > 0)
      return `Муниципалитет заявил ${pointsText(claimed)}, а ${words.plural} не ответили: ${words.none} из ${corroboration.respondingSchools} не дал${words.pastEnding} по компоненту ответа, кроме нейтрального.`;
    return `Муниципалитет заявил ${pointsText(claimed)}, а подтвердить компонент некому: ${words.none} ${words.singular} не заполнил${words.pastEnding} анкету.`;
  }
  return `Муниципалитет заявил ${pointsText(claimed)}, а подтверждение ${words.instrumental} — ${confirmedOf(corroboration)}, меньше ${shareText(compiled.rules.reconciliation.flagBelowShare)}.`;
}

type RateFigures = Omit<ResponseRate, 'explanation'>;

const genitiveOf = (kind: OrganisationKind) => organisationWords([kind]).genitive;

/** «Школ, где заполнена хотя бы одна анкета: 42 из 43 (97,7 %); детских садов, где …: 1 из 2 (50 %)». */
function kindParts(compiled: CompiledScoring, counted: readonly KindResponseRate[]): string {
  const needed = questionnairesNeeded(compiled.rules.responseRate.minCompleteQuestionnairesPerSchool);
  return counted
    .map((kind, index) => {
      const who = index === 0 ? capitalised(genitiveOf(kind.organisationKind)) : genitiveOf(kind.organisationKind);
      return `${who}, где ${needed}: ${partOf(kind.respondingSchools, kind.totalSchools)}`;
    })
    .join('; ');
}

/** «Исключены из кампании и не учитываются: …», or nothing. */
function excludedSentence(excludedSchools: readonly string[]): string {
  return excludedSchools.length ? ` Исключены из кампании и не учитываются: ${excludedSchools.join('; ')}.` : '';
}

/** «механизма 2.4», «механизмов 1.1, 1.2»: after «уровня», «уровней». */
function mechanismCodes(codes: readonly string[]): string {
  return `${codes.length > 1 ? 'механизмов' : 'механизма'} ${codes.join(', ')}`;
}

/** The guard over the organisations of `kinds` the municipality has: their response and the verdict, one sentence. */
function guardSentence(compiled: CompiledScoring, rate: RateFigures, kinds: readonly OrganisationKind[], sufficient: boolean): string {
  const label = quoted(compiled.rules.responseRate.label);
  const counted = rate.byKind.filter((kind) => kind.totalSchools > 0 && kinds.includes(kind.organisationKind));
  if (counted.length === 0)
    return `В муниципалитете нет ${organisationWords(kinds).genitive}, участвующих в оценке, поэтому вместо уровня — ${label}.`;
  const parts = kindParts(compiled, counted);
  const minShare = shareText(rate.minShare);
  if (sufficient) return `${parts} — ${counted.length > 1 ? 'в каждом случае ' : ''}не меньше ${minShare}, данных достаточно.`;
  const short = counted.filter((kind) => !kind.sufficient).map((kind) => genitiveOf(kind.organisationKind));
  const whose = counted.length > 1 ? `у ${short.join(' и ')} ` : '';
  return `${parts} — ${whose}меньше ${minShare}, поэтому вместо уровня — ${label}.`;
}

/** The kinds the municipality has organisations of that responded too little. */
function shortKinds(rate: RateFigures): OrganisationKind[] {
  return rate.byKind.filter((kind) => kind.totalSchools > 0 && !kind.sufficient).map((kind) => kind.organisationKind);
}

/**
 * Whether the organisations a mechanism asks answered enough for its level (`sufficient`: its own guard). A kind
 * that fell short but is not asked about the mechanism is named as not withholding it.
 */
export function mechanismGuardExplanation(
  compiled: CompiledScoring,
  mechanism: CompiledMechanism,
  rate: RateFigures,
  excludedSchools: readonly string[] = [],
): string {
  const sentence = guardSentence(compiled, rate, mechanism.organisationKinds, rate.sufficient);
  const unasked = shortKinds(rate).filter((kind) => !mechanism.organisationKinds.includes(kind));
  const remark =
    rate.sufficient && unasked.length
      ? ` ${capitalised(organisationWords(unasked).genitive)} о механизме не спрашивают, поэтому то, что их ответило меньше ${shareText(rate.minShare)}, на его уровень не влияет.`
      : '';
  return `${sentence}${remark}${excludedSentence(excludedSchools)}`;
}

/**
 * Whether the municipality's schools (and kindergartens, when the campaign asks them) answered enough for levels.
 * When some mechanisms' levels are given and others' withheld, says which, and why: the kinds that fell short take
 * part in the assessment of the withheld ones only. The overall level is taken over every mechanism, so it is
 * withheld with any of them.
 */
export function responseRateExplanation(
  compiled: CompiledScoring,
  rate: RateFigures,
  guards: ReadonlyArray<{ mechanism: CompiledMechanism; sufficient: boolean }>,
  excludedSchools: readonly string[] = [],
): string {
  const excluded = excludedSentence(excludedSchools);
  const withheld = guards.filter((guard) => !guard.sufficient);
  const given = guards.filter((guard) => guard.sufficient).map((guard) => guard.mechanism.code);
  if (withheld.length === 0 || given.length === 0)
    return `${guardSentence(compiled, rate, compiled.organisationKinds, rate.sufficient)}${excluded}`;
  const label = quoted(compiled.rules.responseRate.label);
  const minShare = shareText(rate.minShare);
  const counted = rate.byKind.filter((kind) => kind.totalSchools > 0);
  const short = shortKinds(rate);
  const threshold = short.length
    ? `у ${short.map(genitiveOf).join(' и ')} меньше ${minShare}`
    : `${counted.length > 1 ? 'в каждом случае ' : ''}не меньше ${minShare}`;
  const sentences = [`${kindParts(compiled, counted)} — ${threshold}.`];
  // The withheld mechanisms grouped by the kinds they ask that fell short; a mechanism asking none of those asks
  // only kinds the municipality has no organisations of, and is grouped by them.
  const groups = new Map<string, { short: boolean; kinds: readonly OrganisationKind[]; codes: string[] }>();
  for (const { mechanism } of withheld) {
    const asked = short.filter((kind) => mechanism.organisationKinds.includes(kind));
    const group = asked.length ? { short: true, kinds: asked } : { short: false, kinds: mechanism.organisationKinds };
    const key = `${group.short}:${group.kinds.join()}`;
    const codes = groups.get(key)?.codes ?? [];
    codes.push(mechanism.code);
    groups.set(key, { ...group, codes });
  }
  for (const { short: fellShort, kinds, codes } of groups.values()) {
    const pronoun = codes.length > 1 ? 'их' : 'его';
    const why = fellShort
      ? `в ${pronoun} оценке участвуют ${organisationWords(kinds).plural}`
      : `в муниципалитете нет ${organisationWords(kinds).genitive}, участвующих в ${pronoun} оценке`;
    sentences.push(`Вместо ${codes.length > 1 ? 'уровней' : 'уровня'} ${mechanismCodes(codes)} — ${label}: ${why}.`);
  }
  sentences.push(`Общий уровень считается по всем механизмам, поэтому вместо него тоже — ${label}.`);
  const notAsked = short.length ? `: ${organisationWords(short).genitive} о ${given.length > 1 ? 'них' : 'нём'} не спрашивают` : '';
  sentences.push(
    `${given.length > 1 ? 'Уровни' : 'Уровень'} ${mechanismCodes(given)} ${given.length > 1 ? 'присваиваются' : 'присваивается'}${notAsked}.`,
  );
  return `${sentences.join(' ')}${excluded}`;
}

function componentList(components: readonly ComponentScore[], detail: (component: ComponentScore) => string): string {
  return components.map((component) => `${quoted(component.title)}${detail(component)}`).join(', ');
}

/** Components whose points the reconciliation of `kind` lowered. */
function lowered(components: readonly ComponentScore[], kind: ComponentScore['reconciliation']): ComponentScore[] {
  return components.filter((component) => component.reconciliation === kind && component.points < component.evidence.points);
}

function fromTo(component: ComponentScore): string {
  return ` (с ${component.evidence.points} до ${component.points})`;
}

function noDetail(): string {
  return '';
}

/** The words for the organisations whose answers the components' corroboration counts. */
function wordsOf(components: readonly ComponentScore[]) {
  const kinds = new Set(components.flatMap((component) => component.corroboration?.organisationKinds ?? []));
  return organisationWords([...kinds]);
}

/**
 * The last sentence(s): the level given, or why it is withheld by `guard` (the mechanism's or the municipality's).
 * `remark`: a given level is followed by its guard's explanation too (a kind fell short that it does not ask).
 */
function verdict(
  compiled: CompiledScoring,
  subject: 'уровень механизма' | 'общий уровень',
  cappedLevel: number,
  guard: { sufficient: boolean; explanation: string },
  remark = false,
): string[] {
  const given = level(compiled, cappedLevel);
  if (guard.sufficient) return [`${capitalised(subject)} — ${given}.`, ...(remark ? [guard.explanation] : [])];
  return [`Расчётный ${subject} — ${given}, но он не присваивается.`, guard.explanation];
}

/** Why a mechanism has its level: points and band, reductions, caps, flags, the verdict. */
export function mechanismExplanation(
  compiled: CompiledScoring,
  result: MechanismLevel,
  components: readonly ComponentScore[],
  formSubmitted: boolean,
  guard: MechanismGuard,
  rate: ResponseRate,
): string[] {
  const sentences: string[] = [];
  if (!formSubmitted) sentences.push('Муниципальная форма не отправлена, поэтому все компоненты считаются отсутствующими.');
  sentences.push(
    `Сумма баллов: ${result.points} из ${result.maxPoints} (${percentText(result.percent)}) — по границам уровней это ${level(compiled, result.bandLevel)} ${compiled.bandRanges[result.bandLevel]}.`,
  );
  const notCorroborated = lowered(components, 'not_corroborated');
  if (notCorroborated.length > 0)
    sentences.push(
      `${capitalised(wordsOf(notCorroborated).plural)} не подтвердили сведения муниципалитета, баллы снижены: ${componentList(notCorroborated, fromTo)}.`,
    );
  const unanswered = lowered(components, 'no_responding_schools');
  if (unanswered.length > 0) {
    const words = wordsOf(unanswered);
    sentences.push(
      `${noneOf(words)} не заполнил${words.pastEnding} анкету, поэтому баллы компонентов, которые видят ${words.plural}, снижены: ${componentList(unanswered, fromTo)}.`,
    );
  }
  const unconfirmed = lowered(components, 'no_answering_schools');
  if (unconfirmed.length > 0)
    sentences.push(
      `${capitalised(wordsOf(unconfirmed).plural)} не ответили по компонентам, баллы муниципалитета не подтверждены и снижены: ${componentList(unconfirmed, fromTo)}.`,
    );
  for (const cap of result.caps) {
    const failing = cap.failing
      .map((f) => `${quoted(f.title)} — ${pointsText(f.points)} (нужно не меньше ${pointsGenitive(f.minPoints)})`)
      .join(', ');
    sentences.push(`Уровень понижен до ${level(compiled, cap.level - 1)}. ${cap.explanation} Не выполнено: ${failing}.`);
  }
  const flagged = components.filter((c) => c.flagged);
  if (flagged.length > 0) {
    const who = wordsOf(flagged).plural;
    sentences.push(
      `Отмечено для проверки экспертом: ${componentList(flagged, noDetail)} — муниципалитет заявил больше, чем подтверждают ${who}${
        flagged.some((c) => c.reconciliation === 'no_answering_schools') ? `, или ${who} по компоненту не ответили` : ''
      }.`,
    );
  }
  // A level given while the municipality's rate is not sufficient: say that what fell short does not concern it.
  sentences.push(...verdict(compiled, 'уровень механизма', result.cappedLevel, guard, !rate.sufficient));
  return sentences;
}

/** Why the municipality has its overall level: mean percent and band, the cap over the lowest mechanism, the verdict. */
export function overallExplanation(
  compiled: CompiledScoring,
  result: OverallLevel,
  mechanismCount: number,
  formSubmitted: boolean,
  rate: ResponseRate,
): string[] {
  const sentences: string[] = [];
  if (!formSubmitted) sentences.push('Муниципальная форма не отправлена, поэтому все компоненты всех механизмов считаются отсутствующими.');
  sentences.push(
    `Средний процент по ${mechanismsDative(mechanismCount)}: ${percentText(result.percent)} — по границам уровней это ${level(compiled, result.bandLevel)} ${compiled.bandRanges[result.bandLevel]}.`,
  );
  if (result.capped) {
    const above = compiled.rules.overall.maxLevelsAboveLowestMechanism;
    const many = result.lowestMechanisms.length > 1;
    const weakest = `${many ? 'самые слабые — механизмы' : 'самый слабый — механизм'} ${result.lowestMechanisms.join(', ')} (${level(compiled, result.lowestMechanismLevel)})`;
    const rule =
      above === 0
        ? 'Общий уровень не может быть выше уровня самого слабого механизма'
        : `Общий уровень может быть выше уровня самого слабого механизма не больше чем на ${levelsText(above)}`;
    sentences.push(`${rule}: ${weakest}, поэтому уровень понижен до ${level(compiled, result.cappedLevel)}.`);
  }
  sentences.push(...verdict(compiled, 'общий уровень', result.cappedLevel, rate));
  return sentences;
}
