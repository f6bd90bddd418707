import { useId } from 'react';
import { plural } from '@server/lib/plural';
import type { MunicipalityHistory, RegionHistory, ResultsMatrix } from '@server/modules/results/results.schemas';
import { ErrorNotice, Loading } from '../../components/ui';
import { useApi } from '../../lib/use-api';
import { levelPoints, levelY, linePath, shorten, stackSegments, TOP_LEVEL, type Box } from './chart-geometry';
import { levelLabel } from './Level';
import type { Distribution } from './tables';

// The results pictures: SVG drawn from the data, scaled to the width of the page or the printed A4 sheet. Colour
// always comes with text: numbers on the bars, a legend, and every mark's full description as its tooltip.

type Levels = ResultsMatrix['levels'];

const municipalitiesWord = (count: number) => plural(count, 'муниципалитет', 'муниципалитета', 'муниципалитетов');

function Legend({ levels, insufficient }: { levels: Levels; insufficient: string }) {
  return (
    <ul className="chart-legend">
      {[...levels.map((l) => ({ key: String(l.code), label: l.label })), { key: 'none', label: insufficient }].map((item) => (
        <li key={item.key}>
          <svg width="12" height="12" aria-hidden="true">
            <rect className={`chart-fill-${item.key}`} width="12" height="12" rx="2" />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export interface BarRow {
  key: string;
  label: string;
  counts: readonly number[];
  insufficient: number;
  /** The overall row: drawn in bold. */
  strong?: boolean;
}

const BAR = { width: 760, label: 290, row: 26, gap: 8, maxLabel: 35 };

/** Municipalities by level as stacked horizontal bars, one per row (a mechanism, the overall level, a campaign). */
export function StackedBarsChart({
  title,
  rows,
  levels,
  insufficient,
}: {
  title: string;
  rows: BarRow[];
  levels: Levels;
  insufficient: string;
}) {
  const titleId = useId();
  const barWidth = BAR.width - BAR.label;
  const height = rows.length * (BAR.row + BAR.gap);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${BAR.width} ${height}`} role="img" aria-labelledby={titleId} className="chart-svg">
        <title id={titleId}>{title}</title>
        {rows.map((row, index) => {
          const y = index * (BAR.row + BAR.gap);
          const total = row.counts.reduce((sum, count) => sum + count, 0) + row.insufficient;
          return (
            <g key={row.key} className="chart-row" transform={`translate(0 ${y})`}>
              <text x={0} y={BAR.row / 2} dominantBaseline="central" className={row.strong ? 'chart-label strong' : 'chart-label'}>
                <title>{row.label}</title>
                {shorten(row.label, row.strong ? BAR.maxLabel - 4 : BAR.maxLabel)}
              </text>
              <rect x={BAR.label} width={barWidth} height={BAR.row} className="chart-track" />
              {stackSegments(row.counts, row.insufficient, barWidth).map((segment) => {
                const key = segment.level ?? 'none';
                return (
                  <g key={key} className="chart-segment">
                    <rect x={BAR.label + segment.x} width={segment.width} height={BAR.row} className={`chart-fill-${key}`}>
                      <title>{`${row.label}: ${levelLabel(levels, insufficient, segment.level)} — ${segment.count} ${municipalitiesWord(segment.count)} из ${total}`}</title>
                    </rect>
                    {segment.width >= 18 ? (
                      <text
                        x={BAR.label + segment.x + segment.width / 2}
                        y={BAR.row / 2}
                        textAnchor="middle"
                        dominantBaseline="central"
                        className={`chart-count chart-on-${key}`}
                      >
                        {segment.count}
                      </text>
                    ) : null}
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Legend levels={levels} insufficient={insufficient} />
    </figure>
  );
}

export interface LevelSeries {
  key: string;
  title: string;
  /** Per campaign; undefined when the campaign has no level on this line (see `missing`). */
  levels: ReadonlyArray<number | null | undefined>;
  /** What an undefined level means: by default, that the mechanism was not assessed. */
  missing?: string;
}

const NOT_ASSESSED = 'не оценивался';
const NOT_COMPARABLE_OVERALL = 'несравним: другой набор механизмов';

function pointLabel(levels: Levels, insufficient: string, level: number | null | undefined, missing = NOT_ASSESSED): string {
  return level === undefined ? missing : levelLabel(levels, insufficient, level);
}

const LINE: Box & { axis: number; bottom: number } = { width: 300, height: 120, padX: 26, padY: 12, axis: 18, bottom: 22 };

/**
 * A municipality's levels over the region's campaigns: one small chart per series (overall first, then each
 * mechanism), levels 0…3 from bottom to top, campaigns from left to right by year.
 */
export function LevelHistoryChart({
  campaigns,
  series,
  levels,
  insufficient,
}: {
  campaigns: ReadonlyArray<{ id: number; title: string; year: number }>;
  series: LevelSeries[];
  levels: Levels;
  insufficient: string;
}) {
  const box: Box = { width: LINE.width - LINE.axis, height: LINE.height, padX: LINE.padX, padY: LINE.padY };
  return (
    <div className="chart level-history">
      <div className="chart-multiples">
        {series.map((item) => {
          const points = levelPoints(item.levels, box);
          return (
            <figure key={item.key} className="chart-multiple">
              <figcaption>{item.title}</figcaption>
              <svg
                viewBox={`0 0 ${LINE.width} ${LINE.height + LINE.bottom}`}
                role="img"
                aria-label={`${item.title}: ${campaigns.map((c, i) => `${c.year} — ${pointLabel(levels, insufficient, item.levels[i], item.missing)}`).join('; ')}`}
                className="chart-svg"
              >
                {Array.from({ length: TOP_LEVEL + 1 }, (_, level) => (
                  <g key={level}>
                    <line x1={LINE.axis} x2={LINE.width} y1={levelY(level, box)} y2={levelY(level, box)} className="chart-grid" />
                    <text x={LINE.axis - 6} y={levelY(level, box)} textAnchor="end" dominantBaseline="central" className="chart-axis">
                      {level}
                    </text>
                  </g>
                ))}
                <g transform={`translate(${LINE.axis} 0)`}>
                  <path d={linePath(points)} className="chart-line" />
                  {points.map((point, index) => {
                    const campaign = campaigns[index]!;
                    const label = `${campaign.year}, ${campaign.title}: ${pointLabel(levels, insufficient, point.level, item.missing)}`;
                    return (
                      <g key={campaign.id}>
                        {point.y === null ? (
                          <text x={point.x} y={box.height / 2} textAnchor="middle" dominantBaseline="central" className="chart-axis">
                            <title>{label}</title>
                            {point.level === null ? 'н/д' : '—'}
                          </text>
                        ) : (
                          <circle cx={point.x} cy={point.y} r={6} className={`chart-point chart-fill-${point.level}`}>
                            <title>{label}</title>
                          </circle>
                        )}
                        <text
                          x={point.x}
                          y={LINE.height + LINE.bottom / 2}
                          textAnchor="middle"
                          dominantBaseline="central"
                          className="chart-axis"
                        >
                          {campaign.year}
                        </text>
                      </g>
                    );
                  })}
                </g>
              </svg>
            </figure>
          );
        })}
      </div>
      <p className="small muted">
        Уровни: {levels.map((l) => `${l.code} — ${l.label}`).join(', ')}; н/д — {insufficient.toLowerCase()}; «—» — механизм в кампании не
        оценивался (механизм под тем же кодом, но с другим названием — другой механизм), а итоговый уровень — {NOT_COMPARABLE_OVERALL}.
      </p>
    </div>
  );
}

/** The campaign's distribution: the overall level first, then each mechanism. */
export function DistributionChart({ data }: { data: Distribution }) {
  const overall = data.rows.filter((row) => row.mechanismCode === null);
  const mechanisms = data.rows.filter((row) => row.mechanismCode !== null);
  return (
    <StackedBarsChart
      title="Распределение муниципалитетов по уровням: итоговый уровень и механизмы"
      rows={[...overall, ...mechanisms].map((row) => ({
        key: row.mechanismCode ?? 'overall',
        label: row.title,
        counts: row.counts,
        insufficient: row.insufficient,
        strong: row.mechanismCode === null,
      }))}
      levels={data.levels}
      insufficient={data.insufficientDataLabel}
    />
  );
}

/** The region's distribution by overall level in each of its scored campaigns, by year. */
export function RegionHistorySection({ campaignId }: { campaignId: number }) {
  const history = useApi<RegionHistory>(`/api/campaigns/${campaignId}/results/history`);
  if (history.error) return <ErrorNotice error={history.error} />;
  if (!history.data) return <Loading />;
  const { data } = history;
  return (
    <StackedBarsChart
      title="Распределение муниципалитетов по итоговому уровню по годам"
      rows={data.campaigns.map((campaign) => ({
        key: String(campaign.id),
        label: `${campaign.year} · ${campaign.title}`,
        counts: campaign.counts,
        insufficient: campaign.insufficient,
        strong: campaign.id === campaignId,
      }))}
      levels={data.levels}
      insufficient={data.insufficientDataLabel}
    />
  );
}

/**
 * A municipality's levels, overall and per mechanism, over the region's scored campaigns up to this one; each line
 * holds only the campaigns where its level compares (the server decides which).
 */
export function MunicipalityHistorySection({ campaignId, municipalityId }: { campaignId: number; municipalityId: number }) {
  const history = useApi<MunicipalityHistory>(`/api/campaigns/${campaignId}/results/${municipalityId}/history`);
  if (history.error) return <ErrorNotice error={history.error} />;
  if (!history.data) return <Loading />;
  const { data } = history;
  const series: LevelSeries[] = [
    { key: 'overall', title: 'Итоговый уровень', levels: data.campaigns.map((c) => c.overall), missing: NOT_COMPARABLE_OVERALL },
    ...data.mechanisms.map((m) => ({
      key: m.code,
      title: `${m.code}. ${m.title}`,
      levels: data.campaigns.map((c) => {
        const cell = c.cells.find((candidate) => candidate.mechanismCode === m.code);
        return cell ? cell.level : undefined;
      }),
    })),
  ];
  return <LevelHistoryChart campaigns={data.campaigns} series={series} levels={data.levels} insufficient={data.insufficientDataLabel} />;
}
