import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import type { MechanismScore } from '@server/modules/scoring/scoring.schemas';
import { Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSearchParams } from '../../lib/router';
import { ComponentTable } from './ComponentTable';
import { formatPercent, LevelBadge, levelLabel } from './Level';
import type { Editing } from './OverrideDialog';
import { Caps, Reasoning } from './parts';

/** The buttons that switch between the municipality's mechanisms, each with its level and the experts' marks. */
export function MechanismNav({ data, current }: { data: MunicipalityResult; current: MechanismScore }) {
  const [, setParams] = useSearchParams();
  const { score } = data;
  return (
    <nav className="mechanism-nav" aria-label="Механизмы">
      {score.mechanisms.map((m) => {
        const c = data.cells.find((x) => x.mechanismCode === m.code)!;
        const confirmed = data.confirmations.some((x) => x.mechanismCode === m.code && x.currentRun);
        return (
          <button
            key={m.code}
            type="button"
            aria-pressed={m.code === current.code}
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
  );
}

/** One mechanism: its level and reasoning, the expert's confirm and change buttons, and its components' points. */
export function MechanismCard({
  data,
  mechanism,
  campaignId,
  municipalityId,
  act,
  onEdit,
}: {
  data: MunicipalityResult;
  mechanism: MechanismScore;
  campaignId: number;
  municipalityId: number;
  act: (work: () => Promise<unknown>) => Promise<void>;
  onEdit: (editing: Editing) => void;
}) {
  const cell = data.cells.find((c) => c.mechanismCode === mechanism.code)!;
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  const confirmation = data.confirmations.find((c) => c.mechanismCode === mechanism.code);
  const effectiveLines = data.effectiveExplanation.mechanisms[mechanism.code] ?? null;
  return (
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
          <button type="button" className="button ghost small" onClick={() => onEdit({ kind: 'level', mechanism, level: cell.level })}>
            Изменить уровень…
          </button>
        </div>
      ) : null}

      <div className="table-wrap">
        <ComponentTable
          data={data}
          mechanism={mechanism}
          cell={cell}
          onEditPoints={data.canReview ? (component, points) => onEdit({ kind: 'component', mechanism, component, points }) : undefined}
        />
      </div>
      <Caps mechanism={mechanism} />
    </article>
  );
}
