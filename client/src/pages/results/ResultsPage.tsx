import { useState, type FormEvent } from 'react';
import type { Campaign } from '../../../../server/modules/campaigns/campaigns.schemas';
import { reviewStatusLabels, type ResultsMatrix } from '../../../../server/modules/results/results.schemas';
import type { z } from 'zod';
import type { comparisonSchema, distributionSchema } from '../../../../server/modules/results/results.schemas';
import { ErrorNotice, Loading, Modal, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { formatPercent, LevelBadge, LevelLegend, levelLabel } from './Level';

type Distribution = z.infer<typeof distributionSchema>;
type Comparison = z.infer<typeof comparisonSchema>;

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
  const matrix = useApi<ResultsMatrix>(`/api/campaigns/${id}/results`);
  const [publishing, setPublishing] = useState(false);
  const canManage = me.role === 'admin' || me.role === 'regional_coordinator';
  const regionWide = me.role !== 'municipal_coordinator';

  if (matrix.error) {
    return (
      <section className="page">
        <p className="muted small"><Link to={`/campaigns/${id}`}>← Кампания</Link></p>
        <ErrorNotice error={matrix.error} />
      </section>
    );
  }
  if (!matrix.data || !campaign.data) return <section className="page"><Loading /></section>;
  const data = matrix.data;
  const approved = data.municipalities.filter((m) => m.reviewStatus === 'approved').length;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to={`/campaigns/${id}`}>← {campaign.data.title}</Link>
      </p>
      <div className="page-header">
        <h1>Результаты оценки</h1>
        <div className="actions-bar no-print">
          <a className="button ghost" href={`/api/campaigns/${id}/results.xlsx`} download>Результаты (XLSX)</a>
          {regionWide ? <a className="button ghost" href={`/api/campaigns/${id}/answers.xlsx`} download>Ответы (XLSX)</a> : null}
          {regionWide ? <a className="button ghost" href={`/api/campaigns/${id}/answers.csv`} download>Ответы (CSV)</a> : null}
          <button type="button" className="button ghost" onClick={() => window.print()}>Печать отчёта</button>
          {canManage && !data.published ? (
            <button type="button" className="button primary" onClick={() => setPublishing(true)}>Опубликовать</button>
          ) : null}
        </div>
      </div>
      <p className="lead">
        {campaign.data.title} · расчёт № {data.run.id} от {formatDateTime(data.run.createdAt)} · {data.run.inputs.questionnaires} анкет, {data.run.inputs.municipalForms} муниципальных форм
      </p>
      {data.published ? (
        <Notice kind="success">Результаты опубликованы{campaign.data.publishedAt ? ` ${formatDateTime(campaign.data.publishedAt)}` : ''}.</Notice>
      ) : regionWide ? (
        <Notice kind="info">Проверка экспертами: утверждено {approved} из {data.municipalities.length} муниципалитетов. Муниципалитеты увидят результаты после публикации.</Notice>
      ) : null}

      <nav className="tabs no-print" aria-label="Представление результатов">
        {views.map((v) => (
          <a key={v.id} href={`?view=${v.id}`} aria-current={view === v.id ? 'page' : undefined} onClick={(event) => { event.preventDefault(); setParams({ view: v.id === 'matrix' ? null : v.id }); }}>
            {v.label}
          </a>
        ))}
      </nav>
      <LevelLegend levels={data.levels} insufficient={data.insufficientDataLabel} />
      {view === 'matrix' ? <Matrix campaignId={id} data={data} /> : null}
      {view === 'distribution' ? <DistributionView campaignId={id} /> : null}
      {view === 'comparison' ? <ComparisonView campaignId={id} data={data} /> : null}
      {publishing ? <PublishDialog campaignId={id} data={data} onClose={() => setPublishing(false)} onDone={() => { setPublishing(false); matrix.reload(); campaign.reload(); }} /> : null}
    </section>
  );
}

