import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../../../db/schema';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { draftCampaign, launchCampaign } from '../../test/campaign-journey';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('municipalities', () => {
  it('lists the region of a regional coordinator with school counts, search and paging', async () => {
    const response = await t.request('regional', { method: 'GET', url: '/api/municipalities' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(2);
    expect(body.items.map((m: { name: string }) => m.name)).toEqual(['город Киров', 'Куменский район']);
    expect(body.items[1].schoolCount).toBe(2);

    const search = await t.request('regional', { method: 'GET', url: `/api/municipalities?search=${encodeURIComponent('кумен')}` });
    expect(search.json().items.map((m: { code: string }) => m.code)).toEqual(['KUM']);
    const paged = await t.request('regional', { method: 'GET', url: '/api/municipalities?pageSize=1&page=2' });
    expect(paged.json()).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ code: 'KUM' }] });
  });

  it('shows a municipal coordinator only its own municipality', async () => {
    const list = await t.request('municipal', { method: 'GET', url: '/api/municipalities' });
    expect(list.json().items.map((m: { code: string }) => m.code)).toEqual(['KUM']);
    const other = await t.request('municipal', { method: 'GET', url: `/api/municipalities/${t.fixture.municipalities.kirovCity}` });
    expect(other.statusCode).toBe(404);
    const otherRegion = await t.request('regional', { method: 'GET', url: `/api/municipalities?regionId=${t.fixture.regions.tver}` });
    expect(otherRegion.statusCode).toBe(404);
  });

  it('creates and edits within the region, with audit; refuses duplicates and other regions', async () => {
    const created = await t.request('regional', {
      method: 'POST',
      url: '/api/municipalities',
      payload: { code: 'ORL', name: '  Орловский   район ', kind: 'district' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Орловский район', regionId: t.fixture.regions.kirov, schoolCount: 0 });

    const duplicate = await t.request('regional', {
      method: 'POST',
      url: '/api/municipalities',
      payload: { code: 'ORL', name: 'Ещё один', kind: 'district' },
    });
    expect(duplicate.statusCode).toBe(409);

    const renamed = await t.request('regional', {
      method: 'PATCH',
      url: `/api/municipalities/${created.json().id}`,
      payload: { kind: 'municipal_okrug', name: 'Орловский муниципальный округ' },
    });
    expect(renamed.json()).toMatchObject({ kind: 'municipal_okrug', name: 'Орловский муниципальный округ' });

    const clash = await t.request('regional', {
      method: 'PATCH',
      url: `/api/municipalities/${created.json().id}`,
      payload: { code: 'KUM' },
    });
    expect(clash.statusCode).toBe(409);

    const foreign = await t.request('regional', {
      method: 'PATCH',
      url: `/api/municipalities/${t.fixture.municipalities.rzhev}`,
      payload: { name: 'Захват' },
    });
    expect(foreign.statusCode).toBe(404);

    const byMunicipal = await t.request('municipal', {
      method: 'PATCH',
      url: `/api/municipalities/${t.fixture.municipalities.kumeny}`,
      payload: { name: 'Другое' },
    });
    expect(byMunicipal.statusCode).toBe(403);

    const audit = await t.database.db.query.auditLog.findMany({
      where: (a, { eq, and }) => and(eq(a.entityType, 'municipality'), eq(a.entityId, String(created.json().id))),
    });
    expect(audit.map((a) => a.action)).toEqual(['municipality.created', 'municipality.updated']);
    expect(audit[1]!.before).toMatchObject({ kind: 'district' });
    expect(audit[1]!.after).toMatchObject({ kind: 'municipal_okrug' });
  });

  it('lists in Russian alphabetical order, ё as е and regardless of case, and follows a rename', async () => {
    const create = async (code: string, name: string) =>
      (await t.request('regional', { method: 'POST', url: '/api/municipalities', payload: { code, name, kind: 'district' } })).json()
        .id as number;
    await create('ORD1', 'Ёлкинский район');
    await create('ORD2', 'ежовский район');
    await create('ORD3', 'Ерёмино');
    const renamed = await create('ORD4', 'Абрамовский район');
    await t.request('regional', { method: 'PATCH', url: `/api/municipalities/${renamed}`, payload: { name: 'Яблоновский район' } });
    const listed = (await t.request('regional', { method: 'GET', url: '/api/municipalities?pageSize=100' })).json();
    const ours = listed.items.filter((m: { code: string }) => m.code.startsWith('ORD')).map((m: { name: string }) => m.name);
    expect(ours).toEqual(['ежовский район', 'Ёлкинский район', 'Ерёмино', 'Яблоновский район']);
  });

  it('requires an administrator to name the region and validates the body', async () => {
    const noRegion = await t.request('admin', {
      method: 'POST',
      url: '/api/municipalities',
      payload: { code: 'X1', name: 'Новый район', kind: 'district' },
    });
    expect(noRegion.statusCode).toBe(400);
    const missing = await t.request('admin', {
      method: 'POST',
      url: '/api/municipalities',
      payload: { code: 'X1', name: 'Новый район', kind: 'district', regionId: 999999 },
    });
    expect(missing.statusCode).toBe(404);
    const invalid = await t.request('admin', {
      method: 'POST',
      url: '/api/municipalities',
      payload: { code: 'a b', name: 'Н', kind: 'village' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid).details).toHaveLength(3);
  });
});

describe('schools', () => {
  it('lists schools in scope with filters', async () => {
    const region = await t.request('expert', { method: 'GET', url: '/api/schools' });
    expect(region.json().total).toBe(3);
    const rural = await t.request('expert', { method: 'GET', url: '/api/schools?locality=rural' });
    expect(rural.json().items.map((s: { shortName: string }) => s.shortName)).toEqual(['МКОУ ООШ с. Вожгалы']);
    const own = await t.request('municipal', { method: 'GET', url: '/api/schools' });
    expect(own.json().items.every((s: { municipality: { id: number } }) => s.municipality.id === t.fixture.municipalities.kumeny)).toBe(
      true,
    );
    const foreign = await t.request('municipal', { method: 'GET', url: `/api/schools/${t.fixture.schools.kirovSchool}` });
    expect(foreign.statusCode).toBe(404);
  });

  it('creates, moves and edits schools only within the coordinator’s region', async () => {
    const created = await t.request('regional', {
      method: 'POST',
      url: '/api/schools',
      payload: {
        municipalityId: t.fixture.municipalities.kumeny,
        code: 'KUM-03',
        fullName: 'Муниципальное казённое общеобразовательное учреждение «Основная школа д. Березник»',
        shortName: 'МКОУ ООШ д. Березник',
        locality: 'rural',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const moved = await t.request('regional', {
      method: 'PATCH',
      url: `/api/schools/${id}`,
      payload: { municipalityId: t.fixture.municipalities.kirovCity, locality: 'urban' },
    });
    expect(moved.json()).toMatchObject({ municipality: { name: 'город Киров' }, locality: 'urban' });
    const toForeign = await t.request('regional', {
      method: 'PATCH',
      url: `/api/schools/${id}`,
      payload: { municipalityId: t.fixture.municipalities.rzhev },
    });
    expect(toForeign.statusCode).toBe(404);
    const intoForeign = await t.request('regional', {
      method: 'POST',
      url: '/api/schools',
      payload: {
        municipalityId: t.fixture.municipalities.rzhev,
        code: 'X',
        fullName: 'Школа чужого региона',
        shortName: 'Чужая',
        locality: 'urban',
      },
    });
    expect(intoForeign.statusCode).toBe(404);
    const duplicate = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { code: 'KUM-01' } });
    expect(duplicate.statusCode).toBe(409);
  });

  it('keeps schools (ОО) and kindergartens (ДОО) apart: kind on create and edit, a filter, counts per kind', async () => {
    const school = await t.request('regional', { method: 'GET', url: `/api/schools/${t.fixture.schools.kirovSchool}` });
    expect(school.json().kind).toBe('school');

    const created = await t.request('regional', {
      method: 'POST',
      url: '/api/schools',
      payload: {
        municipalityId: t.fixture.municipalities.kumeny,
        code: 'KUM-D1',
        kind: 'preschool',
        fullName: 'Муниципальное казённое дошкольное образовательное учреждение «Детский сад «Солнышко» пгт Кумёны»',
        shortName: 'МКДОУ д/с «Солнышко»',
        locality: 'urban',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'KUM-D1', kind: 'preschool' });
    const id = created.json().id as number;

    const renamed = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { shortName: 'Д/с «Солнышко»' } });
    expect(renamed.json()).toMatchObject({ shortName: 'Д/с «Солнышко»', kind: 'preschool' });

    const preschools = await t.request('regional', { method: 'GET', url: '/api/schools?kind=preschool' });
    expect(preschools.json()).toMatchObject({ total: 1, items: [{ id, kind: 'preschool' }] });
    const schools = await t.request('regional', { method: 'GET', url: '/api/schools?kind=school&pageSize=100' });
    expect(schools.json().items.length).toBeGreaterThan(0);
    expect(schools.json().items.every((s: { kind: string }) => s.kind === 'school')).toBe(true);

    const municipality = await t.request('regional', { method: 'GET', url: `/api/municipalities/${t.fixture.municipalities.kumeny}` });
    expect(municipality.json()).toMatchObject({ preschoolCount: 1 });
    const schoolCount = (
      await t.request('regional', { method: 'GET', url: `/api/schools?kind=school&municipalityId=${t.fixture.municipalities.kumeny}` })
    ).json().total;
    expect(municipality.json().schoolCount).toBe(schoolCount);

    const [region] = (await t.request('regional', { method: 'GET', url: '/api/regions' })).json();
    const regionSchools = (await t.request('regional', { method: 'GET', url: '/api/schools?kind=school' })).json().total;
    expect(region).toMatchObject({ id: t.fixture.regions.kirov, schoolCount: regionSchools, preschoolCount: 1 });

    const badFilter = await t.request('regional', { method: 'GET', url: '/api/schools?kind=kindergarten' });
    expect(badFilter.statusCode).toBe(400);
    expect(JSON.stringify(errorOf(badFilter))).toMatch(/Недопустимое значение; допустимо: school, preschool/);

    const toSchool = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { kind: 'school' } });
    expect(toSchool.json()).toMatchObject({ kind: 'school' });
    const badKind = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { kind: 'детсад' } });
    expect(badKind.statusCode).toBe(400);

    const audit = await t.database.db.query.auditLog.findMany({
      where: (a, { eq, and }) => and(eq(a.entityType, 'school'), eq(a.entityId, String(id))),
      orderBy: (a, { asc }) => asc(a.id),
    });
    expect(audit.map((a) => a.action)).toEqual(['school.created', 'school.updated', 'school.updated']);
    expect(audit[2]!.before).toMatchObject({ kind: 'preschool' });
    expect(audit[2]!.after).toMatchObject({ kind: 'school' });
  });

  it('refuses to change the kind of an organisation while a campaign not yet published holds its questionnaires', async () => {
    const id = t.fixture.schools.kumenySchool2;
    const campaignId = await draftCampaign(t, { title: 'Мониторинг механизмов 2026' });
    const inDraft = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { kind: 'preschool' } });
    expect(inDraft.json()).toMatchObject({ kind: 'preschool' });
    const back = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { kind: 'school' } });
    expect(back.json()).toMatchObject({ kind: 'school' });
    await launchCampaign(t, campaignId);

    const refusal =
      'Тип организации нельзя изменить: она участвует в кампании «Мониторинг механизмов 2026». Изменить тип можно после публикации результатов кампании.';
    for (const state of ['open', 'closed'] as const) {
      await t.database.db.update(campaigns).set({ state }).where(eq(campaigns.id, campaignId));
      const refused = await t.request('regional', {
        method: 'PATCH',
        url: `/api/schools/${id}`,
        payload: { kind: 'preschool', shortName: 'Д/с' },
      });
      expect(refused.statusCode).toBe(409);
      expect(errorOf(refused).message).toBe(refusal);
    }
    const unchanged = await t.request('regional', { method: 'GET', url: `/api/schools/${id}` });
    expect(unchanged.json()).toMatchObject({ kind: 'school', shortName: 'МКОУ ООШ с. Вожгалы' });
    const sameKind = await t.request('regional', {
      method: 'PATCH',
      url: `/api/schools/${id}`,
      payload: { kind: 'school', shortName: 'ООШ с. Вожгалы' },
    });
    expect(sameKind.json()).toMatchObject({ kind: 'school', shortName: 'ООШ с. Вожгалы' });

    await t.database.db.update(campaigns).set({ state: 'published' }).where(eq(campaigns.id, campaignId));
    const afterPublication = await t.request('regional', { method: 'PATCH', url: `/api/schools/${id}`, payload: { kind: 'preschool' } });
    expect(afterPublication.json()).toMatchObject({ kind: 'preschool' });
  });
});
