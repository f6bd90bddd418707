import { DASHBOARD_MAX_PAGE_SIZE } from '@server/lib/page-sizes';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { ResultsMatrix } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { capitalised, organisationWords } from '@server/modules/scoring/texts';
import { ErrorNotice, Loading } from '../../components/ui';
import { matchPath, useLocation } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { DistributionChart, RegionHistorySection } from './charts';
import { LevelLegend } from './Level';
import { ReportHeader, ReportToolbar, useRunParam } from './parts';
import { ComparisonTable, DistributionTable, Matrix, type Comparison, type Distribution } from './tables';

/**
 * The region's report for print on A4: the state of review and publication, what went in, the matrix of levels,
 * the distribution per mechanism and the comparison with the previous campaign.
 */
export default function RegionReportPage() {
  const { pathname } = useLocation();
  const id = Number(matchPath('/campaigns/:id/results/report', pathname)!.id);
  const [runId] = useRunParam();
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  // A printed report holds every municipality.
  const matrix = useApi<ResultsMatrix>(`/api/campaigns/${id}/results`, { runId, pageSize: DASHBOARD_MAX_PAGE_SIZE });
  const distribution = useApi<Distribution>(`/api/campaigns/${id}/results/distribution`, { runId });
  const comparison = useApi<Comparison>(`/api/campaigns/${id}/results/comparison`, { runId });
  const error = campaign.error ?? matrix.error ?? distribution.error ?? comparison.error;
  if (error)
    return (
      <section className="page">
        <ErrorNotice error={error} />
      </section>
    );
  if (!campaign.data || !matrix.data || !distribution.data || !comparison.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const data = matrix.data;
  const { inputs } = data.run;
  const { summary } = data;
  const words = organisationWords(data.organisationKinds);
  const counted = capitalised(words.genitive);

  return (
    <div className="report-page">
      <ReportToolbar back={`/campaigns/${id}/results`} runId={runId} />
      <article className="report report-region" aria-label={`Отчёт по региону: ${campaign.data.regionName}`}>
        <ReportHeader
          title={`${campaign.data.regionName}: результаты оценки`}
          campaign={campaign.data}
          run={data.run}
          corrections={data.corrections}
          facts={[
            ['Методика', `${data.run.methodologyTitle} (версия ${data.run.methodologyVersion})`],
            [
              'Проверка экспертами',
              `${reviewStatusLabels.approved} — ${summary.approved}, ${reviewStatusLabels.in_review} — ${summary.inReview}, ${reviewStatusLabels.not_reviewed} — ${summary.notReviewed} (из ${summary.municipalities})`,
            ],
          ]}
        />

        <section className="report-section">
          <h2>Данные оценки</h2>
          <table className="report-counts">
            <tbody>
              <tr>
                <th scope="row">Муниципалитетов</th>
                <td className="num">{inputs.municipalities}</td>
              </tr>
              <tr>
                <th scope="row">{counted}</th>
                <td className="num">{inputs.schools}</td>
              </tr>
              <tr>
                <th scope="row">{counted}, где заполнена хотя бы одна анкета</th>
                <td className="num">{summary.respondingSchools}</td>
              </tr>
              <tr>
                <th scope="row">Отправленных анкет</th>
                <td className="num">{inputs.questionnaires}</td>
              </tr>
              <tr>
                <th scope="row">Отправленных муниципальных форм</th>
                <td className="num">
                  {inputs.municipalForms} из {inputs.municipalities}
                </td>
              </tr>
              <tr>
                <th scope="row">Муниципалитетов с недостаточными данными</th>
                <td className="num">{summary.insufficientData}</td>
              </tr>
            </tbody>
          </table>
        </section>

        <section className="report-section">
          <h2>Уровни по муниципалитетам и механизмам</h2>
          <LevelLegend levels={data.levels} insufficient={data.insufficientDataLabel} guard={data} />
          <Matrix campaignId={id} data={data} runId={runId} />
          <ul className="report-mechanisms small">
            {data.mechanisms.map((m) => (
              <li key={m.code}>
                <strong>{m.code}</strong> — {m.title}
              </li>
            ))}
          </ul>
          <p className="small muted">
            ✎ — уровень изменён экспертом (рассчитанный — в выгрузке результатов); ⚑ — сведения муниципалитета не подтверждаются{' '}
            {words.instrumental}; ✓ — подтверждено экспертом.
          </p>
        </section>

        <section className="report-section report-mechanism">
          <h2>Распределение муниципалитетов по уровням</h2>
          <DistributionChart data={distribution.data} />
          <DistributionTable data={distribution.data} />
        </section>

        <section className="report-section">
          <h2>Распределение по годам</h2>
          <RegionHistorySection campaignId={id} />
        </section>

        <section className="report-section">
          <h2>Сравнение с предыдущей кампанией</h2>
          <ComparisonTable comparison={comparison.data} data={data} />
        </section>
      </article>
    </div>
  );
}
