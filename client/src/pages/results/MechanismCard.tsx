import type { MunicipalityResult } from '@server/modules/results/results.schemas';
import type { ComponentScore, MechanismScore } from '@server/modules/scoring/scoring.schemas';
import { organisationWords } from '@server/modules/scoring/texts';
import { Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useSearchParams } from '../../lib/router';
import { formatPercent, LevelBadge, levelLabel } from './Level';
import type { Editing } from './OverrideDialog';
import { campaignWords, confirmedOfText, noShareText, respondentRoleGenitives } from './kind-text';
import { Caps, ComponentsTableHead, Evidence, Reasoning, schoolNamesOf, leftOutText } from './parts';

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
        <table className="components">
          <ComponentsTableHead words={campaignWords(data.score.responseRate)} />
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
                        onClick={() => onEdit({ kind: 'component', mechanism, component, points: effective })}
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
  );
}

function Corroboration({ component, data }: { component: ComponentScore; data: MunicipalityResult }) {
  const c = component.corroboration;
  if (!c) return <span className="muted small">{campaignWords(data.score.responseRate).plural} этот компонент не видят</span>;
  const names = (ids: Array<string | number>) => schoolNamesOf(data, ids);
  const leftOut = leftOutText(data, c);
  if (c.share === null)
    return (
      <div className="small">
        <span className="muted">{noShareText(c)}</span>
        {leftOut ? <p className="muted">{leftOut}</p> : null}
      </div>
    );
  const words = organisationWords(c.organisationKinds);
  return (
    <div className="small">
      <strong>{Math.round(c.share * 100)} %</strong> — {confirmedOfText(c)}
      <details>
        <summary>{words.plural} и вопросы</summary>
        {c.confirmingSchoolIds.length ? <p>Подтвердили: {names(c.confirmingSchoolIds).join(', ')}.</p> : null}
        {c.notConfirmingSchoolIds.length ? <p>Не подтвердили: {names(c.notConfirmingSchoolIds).join(', ')}.</p> : null}
        {leftOut ? <p>{leftOut}</p> : null}
        <ul>
          {c.questions.map((q) => (
            <li key={q.question}>
              {data.questions[q.question]?.title ?? q.question}: подтверждено в {q.holdingSchools} из {q.answeringSchools} ответивших{' '}
              {words.genitive}
              {q.rule.kind === 'role' ? ` (учитывается ответ ${respondentRoleGenitives[q.rule.role]})` : ''}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
