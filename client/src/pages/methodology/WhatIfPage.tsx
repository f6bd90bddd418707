import { useState } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import type { WhatIf, WhatIfChange, WhatIfComparison } from '@server/modules/results/what-if.schemas';
import { ErrorNotice, Loading, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { formatPercent } from '../results/Level';
import { shortLevelLabel } from '../results/level-text';

const changeColumns: Array<{ change: WhatIfChange; label: string }> = [
  { change: 'up', label: 'Выше' },
  { change: 'down', label: 'Ниже' },
  { change: 'same', label: 'Без изменений' },
  { change: 'withheld', label: 'Уровень не присваивается' },
  { change: 'given', label: 'Уровень присваивается' },
];
const changeClass: Record<WhatIfChange, string> = {
  up: 'change-better',
  down: 'change-worse',
  same: 'change-same',
  withheld: 'change-worse',
  given: 'change-better',
};

/** What-if: a past campaign of the region re-scored under this version, beside its latest run; nothing is stored. */
export default function WhatIfPage() {
  const { pathname } = useLocation();
  const versionId = matchPath('/methodology/versions/:id/what-if', pathname)!.id!;
  const versions = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const version = versions.data?.find((v) => v.id === versionId);
  const campaigns = useApi<Campaign[]>('/api/campaigns');
  const past = (campaigns.data ?? []).filter(
    (c) => (c.state === 'closed' || c.state === 'published') && (!version || version.regionId === null || c.regionId === version.regionId),
  );
  const [campaignId, setCampaignId] = useState('');
  const [result, setResult] = useState<WhatIf | null>(null);
  const [changesOnly, setChangesOnly] = useState(false);
  const run = useSubmit(async () => {
    setResult(null);
    setResult(await api<WhatIf>(`/api/campaigns/${campaignId}/what-if`, { method: 'POST', body: { methodologyId: versionId } }));
  });

  return (
    <section className="page">
      <p className="muted small">
        <Link to={`/methodology?id=${encodeURIComponent(versionId)}`}>← Методика</Link>
      </p>
      <h1>Что если: пересчёт прошлой кампании по версии {version ? `«${version.title}» (${version.version})` : versionId}</h1>
      <p>Уровни считаются заново по ответам кампании и сравниваются с её последним расчётом. Ничего не сохраняется.</p>
      <ErrorNotice error={versions.error ?? campaigns.error} />
      {campaigns.loading ? <Loading /> : null}
      {campaigns.data && past.length === 0 ? <p className="empty">Завершённых или опубликованных кампаний нет.</p> : null}
      {past.length > 0 ? (
        <form
          className="toolbar"
          onSubmit={(event) => {
            event.preventDefault();
            void run.submit();
          }}
        >
          <SelectField
            label="Кампания"
            value={campaignId}
            placeholder="Выберите кампанию"
            options={past.map((c) => ({ value: String(c.id), label: `${c.title} (${c.year})` }))}
            onChange={(event) => setCampaignId(event.target.value)}
          />
          <button type="submit" disabled={!campaignId || run.pending}>
            {run.pending ? 'Считаем…' : 'Пересчитать'}
          </button>
        </form>
      ) : null}
      <ErrorNotice error={run.error} />
      {result ? <Result result={result} changesOnly={changesOnly} setChangesOnly={setChangesOnly} /> : null}
    </section>
  );
}

function Result({
  result,
  changesOnly,
  setChangesOnly,
}: {
  result: WhatIf;
  changesOnly: boolean;
  setChangesOnly: (value: boolean) => void;
}) {
  const rows = changesOnly
    ? result.municipalities.filter((row) => [row.overall, ...row.cells].some((cell) => cell.changed))
    : result.municipalities;
  const title = new Map(result.mechanisms.map((m) => [m.code, m.title]));
  return (
    <>
      <h2>Итог</h2>
      {result.missingMechanisms.length > 0 ? (
        <p>
          В версии нет механизмов: {result.missingMechanisms.map((m) => `${m.code} «${m.title}»`).join(', ')} — они не считаются, и общий
          уровень по версии складывается без них.
        </p>
      ) : null}
      {result.addedMechanisms.length > 0 ? (
        <p>Механизмы версии, которых не было в кампании (ответов по ним нет): {result.addedMechanisms.map((m) => m.code).join(', ')}.</p>
      ) : null}
      <div className="table-wrap">
        <table aria-label="Сколько уровней меняется">
          <thead>
            <tr>
              <th scope="col">Уровень</th>
              {changeColumns.map((column) => (
                <th scope="col" className="num" key={column.change}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[
              { code: 'overall', label: 'Общий уровень', counts: result.summary.overall },
              ...result.summary.mechanisms.map((m) => ({ ...m, label: `${m.code} ${title.get(m.code) ?? ''}` })),
            ].map((row) => (
              <tr key={row.code}>
                <th scope="row">{row.label}</th>
                {changeColumns.map((column) => (
                  <td className="num" key={column.change}>
                    {row.counts[column.change]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>По муниципалитетам</h2>
      <label className="check">
        <input type="checkbox" checked={changesOnly} onChange={(event) => setChangesOnly(event.target.checked)} /> Только изменения
      </label>
      {rows.length === 0 ? <p className="empty">Ничего не меняется.</p> : null}
      <div className="table-wrap">
        <table className="matrix" aria-label="Уровни сейчас и по версии">
          <thead>
            <tr>
              <th scope="col">Муниципалитет</th>
              <th scope="col">В целом</th>
              {result.mechanisms.map((m) => (
                <th scope="col" key={m.code} title={m.title}>
                  {m.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.municipalityId}>
                <th scope="row">{row.name}</th>
                {[row.overall, ...row.cells].map((cell, index) => (
                  <Cell key={index} cell={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** «сейчас → по версии», the change marked, and why on demand. */
function Cell({ cell }: { cell: WhatIfComparison }) {
  return (
    <td className={cell.changed ? changeClass[cell.change] : undefined} data-changed={cell.changed || undefined}>
      {shortLevelLabel(cell.now.computedLevel)} → {shortLevelLabel(cell.version.level)}
      {cell.now.overridden ? <span title="Сейчас действует решение эксперта"> ✎</span> : null}
      <br />
      <small className="secondary-text">
        {formatPercent(cell.now.computedPercent)} → {formatPercent(cell.version.percent)}
      </small>
      {cell.reasons.length > 0 ? (
        <details>
          <summary>почему</summary>
          <ul>
            {cell.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          {cell.explanation.length > 0 ? <p className="small">По версии: {cell.explanation.join(' ')}</p> : null}
        </details>
      ) : null}
    </td>
  );
}
