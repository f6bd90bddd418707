import { useState } from 'react';
import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { MunicipalityHistorySection } from './charts';
import { OverridesCard, ReviewBar, useReviewAction } from './ExpertReview';
import { formatPercent, LevelBadge, levelLabel } from './Level';
import { MechanismCard, MechanismNav } from './MechanismCard';
import { OverrideDialog, type Editing } from './OverrideDialog';
import { respondedParts, respondingWords } from './kind-text';
import { Corrections, Reasoning, Recommendations, RunPicker, runQuery, useRunParam } from './parts';
import { HelpLink } from '../../components/HelpLink';

export default function MunicipalityResultPage() {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const route = matchPath('/campaigns/:id/results/:municipalityId', pathname)!;
  const [campaignId, municipalityId] = [Number(route.id), Number(route.municipalityId)];
  const [runId] = useRunParam();
  const result = useApi<MunicipalityResult>(`/api/campaigns/${campaignId}/results/${municipalityId}`, { runId });
  const [editing, setEditing] = useState<Editing | null>(null);
  const { act, actionError } = useReviewAction(result.reload);

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
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  const responded = respondedParts(score.responseRate);

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
          <p className="muted">Ответы {respondingWords(score.responseRate).genitive}</p>
          {responded.length > 1 ? (
            responded.map((part) => (
              <p key={part}>
                <strong>{part}</strong>
              </p>
            ))
          ) : (
            <p className="big-number">{responded[0]}</p>
          )}
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

      {data.canReview ? <ReviewBar data={data} setStatus={setStatus} /> : null}
      <ErrorNotice error={actionError} />

      <MechanismNav data={data} current={mechanism} />

      <MechanismCard
        data={data}
        mechanism={mechanism}
        campaignId={campaignId}
        municipalityId={municipalityId}
        act={act}
        onEdit={setEditing}
      />

      {data.overrides.length ? (
        <OverridesCard
          data={data}
          onWithdraw={(overrideId) => void act(() => api(`/api/campaigns/${campaignId}/overrides/${overrideId}`, { method: 'DELETE' }))}
        />
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
