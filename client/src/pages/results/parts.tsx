import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { MunicipalityResult, ResultsMatrix, RunSummary } from '@server/modules/results/results.schemas';
import type { ComponentScore, Corroboration, MechanismScore, Recommendation } from '@server/modules/scoring/scoring.schemas';
import { Notice, SelectField } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { levelLabel } from './Level';

// Pieces shared by the interactive results pages and their printable reports.

/** The scoring run chosen in the address (`?run=`), or the latest when none is. */
export function useRunParam(): [number | undefined, (runId: number | null) => void] {
  const [params, setParams] = useSearchParams();
  const run = Number(params.get('run'));
  return [Number.isInteger(run) && run > 0 ? run : undefined, (runId) => setParams({ run: runId })];
}

/** `?run=` to carry the chosen run into links; empty for the latest. */
export const runQuery = (runId: number | undefined, prefix: '?' | '&' = '?') => (runId === undefined ? '' : `${prefix}run=${runId}`);

export const runText = (run: RunSummary) => `№ ${run.id} от ${formatDateTime(run.createdAt)}${run.createdBy ? `, ${run.createdBy}` : ''}`;

/** Picks one of the campaign's scoring runs: number, date and who ran it; the latest is the default. */
export function RunPicker({ campaignId, current }: { campaignId: number; current: RunSummary }) {
  const runs = useApi<RunSummary[]>(`/api/campaigns/${campaignId}/scoring-runs`);
  const [, setRun] = useRunParam();
  if (!runs.data || runs.data.length < 2) return null;
  const latest = runs.data[0]!.id;
  return (
    <div className="run-picker no-print">
      <SelectField
        label="Расчёт"
        value={current.id}
        options={runs.data.map((run) => ({ value: run.id, label: `${runText(run)}${run.id === latest ? ' (последний)' : ''}` }))}
        onChange={(event) => setRun(Number(event.target.value) === latest ? null : Number(event.target.value))}
      />
      {current.id !== latest ? (
        <p className="small muted">Показан прежний расчёт — только для просмотра: проверка и публикация идут по последнему.</p>
      ) : null}
    </div>
  );
}

export function Evidence({ component }: { component: ComponentScore }) {
  const { evidence } = component;
  if (evidence.answer !== 'yes' || !evidence.document)
    return <span className="muted">{evidence.answer === 'no' ? 'Нет' : 'Не заявлено'}</span>;
  const d = evidence.document;
  return (
    <div className="small">
      <div>
        {d.typeLabel ?? 'Документ'}
        {d.title ? ` «${d.title}»` : ''}
      </div>
      {d.date || d.number ? (
        <div className="muted">
          {d.date ? `от ${formatDate(d.date)}` : ''}
          {d.number ? ` № ${d.number}` : ''}
        </div>
      ) : null}
      {d.url ? (
        <a href={d.url} target="_blank" rel="noopener noreferrer nofollow" className="evidence-url">
          {d.url}
        </a>
      ) : null}
    </div>
  );
}

/** School names of a corroboration, by id. */
export const schoolNamesOf = (data: MunicipalityResult, ids: ReadonlyArray<string | number>) =>
  ids.map((id) => data.schoolNames[String(id)] ?? String(id));

/** The schools left out of a share over answering schools, named with why, or null. */
export function leftOutText(data: MunicipalityResult, c: Corroboration): string | null {
  if (c.shareOver !== 'answering_schools' || c.silentSchools.length === 0) return null;
  const why = { neutral_answers: 'только нейтральные ответы', respondents_not_submitted: 'анкеты не отправлены' } as const;
  const named = c.silentSchools.map((s) => `${data.schoolNames[String(s.schoolId)] ?? String(s.schoolId)} (${why[s.cause]})`);
  return `Не ответили по компоненту и не входят в долю: ${named.join(', ')}.`;
}

/** What an override changed, in words: «уровень механизма 2.1: частично сформирована → не сформирована». */
export function overrideText(data: MunicipalityResult, o: MunicipalityResult['overrides'][number]) {
  const label = (level: number | null) => levelLabel(data.levels, data.insufficientDataLabel, level);
  if (o.target === 'mechanism_level') return `уровень механизма ${o.mechanismCode}: ${label(o.computedValue)} → ${label(o.value)}`;
  const title = data.score.mechanisms.find((m) => m.code === o.mechanismCode)?.components.find((c) => c.code === o.componentCode)?.title;
  return `механизм ${o.mechanismCode}, «${title}»: ${o.computedValue} → ${o.value} балл.`;
}

