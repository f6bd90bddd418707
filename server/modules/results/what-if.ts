import type { LevelCode } from '../methodology/methodology.schemas';
import type { CompiledScoring } from '../scoring/compiled';
import { bandLevel } from '../scoring/levels';
import type { MechanismScore, MunicipalityScore } from '../scoring/scoring.schemas';
import { mechanismsDative, percentText, quoted } from '../scoring/texts';
import { WHAT_IF_CHANGES, type WhatIfChange, type WhatIfComparison, type WhatIfCounts, type WhatIfRow } from './what-if.schemas';

// A municipality's levels in the campaign's latest run beside its score under another methodology version, and why
// they differ. The version's numbers and sentences come from the scorer (score.ts, explain.ts); here they are only
// set beside the run's and the differences named.

/** A judged value of the run: computed, and what stands after experts' overrides (results-reading.ts). */
interface JudgedValue {
  computedLevel: LevelCode | null;
  level: LevelCode | null;
  computedPercent: number;
  percent: number;
  overridden: boolean;
}

/** A municipality's row of the latest run, as the results matrix reads it. */
export interface RunRow {
  municipalityId: number;
  name: string;
  insufficientData: boolean;
  overall: JudgedValue;
  cells: ReadonlyArray<JudgedValue & { mechanismCode: string; computedComponentPoints: readonly number[] }>;
}

/** From the computed level now to the version's. */
export function levelChange(now: LevelCode | null, version: LevelCode | null): WhatIfChange {
  if (now === null) return version === null ? 'same' : 'given';
  if (version === null) return 'withheld';
  return version > now ? 'up' : version < now ? 'down' : 'same';
}

/** Percents as shown (one decimal): a difference below that is not a change anyone could see. */
const samePercent = (a: number, b: number) => Math.round(a * 10) === Math.round(b * 10);

function label(compiled: CompiledScoring, level: LevelCode | null): string {
  return quoted(level === null ? compiled.rules.responseRate.label : compiled.levelLabels[level]!);
}

/** «по границам версии: «частично сформирована» (от 50 до 80 %) → «есть отдельные элементы системы» (от 30 до 70 %)». */
function bandReason(current: CompiledScoring, version: CompiledScoring, nowPercent: number, versionBand: LevelCode): string | null {
  const nowBand = bandLevel(current.rules.levelBands, nowPercent);
  const before = `${label(current, nowBand)} ${current.bandRanges[nowBand]}`;
  const after = `${label(version, versionBand)} ${version.bandRanges[versionBand]}`;
  if (before === after) return null;
  return nowBand === versionBand ? `Границы уровня изменились: ${before} → ${after}.` : `Граница уровня пересечена: ${before} → ${after}.`;
}

/** When the version's response-rate guard decides otherwise: `explanation` is its guard's (the mechanism's or the municipality's). */
function guardReason(now: JudgedValue, versionLevel: LevelCode | null, explanation: string): string | null {
  const nowWithheld = now.computedLevel === null;
  const versionWithheld = versionLevel === null;
  if (nowWithheld === versionWithheld) return null;
  return `${versionWithheld ? 'По версии уровень не присваивается' : 'По версии уровень присваивается'}: ${explanation}`;
}

function overrideReason(current: CompiledScoring, now: JudgedValue, subject: string): string | null {
  if (!now.overridden) return null;
  return `Сейчас действует решение эксперта: ${subject} — ${label(current, now.level)} (рассчитано — ${label(current, now.computedLevel)}); на другую версию оно не переносится.`;
}

function comparison(
  now: JudgedValue,
  version: { level: LevelCode | null; percent: number },
  reasons: ReadonlyArray<string | null>,
  explanation: readonly string[],
): WhatIfComparison {
  const change = levelChange(now.computedLevel, version.level);
  const changed = change !== 'same' || !samePercent(now.computedPercent, version.percent);
  const named = reasons.filter((reason): reason is string => reason !== null);
  return {
    now: { ...now },
    version,
    change,
    changed,
    reasons: changed ? named : named.filter((reason) => reason.startsWith('Сейчас действует')),
    explanation: changed ? [...explanation] : [],
  };
}

