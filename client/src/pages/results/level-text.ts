// Short wordings of levels for narrow table cells; the full label always goes into the title beside them.

const shortLabels = ['не сформ.', 'элементы', 'частично', 'сформ.'];

export function shortLevelLabel(level: number | null): string {
  return level === null ? 'нет данных' : (shortLabels[level] ?? String(level));
}

export type LevelChange = 'better' | 'worse' | 'same' | 'no_data';

const changeWords: Record<LevelChange, string> = { better: '↑ лучше', worse: '↓ хуже', same: '= без изменений', no_data: 'нет данных' };

/** A comparison cell: where the level was, where it is, and which way it went — «частично → сформ. ↑ лучше». */
export function comparisonCellText(previous: number | null, current: number | null, change: LevelChange): string {
  if (previous === null && current === null) return '— нет данных';
  return `${shortLevelLabel(previous)} → ${shortLevelLabel(current)} ${changeWords[change]}`;
}
