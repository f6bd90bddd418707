import type { MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import { ErrorNotice, Loading, SelectField } from '../../components/ui';
import { Link, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { Reference } from './MethodologyReferenceView';
import { versionLabel } from './version-label';

/** The reference of a methodology version for experts and coordinators: catalogue, cycle, rules and thresholds. */
export default function MethodologyPage() {
  const [params, setParams] = useSearchParams();
  const me = useMe();
  const list = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const id = params.get('id') ?? list.data?.[0]?.id ?? null;
  const reference = useApi<MethodologyReference>(id ? `/api/methodologies/${encodeURIComponent(id)}` : null);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Методика оценки</h1>
        {me.role === 'municipal_coordinator' ? null : <Link to="/methodology/versions">Версии методики</Link>}
        {list.data && list.data.length > 1 ? (
          <SelectField
            label="Версия методики"
            value={id ?? ''}
            options={list.data.map((item) => ({ value: item.id, label: versionLabel(item) }))}
            onChange={(event) => setParams({ id: event.target.value })}
          />
        ) : null}
      </div>
      <ErrorNotice error={list.error ?? reference.error} />
      {!reference.data && (list.loading || reference.loading) ? <Loading /> : null}
      {list.data?.length === 0 ? <p className="empty">Методики не загружены.</p> : null}
      {reference.data ? <Reference reference={reference.data} /> : null}
    </section>
  );
}