/** Components whose points differ, each with the version's reason for its points (evidence, corroboration share). */
function componentReasons(current: CompiledScoring, mechanism: MechanismScore, before: readonly number[]): string[] {
  const compiledNow = current.mechanisms.find((m) => m.code === mechanism.code)!;
  const nowIndex = new Map(compiledNow.components.map((component, index) => [component.code, index]));
  const reasons: string[] = [];
  for (const component of mechanism.components) {
    const index = nowIndex.get(component.code);
    if (index === undefined) {
      reasons.push(`Компонент ${quoted(component.title)} — новый в версии: ${component.points}. ${component.reason}`);
      continue;
    }
    if (before[index] !== component.points)
      reasons.push(`Компонент ${quoted(component.title)}: ${before[index]} → ${component.points}. ${component.reason}`);
  }
  const versionCodes = new Set(mechanism.components.map((component) => component.code));
  for (const component of compiledNow.components)
    if (!versionCodes.has(component.code)) reasons.push(`Компонента ${quoted(component.title)} в версии нет.`);
  return reasons;
}

function capReasons(version: CompiledScoring, mechanism: MechanismScore): string[] {
  return mechanism.caps.map((cap) => `По версии уровень понижен до ${label(version, cap.level - 1)}: ${cap.explanation}`);
}

function compareCell(
  current: CompiledScoring,
  version: CompiledScoring,
  cell: RunRow['cells'][number],
  mechanism: MechanismScore,
): WhatIfRow['cells'][number] {
  let before = 0;
  for (const points of cell.computedComponentPoints) before += points;
  const pointsBefore = `${before} из ${current.maxMechanismPoints} (${percentText(cell.computedPercent)})`;
  const pointsAfter = `${mechanism.points} из ${mechanism.maxPoints} (${percentText(mechanism.percent)})`;
  const reasons = [
    pointsBefore === pointsAfter ? null : `Баллы: ${pointsBefore} → ${pointsAfter}.`,
    ...componentReasons(current, mechanism, cell.computedComponentPoints),
    bandReason(current, version, cell.computedPercent, mechanism.bandLevel),
    ...capReasons(version, mechanism),
    guardReason(cell, mechanism.level, mechanism.guard.explanation),
    overrideReason(current, cell, 'уровень механизма'),
  ];
  return {
    mechanismCode: cell.mechanismCode,
    ...comparison(cell, { level: mechanism.level, percent: mechanism.percent }, reasons, mechanism.explanation),
  };
}

function compareOverall(current: CompiledScoring, version: CompiledScoring, row: RunRow, score: MunicipalityScore): WhatIfComparison {
  const overall = score.overall;
  const counted = score.mechanisms.length;
  const reasons = [
    counted === current.mechanisms.length
      ? null
      : `По версии средний процент считается по ${mechanismsDative(counted)} из ${current.mechanisms.length}.`,
    samePercent(row.overall.computedPercent, overall.percent)
      ? null
      : `Средний процент: ${percentText(row.overall.computedPercent)} → ${percentText(overall.percent)}.`,
    bandReason(current, version, row.overall.computedPercent, overall.bandLevel),
    overall.capped
      ? `По версии общий уровень ограничен уровнем самого слабого механизма (${overall.lowestMechanisms.join(', ')} — ${label(version, overall.lowestMechanismLevel)}).`
      : null,
    guardReason(row.overall, overall.level, score.responseRate.explanation),
    overrideReason(current, row.overall, 'общий уровень'),
  ];
  return comparison(row.overall, { level: overall.level, percent: overall.percent }, reasons, overall.explanation);
}

/**
 * A municipality's run row beside its score under the version: every mechanism of the run the version scored (in
 * the run's order), and the overall level.
 */
export function compareMunicipality(current: CompiledScoring, version: CompiledScoring, row: RunRow, score: MunicipalityScore): WhatIfRow {
  const scored = new Map(score.mechanisms.map((mechanism) => [mechanism.code, mechanism]));
  return {
    municipalityId: row.municipalityId,
    name: row.name,
    overall: compareOverall(current, version, row, score),
    cells: row.cells.flatMap((cell) => {
      const mechanism = scored.get(cell.mechanismCode);
      return mechanism ? [compareCell(current, version, cell, mechanism)] : [];
    }),
  };
}

const noCounts = (): WhatIfCounts => Object.fromEntries(WHAT_IF_CHANGES.map((change) => [change, 0])) as WhatIfCounts;

/** How many levels go up, down or stay, overall and per mechanism (in `mechanismCodes` order). */
export function summarize(rows: readonly WhatIfRow[], mechanismCodes: readonly string[]) {
  const overall = noCounts();
  const byMechanism = new Map(mechanismCodes.map((code) => [code, noCounts()]));
  for (const row of rows) {
    overall[row.overall.change]++;
    for (const cell of row.cells) byMechanism.get(cell.mechanismCode)![cell.change]++;
  }
  return { overall, mechanisms: mechanismCodes.map((code) => ({ code, counts: byMechanism.get(code)! })) };
}
