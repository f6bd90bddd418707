import type { ResultsMatrix } from '@server/modules/results/results.schemas';
import { insufficientDataMeaning } from '@server/modules/scoring/texts';
import { shortLevelLabel } from './level-text';

type Levels = ResultsMatrix['levels'];

export function levelLabel(levels: Levels, insufficient: string, level: number | null): string {
  return level === null ? insufficient : (levels.find((l) => l.code === level)?.label ?? String(level));
}

/** A level as colour and text together, never colour alone. */
export function LevelBadge({
  level,
  levels,
  insufficient,
  short,
}: {
  level: number | null;
  levels: Levels;
  insufficient: string;
  short?: boolean;
}) {
  const label = levelLabel(levels, insufficient, level);
  return (
    <span className={`level level-${level ?? 'none'}`} title={label}>
      {short ? shortLevelLabel(level) : label}
    </span>
  );
}

/**
 * The levels with their labels, and what the response-rate label means under the methodology's threshold, for the
 * kinds of organisations the campaign asks.
 */
export function LevelLegend({
  levels,
  insufficient,
  guard,
}: {
  levels: Levels;
  insufficient: string;
  guard: Pick<ResultsMatrix, 'minResponseShare' | 'organisationKinds'>;
}) {
  return (
    <ul className="level-legend" aria-label="Уровни сформированности">
      {levels.map((l) => (
        <li key={l.code}>
          <LevelBadge level={l.code} levels={levels} insufficient={insufficient} short />
          <span>{l.label}</span>
        </li>
      ))}
      <li>
        <LevelBadge level={null} levels={levels} insufficient={insufficient} short />
        <span>
          {insufficient}: {insufficientDataMeaning(guard.minResponseShare, guard.organisationKinds)}
        </span>
      </li>
    </ul>
  );
}

export const formatPercent = (value: number) => `${(Math.round(value * 10) / 10).toLocaleString('ru-RU')} %`;
