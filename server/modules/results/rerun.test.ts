import { describe, expect, it } from 'vitest';
import type { CellTuple } from '../../../db/schema/scoring';
import { compareWithPreviousRun, type PreviousResult } from './rerun';

const cell = (code: string, points: number[], percent = 50): CellTuple => [code, percent, 2, 2, 0, points];

function previous(
  municipalityId: number,
  cells: CellTuple[],
  confirmedMechanisms: string[] = [],
  insufficientData = false,
): PreviousResult {
  return { municipalityId, insufficientData, cells, confirmedMechanisms };
}

describe('compareWithPreviousRun', () => {
  it('finds nothing changed and carries every confirmation when the points are the same', () => {
    const before = [previous(1, [cell('m1', [1, 0.5]), cell('m2', [0])], ['m1', 'm2'])];
    const { changed, carried } = compareWithPreviousRun(before, [
      { municipalityId: 1, insufficientData: false, cells: [cell('m2', [0]), cell('m1', [1, 0.5])] },
    ]);
    expect([...changed]).toEqual([]);
    expect(carried).toEqual([
      { municipalityId: 1, mechanismCode: 'm1' },
      { municipalityId: 1, mechanismCode: 'm2' },
    ]);
  });

  it('marks a municipality changed when one cell’s points change, and carries only the confirmations of unchanged cells', () => {
    const before = [previous(1, [cell('m1', [1, 0.5]), cell('m2', [0])], ['m1', 'm2']), previous(2, [cell('m1', [1, 1])], ['m1'])];
    const { changed, carried } = compareWithPreviousRun(before, [
      { municipalityId: 1, insufficientData: false, cells: [cell('m1', [1, 1]), cell('m2', [0])] },
      { municipalityId: 2, insufficientData: false, cells: [cell('m1', [1, 1])] },
    ]);
    expect([...changed]).toEqual([1]);
    expect(carried).toEqual([
      { municipalityId: 1, mechanismCode: 'm2' },
      { municipalityId: 2, mechanismCode: 'm1' },
    ]);
  });

  it('compares points, not what follows from them', () => {
    const { changed } = compareWithPreviousRun(
      [previous(1, [cell('m1', [1], 40)])],
      [{ municipalityId: 1, insufficientData: false, cells: [cell('m1', [1], 60)] }],
    );
    expect(changed.size).toBe(0);
  });

  it('treats a changed response-rate guard as a change of the whole municipality', () => {
    const { changed, carried } = compareWithPreviousRun(
      [previous(1, [cell('m1', [1])], ['m1'], true)],
      [{ municipalityId: 1, insufficientData: false, cells: [cell('m1', [1])] }],
    );
    expect([...changed]).toEqual([1]);
    expect(carried).toEqual([]);
  });

  it('treats a mechanism whose own guard changed as changed, and drops only its confirmation', () => {
    const withheld: CellTuple = ['m2', 50, 2, null, 0, [0]];
    const { changed, carried } = compareWithPreviousRun(
      [previous(1, [cell('m1', [1]), cell('m2', [0])], ['m1', 'm2'], true)],
      [{ municipalityId: 1, insufficientData: true, cells: [cell('m1', [1]), withheld] }],
    );
    expect([...changed]).toEqual([1]);
    expect(carried).toEqual([{ municipalityId: 1, mechanismCode: 'm1' }]);
  });

  it('treats a municipality or a mechanism new to the run as changed', () => {
    const before = [previous(1, [cell('m1', [1])], ['m1'])];
    const { changed, carried } = compareWithPreviousRun(before, [
      { municipalityId: 1, insufficientData: false, cells: [cell('m1', [1]), cell('m2', [0])] },
      { municipalityId: 3, insufficientData: false, cells: [cell('m1', [1])] },
    ]);
    expect([...changed].sort()).toEqual([1, 3]);
    expect(carried).toEqual([{ municipalityId: 1, mechanismCode: 'm1' }]);
  });

  it('sees a different number of component points as a change', () => {
    const { changed } = compareWithPreviousRun(
      [previous(1, [cell('m1', [1, 0])])],
      [{ municipalityId: 1, insufficientData: false, cells: [cell('m1', [1])] }],
    );
    expect([...changed]).toEqual([1]);
  });
});
