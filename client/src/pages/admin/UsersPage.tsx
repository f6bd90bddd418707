import { useState, type FormEvent } from 'react';
import type { StaffRole } from '@db/schema/values';
import type { Page } from '@server/lib/paging';
import { roleLabels } from '@server/modules/auth/auth-labels';
import type { Municipality } from '@server/modules/directory/directory.schemas';
import type { Region } from '@server/modules/regions/regions.schemas';
import type { User } from '@server/modules/users/users.schemas';
import { DialogActions, ErrorNotice, Field, Loading, Modal, Notice, Pager, SearchBox, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

const PAGE_SIZE = 50;

function manageableRoles(role: StaffRole): StaffRole[] {
  return role === 'admin' ? ['admin', 'regional_coordinator', 'municipal_coordinator', 'expert'] : ['municipal_coordinator', 'expert'];
}

type Issued = { user: User; temporaryPassword?: string };

export default function UsersPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const role = params.get('role') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const list = useApi<Page<User>>('/api/users', { search, role, page, pageSize: PAGE_SIZE });
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const roles = manageableRoles(me.role);

  const change = async (user: User, body: { disabled?: boolean; resetPassword?: true }) => {
    setRowError(null);
    try {
      const result = await api<Issued>(`/api/users/${user.id}`, { method: 'PATCH', body });
      if (result.temporaryPassword) setIssued(result);
      list.reload();
    } catch (error) {
      setRowError(error);
    }
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>Пользователи</h1>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          Добавить пользователя
        </button>
      </div>
      <div className="filters">
        <SearchBox value={search} label="Поиск по ФИО или почте" onSearch={(value) => setParams({ search: value, page: null })} />
        <SelectField
          label="Роль"
          value={role}
          placeholder="Все роли"
          options={(['admin', 'regional_coordinator', 'municipal_coordinator', 'expert'] as const).map((r) => ({
            value: r,
            label: roleLabels[r],
          }))}
          onChange={(e) => setParams({ role: e.target.value, page: null })}
        />
      </div>
      <ErrorNotice error={list.error ?? rowError} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <div className="table-wrap" aria-busy={list.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">ФИО и почта</th>
                  <th scope="col">Роль</th>
                  <th scope="col">Территория</th>
                  <th scope="col">Состояние</th>
                  <th scope="col">
                    <span className="visually-hidden">Действия</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((user) => {
                  const manageable = roles.includes(user.role) && user.id !== me.id;
                  return (
                    <tr key={user.id} className={user.disabled ? 'row-muted' : undefined}>
                      <td>
                        <span className="primary-text">{user.fullName}</span>
                        <small className="secondary-text">{user.email}</small>
                      </td>
                      <td>{roleLabels[user.role]}</td>
                      <td>{user.municipality?.name ?? user.region?.name ?? 'вся платформа'}</td>
                      <td>
                        {user.disabled ? (
                          <span className="badge neutral">отключён</span>
                        ) : user.passwordChangeRequired ? (
                          <span className="badge warning">не сменил временный пароль</span>
                        ) : (
                          <span className="badge success">активен</span>
                        )}
                      </td>
                      <td className="actions">
                        {manageable ? (
                          <>
                            <button type="button" className="button ghost small" onClick={() => void change(user, { resetPassword: true })}>
                              Новый пароль
                            </button>
                            <button
                              type="button"
                              className="button ghost small"
                              onClick={() => void change(user, { disabled: !user.disabled })}
                            >
                              {user.disabled ? 'Включить' : 'Отключить'}
                            </button>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={(next) => setParams({ page: next })} />
        </>
      ) : null}
      {creating ? (
        <CreateUserDialog
          roles={roles}
          onClose={() => setCreating(false)}
          onCreated={(result) => {
            setCreating(false);
            setIssued(result);
            list.reload();
          }}
        />
      ) : null}
      {issued?.temporaryPassword ? <IssuedPasswordDialog issued={issued} onClose={() => setIssued(null)} /> : null}
    </section>
  );
}

function CreateUserDialog({ roles, onClose, onCreated }: { roles: StaffRole[]; onClose: () => void; onCreated: (issued: Issued) => void }) {
  const me = useMe();
  const [form, setForm] = useState({
    email: '',
    fullName: '',
    role: roles.includes('municipal_coordinator') ? 'municipal_coordinator' : roles[0]!,
    regionId: '',
    municipalityId: '',
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const needsRegion = me.role === 'admin' && form.role !== 'admin';
  const regionForMunicipalities = me.role === 'admin' ? form.regionId : String(me.region?.id ?? '');
  const regions = useApi<Region[]>(needsRegion ? '/api/regions' : null);
  const municipalities = useApi<Page<Municipality>>(
    form.role === 'municipal_coordinator' && regionForMunicipalities ? '/api/municipalities' : null,
    { regionId: regionForMunicipalities, pageSize: 200 },
  );
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    const body = {
      email: form.email,
      fullName: form.fullName,
      role: form.role,
      regionId: needsRegion && form.regionId ? Number(form.regionId) : undefined,
      municipalityId: form.role === 'municipal_coordinator' && form.municipalityId ? Number(form.municipalityId) : undefined,
    };
    onCreated(await api<Issued>('/api/users', { method: 'POST', body }));
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title="Новый пользователь" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field label="ФИО" required value={form.fullName} onChange={set('fullName')} error={fieldErrors.fullName} autoComplete="off" />
        <Field
          label="Электронная почта"
          type="email"
          required
          value={form.email}
          onChange={set('email')}
          error={fieldErrors.email}
          autoComplete="off"
        />
        <SelectField
          label="Роль"
          required
          value={form.role}
          options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
          onChange={set('role')}
          error={fieldErrors.role}
        />
        {needsRegion ? (
          <SelectField
            label="Регион"
            required
            value={form.regionId}
            placeholder="Выберите регион"
            options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            onChange={set('regionId')}
            error={fieldErrors.regionId}
          />
        ) : null}
        {form.role === 'municipal_coordinator' ? (
          <SelectField
            label="Муниципалитет"
            required
            value={form.municipalityId}
            placeholder="Выберите муниципалитет"
            options={(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
            onChange={set('municipalityId')}
            error={fieldErrors.municipalityId}
          />
        ) : null}
        <p className="muted small">
          Система создаст временный пароль и покажет его один раз. При первом входе пользователь сменит его на свой.
        </p>
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions action="Создать" pendingAction="Создание…" pending={pending} onCancel={onClose} />
      </form>
    </Modal>
  );
}

function IssuedPasswordDialog({ issued, onClose }: { issued: Issued; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Адрес: ${location.origin}\nЛогин: ${issued.user.email}\nВременный пароль: ${issued.temporaryPassword}`;
  return (
    <Modal title="Временный пароль" onClose={onClose}>
      <p>
        Передайте эти данные пользователю <strong>{issued.user.fullName}</strong>. Пароль показывается только сейчас.
      </p>
      <pre className="credentials">{text}</pre>
      {copied ? <Notice kind="success">Скопировано.</Notice> : null}
      <DialogActions
        action="Скопировать"
        onAction={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
        onCancel={onClose}
        cancel="Готово"
      />
    </Modal>
  );
}
