import type { CellTuple } from '../../../db/schema/scoring';

/** What a new run is compared on: a municipality's response-rate guard and each cell's component points and guard. */
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
  /** Confirmations that still hold: the cell's points and guards did not change. */
  carried: Array<{ municipalityId: number; mechanismCode: string }>;
}

const POINTS = 5;

function samePoints(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const LEVEL = 3;

/** The cell's points, and whether its level is withheld: what an expert's confirmation of it rests on. */
function sameCell(earlier: CellTuple | undefined, cell: CellTuple): boolean {
  return earlier !== undefined && (earlier[LEVEL] === null) === (cell[LEVEL] === null) && samePoints(earlier[POINTS], cell[POINTS]);
}

/**
 * A new run against the one before it. Component points are what percents and levels follow from, so a cell whose
 * points did not change shows what the expert saw, unless its mechanism's response-rate guard changed; a changed
 * guard of the overall level changes the whole municipality.
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
    const earlierCells = new Map(earlier.cells.map((cell) => [cell[0], cell]));
    const unchanged = new Set<string>();
    for (const cell of result.cells) {
      if (sameCell(earlierCells.get(cell[0]), cell)) unchanged.add(cell[0]);
      else changed.add(result.municipalityId);
    }
    for (const mechanismCode of earlier.confirmedMechanisms) {
      if (unchanged.has(mechanismCode)) carried.push({ municipalityId: result.municipalityId, mechanismCode });
    }
  }
  return { changed, carried };
}
