import type { CellTuple } from '../../../db/schema/scoring';

/** What a new run is compared on: a municipality's response-rate guard and each cell's component points. */
export interface ComparedResult {
  municipalityId: number;
  insufficientData: boolean;
  cells: readonly CellTuple[];
}

/** A municipality's result in the run before, with the mechanisms an expert confirmed in it. */
export interface PreviousResult extends ComparedResult {
  confirmedMechanisms: readonly string[];
}

export interface RunComparison {
  /** Municipalities whose computed result differs from the run before (or that are new to the run). */
  changed: Set<number>;
  /** Confirmations that still hold: the cell's points and the municipality's guard did not change. */
  carried: Array<{ municipalityId: number; mechanismCode: string }>;
}

const POINTS = 5;

function samePoints(a: readonly number[] | undefined, b: readonly number[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A new run against the one before it. Component points are what percents and levels follow from, so a cell whose
 * points did not change shows what the expert saw; a changed response-rate guard changes the whole municipality.
 */
export function compareWithPreviousRun(previous: readonly PreviousResult[], current: readonly ComparedResult[]): RunComparison {
  const before = new Map(previous.map((result) => [result.municipalityId, result]));
  const changed = new Set<number>();
  const carried: RunComparison['carried'] = [];
  for (const result of current) {
    const earlier = before.get(result.municipalityId);
    if (!earlier || earlier.insufficientData !== result.insufficientData) {
      changed.add(result.municipalityId);
      continue;
    }
    const earlierPoints = new Map(earlier.cells.map((cell) => [cell[0], cell[POINTS]]));
    const unchanged = new Set<string>();
    for (const cell of result.cells) {
      if (samePoints(earlierPoints.get(cell[0]), cell[POINTS])) unchanged.add(cell[0]);
      else changed.add(result.municipalityId);
    }
    for (const mechanismCode of earlier.confirmedMechanisms) {
      if (unchanged.has(mechanismCode)) carried.push({ municipalityId: result.municipalityId, mechanismCode });
    }
  }
  return { changed, carried };
}
