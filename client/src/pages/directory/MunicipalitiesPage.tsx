import { useState, type FormEvent } from 'react';
import { MUNICIPALITY_KINDS, type MunicipalityKind } from '@db/schema/values';
import type { Municipality } from '@server/modules/directory/directory.schemas';
import { municipalityKindLabels } from '@server/modules/directory/directory-labels';
import type { Page } from '@server/lib/paging';
import { RegionFilter } from '../../components/RegionFilter';
import { DirectoryTabs } from '../../components/DirectoryTabs';
import { DialogActions, ErrorNotice, Field, Loading, Modal, Pager, SearchBox, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { Link, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

const PAGE_SIZE = 50;
const kindOptions = MUNICIPALITY_KINDS.map((kind) => ({ value: kind, label: municipalityKindLabels[kind] }));

export default function MunicipalitiesPage() {
  const me = useMe();
  const canEdit = me.role === 'admin' || me.role === 'regional_coordinator';
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const kind = params.get('kind') ?? '';
  const regionId = params.get('regionId') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const list = useApi<Page<Municipality>>('/api/municipalities', { search, kind, regionId, page, pageSize: PAGE_SIZE });
  const [editing, setEditing] = useState<{ municipality?: Municipality } | null>(null);

  return (
    <section className="page">
      <DirectoryTabs />
      <div className="page-header">
        <h1>Муниципалитеты</h1>
        {canEdit && (me.role !== 'admin' || regionId) ? (
          <button type="button" className="button primary" onClick={() => setEditing({})}>
            Добавить муниципалитет
          </button>
        ) : null}
      </div>
      <div className="filters">
        <RegionFilter value={regionId} onChange={(value) => setParams({ regionId: value, page: null })} />
        <SearchBox value={search} label="Поиск по наименованию или коду" onSearch={(value) => setParams({ search: value, page: null })} />
        <SelectField
          label="Тип"
          value={kind}
          placeholder="Все типы"
          options={kindOptions}
          onChange={(e) => setParams({ kind: e.target.value, page: null })}
        />
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.total === 0 ? (
          <p className="empty">
            Ничего не найдено.
            {canEdit ? (
              <>
                {' '}
                Загрузите справочник на странице <Link to="/import">«Импорт»</Link>.
              </>
            ) : null}
          </p>
        ) : (
          <>
            <div className="table-wrap" aria-busy={list.loading}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Код</th>
                    <th scope="col">Наименование</th>
                    <th scope="col">Тип</th>
                    <th scope="col" className="num">
                      <abbr title="Общеобразовательных организаций">ОО</abbr>
                    </th>
                    <th scope="col" className="num">
                      <abbr title="Дошкольных образовательных организаций">ДОО</abbr>
                    </th>
                    {canEdit ? (
                      <th scope="col">
                        <span className="visually-hidden">Действия</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((municipality) => (
                    <tr key={municipality.id}>
                      <td className="code">{municipality.code}</td>
                      <td>
                        <Link to={`/schools?municipalityId=${municipality.id}`}>{municipality.name}</Link>
                      </td>
                      <td>{municipalityKindLabels[municipality.kind]}</td>
                      <td className="num">{municipality.schoolCount}</td>
                      <td className="num">{municipality.preschoolCount}</td>
                      {canEdit ? (
                        <td className="actions">
                          <button type="button" className="button ghost small" onClick={() => setEditing({ municipality })}>
                            Изменить
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(next) => setParams({ page: next })} />
          </>
        )
      ) : null}
      {editing ? (
        <MunicipalityDialog
          municipality={editing.municipality}
          regionId={regionId ? Number(regionId) : undefined}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function MunicipalityDialog({
  municipality,
  regionId,
  onClose,
  onSaved,
}: {
  municipality?: Municipality;
  regionId?: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [code, setCode] = useState(municipality?.code ?? '');
  const [name, setName] = useState(municipality?.name ?? '');
  const [kind, setKind] = useState<MunicipalityKind>(municipality?.kind ?? 'district');
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    if (municipality) await api(`/api/municipalities/${municipality.id}`, { method: 'PATCH', body: { code, name, kind } });
    else await api('/api/municipalities', { method: 'POST', body: { code, name, kind, regionId } });
    onSaved();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={municipality ? 'Изменить муниципалитет' : 'Новый муниципалитет'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field
          label="Код"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldErrors.code}
          hint="Уникален в регионе; используется при импорте организаций."
        />
        <Field label="Наименование" required value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} />
        <SelectField
          label="Тип"
          required
          value={kind}
          options={kindOptions}
          onChange={(e) => setKind(e.target.value as MunicipalityKind)}
          error={fieldErrors.kind}
        />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions action="Сохранить" pendingAction="Сохранение…" pending={pending} onCancel={onClose} />
      </form>
    </Modal>
  );
}
