import { useState, type FormEvent } from 'react';
import { ORGANISATION_KINDS, SCHOOL_LOCALITIES, type OrganisationKind } from '@db/schema/values';
import type { Municipality, School } from '@server/modules/directory/directory.schemas';
import { organisationKindAbbreviations, organisationKindLabels, schoolLocalityLabels } from '@server/modules/directory/directory-labels';
import type { Page } from '@server/lib/paging';
import { RegionFilter } from '../../components/RegionFilter';
import { DirectoryTabs } from '../../components/DirectoryTabs';
import { DialogActions, ErrorNotice, Field, Loading, Modal, Pager, SearchBox, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

const PAGE_SIZE = 50;
const localityOptions = SCHOOL_LOCALITIES.map((locality) => ({ value: locality, label: schoolLocalityLabels[locality] }));
const kindOptions = ORGANISATION_KINDS.map((kind) => ({
  value: kind,
  label: `${organisationKindAbbreviations[kind]} — ${organisationKindLabels[kind]}`,
}));

export default function SchoolsPage() {
  const me = useMe();
  const canEdit = me.role === 'admin' || me.role === 'regional_coordinator';
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const locality = params.get('locality') ?? '';
  const kind = params.get('kind') ?? '';
  const regionId = params.get('regionId') ?? '';
  const municipalityId = params.get('municipalityId') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const list = useApi<Page<School>>('/api/schools', { search, kind, locality, regionId, municipalityId, page, pageSize: PAGE_SIZE });
  // Up to 200 municipalities per region fit one request; a national administrator narrows by region first.
  const municipalities = useApi<Page<Municipality>>(
    me.role === 'municipal_coordinator' || (me.role === 'admin' && !regionId) ? null : '/api/municipalities',
    { regionId, pageSize: 200 },
  );
  const [editing, setEditing] = useState<{ school?: School } | null>(null);

  return (
    <section className="page">
      <DirectoryTabs />
      <div className="page-header">
        <h1>Образовательные организации</h1>
        {canEdit && municipalities.data ? (
          <button type="button" className="button primary" onClick={() => setEditing({})}>
            Добавить организацию
          </button>
        ) : null}
      </div>
      <div className="filters">
        <RegionFilter value={regionId} onChange={(value) => setParams({ regionId: value, municipalityId: null, page: null })} />
        {municipalities.data ? (
          <SelectField
            label="Муниципалитет"
            value={municipalityId}
            placeholder="Все муниципалитеты"
            options={municipalities.data.items.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(e) => setParams({ municipalityId: e.target.value, page: null })}
          />
        ) : null}
        <SearchBox value={search} label="Поиск по наименованию или коду" onSearch={(value) => setParams({ search: value, page: null })} />
        <SelectField
          label="Тип"
          value={kind}
          placeholder="Все типы"
          options={kindOptions}
          onChange={(e) => setParams({ kind: e.target.value, page: null })}
        />
        <SelectField
          label="Местность"
          value={locality}
          placeholder="Любая"
          options={localityOptions}
          onChange={(e) => setParams({ locality: e.target.value, page: null })}
        />
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.total === 0 ? (
          <p className="empty">Организаций не найдено.</p>
        ) : (
          <>
            <div className="table-wrap" aria-busy={list.loading}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Код</th>
                    <th scope="col">Организация</th>
                    <th scope="col">Тип</th>
                    <th scope="col">Муниципалитет</th>
                    <th scope="col">Местность</th>
                    {canEdit ? (
                      <th scope="col">
                        <span className="visually-hidden">Действия</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((school) => (
                    <tr key={school.id}>
                      <td className="code">{school.code}</td>
                      <td>
                        <span className="primary-text">{school.shortName}</span>
                        <small className="secondary-text">{school.address ?? school.fullName}</small>
                      </td>
                      <td>
                        <abbr title={organisationKindLabels[school.kind]}>{organisationKindAbbreviations[school.kind]}</abbr>
                      </td>
                      <td>{school.municipality.name}</td>
                      <td>{schoolLocalityLabels[school.locality]}</td>
                      {canEdit ? (
                        <td className="actions">
                          <button type="button" className="button ghost small" onClick={() => setEditing({ school })}>
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
      {editing && municipalities.data ? (
        <SchoolDialog
          school={editing.school}
          municipalities={municipalities.data.items}
          defaultMunicipalityId={municipalityId}
          defaultKind={kind === 'preschool' ? 'preschool' : 'school'}
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

function SchoolDialog({
  school,
  municipalities,
  defaultMunicipalityId,
  defaultKind,
  onClose,
  onSaved,
}: {
  school?: School;
  municipalities: Municipality[];
  defaultMunicipalityId: string;
  /** A new organisation takes the kind the list is filtered by. */
  defaultKind: OrganisationKind;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form, setForm] = useState({
    municipalityId: String(school?.municipality.id ?? defaultMunicipalityId ?? ''),
    code: school?.code ?? '',
    kind: school?.kind ?? defaultKind,
    fullName: school?.fullName ?? '',
    shortName: school?.shortName ?? '',
    locality: school?.locality ?? ('rural' as const),
    address: school?.address ?? '',
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    const body = { ...form, municipalityId: Number(form.municipalityId), address: form.address.trim() || null };
    await api(school ? `/api/schools/${school.id}` : '/api/schools', { method: school ? 'PATCH' : 'POST', body });
    onSaved();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={school ? 'Изменить организацию' : 'Новая организация'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <SelectField
          label="Муниципалитет"
          required
          value={form.municipalityId}
          placeholder="Выберите муниципалитет"
          options={municipalities.map((m) => ({ value: m.id, label: m.name }))}
          onChange={set('municipalityId')}
          error={fieldErrors.municipalityId}
        />
        <SelectField label="Тип" required value={form.kind} options={kindOptions} onChange={set('kind')} error={fieldErrors.kind} />
        <Field label="Код" required value={form.code} onChange={set('code')} error={fieldErrors.code} hint="Уникален в регионе." />
        <Field label="Полное наименование" required value={form.fullName} onChange={set('fullName')} error={fieldErrors.fullName} />
        <Field label="Краткое наименование" required value={form.shortName} onChange={set('shortName')} error={fieldErrors.shortName} />
        <SelectField
          label="Местность"
          required
          value={form.locality}
          options={localityOptions}
          onChange={set('locality')}
          error={fieldErrors.locality}
        />
        <Field label="Адрес" value={form.address} onChange={set('address')} error={fieldErrors.address} />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions action="Сохранить" pendingAction="Сохранение…" pending={pending} onCancel={onClose} />
      </form>
    </Modal>
  );
}
