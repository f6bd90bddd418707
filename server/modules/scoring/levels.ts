import type { LevelCode, ScoringRules } from '../methodology/methodology.schemas';
import type { CompiledMechanism, CompiledScoring } from './compiled';
import type { AppliedCap, Reconciliation } from './scoring.schemas';

// The arithmetic of METHODOLOGY.md §4 on points and levels, with every number taken from the methodology.
// Exported one by one so that an expert's override of a component's points can be re-levelled the same way.

/** The highest band whose lower bound the percent reaches. */
export function bandLevel(bands: ScoringRules['levelBands'], percent: number): LevelCode {
  let level = bands[0]!.level;
  for (const band of bands) if (percent >= band.fromPercent) level = band.level;
  return level;
}

export interface ReconciledPoints {
  points: number;
  reconciliation: Reconciliation;
  flagged: boolean;
}

/**
 * A component's final points from the municipality's claim and the schools' corroboration share (null: nobody to
 * take it over). Components schools cannot see keep the claim. Over answering schools, a component no school
 * answered keeps its claim unconfirmed, at most `whenNoSchoolAnswered.maxPoints`, flagged when the rule says so
 * and something was claimed. Over responding schools (the rule before), no responding school is reconciled as
 * share 0 — otherwise a municipality would score higher by getting fewer answers.
 */
export function reconcile(rules: ScoringRules, claimed: number, visibleToSchools: boolean, share: number | null): ReconciledPoints {
  if (!visibleToSchools) return { points: claimed, reconciliation: 'not_visible_to_schools', flagged: false };
  const shareRule = rules.corroboration.share;
  if (share === null && shareRule.over === 'answering_schools') {
    const { maxPoints, flag } = shareRule.whenNoSchoolAnswered;
    return {
      points: Math.min(claimed, maxPoints),
      reconciliation: 'no_answering_schools',
      flagged: flag && claimed > rules.municipalEvidence.points.absent,
    };
  }
  const { keepPointsFromShare, maxPointsBelowShare, flagClaimedPoints, flagBelowShare } = rules.reconciliation;
  const effective = share ?? 0;
  const flagged = claimed >= flagClaimedPoints && effective < flagBelowShare;
  if (effective >= keepPointsFromShare) return { points: claimed, reconciliation: 'corroborated', flagged };
  return {
    points: Math.min(claimed, maxPointsBelowShare),
    reconciliation: share === null ? 'no_responding_schools' : 'not_corroborated',
    flagged,
  };
}

export interface MechanismLevel {
  points: number;
  maxPoints: number;
  percent: number;
  bandLevel: LevelCode;
  cappedLevel: LevelCode;
  caps: AppliedCap[];
}

/**
 * A mechanism's percent, band and capped level from its components' final points (in cycle order). Caps are met
 * from the highest level down, so a level lowered by one cap is then held against the caps below it.
 */
export function mechanismLevel(
  compiled: CompiledScoring,
  mechanism: CompiledMechanism,
  componentPoints: readonly number[],
): MechanismLevel {
  let points = 0;
  for (const p of componentPoints) points += p;
  const maxPoints = compiled.maxMechanismPoints;
  // Multiplying first keeps whole results exact (9 of 18 is 50, not 49.99…), so thresholds are met as written.
  const percent = (points * 100) / maxPoints;
  const band = bandLevel(compiled.rules.levelBands, percent);
  let level = band;
  const caps: AppliedCap[] = [];
  for (const cap of compiled.caps) {
    if (level < cap.level) continue;
    const failing: AppliedCap['failing'] = [];
    for (const requirement of cap.requires) {
      for (const index of requirement.componentIndices) {
        if (componentPoints[index]! >= requirement.minPoints) continue;
        const component = mechanism.components[index]!;
        // A component failing two requirements of one cap is named once, with the higher minimum.
        const listed = failing.find((f) => f.component === component.code);
        if (listed) listed.minPoints = Math.max(listed.minPoints, requirement.minPoints);
        else
          failing.push({
            component: component.code,
            title: component.title,
            points: componentPoints[index]!,
            minPoints: requirement.minPoints,
          });
      }
    }
    if (failing.length === 0) continue;
    level = cap.level - 1;
    caps.push({ level: cap.level, explanation: cap.explanation, failing });
  }
  return { points, maxPoints, percent, bandLevel: band, cappedLevel: level, caps };
}

export interface OverallLevel {
  percent: number;
  bandLevel: LevelCode;
  cappedLevel: LevelCode;
  lowestMechanismLevel: LevelCode;
  lowestMechanisms: string[];
  capped: boolean;
}

/**
 * The overall level: the mean of the mechanisms' percents, banded, and at most `maxLevelsAboveLowestMechanism`
 * above the lowest mechanism's (capped) level.
 */
export function overallLevel(
  compiled: CompiledScoring,
  mechanisms: ReadonlyArray<{ code: string; points: number; cappedLevel: LevelCode }>,
): OverallLevel {
  let points = 0;
  let lowest = mechanisms[0]!.cappedLevel;
  for (const mechanism of mechanisms) {
    points += mechanism.points;
    if (mechanism.cappedLevel < lowest) lowest = mechanism.cappedLevel;
  }
  // Every mechanism has the same maximum, so the mean of percents is total points over total maximum — one
  // division, exact at the thresholds like a mechanism's percent.
  const percent = (points * 100) / (mechanisms.length * compiled.maxMechanismPoints);
  const bands = compiled.rules.levelBands;
  const ceiling = Math.min(lowest + compiled.rules.overall.maxLevelsAboveLowestMechanism, bands[bands.length - 1]!.level);
  const band = bandLevel(bands, percent);
  return {
    percent,
    bandLevel: band,
    cappedLevel: band > ceiling ? ceiling : band,
    lowestMechanismLevel: lowest,
    lowestMechanisms: mechanisms.filter((mechanism) => mechanism.cappedLevel === lowest).map((mechanism) => mechanism.code),
    capped: band > ceiling,
  };
}
