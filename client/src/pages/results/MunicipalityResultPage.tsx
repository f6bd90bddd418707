import { useState, type FormEvent } from 'react';
import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import type { ComponentScore, MechanismScore } from '@server/modules/scoring/scoring.schemas';
import { DialogActions, ErrorNotice, Loading, Modal, Notice, SelectField } from '../../components/ui';
import { api, ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { MunicipalityHistorySection } from './charts';
import { formatPercent, LevelBadge, levelLabel } from './Level';
import {
  Caps,
  ComponentsTableHead,
  Evidence,
  Reasoning,
  Recommendations,
  RunPicker,
  overrideText,
  runQuery,
  schoolNamesOf,
  confirmedOfText,
  leftOutText,
  noShareText,
  useRunParam,
  Corrections,
} from './parts';
import { HelpLink } from '../../components/HelpLink';

const reviewBadge = { not_reviewed: 'neutral', in_review: 'warning', approved: 'success' } as const;

type Editing =
  | { kind: 'component'; mechanism: MechanismScore; component: ComponentScore; points: number }
  | { kind: 'level'; mechanism: MechanismScore; level: number | null };

export default function MunicipalityResultPage() {
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const route = matchPath('/campaigns/:id/results/:municipalityId', pathname)!;
  const [campaignId, municipalityId] = [Number(route.id), Number(route.municipalityId)];
  const [runId] = useRunParam();
  const result = useApi<MunicipalityResult>(`/api/campaigns/${campaignId}/results/${municipalityId}`, { runId });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  if (result.error)
    return (
      <section className="page">
        <ErrorNotice error={result.error} />
      </section>
    );
  if (!result.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const data = result.data;
  const { score } = data;
  const mechanismCode = params.get('mechanism') ?? score.mechanisms[0]!.code;
  const mechanism = score.mechanisms.find((m) => m.code === mechanismCode) ?? score.mechanisms[0]!;
  const cell = data.cells.find((c) => c.mechanismCode === mechanism.code)!;
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  const activeOverrides = data.overrides.filter((o) => !o.withdrawnAt);
  const confirmation = data.confirmations.find((c) => c.mechanismCode === mechanism.code);
  const effectiveLines = data.effectiveExplanation.mechanisms[mechanism.code] ?? null;

  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
      result.reload();
    } catch (error) {
      setActionError(error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Не удалось выполнить действие.'));
    }
  };
  const setStatus = (status: string) =>
    act(() => api(`/api/campaigns/${campaignId}/reviews/${municipalityId}`, { method: 'PUT', body: { status } }));

  return (
    <section className="page municipality-report">
      <p className="muted small no-print">
        <Link to={`/campaigns/${campaignId}/results${runQuery(runId)}`}>← Результаты кампании</Link>
      </p>
      <div className="page-header">
        <h1>{score.municipalityName}</h1>
        <HelpLink section={data.canReview ? 'override' : 'explanation'} topic="как читать объяснение и когда менять уровень" />
        <Link className="button ghost no-print" to={`/campaigns/${campaignId}/results/${municipalityId}/report${runQuery(runId)}`}>
          Отчёт для печати
        </Link>
      </div>
      <RunPicker campaignId={campaignId} current={data.run} />
      <Corrections corrections={data.corrections} />
      {data.changedSincePreviousRun && data.previousRunId !== null ? (
        <Notice kind="warning">
          Расчёт № {data.run.id} изменил результаты муниципалитета по сравнению с расчётом № {data.previousRunId}: проверьте его заново —
          утверждение и подтверждения изменившихся механизмов, данные по прежнему расчёту, больше не действуют.
        </Notice>
      ) : null}
      {!data.consistent ? (
        <Notice kind="warning">
          Пересчёт по текущей версии программы даёт другие баллы, чем сохранённый расчёт № {data.run.id}. Выполните расчёт заново перед
          публикацией.
        </Notice>
      ) : null}
      <div className="summary-grid">
        <article className="card">
          <p className="muted">Итоговый уровень</p>
          <p>
            <LevelBadge level={data.overall.level} levels={data.levels} insufficient={data.insufficientDataLabel} />
          </p>
          <p className="small">
            {formatPercent(data.overall.percent)} баллов
            {data.overall.overridden
              ? ` · рассчитано: ${label(data.overall.computedLevel)}, ${formatPercent(data.overall.computedPercent)}`
              : ''}
          </p>
        </article>
        <article className="card">
          <p className="muted">Ответы школ</p>
          <p className="big-number">
            {score.responseRate.respondingSchools} из {score.responseRate.totalSchools}
          </p>
          <p className="small">{score.responseRate.explanation}</p>
        </article>
        <article className="card">
          <p className="muted">Проверка</p>
          <p>
            <span className="badge neutral">{reviewStatusLabels[data.reviewStatus]}</span>
          </p>
          <p className="small">
            {score.formSubmitted ? 'Муниципальная форма отправлена.' : 'Муниципальная форма не отправлена: заявленных компонентов нет.'}
          </p>
        </article>
      </div>
      <Reasoning effective={data.effectiveExplanation.overall} computed={score.overall.explanation} />

      {data.canReview ? (
        <div className="review-bar no-print" role="group" aria-label="Проверка муниципалитета">
          {/* The state reads as a state; beside it, only what can be done from it. */}
          <span>
            Статус проверки: <span className={`badge ${reviewBadge[data.reviewStatus]}`}>{reviewStatusLabels[data.reviewStatus]}</span>
          </span>
          {data.reviewStatus === 'not_reviewed' ? (
            <button type="button" className="button ghost small" onClick={() => void setStatus('in_review')}>
              Взять на проверку
            </button>
          ) : null}
          {data.reviewStatus === 'approved' ? (
            <button type="button" className="button ghost small" onClick={() => void setStatus('in_review')}>
              Вернуть на проверку
            </button>
          ) : (
            <button type="button" className="button primary small" onClick={() => void setStatus('approved')}>
              Утвердить муниципалитет
            </button>
          )}
          {data.reviewStatus !== 'not_reviewed' ? (
            <button type="button" className="button ghost small" onClick={() => void setStatus('not_reviewed')}>
              Снять отметку
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorNotice error={actionError} />

      <nav className="mechanism-nav" aria-label="Механизмы">
        {score.mechanisms.map((m) => {
          const c = data.cells.find((x) => x.mechanismCode === m.code)!;
          const confirmed = data.confirmations.some((x) => x.mechanismCode === m.code && x.currentRun);
          return (
            <button
              key={m.code}
              type="button"
              aria-pressed={m.code === mechanism.code}
              onClick={() => setParams({ mechanism: m.code })}
              title={m.title}
            >
              {m.code}
              <LevelBadge level={c.level} levels={data.levels} insufficient={data.insufficientDataLabel} short />
              {c.overridden ? (
                <span className="mark-override" aria-label="изменено экспертом">
                  ✎
                </span>
              ) : null}
              {confirmed ? (
                <span className="mark-confirmed" aria-label="подтверждено экспертом">
                  ✓
                </span>
              ) : null}
              {m.flags.length ? (
                <span className="mark-flag" aria-label={`отметок: ${m.flags.length}`}>
                  ⚑
                </span>
              ) : null}
            </button>
          );
        })}
      </nav>

      <article className="card">
        <h2>
          {mechanism.code}. {mechanism.title}
        </h2>
        <p>
          Уровень: <LevelBadge level={cell.level} levels={data.levels} insufficient={data.insufficientDataLabel} /> ·{' '}
          {formatPercent(cell.percent)} ({cell.componentPoints.reduce((a, b) => a + b, 0)} из {mechanism.maxPoints} баллов)
          {cell.overridden ? (
            <span className="small">
              {' '}
              · рассчитано: {label(cell.computedLevel)}, {formatPercent(cell.computedPercent)}
            </span>
          ) : null}
          {confirmation?.currentRun ? (
            <span className="small mark-confirmed">
              {' '}
              · подтверждено: {confirmation.confirmedBy}, {formatDateTime(confirmation.confirmedAt)}
            </span>
          ) : null}
          {confirmation && !confirmation.currentRun ? (
            <span className="small muted">
              {' '}
              · подтверждение {confirmation.confirmedBy} от {formatDateTime(confirmation.confirmedAt)} относится к другому расчёту
            </span>
          ) : null}
        </p>
        <Reasoning effective={effectiveLines} computed={mechanism.explanation} />
        {mechanism.flags.length ? (
          <Notice kind="warning">
            <strong>Для эксперта:</strong>
            <ul className="explanation">
              {mechanism.flags.map((f) => (
                <li key={f.component}>{f.message}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {data.canReview ? (
          <div className="actions-bar no-print">
            {confirmation?.currentRun ? (
              <span className="mark-confirmed">✓ Уровень подтверждён</span>
            ) : (
              <button
                type="button"
                className="button primary small"
                onClick={() =>
                  void act(() =>
                    api(`/api/campaigns/${campaignId}/results/${municipalityId}/mechanisms/${mechanism.code}/confirm`, { method: 'POST' }),
                  )
                }
              >
                Подтвердить уровень
              </button>
            )}
            <button
              type="button"
              className="button ghost small"
              onClick={() => setEditing({ kind: 'level', mechanism, level: cell.level })}
            >
              Изменить уровень…
            </button>
          </div>
        ) : null}

        <div className="table-wrap">
          <table className="components">
            <ComponentsTableHead />
            <tbody>
              {mechanism.components.map((component, index) => {
                const effective = cell.componentPoints[index]!;
                const computed = cell.computedComponentPoints[index]!;
                return (
                  <tr key={component.code} className={component.flagged ? 'row-flagged' : undefined}>
                    <th scope="row">
                      {index + 1}. {component.title}
                    </th>
                    <td>
                      <Evidence component={component} />
                    </td>
                    <td>
                      <Corroboration component={component} data={data} />
                    </td>
                    <td className="small">{component.reason}</td>
                    <td className="points">
                      {effective !== computed ? (
                        <span className="was" title="рассчитано">
                          {computed}
                        </span>
                      ) : null}
                      {effective}
                      <span className="muted small">/{component.maxPoints}</span>
                      {data.canReview ? (
                        <button
                          type="button"
                          className="link-button small no-print"
                          onClick={() => setEditing({ kind: 'component', mechanism, component, points: effective })}
                        >
                          изменить
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Caps mechanism={mechanism} />
      </article>

      {activeOverrides.length || data.overrides.length ? (
        <article className="card">
          <h2>Изменения экспертов</h2>
          <ul className="override-list">
            {data.overrides.map((o) => {
              return (
                <li key={o.id} className={o.withdrawnAt ? 'row-muted' : undefined}>
                  <strong>{overrideText(data, o)}</strong>
                  <br />
                  {o.reason}
                  <br />
                  <small className="muted">
                    {o.createdBy}, {formatDateTime(o.createdAt)}
                    {o.withdrawnAt ? ` · отменено ${formatDateTime(o.withdrawnAt)}` : ''}
                  </small>
                  {data.canReview && !o.withdrawnAt ? (
                    <button
                      type="button"
                      className="link-button small no-print"
                      onClick={() => void act(() => api(`/api/campaigns/${campaignId}/overrides/${o.id}`, { method: 'DELETE' }))}
                    >
                      отменить изменение
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </article>
      ) : null}

      {data.recommendations.length ? (
        <article className="card">
          <h2>Рекомендации</h2>
          {data.overall.overridden ? <p className="small muted">С учётом изменений экспертов.</p> : null}
          <Recommendations items={data.recommendations} mechanisms={data.mechanisms} />
        </article>
      ) : null}

      <article className="card">
        <h2>Уровни по кампаниям региона</h2>
        <MunicipalityHistorySection campaignId={campaignId} municipalityId={municipalityId} />
      </article>

      {editing ? (
        <OverrideDialog
          campaignId={campaignId}
          municipalityId={municipalityId}
          editing={editing}
          data={data}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            result.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function Corroboration({ component, data }: { component: ComponentScore; data: MunicipalityResult }) {
  const c = component.corroboration;
  if (!c) return <span className="muted small">школы этот компонент не видят</span>;
  const names = (ids: Array<string | number>) => schoolNamesOf(data, ids);
  const leftOut = leftOutText(data, c);
  if (c.share === null)
    return (
      <div className="small">
        <span className="muted">{noShareText(c)}</span>
        {leftOut ? <p className="muted">{leftOut}</p> : null}
      </div>
    );
  return (
    <div className="small">
      <strong>{Math.round(c.share * 100)} %</strong> — {confirmedOfText(c)}
      <details>
        <summary>школы и вопросы</summary>
        {c.confirmingSchoolIds.length ? <p>Подтвердили: {names(c.confirmingSchoolIds).join(', ')}.</p> : null}
        {c.notConfirmingSchoolIds.length ? <p>Не подтвердили: {names(c.notConfirmingSchoolIds).join(', ')}.</p> : null}
        {leftOut ? <p>{leftOut}</p> : null}
        <ul>
          {c.questions.map((q) => (
            <li key={q.question}>
              {data.questions[q.question]?.title ?? q.question}: подтверждено в {q.holdingSchools} из {q.answeringSchools} ответивших школ
              {q.rule.kind === 'role' ? ' (учитывается ответ директора)' : ''}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function OverrideDialog({
  campaignId,
  municipalityId,
  editing,
  data,
  onClose,
  onDone,
}: {
  campaignId: number;
  municipalityId: number;
  editing: Editing;
  data: MunicipalityResult;
  onClose: () => void;
  onDone: () => void;
}) {
  const isComponent = editing.kind === 'component';
  const [value, setValue] = useState(String(isComponent ? editing.points : (editing.level ?? '')));
  const [reason, setReason] = useState('');
  const options = isComponent
    ? Array.from({ length: editing.component.maxPoints + 1 }, (_, points) => ({
        value: points,
        label: `${points} балл${points === 1 ? '' : points === 0 ? 'ов' : 'а'}`,
      }))
    : data.levels.map((l) => ({ value: l.code, label: l.label }));
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaignId}/results/${municipalityId}/overrides`, {
      method: 'POST',
      body: {
        mechanismCode: editing.mechanism.code,
        target: isComponent ? 'component_points' : 'mechanism_level',
        componentCode: isComponent ? editing.component.code : undefined,
        value: Number(value),
        reason,
      },
    });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={isComponent ? `Баллы: ${editing.component.title}` : `Уровень механизма ${editing.mechanism.code}`} onClose={onClose}>
      <form onSubmit={onSubmit} className="form" noValidate>
        <p className="small muted">
          Рассчитанное значение сохранится рядом с вашим; изменение и причина попадут в журнал и в выгрузку результатов.
        </p>
        <SelectField
          label={isComponent ? 'Баллы компонента' : 'Уровень'}
          value={value}
          options={options}
          onChange={(e) => setValue(e.target.value)}
          required
        />
        <div className={fieldErrors.reason ? 'field invalid' : 'field'}>
          <label htmlFor="override-reason">
            Причина (обязательно)
            <span className="required" aria-hidden="true">
              {' '}
              *
            </span>
          </label>
          <textarea
            id="override-reason"
            rows={4}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            aria-invalid={fieldErrors.reason ? true : undefined}
            placeholder="Например: документ на сайте МОУО не найден; протоколы наблюдения представлены не по всем школам…"
          />
          {fieldErrors.reason ? <p className="field-error">{fieldErrors.reason}</p> : null}
        </div>
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action="Сохранить изменение"
          pendingAction="Сохранение…"
          pending={pending}
          disabled={value === ''}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
