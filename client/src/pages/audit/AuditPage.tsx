import type { Page } from '@server/lib/paging';
import { auditActionLabels } from '@server/modules/audit/audit-labels';
import type { AuditEntry } from '@server/modules/audit/audit.schemas';
import { ErrorNotice, Field, Loading, Pager, SearchBox, SelectField } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useSearchParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { HelpLink } from '../../components/HelpLink';

const PAGE_SIZE = 50;
const actionOptions = Object.entries(auditActionLabels).map(([value, label]) => ({ value, label }));

export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const query = {
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    page: Number(params.get('page') ?? 1) || 1,
  };
  const list = useApi<Page<AuditEntry>>('/api/audit', {
    action: query.action,
    actor: query.actor,
    from: query.from ? new Date(`${query.from}T00:00:00`).toISOString() : undefined,
    to: query.to ? new Date(`${query.to}T23:59:59`).toISOString() : undefined,
    page: query.page,
    pageSize: PAGE_SIZE,
  });

  return (
    <section className="page">
      <h1>Журнал действий</h1>
      <HelpLink section="audit" topic="журнал действий" />
      <p className="lead">Кто, что и когда изменил. Журнал нельзя изменить или удалить — ни через систему, ни в базе данных.</p>
      <div className="filters">
        <SelectField
          label="Действие"
          value={query.action}
          placeholder="Все действия"
          options={actionOptions}
          onChange={(e) => setParams({ action: e.target.value, page: null })}
        />
        <SearchBox value={query.actor} label="Кто (почта или имя)" onSearch={(value) => setParams({ actor: value, page: null })} />
        <Field label="С" type="date" value={query.from} onChange={(e) => setParams({ from: e.target.value, page: null })} />
        <Field label="По" type="date" value={query.to} onChange={(e) => setParams({ to: e.target.value, page: null })} />
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.total === 0 ? <p className="empty">Записей нет.</p> : null}
      {list.data && list.data.total > 0 ? (
        <>
          <div className="table-wrap" aria-busy={list.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Когда</th>
                  <th scope="col">Кто</th>
                  <th scope="col">Действие</th>
                  <th scope="col">Что изменилось</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>{formatDateTime(entry.at)}</td>
                    <td>
                      {entry.actor}
                      {entry.ip ? <small className="secondary-text">{entry.ip}</small> : null}
                    </td>
                    <td>
                      {entry.actionLabel}
                      <small className="secondary-text">{entry.target}</small>
                    </td>
                    <td>
                      {entry.details.length ? (
                        <ul className="change-list">
                          {entry.details.map((line, index) => (
                            <li key={index}>{line}</li>
                          ))}
                        </ul>
                      ) : null}
                      {'before' in entry && (entry.before != null || entry.after != null) ? (
                        <details>
                          <summary>подробности</summary>
                          <pre className="json">{JSON.stringify({ было: entry.before, стало: entry.after }, null, 2)}</pre>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={query.page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(next) => setParams({ page: next })} />
        </>
      ) : null}
    </section>
  );
}