/** Recommendations grouped by mechanism, in the order given (weakest mechanism first). */
export function Recommendations({ items, mechanisms }: { items: readonly Recommendation[]; mechanisms: MunicipalityResult['mechanisms'] }) {
  const groups: Array<{ code: string; items: Recommendation[] }> = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last?.code === item.mechanism) last.items.push(item);
    else groups.push({ code: item.mechanism, items: [item] });
  }
  return (
    <div className="recommendations">
      {groups.map((group) => (
        <section key={group.code} className="recommendation-group">
          <h3>
            {group.code}. {mechanisms.find((m) => m.code === group.code)?.title}
          </h3>
          <ul className="explanation">
            {group.items.map((r) => (
              <li key={`${r.mechanism}-${r.component}`}>{r.text}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Why a level is what it is: after experts' changes where there are any, with the computation beside. */
export function Reasoning({ effective, computed }: { effective: string[] | null; computed: string[] }) {
  if (!effective)
    return (
      <ul className="explanation">
        {computed.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    );
  return (
    <div className="reasoning">
      <p className="small">
        <strong>С учётом изменений экспертов:</strong>
      </p>
      <ul className="explanation">
        {effective.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="small muted">
        <strong>По расчёту:</strong>
      </p>
      <ul className="explanation muted">
        {computed.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/** Back and print, on screen only: the printed sheet carries no navigation. */
export function ReportToolbar({ back, runId }: { back: string; runId: number | undefined }) {
  return (
    <div className="report-toolbar no-print">
      <Link to={`${back}${runQuery(runId)}`}>← Вернуться к результатам</Link>
      <button type="button" className="button primary" onClick={() => window.print()}>
        Печать
      </button>
    </div>
  );
}

type Correction = ResultsMatrix['corrections'][number];

/** «исправлено 5 декабря 2026 г.: причина» for each withdrawn earlier publication. */
export const correctionTexts = (corrections: readonly Correction[]) =>
  corrections.map((correction) => `исправлено ${formatDate(correction.withdrawnAt)}: ${correction.reason}`);

/** On published pages: the results were corrected after an earlier publication, and why. */
export function Corrections({ corrections }: { corrections: readonly Correction[] }) {
  if (!corrections.length) return null;
  return (
    <Notice kind="info">
      Результаты публиковались повторно:{' '}
      {correctionTexts(corrections).map((text, index) => (
        <span key={index} className="correction">
          {index ? '; ' : ''}
          {text}
        </span>
      ))}
      .
    </Notice>
  );
}

/** The title block of a printed report: what was assessed, by which run, in which state, and when it was printed. */
export function ReportHeader({
  title,
  campaign,
  run,
  facts,
  corrections,
}: {
  title: string;
  campaign: Campaign;
  run: RunSummary;
  facts: ReadonlyArray<readonly [string, string]>;
  corrections: readonly Correction[];
}) {
  const rows: Array<readonly [string, string]> = [
    ['Кампания', `${campaign.title} (${campaign.year})`],
    ['Расчёт уровней', runText(run)],
    [
      'Публикация',
      campaign.publishedAt
        ? `результаты опубликованы ${formatDateTime(campaign.publishedAt)}`
        : 'результаты не опубликованы: идёт проверка экспертами',
    ],
    ...(corrections.length ? [['Исправления', correctionTexts(corrections).join('; ')] as const] : []),
    ...facts,
    ['Отчёт сформирован', formatDateTime(new Date().toISOString())],
  ];
  return (
    <header className="report-head">
      <p className="report-kicker">Оценка муниципальных механизмов управления качеством образования · {campaign.regionName}</p>
      <h1>{title}</h1>
      <dl className="report-facts">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}

/** The caps that held a mechanism's level down, with the components that failed them. */
export function Caps({ mechanism }: { mechanism: MechanismScore }) {
  if (!mechanism.caps.length) return null;
  return (
    <>
      <h3>Ограничения уровня</h3>
      <ul className="explanation">
        {mechanism.caps.map((cap) => (
          <li key={cap.level}>
            {cap.explanation} Не выполнено: {cap.failing.map((f) => `«${f.title}» (${f.points} из нужных ${f.minPoints})`).join(', ')}.
          </li>
        ))}
      </ul>
    </>
  );
}
