import type { CompiledComponent, CompiledScoring } from './compiled';
import type { MechanismLevel, OverallLevel, ReconciledPoints } from './levels';
import type { ComponentScore, Corroboration, ResponseRate, ScoringId, SilentCause } from './scoring.schemas';
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

/** Whether the municipality's schools (and kindergartens, when the campaign asks them) answered enough for levels. */
export function responseRateExplanation(
  compiled: CompiledScoring,
  rate: Omit<ResponseRate, 'explanation'>,
  excludedSchools: readonly string[] = [],
): string {
  const { minCompleteQuestionnairesPerSchool, label } = compiled.rules.responseRate;
  const excluded = excludedSchools.length ? ` Исключены из кампании и не учитываются: ${excludedSchools.join('; ')}.` : '';
  const counted = rate.byKind.filter((kind) => kind.totalSchools > 0);
  if (counted.length === 0)
    return `В муниципалитете нет ${organisationWords(compiled.organisationKinds).genitive}, участвующих в оценке, поэтому вместо уровня — ${quoted(label)}.${excluded}`;
  const genitive = (kind: OrganisationKind) => organisationWords([kind]).genitive;
  const parts = counted
    .map((kind, index) => {
      const who = index === 0 ? capitalised(genitive(kind.organisationKind)) : genitive(kind.organisationKind);
      return `${who}, где ${questionnairesNeeded(minCompleteQuestionnairesPerSchool)}: ${partOf(kind.respondingSchools, kind.totalSchools)}`;
    })
    .join('; ');
  const minShare = shareText(rate.minShare);
  if (rate.sufficient)
    return `${parts} — ${counted.length > 1 ? 'в каждом случае ' : ''}не меньше ${minShare}, данных достаточно.${excluded}`;
  const short = counted.filter((kind) => !kind.sufficient).map((kind) => genitive(kind.organisationKind));
  const whose = counted.length > 1 ? `у ${short.join(' и ')} ` : '';
  return `${parts} — ${whose}меньше ${minShare}, поэтому вместо уровня — ${quoted(label)}.${excluded}`;
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

/** The last sentence(s): the level given, or why it is withheld. */
function verdict(
  compiled: CompiledScoring,
  subject: 'уровень механизма' | 'общий уровень',
  cappedLevel: number,
  rate: ResponseRate,
): string[] {
  const given = level(compiled, cappedLevel);
  if (rate.sufficient) return [`${subject[0]!.toUpperCase()}${subject.slice(1)} — ${given}.`];
  return [`Расчётный ${subject} — ${given}, но он не присваивается.`, rate.explanation];
}

/** Why a mechanism has its level: points and band, reductions, caps, flags, the verdict. */
export function mechanismExplanation(
  compiled: CompiledScoring,
  result: MechanismLevel,
  components: readonly ComponentScore[],
  formSubmitted: boolean,
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
  sentences.push(...verdict(compiled, 'уровень механизма', result.cappedLevel, rate));
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
