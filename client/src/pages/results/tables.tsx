import type { z } from 'zod';
import type { comparisonSchema, distributionSchema, ResultsMatrix } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { organisationWords } from '@server/modules/scoring/texts';
import { Link } from '../../lib/router';
import { answeredOfText } from './kind-text';
import { formatPercent, LevelBadge, levelLabel } from './Level';
import { comparisonCellText } from './level-text';
import { runQuery } from './parts';

// The region's tables of results: on the results page and in its printable report.

export type Distribution = z.infer<typeof distributionSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;

export function Matrix({ campaignId, data, runId }: { campaignId: number; data: ResultsMatrix; runId: number | undefined }) {
  const words = organisationWords(data.organisationKinds);
  return (
    <div className="table-wrap">
      <table className="matrix">
        <caption className="visually-hidden">Уровни сформированности механизмов по муниципалитетам</caption>
        <thead>
          <tr>
            <th scope="col">Муниципалитет</th>
            {data.mechanisms.map((m) => (
              <th scope="col" key={m.code} title={m.title}>
                {m.code}
              </th>
            ))}
            <th scope="col">Итог</th>
            <th scope="col">Проверка</th>
          </tr>
        </thead>
        <tbody>
          {data.municipalities.map((row) => (
            <tr key={row.municipalityId}>
              <th scope="row">
                <Link to={`/campaigns/${campaignId}/results/${row.municipalityId}${runQuery(runId)}`}>{row.name}</Link>
                {row.changedSincePreviousRun && data.previousRunId !== null ? (
                  <span className="mark-changed" title={`Результаты изменились по сравнению с расчётом № ${data.previousRunId}`}>
                    {' '}
                    ↻
                  </span>
                ) : null}
                <small className="secondary-text">
                  {answeredOfText(data.organisationKinds, row.respondingSchools, row.totalSchools)}
                  {row.formSubmitted ? '' : ' · форма МОУО не отправлена'}
                </small>
              </th>
              {row.cells.map((cell) => {
                const mechanism = data.mechanisms.find((m) => m.code === cell.mechanismCode)!;
                const label = levelLabel(data.levels, data.insufficientDataLabel, cell.level);
                return (
                  <td key={cell.mechanismCode}>
                    <Link
                      className="cell-link"
                      to={`/campaigns/${campaignId}/results/${row.municipalityId}?mechanism=${cell.mechanismCode}${runQuery(runId, '&')}`}
                      aria-label={`${row.name}, ${mechanism.code} ${mechanism.title}: ${label}, ${formatPercent(cell.percent)}${cell.overridden ? ', изменено экспертом' : ''}${cell.flags ? `, отметок для эксперта: ${cell.flags}` : ''}`}
                    >
                      <LevelBadge level={cell.level} levels={data.levels} insufficient={data.insufficientDataLabel} short />
                      <span className="cell-marks" aria-hidden="true">
                        {formatPercent(cell.percent)}
                        {cell.overridden ? (
                          <span
                            className="mark-override"
                            title={`Изменено экспертом; рассчитано: ${levelLabel(data.levels, data.insufficientDataLabel, cell.computedLevel)}`}
                          >
                            {' '}
                            ✎
                          </span>
                        ) : null}
                        {cell.flags ? (
                          <span className="mark-flag" title={`Заявления муниципалитета не подтверждаются ${words.instrumental}`}>
                            {' '}
                            ⚑{cell.flags}
                          </span>
                        ) : null}
                        {cell.confirmed ? (
                          <span className="mark-confirmed" title="Подтверждено экспертом">
                            {' '}
                            ✓
                          </span>
                        ) : null}
                      </span>
                    </Link>
                  </td>
                );
              })}
              <td>
                <LevelBadge level={row.overall.level} levels={data.levels} insufficient={data.insufficientDataLabel} short />
                <span className="cell-marks">
                  <br />
                  {formatPercent(row.overall.percent)}
                  {row.overall.overridden ? (
                    <span
                      className="mark-override"
                      title={`Рассчитано: ${levelLabel(data.levels, data.insufficientDataLabel, row.overall.computedLevel)}`}
                    >
                      {' '}
                      ✎
                    </span>
                  ) : null}
                </span>
              </td>
              <td>
                <span
                  className={`badge ${row.reviewStatus === 'approved' ? 'success' : row.reviewStatus === 'in_review' ? 'warning' : 'neutral'}`}
                >
                  {reviewStatusLabels[row.reviewStatus]}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DistributionTable({ data }: { data: Distribution }) {
  const { rows, levels, insufficientDataLabel } = data;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Число муниципалитетов на каждом уровне</caption>
        <thead>
          <tr>
            <th scope="col">Механизм</th>
            <th scope="col">Распределение</th>
            {levels.map((l) => (
              <th scope="col" key={l.code} className="num">
                {l.label}
              </th>
            ))}
            <th scope="col" className="num">
              {insufficientDataLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const total = row.counts.reduce((a, b) => a + b, 0) + row.insufficient;
            return (
              <tr key={row.mechanismCode ?? 'overall'}>
                <th scope="row" style={{ fontWeight: row.mechanismCode ? 400 : 700 }}>
                  {row.title}
                </th>
                <td>
                  <div className="stacked" aria-hidden="true">
                    {row.counts.map((count, level) =>
                      count ? (
                        <span key={level} className={`level level-${level}`} style={{ width: `${(count / total) * 100}%` }}>
                          {count}
                        </span>
                      ) : null,
                    )}
                    {row.insufficient ? (
                      <span className="level level-none" style={{ width: `${(row.insufficient / total) * 100}%` }}>
                        {row.insufficient}
                      </span>
                    ) : null}
                  </div>
                </td>
                {row.counts.map((count, level) => (
                  <td key={level} className="num">
                    {count}
                  </td>
                ))}
                <td className="num">{row.insufficient}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ComparisonTable({ comparison, data }: { comparison: Comparison; data: ResultsMatrix }) {
  const { previous } = comparison;
  if (!previous) return <p className="empty">Предыдущей рассчитанной кампании в регионе нет — сравнивать не с чем.</p>;
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  const apart = data.mechanisms.filter((m) => !previous.mechanismCodes.includes(m.code)).map((m) => m.code);
  const notCompared = (mechanismCode: string | null) =>
    mechanismCode === null
      ? 'итоговый уровень не сравнивается: кампании оценивали разные наборы механизмов'
      : `в кампании «${previous.title}» механизма ${mechanismCode} с тем же названием не было`;
  return (
    <>
      <p>
        Сравнение с кампанией «{previous.title}» ({previous.year}).
        {apart.length > 0 ? ` Не сравниваются механизмы ${apart.join(', ')}: в той кампании их не было (с тем же кодом и названием).` : ''}
        {previous.overallComparable ? '' : ' Итоговый уровень не сравнивается: кампании оценивали разные наборы механизмов.'}
      </p>
      <div className="table-wrap">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">Муниципалитет</th>
              {data.mechanisms.map((m) => (
                <th scope="col" key={m.code} title={m.title}>
                  {m.code}
                </th>
              ))}
              <th scope="col">Итог</th>
            </tr>
          </thead>
          <tbody>
            {comparison.rows.map((row) => (
              <tr key={row.municipalityId}>
                <th scope="row">{row.name}</th>
                {row.cells.map((cell) => (
                  <td
                    key={cell.mechanismCode ?? 'overall'}
                    className={`change-${cell.change}`}
                    title={
                      cell.change === 'not_comparable'
                        ? `стало: ${label(cell.current)}; ${notCompared(cell.mechanismCode)}`
                        : `было: ${label(cell.previous)}; стало: ${label(cell.current)}`
                    }
                  >
                    {comparisonCellText(cell.previous, cell.current, cell.change)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
