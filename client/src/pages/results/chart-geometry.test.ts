import { describe, expect, it } from 'vitest';
import { levelPoints, levelY, linePath, shorten, stackSegments } from './chart-geometry';

describe('stackSegments', () => {
  it('gives each level with municipalities its share of the width, in level order, insufficient last', () => {
    expect(stackSegments([2, 0, 1, 1], 4, 400)).toEqual([
      { level: 0, count: 2, x: 0, width: 100 },
      { level: 2, count: 1, x: 100, width: 50 },
      { level: 3, count: 1, x: 150, width: 50 },
      { level: null, count: 4, x: 200, width: 200 },
    ]);
  });
  it('fills the whole width, and draws nothing for nothing', () => {
    const segments = stackSegments([1, 1, 1, 0], 0, 300);
    const last = segments.at(-1)!;
    expect(last.x + last.width).toBeCloseTo(300);
    expect(stackSegments([0, 0, 0, 0], 0, 300)).toEqual([]);
  });
});

describe('level points', () => {
  const box = { width: 200, height: 100, padX: 10, padY: 10 };
  it('puts level 3 at the top and 0 at the bottom', () => {
    expect(levelY(3, box)).toBe(10);
    expect(levelY(0, box)).toBe(90);
    expect(levelY(1, box)).toBeCloseTo(63.33, 1);
  });
  it('spreads campaigns evenly, one campaign in the middle, and keeps unknown levels off the line', () => {
    expect(levelPoints([0, null, 3], box)).toEqual([
      { x: 10, y: 90, level: 0 },
      { x: 100, y: null, level: null },
      { x: 190, y: 10, level: 3 },
    ]);
    expect(levelPoints([2], box)).toEqual([{ x: 100, y: levelY(2, box), level: 2 }]);
    expect(levelPoints([undefined, 1], box)[0]).toEqual({ x: 10, y: null, level: undefined });
  });
  it('breaks the line at a gap instead of bridging it', () => {
    expect(linePath(levelPoints([0, 1, null, 3, 2], box))).toBe('M10 90 L55 63.3 M145 10 L190 36.7');
    expect(linePath(levelPoints([null, null], box))).toBe('');
  });
});

describe('shorten', () => {
  it('keeps a label that fits and cuts a long one with an ellipsis', () => {
    expect(shorten('Итоговый уровень', 20)).toBe('Итоговый уровень');
    expect(shorten('1.1. Система оценки качества подготовки', 14)).toBe('1.1. Система…');
    expect(shorten('1.1. Система оценки качества подготовки', 14)).toHaveLength(13);
  });
});
