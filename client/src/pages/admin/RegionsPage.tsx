import { useState, type FormEvent } from 'react';
import type { Region } from '@server/modules/regions/regions.schemas';
import { DEFAULT_TIME_ZONE, zoneLabel } from '@server/lib/time-zones';
import { DialogActions, ErrorNotice, Field, Loading, Modal } from '../../components/ui';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

type Editing = { region?: Region } | null;

export default function RegionsPage() {
  const regions = useApi<Region[]>('/api/regions');
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Регионы</h1>
        <button type="button" className="button primary" onClick={() => setEditing({})}>
          Добавить регион
        </button>
      </div>
      <ErrorNotice error={regions.error} />
      {regions.loading && !regions.data ? <Loading /> : null}
      {regions.data ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Код</th>
                <th scope="col">Регион</th>
                <th scope="col">Часовой пояс</th>
                <th scope="col" className="num">
                  Муниципалитетов
                </th>
                <th scope="col" className="num">
                  <abbr title="Общеобразовательных организаций">ОО</abbr>
                </th>
                <th scope="col" className="num">
                  <abbr title="Дошкольных образовательных организаций">ДОО</abbr>
                </th>
                <th scope="col">
                  <span className="visually-hidden">Действия</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {regions.data.map((region) => (
                <tr key={region.id}>
                  <td>{region.code}</td>
                  <td>
                    <Link to={`/municipalities?regionId=${region.id}`}>{region.name}</Link>
                  </td>
                  <td>
                    {region.timeZone} <small className="muted">{zoneLabel(region.timeZone)}</small>
                  </td>
                  <td className="num">{region.municipalityCount}</td>
                  <td className="num">{region.schoolCount}</td>
                  <td className="num">{region.preschoolCount}</td>
                  <td className="actions">
                    <button type="button" className="button ghost small" onClick={() => setEditing({ region })}>
                      Изменить
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {editing ? (
        <RegionDialog
          region={editing.region}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            regions.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function RegionDialog({ region, onClose, onSaved }: { region?: Region; onClose: () => void; onSaved: () => void }) {
  const [code, setCode] = useState(region?.code ?? '');
  const [name, setName] = useState(region?.name ?? '');
  const [timeZone, setTimeZone] = useState(region?.timeZone ?? DEFAULT_TIME_ZONE);
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(region ? `/api/regions/${region.id}` : '/api/regions', { method: region ? 'PATCH' : 'POST', body: { code, name, timeZone } });
    onSaved();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={region ? 'Изменить регион' : 'Новый регион'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field
          label="Код региона"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldErrors.code}
          hint="Например, 43 для Кировской области."
        />
        <Field label="Наименование" required value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} />
        <Field
          label="Часовой пояс (IANA)"
          required
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          error={fieldErrors.timeZone}
          hint="В нём вводятся и показываются сроки кампаний региона, например Europe/Moscow, Europe/Samara, Asia/Yekaterinburg."
        />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions action="Сохранить" pendingAction="Сохранение…" pending={pending} onCancel={onClose} />
      </form>
    </Modal>
  );
}
