import { useState, type FormEvent } from 'react';
import { DASHBOARD_PAGE_SIZE } from '@server/lib/page-sizes';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { ResultsMatrix, Unapproved } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { DialogActions, ErrorNotice, Loading, Modal, Notice, Pager, SearchBox, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { LevelLegend } from './Level';
import { Corrections, RunPicker, runQuery, useRunParam } from './parts';
import { DistributionChart } from './charts';
import { ComparisonTable, DistributionTable, Matrix, type Comparison, type Distribution } from './tables';
import { HelpLink } from '../../components/HelpLink';

/** The publish dialog names this many unapproved municipalities and counts the rest. */
const NAMED_PENDING = 30;
const reviewOptions = [
  { value: 'pending', label: 'Не утверждённые' },
  { value: 'not_reviewed', label: reviewStatusLabels.not_reviewed },
  { value: 'in_review', label: reviewStatusLabels.in_review },
  { value: 'approved', label: reviewStatusLabels.approved },
];

const views = [
  { id: 'matrix', label: 'Уровни' },
  { id: 'distribution', label: 'Распределение' },
  { id: 'comparison', label: 'Сравнение с прошлой кампанией' },
] as const;

export default function ResultsPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const id = Number(matchPath('/campaigns/:id/results', pathname)!.id);
  const view = (params.get('view') ?? 'matrix') as (typeof views)[number]['id'];
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const [runId] = useRunParam();
  const search = params.get('search') ?? '';
  const review = params.get('review') ?? '';
  const changedOnly = params.get('changed') === '1';
  const page = Number(params.get('page') ?? 1) || 1;
  const matrix = useApi<ResultsMatrix>(`/api/campaigns/${id}/results`, {
    runId,
    search,
    review,
    changed: changedOnly ? 1 : null,
    page,
    pageSize: DASHBOARD_PAGE_SIZE,
  });
  const [publishing, setPublishing] = useState(false);
  const canManage = me.role === 'admin' || me.role === 'regional_coordinator';
  const regionWide = me.role !== 'municipal_coordinator';

  if (matrix.error) {
    return (
      <section className="page">
        <p className="muted small">
          <Link to={`/campaigns/${id}`}>← Кампания</Link>
        </p>
        <ErrorNotice error={matrix.error} />
      </section>
    );
  }
  if (!matrix.data || !campaign.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const data = matrix.data;
  const { summary } = data;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to={`/campaigns/${id}`}>← {campaign.data.title}</Link>
      </p>
      <div className="page-header">
        <h1>Результаты оценки</h1>
        <HelpLink section="results" topic="результаты кампании" />
        <div className="actions-bar no-print">
          <a className="button ghost" href={`/api/campaigns/${id}/results.xlsx`} download>
            Результаты (XLSX)
          </a>
          {regionWide ? (
            <a className="button ghost" href={`/api/campaigns/${id}/answers.xlsx`} download>
              Ответы (XLSX)
            </a>
          ) : null}
          {regionWide ? (
            <a className="button ghost" href={`/api/campaigns/${id}/answers.csv`} download>
              Ответы (CSV)
            </a>
          ) : null}
          {regionWide ? (
            <Link className="button ghost" to={`/campaigns/${id}/results/report${runQuery(runId)}`}>
              Отчёт для печати
            </Link>
          ) : null}
          {canManage && !data.published ? (
            <button type="button" className="button primary" onClick={() => setPublishing(true)}>
              Опубликовать
            </button>
          ) : null}
        </div>
      </div>
      <p className="lead">
        {campaign.data.title} · расчёт № {data.run.id} от {formatDateTime(data.run.createdAt)} · {data.run.inputs.questionnaires} анкет,{' '}
        {data.run.inputs.municipalForms} муниципальных форм
      </p>
      <RunPicker campaignId={id} current={data.run} />
      {regionWide && summary.changed && data.previousRunId !== null ? (
        <Notice kind="warning">
          Расчёт № {data.run.id} изменил результаты {summary.changed} из {summary.municipalities} муниципалитетов по сравнению с расчётом №{' '}
          {data.previousRunId} (отмечены ↻): утверждения и подтверждения изменившихся механизмов, данные по прежнему расчёту, больше не
          действуют — проверьте их заново.
        </Notice>
      ) : null}
      {data.published ? (
        <Notice kind="success">
          Результаты опубликованы{campaign.data.publishedAt ? ` ${formatDateTime(campaign.data.publishedAt)}` : ''}.
        </Notice>
      ) : null}
      {data.published ? (
        <Corrections corrections={data.corrections} />
      ) : regionWide ? (
        <Notice kind="info">
          Проверка экспертами: утверждено {summary.approved} из {summary.municipalities} муниципалитетов. Муниципалитеты увидят результаты
          после публикации.
        </Notice>
      ) : null}

      <nav className="tabs no-print" aria-label="Представление результатов">
        {views.map((v) => (
          <a
            key={v.id}
            href={`?view=${v.id}`}
            aria-current={view === v.id ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              setParams({ view: v.id === 'matrix' ? null : v.id });
            }}
          >
            {v.label}
          </a>
        ))}
      </nav>
      <LevelLegend levels={data.levels} insufficient={data.insufficientDataLabel} guard={data} />
      {view === 'matrix' ? (
        <>
          {regionWide && summary.municipalities > 1 ? (
            <div className="filters no-print">
              <SearchBox value={search} label="Поиск муниципалитета" onSearch={(value) => setParams({ search: value, page: null })} />
              <SelectField
                label="Проверка"
                value={review}
                placeholder="Все"
                options={reviewOptions}
                onChange={(e) => setParams({ review: e.target.value, page: null })}
              />
              {data.previousRunId !== null ? (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={changedOnly}
                    onChange={(e) => setParams({ changed: e.target.checked ? 1 : null, page: null })}
                  />{' '}
                  Только изменившиеся (↻)
                </label>
              ) : null}
            </div>
          ) : null}
          {data.total === 0 ? (
            <p className="empty">Муниципалитеты не найдены.</p>
          ) : (
            <div aria-busy={matrix.loading}>
              <Matrix campaignId={id} data={data} runId={runId} />
              <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(next) => setParams({ page: next })} />
            </div>
          )}
        </>
      ) : null}
      {view === 'distribution' ? <DistributionView campaignId={id} runId={runId} /> : null}
      {view === 'comparison' ? <ComparisonView campaignId={id} data={data} runId={runId} /> : null}
      {publishing ? (
        <PublishDialog
          campaignId={id}
          onClose={() => setPublishing(false)}
          onDone={() => {
            setPublishing(false);
            matrix.reload();
            campaign.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function DistributionView({ campaignId, runId }: { campaignId: number; runId: number | undefined }) {
  const distribution = useApi<Distribution>(`/api/campaigns/${campaignId}/results/distribution`, { runId });
  if (distribution.error) return <ErrorNotice error={distribution.error} />;
  if (!distribution.data) return <Loading />;
  return (
    <>
      <DistributionChart data={distribution.data} />
      <DistributionTable data={distribution.data} />
    </>
  );
}

function ComparisonView({ campaignId, data, runId }: { campaignId: number; data: ResultsMatrix; runId: number | undefined }) {
  const comparison = useApi<Comparison>(`/api/campaigns/${campaignId}/results/comparison`, { runId });
  if (comparison.error) return <ErrorNotice error={comparison.error} />;
  if (!comparison.data) return <Loading />;
  return <ComparisonTable comparison={comparison.data} data={data} />;
}

function PublishDialog({ campaignId, onClose, onDone }: { campaignId: number; onClose: () => void; onDone: () => void }) {
  // Review is per campaign, not per run: what is pending now, whichever run the page shows.
  const list = useApi<Unapproved>(`/api/campaigns/${campaignId}/results/unapproved`);
  const pending = list.data?.municipalities ?? [];
  const [reason, setReason] = useState('');
  const {
    submit,
    pending: busy,
    error,
    fieldErrors,
  } = useSubmit(async () => {
    await api(`/api/campaigns/${campaignId}/publish`, {
      method: 'POST',
      body: pending.length ? { exceptions: { municipalityIds: pending.map((m) => m.municipalityId), reason } } : {},
    });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  if (!list.data) {
    return (
      <Modal title="Опубликовать результаты" onClose={onClose}>
        {list.error ? <ErrorNotice error={list.error} /> : <Loading />}
      </Modal>
    );
  }
  return (
    <Modal title="Опубликовать результаты" onClose={onClose}>
      <form onSubmit={onSubmit} className="form" noValidate>
        {pending.length === 0 ? (
          <p>
            Все муниципалитеты утверждены экспертами. После публикации муниципальные координаторы увидят свои уровни, обоснование и
            рекомендации; изменить результаты будет нельзя.
          </p>
        ) : (
          <>
            <Notice kind="warning">
              Не утверждены экспертами ({pending.length}):{' '}
              {pending
                .slice(0, NAMED_PENDING)
                .map((m) => m.name)
                .join(', ')}
              {pending.length > NAMED_PENDING ? ` и ещё ${pending.length - NAMED_PENDING}` : ''}. Их можно опубликовать как исключения —
              укажите причину, она сохранится в журнале.
            </Notice>
            <div className="field">
              <label htmlFor="publish-reason">Причина публикации без утверждения</label>
              <textarea
                id="publish-reason"
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={fieldErrors['exceptions.reason'] ? true : undefined}
              />
              {fieldErrors['exceptions.reason'] ? <p className="field-error">{fieldErrors['exceptions.reason']}</p> : null}
            </div>
          </>
        )}
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action={pending.length ? 'Опубликовать с исключениями' : 'Опубликовать'}
          pendingAction="Публикация…"
          pending={busy}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
