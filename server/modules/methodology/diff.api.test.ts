import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import type { VersionDiff } from './diff.schemas';

// GET /api/methodologies/:id/diff (issue #20 §5): a regional draft compared with the version it was forked from.

let t: TestApp;
let forkId = '';
beforeAll(async () => {
  t = await createTestApp();
  const forked = await get('regional', '/api/methodologies/federal-2020/fork', 'POST');
  forkId = forked.json<{ version: { id: string } }>().version.id;
  const document = (await get('regional', `/api/methodologies/${forkId}/document`)).json<Record<string, any>>();
  document.scoring.levelBands[2].fromPercent = 55;
  const questions = document.mechanisms.find((m: { code: string }) => m.code === '2.1').questionnaire.questions;
  questions[1].question.title = 'Перепроверял ли МОУО работы обучающихся вашей школы?';
  questions[0].question.choices = questions[0].question.choices.filter((choice: { value: string }) => choice.value !== 'no');
  questions.splice(2, 0, {
    roles: ['teacher'],
    scale: 'yes_no',
    question: { type: 'radiogroup', name: 'm2_1_feedback', title: 'Обсуждал ли МОУО с учителями итоги перепроверки?', isRequired: true },
  });
  const saved = await t.request('regional', { method: 'PUT', url: `/api/methodologies/${forkId}/document`, payload: document });
  expect(saved.statusCode, saved.body).toBe(200);
});
afterAll(async () => t?.close());

const get = (user: FixtureUserKey, url: string, method: 'GET' | 'POST' = 'GET') => t.request(user, { method, url });

describe('GET /api/methodologies/:id/diff', () => {
  it('compares a draft with the version it was forked from: exactly what was changed', async () => {
    const response = await get('regional', `/api/methodologies/${forkId}/diff`);
    expect(response.statusCode, response.body).toBe(200);
    const { before, after, diff } = response.json<VersionDiff>();
    expect([before.id, after.id, after.state]).toEqual(['federal-2020', forkId, 'draft']);
    expect(diff.summary).toEqual({
      mechanisms: { added: 0, removed: 0, changed: 1 },
      questions: { added: 1, removed: 0, changed: 2 },
      indicators: { added: 0, removed: 0, changed: 0 },
      scoringChanges: 1,
      recommendationChanges: 0,
      textChanges: 0,
      identical: false,
    });
    expect(diff.scoring.map(({ path, before, after }) => [path, before, after])).toEqual([
      ['scoring.levelBands[level=2].fromPercent', 50, 55],
    ]);
    expect([diff.general, diff.respondentRoles, diff.recommendations]).toEqual([[], [], []]);
    expect(diff.mechanisms).toHaveLength(1);
    const [mechanism] = diff.mechanisms;
    expect(mechanism).toMatchObject({ code: '2.1', status: 'changed', changes: [], indicators: [] });
    expect(mechanism!.questions.map((q) => [q.name, q.status, q.changes.map((c) => [c.path, c.kind, c.before, c.after])])).toEqual([
      ['m2_1_observers', 'changed', [['choices[value=no].text', 'removed', 'Нет', null]]],
      [
        'm2_1_recheck',
        'changed',
        [['title', 'changed', expect.stringMatching(/^Проводил ли МОУО/), 'Перепроверял ли МОУО работы обучающихся вашей школы?']],
      ],
      ['m2_1_feedback', 'added', expect.arrayContaining([['title', 'added', null, 'Обсуждал ли МОУО с учителями итоги перепроверки?']])],
    ]);
    // The same with the version named.
    const named = await get('regional', `/api/methodologies/${forkId}/diff?with=federal-2020`);
    expect(named.json<VersionDiff>().diff).toEqual(diff);
  });

  it('compares a draft with problems too, in both directions', async () => {
    const document = (await get('regional', `/api/methodologies/${forkId}/document`)).json<Record<string, any>>();
    document.title = '';
    document.mechanisms[4].questionnaire.questions[0].scoring.confirming = ['maybe'];
    const saved = await t.request('regional', { method: 'PUT', url: `/api/methodologies/${forkId}/document`, payload: document });
    expect(saved.statusCode).toBe(422);
    const response = await get('regional', `/api/methodologies/federal-2020/diff?with=${forkId}`);
    expect(response.statusCode, response.body).toBe(200);
    const { before, diff } = response.json<VersionDiff>();
    expect(before.problemCount).toBe(2);
    expect(diff.general).toEqual([{ path: 'title', label: 'Название', kind: 'changed', before: '', after: expect.any(String) }]);
    expect(diff.scoring[0]).toMatchObject({ before: 55, after: 50 });
    expect(diff.summary.questions).toEqual({ added: 0, removed: 1, changed: 2 });
  });

  it('lets every role compare the versions it sees', async () => {
    for (const user of ['expert', 'municipal', 'regionalTver'] satisfies FixtureUserKey[]) {
      const response = await get(user, '/api/methodologies/regional-preschool-2021/diff?with=federal-2020');
      expect(response.statusCode, user).toBe(200);
      expect(response.json<VersionDiff>().diff.summary.identical).toBe(false);
    }
  });

  it('hides a draft from whoever may not see it, on either side', async () => {
    for (const [user, url] of [
      ['regionalTver', `/api/methodologies/${forkId}/diff`],
      ['regionalTver', `/api/methodologies/federal-2020/diff?with=${forkId}`],
      ['expert', `/api/methodologies/${forkId}/diff`],
      ['municipal', `/api/methodologies/federal-2020/diff?with=${forkId}`],
      ['regional', '/api/methodologies/federal-2020/diff?with=no-such-version'],
    ] satisfies Array<[FixtureUserKey, string]>) {
      const response = await get(user, url);
      expect(response.statusCode, `${user} ${url}`).toBe(404);
      expect(errorOf(response).message).toBe('Версия методики не найдена.');
    }
  });

  it('asks which version to compare with when there is no original', async () => {
    const response = await get('regional', '/api/methodologies/federal-2020/diff');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).message).toMatch(/^Версия не создана на основе другой/);
  });
});
