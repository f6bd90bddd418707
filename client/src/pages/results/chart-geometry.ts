// Pure geometry of the results pictures (charts.tsx draws them as SVG): no chart library, the same numbers in every
// browser and in print.

export interface Segment {
  /** 0…3, or null for «недостаточно данных». */
  level: number | null;
  count: number;
  x: number;
  width: number;
}

/**
 * One stacked bar: a segment per level with municipalities on it, then the insufficient ones, each as wide as its
 * share of `width`; empty levels take no room. Nothing at all gives no segments.
 */
export function stackSegments(counts: readonly number[], insufficient: number, width: number): Segment[] {
  const total = counts.reduce((sum, count) => sum + count, 0) + insufficient;
  if (total === 0) return [];
  const parts: Array<{ level: number | null; count: number }> = [
    ...counts.map((count, level) => ({ level, count })),
    { level: null, count: insufficient },
  ];
  const segments: Segment[] = [];
  let x = 0;
  for (const part of parts) {
    if (part.count === 0) continue;
    const segmentWidth = (part.count / total) * width;
    segments.push({ ...part, x, width: segmentWidth });
    x += segmentWidth;
  }
  return segments;
}

export interface Box {
  width: number;
  height: number;
  /** Room at the left and right of the first and last point. */
  padX: number;
  /** Room above level 3 and below level 0. */
  padY: number;
}

export interface LevelPoint {
  x: number;
  /** null when there is no level (insufficient data, or not assessed that time): no point on the line. */
  y: number | null;
  /** null: insufficient data; undefined: the mechanism was not assessed in that campaign. */
  level: number | null | undefined;
}

/** The highest level: the methodology's four levels are 0…3. */
export const TOP_LEVEL = 3;

/** y of a level in a box: level 3 at the top, 0 at the bottom. */
export function levelY(level: number, box: Box): number {
  return box.padY + ((TOP_LEVEL - level) * (box.height - 2 * box.padY)) / TOP_LEVEL;
}

/** Campaigns evenly across the box (a single one in the middle), each at the height of its level. */
export function levelPoints(levels: ReadonlyArray<number | null | undefined>, box: Box): LevelPoint[] {
  const inner = box.width - 2 * box.padX;
  return levels.map((level, index) => ({
    x: levels.length === 1 ? box.width / 2 : box.padX + (index * inner) / (levels.length - 1),
    y: level === null || level === undefined ? null : levelY(level, box),
    level,
  }));
}

/** An SVG path through the known points; an unknown level breaks the line instead of bridging it. */
export function linePath(points: readonly LevelPoint[]): string {
  const parts: string[] = [];
  let drawing = false;
  for (const point of points) {
    if (point.y === null) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${round(point.x)} ${round(point.y)}`);
    drawing = true;
  }
  return parts.join(' ');
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A label that fits a chart's label column; the whole text goes into the element's tooltip. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
