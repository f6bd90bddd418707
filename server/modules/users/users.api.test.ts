import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('users', () => {
  it('lets an administrator create a regional coordinator who must change the temporary password', async () => {
    const created = await t.request('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'New.Coordinator@Example.ru',
        fullName: 'Иванова Мария Петровна',
        role: 'regional_coordinator',
        regionId: t.fixture.regions.kirov,
      },
    });
    expect(created.statusCode).toBe(201);
    const { user, temporaryPassword } = created.json();
    expect(user).toMatchObject({
      email: 'new.coordinator@example.ru',
      role: 'regional_coordinator',
      passwordChangeRequired: true,
      region: { name: 'Кировская область' },
    });
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{12}$/);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/token',
      payload: { email: 'new.coordinator@example.ru', password: temporaryPassword },
    });
    const headers = { authorization: `Bearer ${login.json().token}` };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/municipalities', headers });
    expect(blocked.statusCode).toBe(403);
    expect(errorOf(blocked).message).toMatch(/Смените временный пароль/);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers,
      payload: { currentPassword: temporaryPassword, newPassword: 'Vyatka-2026!' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/municipalities', headers })).statusCode).toBe(200);

    const audit = await t.database.db.query.auditLog.findMany({ where: (a, { eq }) => eq(a.entityId, String(user.id)) });
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.password_changed']);
  });

  it('refuses a duplicate e-mail with 409', async () => {
    const response = await t.request('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'regional@fixture.test', fullName: 'Дубликат', role: 'expert', regionId: t.fixture.regions.kirov },
    });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).message).toMatch(/уже есть/);
  });

  it('lets a regional coordinator create municipal coordinators only in its own region', async () => {
    const own = await t.request('regional', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'kumeny2@example.ru',
        fullName: 'Петров Пётр',
        role: 'municipal_coordinator',
        municipalityId: t.fixture.municipalities.kumeny,
      },
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().user.municipality.name).toBe('Куменский район');

    const foreign = await t.request('regional', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'rzhev2@example.ru',
        fullName: 'Сидоров Сидор',
        role: 'municipal_coordinator',
        municipalityId: t.fixture.municipalities.rzhev,
      },
    });
    expect(foreign.statusCode).toBe(404);

    const admin = await t.request('regional', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'boss@example.ru', fullName: 'Начальник', role: 'admin' },
    });
    expect(admin.statusCode).toBe(403);
  });

  it('lists only the users of the coordinator’s region', async () => {
    const response = await t.request('regional', { method: 'GET', url: '/api/users?pageSize=200' });
    expect(response.statusCode).toBe(200);
    const regions = new Set(response.json().items.map((u: { region: { name: string } | null }) => u.region?.name));
    expect([...regions]).toEqual(['Кировская область']);
    const all = await t.request('admin', { method: 'GET', url: '/api/users?pageSize=200' });
    expect(all.json().total).toBeGreaterThan(response.json().total);
  });

  it('disabling a user ends its sessions at once; a coordinator cannot touch another region', async () => {
    const headers = await t.authAs('municipalKirovCity');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    const id = t.fixture.users.municipalKirovCity.id;
    const disabled = await t.request('regional', { method: 'PATCH', url: `/api/users/${id}`, payload: { disabled: true } });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().user.disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);

    const foreign = await t.request('regional', {
      method: 'PATCH',
      url: `/api/users/${t.fixture.users.municipalRzhev.id}`,
      payload: { disabled: true },
    });
    expect(foreign.statusCode).toBe(404);
    const peer = await t.request('regional', {
      method: 'PATCH',
      url: `/api/users/${t.fixture.users.disabled.id}`,
      payload: { disabled: false },
    });
    expect(peer.statusCode).toBe(403);
  });

  it('resets a password and refuses to disable oneself', async () => {
    const reset = await t.request('admin', {
      method: 'PATCH',
      url: `/api/users/${t.fixture.users.expertTver.id}`,
      payload: { resetPassword: true },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().temporaryPassword).toHaveLength(12);
    expect(reset.json().user.passwordChangeRequired).toBe(true);

    const self = await t.request('admin', { method: 'PATCH', url: `/api/users/${t.fixture.users.admin.id}`, payload: { disabled: true } });
    expect(self.statusCode).toBe(400);
    const empty = await t.request('admin', { method: 'PATCH', url: `/api/users/${t.fixture.users.admin.id}`, payload: {} });
    expect(empty.statusCode).toBe(400);
  });

  it('takes a temporary password the administrator chose only if the password rule accepts it', async () => {
    const create = (temporaryPassword: string) =>
      t.request('admin', {
        method: 'POST',
        url: '/api/users',
        payload: { email: 'dictated@example.ru', fullName: 'Иванова Анна Петровна', role: 'admin', temporaryPassword },
      });
    for (const [weak, reason] of [
      ['Kirov2026', /не короче 10 символов/],
      ['password123', /распространённых паролей/],
      ['1q2w3e4r5t', /распространённых паролей/],
      ['dictated', /не короче 10 символов/],
    ] as const) {
      const refused = await create(weak);
      expect(refused.statusCode, weak).toBe(400);
      expect(errorOf(refused).message).toMatch(reason);
      expect(errorOf(refused).details).toEqual([expect.objectContaining({ path: 'temporaryPassword' })]);
    }
    const created = await create('Весенний-пароль-43');
    expect(created.statusCode).toBe(201);
    expect(created.json().temporaryPassword).toBe('Весенний-пароль-43');

    const reset = (temporaryPassword: string) =>
      t.request('admin', {
        method: 'PATCH',
        url: `/api/users/${created.json().user.id}`,
        payload: { resetPassword: true, temporaryPassword },
      });
    expect((await reset('qwertyuiop')).statusCode).toBe(400);
    expect((await reset('dictated@example.ru')).statusCode).toBe(400);
    expect((await reset('Осенний-пароль-43')).json().temporaryPassword).toBe('Осенний-пароль-43');
  });
});
