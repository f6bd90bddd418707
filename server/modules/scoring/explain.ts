import type { CompiledScoring } from './compiled';
import type { MechanismLevel, OverallLevel, ReconciledPoints } from './levels';
import type { ComponentScore, Corroboration, ResponseRate } from './scoring.schemas';
import {
  levelsText,
  mechanismsDative,
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

/** The sentence of a component held to `maxPointsBelowShare` for `cause`. */
function limitedReason(compiled: CompiledScoring, cause: string, claimed: number, points: number): string {
  const limit = `${cause}, поэтому не больше ${pointsGenitive(compiled.rules.reconciliation.maxPointsBelowShare)}`;
  return points < claimed
    ? `${limit}: баллы снижены с ${claimed} до ${points}.`
    : `${limit}; баллы муниципалитета (${pointsText(claimed)}) не меняются.`;
}

/** Why a component has its final points, given what the municipality claimed and the schools' corroboration. */
export function reconciliationReason(
  compiled: CompiledScoring,
  claimed: number,
  result: ReconciledPoints,
  corroboration: Corroboration | null,
): string {
  if (result.reconciliation === 'not_visible_to_schools')
    return `Школы этот компонент не видят, поэтому остаются баллы муниципалитета: ${pointsText(result.points)}.`;
  const schools = corroboration ? partOf(corroboration.confirmingSchools, corroboration.respondingSchools) : '';
  // Corroboration can only keep or lower the municipality's points: an undeclared component stays at its points.
  if (claimed === compiled.rules.municipalEvidence.points.absent) {
    return result.reconciliation === 'corroborated'
      ? `Муниципалитет компонент не заявил, хотя школы его подтверждают: ${schools}; баллы начисляются только по сведениям муниципалитета — ${pointsText(result.points)}.`
      : `Муниципалитет компонент не заявил — ${pointsText(result.points)}.`;
  }
  const keep = shareText(compiled.rules.reconciliation.keepPointsFromShare);
  switch (result.reconciliation) {
    case 'corroborated':
      return `Подтверждение школами: ${schools} — не меньше ${keep}, поэтому остаются баллы муниципалитета: ${pointsText(result.points)}.`;
    case 'not_corroborated':
      return limitedReason(compiled, `Подтверждение школами: ${schools} — меньше ${keep}`, claimed, result.points);
    case 'no_responding_schools':
      return limitedReason(compiled, 'Ни одна школа не заполнила анкету, подтвердить компонент нечем', claimed, result.points);
  }
}

/** What the expert is asked to look at in a flagged component. */
export function flagMessage(compiled: CompiledScoring, claimed: number, corroboration: Corroboration): string {
  if (corroboration.share === null)
    return `Муниципалитет заявил ${pointsText(claimed)}, а подтвердить компонент некому: ни одна школа не заполнила анкету.`;
  return `Муниципалитет заявил ${pointsText(claimed)}, а подтверждение школами — ${partOf(corroboration.confirmingSchools, corroboration.respondingSchools)}, меньше ${shareText(compiled.rules.reconciliation.flagBelowShare)}.`;
}

/** Whether the municipality's schools answered enough for levels to be given. */
export function responseRateExplanation(
  compiled: CompiledScoring,
  rate: Omit<ResponseRate, 'explanation'>,
  excludedSchools: readonly string[] = [],
): string {
  const { minCompleteQuestionnairesPerSchool, label } = compiled.rules.responseRate;
  const excluded = excludedSchools.length ? ` Исключены из кампании и не учитываются: ${excludedSchools.join('; ')}.` : '';
  if (rate.totalSchools === 0)
    return `В муниципалитете нет школ, участвующих в оценке, поэтому вместо уровня — ${quoted(label)}.${excluded}`;
  const counted = `Школ, где ${questionnairesNeeded(minCompleteQuestionnairesPerSchool)}: ${partOf(rate.respondingSchools, rate.totalSchools)}`;
  return rate.sufficient
    ? `${counted} — не меньше ${shareText(rate.minShare)}, данных достаточно.${excluded}`
    : `${counted} — меньше ${shareText(rate.minShare)}, поэтому вместо уровня — ${quoted(label)}.${excluded}`;
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
    sentences.push(`Школы не подтвердили сведения муниципалитета, баллы снижены: ${componentList(notCorroborated, fromTo)}.`);
  const unanswered = lowered(components, 'no_responding_schools');
  if (unanswered.length > 0)
    sentences.push(
      `Ни одна школа не заполнила анкету, поэтому баллы компонентов, которые видят школы, снижены: ${componentList(unanswered, fromTo)}.`,
    );
  for (const cap of result.caps) {
    const failing = cap.failing
      .map((f) => `${quoted(f.title)} — ${pointsText(f.points)} (нужно не меньше ${pointsGenitive(f.minPoints)})`)
      .join(', ');
    sentences.push(`Уровень понижен до ${level(compiled, cap.level - 1)}. ${cap.explanation} Не выполнено: ${failing}.`);
  }
  const flagged = components.filter((c) => c.flagged);
  if (flagged.length > 0)
    sentences.push(
      `Отмечено для проверки экспертом: ${componentList(flagged, noDetail)} — муниципалитет заявил больше, чем подтверждают школы.`,
    );
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
