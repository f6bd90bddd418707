// Short wordings of levels for narrow table cells; the full label always goes into the title beside them.

const shortLabels = ['не сформ.', 'элементы', 'частично', 'сформ.'];

export function shortLevelLabel(level: number | null): string {
  return level === null ? 'нет данных' : (shortLabels[level] ?? String(level));
}

export type LevelChange = 'better' | 'worse' | 'same' | 'no_data' | 'not_comparable';

const changeWords: Record<Exclude<LevelChange, 'not_comparable'>, string> = {
  better: '↑ лучше',
  worse: '↓ хуже',
  same: '= без изменений',
  no_data: 'нет данных',
};

/**
 * A comparison cell: where the level was, where it is, and which way it went — «частично → сформ. ↑ лучше»; only
 * where it is when the earlier campaign has no level to compare with (another mechanism, another set of them).
 */
export function comparisonCellText(previous: number | null, current: number | null, change: LevelChange): string {
  if (change === 'not_comparable') return `${shortLevelLabel(current)}; не сравнивается`;
  if (previous === null && current === null) return '— нет данных';
  return `${shortLevelLabel(previous)} → ${shortLevelLabel(current)} ${changeWords[change]}`;
}
