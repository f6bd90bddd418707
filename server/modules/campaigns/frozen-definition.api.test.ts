import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import type { Methodology } from '../methodology/methodology.schemas';
import { launchCampaign, type IssuedCode } from '../../test/campaign-journey';

/** Stands for an edit of surveys/ made while a campaign runs: the first mechanism gets a new title. */
const edit = vi.hoisted(() => ({ applied: false }));
const EDITED_TITLE = 'Изменённое название механизма';

vi.mock('../methodology/methodology.repo', async (importOriginal) => {
  const original = await importOriginal<typeof import('../methodology/methodology.repo')>();
  const edited = (methodology: Methodology): Methodology => {
    const copy = structuredClone(methodology);
    copy.mechanisms[0]!.title = EDITED_TITLE;
    return copy;
  };
  return {
    ...original,
    findMethodology: (id: string) => {
      const found = original.findMethodology(id);
      return found && edit.applied ? edited(found) : found;
    },
  };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function launchedDirector(title: string) {
  const created = await t.request('regional', {
    method: 'POST',
    url: '/api/campaigns',
    payload: {
      title,
      year: 2026,
      methodologyId: 'federal-2020',
      mechanismCodes: ['1.1'],
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 86400_000).toISOString(),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  return (await launchCampaign(t, created.json().id)).find((c) => c.respondentRole === 'director')!;
}

/** The first page's title of the questionnaire a respondent with this code is served. */
async function servedMechanismTitle(code: IssuedCode): Promise<string> {
  const entered = await t.app.inject({ method: 'POST', url: '/api/respondent/session', payload: { code: code.code } });
  expect(entered.statusCode, entered.body).toBe(200);
  const cookie = entered.cookies.find((c) => c.name === 'muko_respondent')!;
  const definition = await t.app.inject({
    method: 'GET',
    url: '/api/respondent/definition',
    headers: { cookie: `muko_respondent=${cookie.value}` },
  });
  expect(definition.statusCode, definition.body).toBe(200);
  return definition.json().pages[0].title as string;
}

describe('a launched campaign keeps the questionnaires it was launched with', () => {
  it('serves the frozen copy after surveys/ change, while a campaign launched later gets the edit', async () => {
    const running = await launchedDirector('Кампания до правки методики');
    const before = await servedMechanismTitle(running);
    expect(before).toContain('Система оценки качества подготовки обучающихся');

    edit.applied = true;
    const later = await launchedDirector('Кампания после правки методики');
    expect(await servedMechanismTitle(later)).toContain(EDITED_TITLE);
    expect(await servedMechanismTitle(running)).toBe(before);
  });
});
