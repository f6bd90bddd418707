import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import type { MethodologyVersionSummary } from './versions.schemas';

// Methodology versions as data (issue #20): fork, check, save, publish, retire; what each region sees and may use.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Result = { version: MethodologyVersionSummary; problems: Array<{ path: string; message: string }> };
type Doc = Record<string, any>;

const call = (user: FixtureUserKey, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.request(user, { method, url, payload: payload as object | undefined });
const listIds = async (user: FixtureUserKey) =>
  (await call(user, 'GET', '/api/methodologies')).json<MethodologyVersionSummary[]>().map((v) => v.id);
const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString();
const campaignWith = (methodologyId: string) => ({
  title: 'Кампания по своей версии методики',
  year: 2026,
  methodologyId,
  mechanismCodes: ['1.1', '2.1'],
  opensAt: new Date().toISOString(),
  closesAt: inAWeek(),
});

describe('methodology versions', () => {
  let forkId = '';

  it('lists the installation’s versions to every role, read-only and published', async () => {
    for (const user of ['admin', 'regional', 'municipal', 'expert'] satisfies FixtureUserKey[]) {
      const list = (await call(user, 'GET', '/api/methodologies')).json<MethodologyVersionSummary[]>();
      expect(list.map((v) => [v.id, v.regionId, v.state, v.readOnly, v.problemCount])).toEqual([
        ['federal-2020', null, 'published', true, 0],
        ['regional-preschool-2021', null, 'published', true, 0],
      ]);
    }
  });

  it('forks a visible version into a draft of the caller’s region, the same document under a new id', async () => {
    const response = await call('regional', 'POST', '/api/methodologies/federal-2020/fork');
    expect(response.statusCode, response.body).toBe(201);
    const { version, problems } = response.json<Result>();
    forkId = version.id;
    expect(version).toMatchObject({
      id: `federal-2020-r${t.fixture.regions.kirov}-1`,
      regionId: t.fixture.regions.kirov,
      state: 'draft',
      readOnly: false,
      forkedFrom: 'federal-2020',
      mechanismCount: 9,
      problemCount: 0,
    });
    expect(problems).toEqual([]);
    const original = (await call('regional', 'GET', '/api/methodologies/federal-2020/document')).json<Doc>();
    const copy = (await call('regional', 'GET', `/api/methodologies/${forkId}/document`)).json<Doc>();
    expect(copy).toEqual({ ...original, id: forkId });
    // A second fork takes the next number.
    const second = await call('admin', 'POST', `/api/methodologies/federal-2020/fork?regionId=${t.fixture.regions.kirov}`);
    expect(second.json<Result>().version.id).toBe(`federal-2020-r${t.fixture.regions.kirov}-2`);
  });

  it('keeps a draft inside its region: another region, experts and municipal coordinators neither see nor use it', async () => {
    expect(await listIds('regional')).toContain(forkId);
    expect(await listIds('admin')).toContain(forkId);
    for (const user of ['regionalTver', 'expertTver', 'expert', 'municipal'] satisfies FixtureUserKey[]) {
      expect(await listIds(user), user).not.toContain(forkId);
      for (const path of ['', '/document']) {
        const response = await call(user, 'GET', `/api/methodologies/${forkId}${path}`);
        expect(response.statusCode, `${user} ${path}`).toBe(404);
        expect(errorOf(response).message).toBe('Версия методики не найдена.');
      }
    }
    for (const path of ['/fork', '/publish', '/retire'])
      expect((await call('regionalTver', 'POST', `/api/methodologies/${forkId}${path}`)).statusCode, path).toBe(404);
    expect((await call('regionalTver', 'PUT', `/api/methodologies/${forkId}/document`, { id: forkId })).statusCode).toBe(404);
    // Not even its own region may run a campaign on a draft.
    const draftCampaign = await call('regional', 'POST', '/api/campaigns', campaignWith(forkId));
    expect(draftCampaign.statusCode).toBe(400);
    expect(errorOf(draftCampaign).message).toMatch(/не найдена среди опубликованных версий региона/);
  });

  it('saves a draft with problems, names every one by path in Russian, and refuses to publish it', async () => {
    const document = (await call('regional', 'GET', `/api/methodologies/${forkId}/document`)).json<Doc>();
    document.scoring.levelBands[2].fromPercent = 20;
    document.mechanisms[4].questionnaire.questions[1].scoring.confirming = ['yes', 'maybe'];
    document.title = '';
    const saved = await call('regional', 'PUT', `/api/methodologies/${forkId}/document`, document);
    // Saved, yet answered 422 so that no client takes it for a clean save.
    expect(saved.statusCode, saved.body).toBe(422);
    expect(errorOf(saved).message).toBe('Черновик сохранён, но в нём 3 ошибки: исправьте их, чтобы опубликовать.');
    const { version, problems, saved: stored } = errorOf(saved).details as Result & { saved: boolean };
    expect(stored).toBe(true);
    expect(version).toMatchObject({ state: 'draft', problemCount: 3, mechanismCount: 0 });
    expect((await call('regional', 'GET', `/api/methodologies/${forkId}/document`)).json<Doc>().title).toBe('');
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'Текст не может быть пустым' },
        { path: 'scoring.levelBands[2].fromPercent', message: 'Границы уровней должны строго возрастать' },
        {
          path: 'mechanisms[4].questionnaire.questions[1].scoring.confirming',
          message: 'Значение «maybe» не входит в варианты ответа вопроса',
        },
      ]),
    );
    expect((await call('regional', 'GET', `/api/methodologies/${forkId}/check`)).json<Result>().problems).toEqual(problems);
    const refused = await call('regional', 'POST', `/api/methodologies/${forkId}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused).message).toMatch(/^Черновик нельзя опубликовать/);
    expect((errorOf(refused).details as { problems: unknown[] }).problems).toEqual(problems);
    expect((await call('regional', 'GET', `/api/methodologies/${forkId}`)).statusCode).toBe(409);
  });

  it('round-trips the JSON: what is downloaded uploads back unchanged', async () => {
    const document = (await call('regional', 'GET', '/api/methodologies/federal-2020/document')).json<Doc>();
    document.scoring.levelBands[2].fromPercent = 55;
    document.title = 'Оценка механизмов: Кировская область, границы уровней 2027';
    const saved = await call('regional', 'PUT', `/api/methodologies/${forkId}/document`, { ...document, id: forkId });
    expect(saved.json<Result>().problems).toEqual([]);
    const downloaded = await call('regional', 'GET', `/api/methodologies/${forkId}/document`);
    expect(downloaded.headers['content-disposition']).toBe(`attachment; filename="${forkId}.json"`);
    expect(downloaded.json()).toEqual({ ...document, id: forkId });
    const again = await call('regional', 'PUT', `/api/methodologies/${forkId}/document`, downloaded.json());
    expect(again.json<Result>()).toMatchObject({ problems: [], version: { problemCount: 0 } });
    expect((await call('regional', 'GET', `/api/methodologies/${forkId}/document`)).json()).toEqual(downloaded.json());
  });

  it('refuses a document whose id is not the draft’s', async () => {
    const response = await call('regional', 'PUT', `/api/methodologies/${forkId}/document`, { id: 'other' });
    expect(response.statusCode).toBe(422);
    expect(errorOf(response).message).toMatch(/должен совпадать с идентификатором черновика/);
  });

  it('publishes a clean draft: immutable from then on, seen by the region’s experts, usable by its campaigns only', async () => {
    const published = await call('regional', 'POST', `/api/methodologies/${forkId}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json<Result>().version).toMatchObject({ state: 'published', readOnly: true });
    const document = (await call('regional', 'GET', `/api/methodologies/${forkId}/document`)).json<Doc>();
    const edit = await call('regional', 'PUT', `/api/methodologies/${forkId}/document`, document);
    expect(edit.statusCode).toBe(409);
    expect((await call('regional', 'POST', `/api/methodologies/${forkId}/publish`)).statusCode).toBe(409);
    expect(await listIds('expert')).toContain(forkId);
    expect(await listIds('expertTver')).not.toContain(forkId);
    const reference = (await call('expert', 'GET', `/api/methodologies/${forkId}`)).json<{ scoring: { levelBands: unknown[] } }>();
    expect(reference.scoring.levelBands).toEqual([
      { level: 0, fromPercent: 0 },
      { level: 1, fromPercent: 25 },
      { level: 2, fromPercent: 55 },
      { level: 3, fromPercent: 80 },
    ]);

    const created = await call('regional', 'POST', '/api/campaigns', campaignWith(forkId));
    expect(created.statusCode, created.body).toBe(201);
    const tver = await call('regionalTver', 'POST', '/api/campaigns', campaignWith(forkId));
    expect(tver.statusCode).toBe(400);
    const launched = await call('regional', 'POST', `/api/campaigns/${created.json<{ id: number }>().id}/launch`);
    expect(launched.statusCode, launched.body).toBe(200);
    const [row] = await t.database.db.query.campaigns.findMany({ where: (c, { eq }) => eq(c.id, created.json<{ id: number }>().id) });
    const frozen = row!.frozenDefinition as { methodology: Doc };
    expect(frozen.methodology.id).toBe(forkId);
    expect(frozen.methodology.scoring.levelBands[2].fromPercent).toBe(55);
  });

  it('retires a published version: no new campaign takes it', async () => {
    const retired = await call('regional', 'POST', `/api/methodologies/${forkId}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json<Result>().version.state).toBe('retired');
    expect((await call('regional', 'POST', `/api/methodologies/${forkId}/retire`)).statusCode).toBe(409);
    expect((await call('regional', 'POST', '/api/campaigns', campaignWith(forkId))).statusCode).toBe(400);
    // Still readable, and a fork of it is a fresh draft.
    expect((await call('expert', 'GET', `/api/methodologies/${forkId}`)).statusCode).toBe(200);
    const fork = await call('regional', 'POST', `/api/methodologies/${forkId}/fork`);
    expect(fork.json<Result>().version).toMatchObject({ id: `federal-2020-r${t.fixture.regions.kirov}-3`, forkedFrom: forkId });
  });

  it('never changes the installation’s versions', async () => {
    const document = (await call('admin', 'GET', '/api/methodologies/federal-2020/document')).json<Doc>();
    for (const [method, path, body] of [
      ['PUT', '/document', document],
      ['POST', '/publish', undefined],
      ['POST', '/retire', undefined],
    ] as const) {
      const response = await call('admin', method, `/api/methodologies/federal-2020${path}`, body);
      expect(response.statusCode, path).toBe(409);
      expect(errorOf(response).message).toMatch(/поставляемые с платформой, изменить нельзя/);
    }
  });
});

describe('POST /api/methodologies (upload)', () => {
  it('stores the document as a draft of the region under its own id', async () => {
    const document = (await call('regionalTver', 'GET', '/api/methodologies/regional-preschool-2021/document')).json<Doc>();
    const response = await call('regionalTver', 'POST', '/api/methodologies', { ...document, id: 'tver-preschool-2027' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Result>().version).toMatchObject({ id: 'tver-preschool-2027', regionId: t.fixture.regions.tver, problemCount: 0 });
    expect(await listIds('regional')).not.toContain('tver-preschool-2027');
    const again = await call('regionalTver', 'POST', '/api/methodologies', { ...document, id: 'tver-preschool-2027' });
    expect(again.statusCode).toBe(409);
    const system = await call('regionalTver', 'POST', '/api/methodologies', document);
    expect(system.statusCode).toBe(409);
  });

  it('stores a broken document too, and lists its problems', async () => {
    const response = await call('regional', 'POST', '/api/methodologies', { id: 'kirov-broken', title: 'Черновик' });
    expect(response.statusCode).toBe(422);
    const { problems } = errorOf(response).details as Result;
    expect((await call('regional', 'GET', '/api/methodologies/kirov-broken/check')).json<Result>().problems).toEqual(problems);
    expect(problems).toContainEqual({ path: 'version', message: expect.stringMatching(/[А-Яа-я]/) });
    expect(problems.length).toBeGreaterThan(5);
  });

  it('refuses a document without a usable id, or not an object, and an administrator who names no region', async () => {
    for (const body of [{ title: 'без идентификатора' }, { id: 'С пробелом' }, [1, 2]]) {
      const response = await call('regional', 'POST', '/api/methodologies', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(errorOf(response).message).toMatch(/[А-Яа-я]/);
    }
    const admin = await call('admin', 'POST', '/api/methodologies', { id: 'admin-without-region' });
    expect(admin.statusCode).toBe(400);
    expect(errorOf(admin).message).toBe('Укажите регион (regionId).');
  });

  it('is for coordinators and administrators only', async () => {
    for (const user of ['expert', 'municipal'] satisfies FixtureUserKey[])
      expect((await call(user, 'POST', '/api/methodologies', { id: `x-${user}` })).statusCode).toBe(403);
  });
});
