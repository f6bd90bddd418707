import { organisationNoun, responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import { DASHBOARD_PAGE_SIZE } from '@server/lib/page-sizes';
import type { CampaignProgress, KindProgress } from '@server/modules/progress/progress.schemas';
import { Pager, SearchBox, SelectField } from '../../components/ui';
import { percentOf } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { Meter } from './Meter';

const orderOptions = [
  { value: 'name', label: 'По алфавиту' },
  { value: 'lagging', label: 'Сначала отстающие' },
];

/** Each kind's share when a campaign asks several: «Школы: 40 из 52 · Детские сады: 3 из 5». */
function KindSplit({ byKind, count }: { byKind: KindProgress[]; count: 'organisations' | 'questionnaires' }) {
  if (!byKind.length) return null;
  const text = byKind
    .map((k) =>
      count === 'organisations'
        ? `${organisationNoun([k.kind]).many}: ${k.respondingSchools} из ${k.schools}`
        : `${organisationNoun([k.kind]).many}: ${k.submitted} из ${k.questionnaires}`,
    )
    .join(' · ');
  return <small className="secondary-text">{text}</small>;
}

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
  const noun = organisationNoun(progress.data?.organisationKinds ?? []);
  return (
    <>
      {totals ? (
        <div className="summary-grid">
          <article className="card">
            <p className="muted">{noun.many} с отправленными анкетами</p>
            <p className="big-number">{percentOf(totals.respondingSchools, totals.schools)}%</p>
            <Meter part={totals.respondingSchools} whole={totals.schools} label={`${noun.many} с отправленными анкетами`} />
            <KindSplit byKind={totals.byKind} count="organisations" />
          </article>
          <article className="card">
            <p className="muted">Отправленные анкеты</p>
            <p className="big-number">{percentOf(totals.submitted, totals.questionnaires)}%</p>
            <Meter part={totals.submitted} whole={totals.questionnaires} label="Отправленные анкеты" />
            <small className="muted">
              заполняется: {totals.inProgress} · не начато: {totals.notStarted}
            </small>
            <KindSplit byKind={totals.byKind} count="questionnaires" />
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
                <th scope="col">{noun.many} с анкетами</th>
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
                    <Meter part={m.respondingSchools} whole={m.schools} label={`${m.name}: ${noun.many.toLowerCase()} с анкетами`} />
                    <KindSplit byKind={m.byKind} count="organisations" />
                  </td>
                  <td>
                    <Meter part={m.submitted} whole={m.questionnaires} label={`${m.name}: анкеты`} />
                    <KindSplit byKind={m.byKind} count="questionnaires" />
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
