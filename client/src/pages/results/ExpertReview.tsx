import { useState } from 'react';
import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import { reviewStatusLabels } from '@server/modules/results/results-labels';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { overrideText } from './parts';

const reviewBadge = { not_reviewed: 'neutral', in_review: 'warning', approved: 'success' } as const;

/** Runs an expert's action and reloads the result; a refusal is kept to be shown above the mechanisms. */
export function useReviewAction(reload: () => void) {
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await work();
      reload();
    } catch (error) {
      setActionError(error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Не удалось выполнить действие.'));
    }
  };
  return { act, actionError };
}

/** The municipality's review status and the moves that can be made from it. */
export function ReviewBar({ data, setStatus }: { data: MunicipalityResult; setStatus: (status: string) => Promise<void> }) {
  return (
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
  );
}

/** The experts' changes to the municipality's scores, each with its reason, withdrawn ones dimmed. */
export function OverridesCard({ data, onWithdraw }: { data: MunicipalityResult; onWithdraw: (overrideId: number) => void }) {
  return (
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
                <button type="button" className="link-button small no-print" onClick={() => onWithdraw(o.id)}>
                  отменить изменение
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </article>
  );
}
