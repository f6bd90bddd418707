import { useState } from 'react';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import type { Region } from '@server/modules/regions/regions.schemas';
import { ErrorNotice, Loading, Notice, SelectField } from '../../components/ui';
import { Link, navigate } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { versionOwnerLabel, versionStateBadges, versionStateLabels } from './editor-labels';
import { ForkDialog, StateDialog, versionPath, type StateAction } from './version-actions';
import { VersionUpload } from './VersionFiles';

type Dialog = { kind: 'fork'; version: MethodologyVersionSummary } | { kind: StateAction; version: MethodologyVersionSummary };

/** Every methodology version the user sees: the platform's, read-only, and the region's drafts and published ones. */
export default function VersionsPage() {
  const me = useMe();
  const isAuthor = me.role === 'admin' || me.role === 'regional_coordinator';
  const list = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const regions = useApi<Region[]>(me.role === 'admin' ? '/api/regions' : null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const regionName = (id: number | null) =>
    id === null
      ? undefined
      : (regions.data?.find((region) => region.id === id)?.name ?? (me.region?.id === id ? me.region.name : undefined));

  return (
    <section className="page">
      <div className="page-header">
        <h1>Версии методики</h1>
        <Link to="/methodology">← Методика</Link>
      </div>
      <p className="lead">
        Версии платформы изменить нельзя: на их основе создают черновик региона, правят его и публикуют. Опубликованная версия не меняется;
        её выбирают при создании кампании.
      </p>
      {isAuthor ? <UploadVersion regions={regions.data} /> : null}
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Версия</th>
                <th scope="col">Состояние</th>
                <th scope="col">Владелец</th>
                <th scope="col">Ошибки</th>
                <th scope="col">Создана на основе</th>
                {isAuthor ? <th scope="col">Действия</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((version) => (
                <tr key={version.id}>
                  <td>
                    <Link to={versionPath(version.id)}>{version.title}</Link>
                    <br />
                    <span className="muted">
                      {version.id} · {version.version}
                    </span>
                  </td>
                  <td>
                    <span className={`badge ${versionStateBadges[version.state]}`}>{versionStateLabels[version.state]}</span>
                  </td>
                  <td>{versionOwnerLabel(version.regionId, regionName(version.regionId))}</td>
                  <td>{version.problemCount > 0 ? <span className="badge danger">{version.problemCount}</span> : '—'}</td>
                  <td>{version.forkedFrom ?? '—'}</td>
                  {isAuthor ? (
                    <td>
                      <div className="actions">
                        <button type="button" className="button ghost small" onClick={() => setDialog({ kind: 'fork', version })}>
                          Создать черновик на основе
                        </button>
                        {version.regionId !== null && version.state === 'draft' ? (
                          <button
                            type="button"
                            className="button ghost small"
                            disabled={version.problemCount > 0}
                            title={version.problemCount > 0 ? 'Сначала исправьте ошибки' : undefined}
                            onClick={() => setDialog({ kind: 'publish', version })}
                          >
                            Опубликовать
                          </button>
                        ) : null}
                        {version.regionId !== null && version.state === 'published' ? (
                          <button type="button" className="button ghost small" onClick={() => setDialog({ kind: 'retire', version })}>
                            Вывести
                          </button>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {dialog?.kind === 'fork' ? <ForkDialog version={dialog.version} onClose={() => setDialog(null)} /> : null}
      {dialog && dialog.kind !== 'fork' ? (
        <StateDialog
          version={dialog.version}
          action={dialog.kind}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

/** A whole version from a JSON or XLSX file becomes the region's draft; with problems it is kept and opened to fix them. */
function UploadVersion({ regions }: { regions: Region[] | undefined }) {
  const me = useMe();
  const [regionId, setRegionId] = useState('');
  const needsRegion = me.role === 'admin' && !regionId;
  return (
    <details className="card">
      <summary>Загрузить версию из файла (JSON или XLSX)</summary>
      {me.role === 'admin' ? (
        <SelectField
          label="Регион черновика"
          value={regionId}
          placeholder="Выберите регион"
          options={(regions ?? []).map((region) => ({ value: region.id, label: region.name }))}
          onChange={(event) => setRegionId(event.target.value)}
        />
      ) : null}
      {needsRegion ? (
        <Notice kind="warning">Сначала выберите регион.</Notice>
      ) : (
        <VersionUpload
          regionId={me.role === 'admin' ? Number(regionId) : undefined}
          onDone={(version) => version && navigate(versionPath(version.id))}
        />
      )}
    </details>
  );
}
