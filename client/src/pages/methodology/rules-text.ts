import { ORGANISATION_KINDS, type OrganisationKind } from '@db/schema/values';
import { plural } from '@server/lib/plural';
import type { MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import { organisationWords } from '@server/modules/scoring/texts';

// The scoring rules of a methodology version in plain Russian, built from its numbers — never written by hand,
// so the page cannot disagree with the data the scorer uses.

const NBSP = '\u00a0';

export const percent = (share: number) => `${Math.round(share * 100)}${NBSP}%`;
export const points = (n: number) => `${n}${NBSP}${plural(n, 'балл', 'балла', 'баллов')}`;
/** After «не больше», «не меньше»: 1 балла, 2 баллов. */
export const pointsAfterComparison = (n: number) => `${n}${NBSP}${plural(n, 'балла', 'баллов', 'баллов')}`;
const quoted = (texts: readonly string[]) => texts.map((text) => `«${text}»`).join(', ');

export interface LevelRange {
  code: number;
  label: string;
  range: string;
}

/** Each level with the share of points that gives it: «от 25 % до 50 %». */
export function levelRanges(reference: MethodologyReference): LevelRange[] {
  const bands = reference.scoring.levelBands;
  return bands.map((band, index) => {
    const next = bands[index + 1];
    const range =
      index === 0 && next
        ? `меньше ${next.fromPercent}${NBSP}%`
        : next
          ? `от ${band.fromPercent} до ${next.fromPercent}${NBSP}%`
          : `от ${band.fromPercent}${NBSP}%`;
    return { code: band.level, label: reference.levels.find((level) => level.code === band.level)?.label ?? String(band.level), range };
  });
}

export interface RuleSection {
  title: string;
  paragraphs: string[];
}

/** How the municipality's share is taken, and what happens when nobody answered a component. */
function shareParagraphs(share: MethodologyReference['scoring']['corroboration']['share']): string[] {
  if (share.over === 'responding_schools')
    return [
      'Доля подтверждения по муниципалитету — число подтвердивших школ, делённое на число школ, заполнивших анкеты; школа, не ответившая на вопросы компонента, считается не подтвердившей его.',
    ];
  const { maxPoints, flag } = share.whenNoSchoolAnswered;
  return [
    'Доля подтверждения по муниципалитету — число подтвердивших школ, делённое на число школ, ответивших по компоненту. Школа, давшая по вопросам компонента только нейтральные ответы, или школа, где не отправили анкеты те, кого об этом спрашивают, в долю не входит и называется в обосновании отдельно.',
    `Если по компоненту не ответила ни одна школа, баллы муниципалитета остаются неподтверждёнными: не больше ${pointsAfterComparison(maxPoints)}${flag ? ', и компонент отмечается для проверки экспертом («школы не ответили»)' : ''}.`,
  ];
}

/** The kinds of organisations whose roles the methodology asks anything, in `ORGANISATION_KINDS` order. */
function askedKinds(reference: MethodologyReference): OrganisationKind[] {
  const asked = new Set(reference.blocks.flatMap((block) => block.mechanisms.flatMap((m) => m.questionCounts.map((entry) => entry.role))));
  const kinds = new Set(reference.respondentRoles.filter((role) => asked.has(role.code)).map((role) => role.organisationKind));
  return ORGANISATION_KINDS.filter((kind) => kinds.has(kind));
}

/**
 * When a level is withheld: a share of the municipality's schools, or, when the methodology asks kindergartens
 * too, a share of each kind, withholding the mechanisms that kind takes part in (and so the overall level).
 */
function responseRateParagraphs(reference: MethodologyReference): string[] {
  const { minShareOfSchools, minCompleteQuestionnairesPerSchool: minimum, label } = reference.scoring.responseRate;
  const filled = minimum === 1 ? 'хотя бы одну анкету' : `хотя бы ${minimum} ${plural(minimum, 'анкету', 'анкеты', 'анкет')}`;
  const kinds = askedKinds(reference);
  if (kinds.length <= 1)
    return [
      `Если ${filled} полностью заполнили меньше ${percent(minShareOfSchools)} ${organisationWords(kinds).genitive} муниципалитета, вместо уровня выводится «${label}».`,
    ];
  const list = kinds.map((kind) => organisationWords([kind]).genitive).join(', ');
  return [
    `Доля ответивших считается отдельно для организаций каждого типа (${list}). Если ${filled} полностью заполнили меньше ${percent(minShareOfSchools)} организаций одного из типов в муниципалитете, вместо уровня каждого механизма, в оценке которого участвуют организации этого типа, выводится «${label}»; уровни остальных механизмов присваиваются.`,
    `Общий уровень считается по всем механизмам, поэтому вместо него выводится «${label}», если не присвоен уровень хотя бы одного механизма.`,
  ];
}

export function describeScoring(reference: MethodologyReference): RuleSection[] {
  const { municipalEvidence, corroboration, reconciliation, caps, overall } = reference.scoring;
  const evidence = municipalEvidence.points;
  const components = reference.cycleComponents;
  const seenBySchools = components.filter((component) => component.visibleToSchools).map((component) => component.title);
  const roleLabel = (code: string) => reference.respondentRoles.find((role) => role.code === code)?.label ?? code;
  const checkableBy = municipalEvidence.verifiableBy.map((way) =>
    way === 'url' ? 'указана ссылка на документ на официальном сайте' : 'указаны дата и номер документа',
  );
  const maximum = components.length * evidence.verifiable;
  const defaultRule = corroboration.defaultRule;

  return [
    {
      title: 'Баллы по сведениям муниципалитета',
      paragraphs: [
        `Каждый компонент управленческого цикла по каждому механизму получает баллы по форме, которую заполняет муниципальный координатор: ${points(evidence.absent)} — компонента нет; ${points(evidence.declared)} — компонент заявлен и назван документ, которым он установлен; ${points(evidence.verifiable)} — эксперт может проверить заявление: ${checkableBy.join(' или ')}.`,
      ],
    },
    {
      title: 'Подтверждение школами',
      paragraphs: [
        `Компоненты ${quoted(seenBySchools)} школы видят сами, поэтому их подтверждают ответы анкет (${reference.respondentRoles.map((role) => role.label.toLowerCase()).join(', ')}).`,
        defaultRule.kind === 'majority'
          ? `Вопрос подтверждает компонент в школе, если подтверждающий ответ дали больше ${percent(corroboration.majorityAbove)} ответивших на него респондентов школы. У отдельных вопросов учитывается ответ только одного респондента, например директора.`
          : `Вопрос подтверждает компонент в школе по ответу респондента «${roleLabel(defaultRule.role)}», если у вопроса не указано иное правило.`,
        ...(reference.neutralAnswers.length > 0
          ? [`Ответы ${quoted(reference.neutralAnswers)} не учитываются: респондент считается не ответившим.`]
          : []),
        `Школа подтверждает компонент, если подтверждают не меньше ${percent(corroboration.componentQuestionShare)} вопросов этого компонента, на которые в ней ответили.`,
        ...shareParagraphs(corroboration.share),
      ],
    },
    {
      title: 'Сверка сведений муниципалитета и школ',
      paragraphs: [
        `При доле подтверждения от ${percent(reconciliation.keepPointsFromShare)} компонент сохраняет баллы муниципалитета, при меньшей — получает не больше ${pointsAfterComparison(reconciliation.maxPointsBelowShare)}.`,
        `Если муниципалитет заявил ${reconciliation.flagClaimedPoints === evidence.verifiable ? `наибольший балл (${evidence.verifiable})` : `не меньше ${pointsAfterComparison(reconciliation.flagClaimedPoints)}`}, а доля подтверждения ниже ${percent(reconciliation.flagBelowShare)}, компонент отмечается для проверки экспертом.`,
      ],
    },
    {
      title: 'Уровень механизма',
      paragraphs: [
        `Баллы всех компонентов механизма складываются и делятся на наибольшую возможную сумму (${components.length} × ${evidence.verifiable} = ${maximum}); уровень определяется по полученному проценту по границам, приведённым выше.`,
        ...caps.map((cap) => cap.explanation),
      ],
    },
    {
      title: 'Общий уровень муниципалитета',
      paragraphs: [
        overall.maxLevelsAboveLowestMechanism === 0
          ? 'Определяется по тем же границам по среднему проценту всех механизмов, но не выше уровня самого слабого механизма муниципалитета.'
          : `Определяется по тем же границам по среднему проценту всех механизмов, но не выше чем на ${overall.maxLevelsAboveLowestMechanism}${NBSP}${plural(overall.maxLevelsAboveLowestMechanism, 'уровень', 'уровня', 'уровней')} над уровнем самого слабого механизма муниципалитета.`,
      ],
    },
    {
      title: 'Недостаточно данных',
      paragraphs: responseRateParagraphs(reference),
    },
  ];
}
