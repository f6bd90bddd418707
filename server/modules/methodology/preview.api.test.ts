import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import type { SurveyJson } from './assemble';
import type { VersionPreview } from './preview';
import type { MethodologyVersionSummary } from './versions.schemas';

// The preview of a methodology version (issue #20 §4): every role's questionnaire, the municipal form and the rules.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Doc = Record<string, any>;

const call = (user: FixtureUserKey, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.request(user, { method, url, payload: payload as object | undefined });
const questionNames = (definition: SurveyJson | null) =>
  (definition?.pages ?? []).flatMap((page) => page.elements.map((element) => element.name));

async function fork(user: FixtureUserKey): Promise<string> {
  const response = await call(user, 'POST', '/api/methodologies/federal-2020/fork');
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ version: MethodologyVersionSummary }>().version.id;
}

describe('GET /api/methodologies/:id/preview', () => {
  it('shows an installation’s version to every staff role: each declared role, the municipal form and the rules', async () => {
    for (const user of ['admin', 'regional', 'municipal', 'expert'] satisfies FixtureUserKey[]) {
      const response = await call(user, 'GET', '/api/methodologies/federal-2020/preview');
      expect(response.statusCode, `${user} ${response.body}`).toBe(200);
    }
    const preview = (await call('expert', 'GET', '/api/methodologies/federal-2020/preview')).json<VersionPreview>();
    expect(preview.version).toMatchObject({ id: 'federal-2020', state: 'published', problemCount: 0 });
    expect(preview.questionnaires.map(({ role, label }) => [role, label])).toEqual([
      ['director', 'Директор'],
      ['deputy_director', 'Заместитель директора'],
      ['teacher', 'Педагогический работник'],
    ]);
    const director = preview.questionnaires[0]!.definition!;
    expect(director.title).toBe('Анкета руководителя общеобразовательной организации');
    // All nine mechanisms ask the director something, each on its own page.
    expect(director.pages).toHaveLength(9);
    expect(questionNames(director)).toContain('m1_1_results_collected');
    expect(questionNames(preview.questionnaires[2]!.definition)).not.toContain('m1_1_results_collected');
    expect(preview.municipalForm.pages).toHaveLength(9);
    expect(preview.reference).toEqual((await call('expert', 'GET', '/api/methodologies/federal-2020')).json());
  });

  it('shows a question added in a regional draft to the roles it is for, and to no other', async () => {
    const id = await fork('regional');
    const document = (await call('regional', 'GET', `/api/methodologies/${id}/document`)).json<Doc>();
    document.mechanisms[0].questionnaire.questions.push({
      roles: ['teacher'],
      scale: 'yes_no',
      question: {
        type: 'radiogroup',
        name: 'm1_1_preview_added',
        title: 'Обсуждали ли в вашей школе результаты муниципальных диагностик с родителями?',
        isRequired: true,
      },
    });
    const saved = await call('regional', 'PUT', `/api/methodologies/${id}/document`, document);
    expect(saved.statusCode, saved.body).toBe(200);
    const response = await call('regional', 'GET', `/api/methodologies/${id}/preview`);
    expect(response.statusCode, response.body).toBe(200);
    const preview = response.json<VersionPreview>();
    expect(preview.version).toMatchObject({ id, state: 'draft', regionId: t.fixture.regions.kirov });
    const askedBy = preview.questionnaires.filter(({ definition }) => questionNames(definition).includes('m1_1_preview_added'));
    expect(askedBy.map(({ role }) => role)).toEqual(['teacher']);
    const teacherPage = preview.questionnaires[2]!.definition!.pages[0]!;
    expect(teacherPage.elements.at(-1)).toMatchObject({
      name: 'm1_1_preview_added',
      choices: [
        { value: 'yes', text: 'Да' },
        { value: 'no', text: 'Нет' },
        { value: 'dont_know', text: 'Затрудняюсь ответить' },
      ],
    });
    const mechanism = preview.reference.blocks[0]!.mechanisms[0]!;
    expect(mechanism.questionCounts.find((entry) => entry.role === 'teacher')?.count).toBe(5);
  });

  it('answers 409 with the number of problems for a draft that cannot be assembled', async () => {
    const id = await fork('regional');
    const document = (await call('regional', 'GET', `/api/methodologies/${id}/document`)).json<Doc>();
    document.title = '';
    document.mechanisms[0].questionnaire.questions[0].scale = 'no_such_scale';
    expect((await call('regional', 'PUT', `/api/methodologies/${id}/document`, document)).statusCode).toBe(422);
    const response = await call('regional', 'GET', `/api/methodologies/${id}/preview`);
    expect(response.statusCode).toBe(409);
    const problemCount = (await call('regional', 'GET', `/api/methodologies/${id}/check`)).json<{ problems: unknown[] }>().problems.length;
    expect(problemCount).toBeGreaterThanOrEqual(2);
    expect(errorOf(response).message).toBe(
      `Анкеты черновика нельзя собрать: в нём ${problemCount} ошибки. Исправьте их в редакторе методики.`,
    );
    expect(errorOf(response).details).toEqual({ problemCount });
  });

  it('keeps a draft inside its region: another region, experts and municipal coordinators get 404', async () => {
    const id = await fork('regional');
    for (const user of ['regionalTver', 'expertTver', 'expert', 'municipal'] satisfies FixtureUserKey[]) {
      const response = await call(user, 'GET', `/api/methodologies/${id}/preview`);
      expect(response.statusCode, user).toBe(404);
      expect(errorOf(response).message).toBe('Версия методики не найдена.');
    }
    expect((await call('admin', 'GET', `/api/methodologies/${id}/preview`)).statusCode).toBe(200);
    expect((await call('regional', 'GET', '/api/methodologies/no-such-version/preview')).statusCode).toBe(404);
  });
});
