import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { matchPath, useLocation } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { MunicipalityHistorySection } from './charts';
import { ComponentTable } from './ComponentTable';
import { formatPercent, LevelBadge, LevelLegend, levelLabel } from './Level';
import { Caps, Reasoning, Recommendations, ReportHeader, ReportToolbar, overrideText, useRunParam } from './parts';
import { respondedText, respondingWords } from './kind-text';

/**
 * The municipality's report for print on A4: every mechanism with its components, levels and caps, the overall level
 * and why, experts' changes with their reasons beside the computed values, and the recommendations.
 */
export default function MunicipalityReportPage() {
  const { pathname } = useLocation();
  const route = matchPath('/campaigns/:id/results/:municipalityId/report', pathname)!;
  const [campaignId, municipalityId] = [Number(route.id), Number(route.municipalityId)];
  const [runId] = useRunParam();
  const campaign = useApi<Campaign>(`/api/campaigns/${campaignId}`);
  const result = useApi<MunicipalityResult>(`/api/campaigns/${campaignId}/results/${municipalityId}`, { runId });
  const error = result.error ?? campaign.error;
  if (error)
    return (
      <section className="page">
        <ErrorNotice error={error} />
      </section>
    );
  if (!result.data || !campaign.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const data = result.data;
  const { score } = data;
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  const active = data.overrides.filter((o) => !o.withdrawnAt);

  return (
    <div className="report-page">
      <ReportToolbar back={`/campaigns/${campaignId}/results/${municipalityId}`} runId={runId} />
      <article className="report" aria-label={`Отчёт: ${score.municipalityName}`}>
        <ReportHeader
          title={score.municipalityName}
          campaign={campaign.data}
          run={data.run}
          corrections={data.corrections}
          facts={[
            ['Методика', `${data.run.methodologyTitle} (версия ${score.methodologyVersion})`],
            ['Проверка экспертами', reviewStatusLabels[data.reviewStatus]],
            [`Ответы ${respondingWords(score.responseRate).genitive}`, respondedText(score.responseRate)],
            ['Муниципальная форма', score.formSubmitted ? 'отправлена' : 'не отправлена'],
          ]}
        />

        <section className="report-section">
          <h2>Итоговый уровень</h2>
          <p className="report-level">
            <LevelBadge level={data.overall.level} levels={data.levels} insufficient={data.insufficientDataLabel} />{' '}
            {formatPercent(data.overall.percent)}
            {data.overall.overridden ? (
              <span className="small">
                {' '}
                · по расчёту: {label(data.overall.computedLevel)}, {formatPercent(data.overall.computedPercent)}
              </span>
            ) : null}
          </p>
          <Reasoning effective={data.effectiveExplanation.overall} computed={score.overall.explanation} />
          <p className="small">{score.responseRate.explanation}</p>
          <table className="report-summary">
            <caption>Уровни по механизмам</caption>
            <thead>
              <tr>
                <th scope="col">Механизм</th>
                <th scope="col">Уровень</th>
                <th scope="col" className="num">
                  Процент
                </th>
                <th scope="col">По расчёту</th>
                <th scope="col">Эксперт</th>
              </tr>
            </thead>
            <tbody>
              {score.mechanisms.map((m) => {
                const cell = data.cells.find((c) => c.mechanismCode === m.code)!;
                const confirmation = data.confirmations.find((c) => c.mechanismCode === m.code && c.currentRun);
                return (
                  <tr key={m.code}>
                    <th scope="row">
                      {m.code}. {m.title}
                    </th>
                    <td>
                      <LevelBadge level={cell.level} levels={data.levels} insufficient={data.insufficientDataLabel} />
                    </td>
                    <td className="num">{formatPercent(cell.percent)}</td>
                    <td className="small">
                      {cell.overridden ? `${label(cell.computedLevel)}, ${formatPercent(cell.computedPercent)}` : '—'}
                    </td>
                    <td className="small">{cell.overridden ? 'изменено' : confirmation ? 'подтверждено' : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <LevelLegend levels={data.levels} insufficient={data.insufficientDataLabel} guard={data} />
        </section>

        <section className="report-section">
          <h2>Уровни по кампаниям региона</h2>
          <MunicipalityHistorySection campaignId={campaignId} municipalityId={municipalityId} />
        </section>

        {score.mechanisms.map((mechanism) => {
          const cell = data.cells.find((c) => c.mechanismCode === mechanism.code)!;
          const overrides = active.filter((o) => o.mechanismCode === mechanism.code);
          return (
            <section key={mechanism.code} className="report-section report-mechanism">
              <h2>
                {mechanism.code}. {mechanism.title}
              </h2>
              <p className="report-level">
                <LevelBadge level={cell.level} levels={data.levels} insufficient={data.insufficientDataLabel} />{' '}
                {formatPercent(cell.percent)} ({cell.componentPoints.reduce((a, b) => a + b, 0)} из {mechanism.maxPoints} баллов)
                {cell.overridden ? (
                  <span className="small">
                    {' '}
                    · по расчёту: {label(cell.computedLevel)}, {formatPercent(cell.computedPercent)}
                  </span>
                ) : null}
              </p>
              <Reasoning effective={data.effectiveExplanation.mechanisms[mechanism.code] ?? null} computed={mechanism.explanation} />
              <ComponentTable data={data} mechanism={mechanism} cell={cell} print />
              <Caps mechanism={mechanism} />
              {overrides.length ? (
                <>
                  <h3>Изменения экспертов</h3>
                  <ul className="override-list">
                    {overrides.map((o) => (
                      <li key={o.id}>
                        <strong>{overrideText(data, o)}</strong> — {o.reason}{' '}
                        <small className="muted">
                          ({o.createdBy}, {formatDateTime(o.createdAt)})
                        </small>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          );
        })}

        <section className="report-section report-mechanism">
          <h2>Рекомендации</h2>
          {data.recommendations.length ? (
            <>
              <p className="small muted">
                По самым слабым компонентам, начиная с самого слабого механизма
                {data.overall.overridden ? '; с учётом изменений экспертов' : ''}.
              </p>
              <Recommendations items={data.recommendations} mechanisms={data.mechanisms} />
            </>
          ) : (
            <p>Все механизмы сформированы: рекомендаций нет.</p>
          )}
        </section>
      </article>
    </div>
  );
}
