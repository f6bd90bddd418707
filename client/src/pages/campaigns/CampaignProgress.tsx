import { responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import { DASHBOARD_PAGE_SIZE } from '@server/lib/page-sizes';
import type { CampaignProgress } from '@server/modules/progress/progress.schemas';
import { Pager, SearchBox, SelectField } from '../../components/ui';
import { percentOf } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { Meter } from './Meter';

const orderOptions = [
  { value: 'name', label: 'По алфавиту' },
  { value: 'lagging', label: 'Сначала отстающие' },
];

/** A running or finished campaign's progress by municipality, searched, ordered and paged by the address's query. */
export function useCampaignProgress(campaignId: number, enabled: boolean) {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const order = params.get('order') === 'lagging' ? 'lagging' : 'name';
  const page = Number(params.get('page') ?? 1) || 1;
  const progress = useApi<CampaignProgress>(enabled ? `/api/campaigns/${campaignId}/progress` : null, {
    search,
    order,
    page,
    pageSize: DASHBOARD_PAGE_SIZE,
  });
  return { progress, search, order, setParams };
}

/** The totals cards, then the municipalities' table with its search, order and pages. */
export function ProgressSection({
  campaignId,
  canManage,
  view: { progress, search, order, setParams },
}: {
  campaignId: number;
  canManage: boolean;
  view: ReturnType<typeof useCampaignProgress>;
}) {
  const totals = progress.data?.totals;
  return (
    <>
      {totals ? (
        <div className="summary-grid">
          <article className="card">
            <p className="muted">Школы с отправленными анкетами</p>
            <p className="big-number">{percentOf(totals.respondingSchools, totals.schools)}%</p>
            <Meter part={totals.respondingSchools} whole={totals.schools} label="Школы с отправленными анкетами" />
          </article>
          <article className="card">
            <p className="muted">Отправленные анкеты</p>
            <p className="big-number">{percentOf(totals.submitted, totals.questionnaires)}%</p>
            <Meter part={totals.submitted} whole={totals.questionnaires} label="Отправленные анкеты" />
            <small className="muted">
              заполняется: {totals.inProgress} · не начато: {totals.notStarted}
            </small>
          </article>
          <article className="card">
            <p className="muted">Муниципальные формы</p>
            <p className="big-number">
              {totals.municipalFormsSubmitted} / {totals.municipalities}
            </p>
            <Meter part={totals.municipalFormsSubmitted} whole={totals.municipalities} label="Отправленные муниципальные формы" />
          </article>
        </div>
      ) : null}

      {progress.data && (progress.data.totals.municipalities > 1 || search) ? (
        <div className="filters">
          <SearchBox value={search} label="Поиск муниципалитета" onSearch={(value) => setParams({ search: value, page: null })} />
          <SelectField
            label="Порядок"
            value={order}
            options={orderOptions}
            onChange={(e) => setParams({ order: e.target.value === 'name' ? null : e.target.value, page: null })}
          />
        </div>
      ) : null}
      {progress.data && progress.data.total === 0 && search ? <p className="empty">Муниципалитеты не найдены.</p> : null}
      {progress.data && progress.data.total > 0 ? (
        <div className="table-wrap" aria-busy={progress.loading}>
          <table>
            <caption className="visually-hidden">Заполнение по муниципалитетам</caption>
            <thead>
              <tr>
                <th scope="col">Муниципалитет</th>
                <th scope="col">Школы с анкетами</th>
                <th scope="col">Анкеты отправлены</th>
                <th scope="col" className="num">
                  Заполняется
                </th>
                <th scope="col">Муниципальная форма</th>
              </tr>
            </thead>
            <tbody>
              {progress.data.municipalities.map((m) => (
                <tr key={m.municipalityId}>
                  <td>
                    <Link to={`/campaigns/${campaignId}/municipalities/${m.municipalityId}`}>{m.name}</Link>
                    {canManage ? (
                      <small className="secondary-text no-print">
                        <Link to={`/campaigns/${campaignId}/codes?municipalityId=${m.municipalityId}`}>коды и бланки</Link>
                      </small>
                    ) : null}
                  </td>
                  <td>
                    <Meter part={m.respondingSchools} whole={m.schools} label={`${m.name}: школы с анкетами`} />
                  </td>
                  <td>
                    <Meter part={m.submitted} whole={m.questionnaires} label={`${m.name}: анкеты`} />
                  </td>
                  <td className="num">{m.inProgress}</td>
                  <td>
                    <Link to={`/campaigns/${campaignId}/municipal-form/${m.municipalityId}`} className={`status-dot ${m.municipalForm}`}>
                      {responseStatusLabels[m.municipalForm]}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={progress.data.page}
            pageSize={progress.data.pageSize}
            total={progress.data.total}
            onPage={(next) => setParams({ page: next })}
          />
        </div>
      ) : null}
    </>
  );
}