function Matrix({ campaignId, data }: { campaignId: number; data: ResultsMatrix }) {
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
                <Link to={`/campaigns/${campaignId}/results/${row.municipalityId}`}>{row.name}</Link>
                <small className="secondary-text">
                  школ ответило {row.respondingSchools} из {row.totalSchools}
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
                      to={`/campaigns/${campaignId}/results/${row.municipalityId}?mechanism=${cell.mechanismCode}`}
                      aria-label={`${row.name}, ${mechanism.code} ${mechanism.title}: ${label}, ${formatPercent(cell.percent)}${cell.overridden ? ', изменено экспертом' : ''}${cell.flags ? `, отметок для эксперта: ${cell.flags}` : ''}`}
                    >
                      <LevelBadge level={cell.level} levels={data.levels} insufficient={data.insufficientDataLabel} short />
                      <span className="cell-marks" aria-hidden="true">
                        {formatPercent(cell.percent)}
                        {cell.overridden ? <span className="mark-override" title={`Изменено экспертом; рассчитано: ${levelLabel(data.levels, data.insufficientDataLabel, cell.computedLevel)}`}> ✎</span> : null}
                        {cell.flags ? <span className="mark-flag" title="Заявления муниципалитета не подтверждаются школами"> ⚑{cell.flags}</span> : null}
                        {cell.confirmed ? <span className="mark-confirmed" title="Подтверждено экспертом"> ✓</span> : null}
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
                  {row.overall.overridden ? <span className="mark-override" title={`Рассчитано: ${levelLabel(data.levels, data.insufficientDataLabel, row.overall.computedLevel)}`}> ✎</span> : null}
                </span>
              </td>
              <td>
                <span className={`badge ${row.reviewStatus === 'approved' ? 'success' : row.reviewStatus === 'in_review' ? 'warning' : 'neutral'}`}>{reviewStatusLabels[row.reviewStatus]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DistributionView({ campaignId }: { campaignId: number }) {
  const distribution = useApi<Distribution>(`/api/campaigns/${campaignId}/results/distribution`);
  if (distribution.error) return <ErrorNotice error={distribution.error} />;
  if (!distribution.data) return <Loading />;
  const { rows, levels, insufficientDataLabel } = distribution.data;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Число муниципалитетов на каждом уровне</caption>
        <thead>
          <tr>
            <th scope="col">Механизм</th>
            <th scope="col">Распределение</th>
            {levels.map((l) => <th scope="col" key={l.code} className="num" title={l.label}>{l.code}</th>)}
            <th scope="col" className="num" title={insufficientDataLabel}>н/д</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const total = row.counts.reduce((a, b) => a + b, 0) + row.insufficient;
            return (
              <tr key={row.mechanismCode ?? 'overall'}>
                <th scope="row" style={{ fontWeight: row.mechanismCode ? 400 : 700 }}>{row.title}</th>
                <td>
                  <div className="stacked" aria-hidden="true">
                    {row.counts.map((count, level) =>
                      count ? <span key={level} className={`level level-${level}`} style={{ width: `${(count / total) * 100}%` }}>{count}</span> : null,
                    )}
                    {row.insufficient ? <span className="level level-none" style={{ width: `${(row.insufficient / total) * 100}%` }}>{row.insufficient}</span> : null}
                  </div>
                </td>
                {row.counts.map((count, level) => <td key={level} className="num">{count}</td>)}
                <td className="num">{row.insufficient}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const changeText = { better: '↑ лучше', worse: '↓ хуже', same: '= без изменений', no_data: '— нет данных' } as const;

function ComparisonView({ campaignId, data }: { campaignId: number; data: ResultsMatrix }) {
  const comparison = useApi<Comparison>(`/api/campaigns/${campaignId}/results/comparison`);
  if (comparison.error) return <ErrorNotice error={comparison.error} />;
  if (!comparison.data) return <Loading />;
  if (!comparison.data.previous) return <p className="empty">Предыдущей рассчитанной кампании в регионе нет — сравнивать не с чем.</p>;
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  return (
    <>
      <p>
        Сравнение с кампанией «{comparison.data.previous.title}» ({comparison.data.previous.year}).
      </p>
      <div className="table-wrap">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">Муниципалитет</th>
              {data.mechanisms.map((m) => <th scope="col" key={m.code} title={m.title}>{m.code}</th>)}
              <th scope="col">Итог</th>
            </tr>
          </thead>
          <tbody>
            {comparison.data.rows.map((row) => (
              <tr key={row.municipalityId}>
                <th scope="row">{row.name}</th>
                {row.cells.map((cell) => (
                  <td key={cell.mechanismCode ?? 'overall'} className={`change-${cell.change}`} title={`было: ${label(cell.previous)}; стало: ${label(cell.current)}`}>
                    {changeText[cell.change]}
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

function PublishDialog({ campaignId, data, onClose, onDone }: { campaignId: number; data: ResultsMatrix; onClose: () => void; onDone: () => void }) {
  const pending = data.municipalities.filter((m) => m.reviewStatus !== 'approved');
  const [reason, setReason] = useState('');
  const { submit, pending: busy, error, fieldErrors } = useSubmit(async () => {
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
  return (
    <Modal title="Опубликовать результаты" onClose={onClose}>
      <form onSubmit={onSubmit} className="form" noValidate>
        {pending.length === 0 ? (
          <p>Все муниципалитеты утверждены экспертами. После публикации муниципальные координаторы увидят свои уровни, обоснование и рекомендации; изменить результаты будет нельзя.</p>
        ) : (
          <>
            <Notice kind="warning">
              Не утверждены экспертами ({pending.length}): {pending.map((m) => m.name).join(', ')}. Их можно опубликовать как исключения — укажите причину, она сохранится в журнале.
            </Notice>
            <div className="field">
              <label htmlFor="publish-reason">Причина публикации без утверждения</label>
              <textarea id="publish-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={fieldErrors['exceptions.reason'] ? true : undefined} />
              {fieldErrors['exceptions.reason'] ? <p className="field-error">{fieldErrors['exceptions.reason']}</p> : null}
            </div>
          </>
        )}
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>{busy ? 'Публикация…' : pending.length ? 'Опубликовать с исключениями' : 'Опубликовать'}</button>
          <button type="button" className="button ghost" onClick={onClose}>Отмена</button>
        </div>
      </form>
    </Modal>
  );
}
