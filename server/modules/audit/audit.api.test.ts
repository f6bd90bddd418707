import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // A few changes in two regions and two municipalities.
  await t.request('regional', {
    method: 'PATCH',
    url: `/api/municipalities/${t.fixture.municipalities.kumeny}`,
    payload: { name: 'Куменский муниципальный район' },
  });
  await t.request('regional', {
    method: 'PATCH',
    url: `/api/municipalities/${t.fixture.municipalities.kirovCity}`,
    payload: { name: 'Город Киров' },
  });
  await t.request('regionalTver', {
    method: 'PATCH',
    url: `/api/municipalities/${t.fixture.municipalities.rzhev}`,
    payload: { name: 'Ржевский округ' },
  });
});
afterAll(async () => t?.close());

describe('audit log', () => {
  it('shows each coordinator only its own territory, with filters', async () => {
    const regional = await t.request('regional', { method: 'GET', url: '/api/audit' });
    expect(regional.statusCode).toBe(200);
    expect(regional.json().items.map((e: { regionId: number }) => e.regionId)).toEqual([t.fixture.regions.kirov, t.fixture.regions.kirov]);
    const municipal = await t.request('municipal', { method: 'GET', url: '/api/audit' });
    expect(municipal.json().items).toHaveLength(1);
    expect(municipal.json().items[0]).toMatchObject({
      action: 'municipality.updated',
      actionLabel: 'Изменён муниципалитет',
      target: 'Муниципалитет «Куменский муниципальный район»',
      details: ['Наименование: Куменский район → Куменский муниципальный район'],
    });
    const admin = await t.request('admin', { method: 'GET', url: `/api/audit?action=municipality.updated&actor=regionaltver` });
    expect(admin.json().total).toBe(1);
    const future = await t.request('admin', {
      method: 'GET',
      url: `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    });
    expect(future.json().total).toBe(0);
    expect((await t.request('expert', { method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
  });

  it("filters by entity and by territory, never beyond the caller's own", async () => {
    const { regions, municipalities } = t.fixture;
    const list = async (user: Parameters<TestApp['request']>[0], query: string) => {
      const response = await t.request(user, { method: 'GET', url: `/api/audit?${query}` });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      return response.json().items as Array<{ entityType: string; entityId: string; regionId: number; municipalityId: number }>;
    };
    const kumeny = await list('admin', `entityType=municipality&entityId=${municipalities.kumeny}`);
    expect(kumeny.map((e) => [e.entityType, e.entityId])).toEqual([['municipality', String(municipalities.kumeny)]]);
    expect(await list('admin', `entityType=school&entityId=${municipalities.kumeny}`)).toEqual([]);
    expect((await list('admin', `regionId=${regions.tver}`)).map((e) => e.municipalityId)).toEqual([municipalities.rzhev]);
    expect((await list('admin', `municipalityId=${municipalities.kirovCity}`)).map((e) => e.entityId)).toEqual([
      String(municipalities.kirovCity),
    ]);
    expect((await list('regional', `regionId=${regions.kirov}&municipalityId=${municipalities.kumeny}`)).map((e) => e.entityId)).toEqual([
      String(municipalities.kumeny),
    ]);

    // Outside one's territory a filter finds nothing: another region is refused, another municipality empty.
    const otherRegion = await t.request('regional', { method: 'GET', url: `/api/audit?regionId=${regions.tver}` });
    expect(otherRegion.statusCode).toBe(404);
    expect(await list('regional', `municipalityId=${municipalities.rzhev}`)).toEqual([]);
    expect(await list('regional', `entityType=municipality&entityId=${municipalities.rzhev}`)).toEqual([]);
    expect(await list('municipal', `municipalityId=${municipalities.kirovCity}`)).toEqual([]);
  });

  it('offers no way to change the log', async () => {
    const writes = t.app.accessTable.filter((route) => route.url.startsWith('/api/audit') && route.method !== 'GET');
    expect(writes).toEqual([]);
    const refusal = await t.database.db.execute(sql`delete from audit_log`).then(
      () => 'accepted',
      () => 'refused',
    );
    expect(refusal).toBe('refused');
  });
});
