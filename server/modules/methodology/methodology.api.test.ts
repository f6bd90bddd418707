import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import type { MethodologyReference, MethodologySummary } from './methodology.schemas';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('GET /api/methodologies', () => {
  it('lists the shipped versions with their blocks to every staff role', async () => {
    for (const user of ['admin', 'regional', 'municipal', 'expert'] satisfies FixtureUserKey[]) {
      const response = await t.request(user, { method: 'GET', url: '/api/methodologies' });
      expect(response.statusCode, user).toBe(200);
      const list = response.json<MethodologySummary[]>();
      expect(list.map((item) => [item.id, item.mechanismCount])).toEqual([
        ['federal-2020', 9],
        ['regional-preschool-2021', 8],
      ]);
      expect(list[0]!.blocks[1]).toEqual({
        code: '2',
        title: 'Механизмы управления качеством образовательной деятельности',
        mechanismCodes: ['2.1', '2.2', '2.3', '2.4', '2.5'],
      });
    }
  });

  it('is closed to anonymous callers', async () => {
    const response = await t.request(null, { method: 'GET', url: '/api/methodologies' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/methodologies/:id', () => {
  it('gives the readable catalogue: blocks, mechanisms with directions, the cycle, roles, rules and thresholds', async () => {
    const response = await t.request('expert', { method: 'GET', url: '/api/methodologies/federal-2020' });
    expect(response.statusCode).toBe(200);
    const reference = response.json<MethodologyReference>();
    expect(reference.levels.map((level) => level.label)).toEqual([
      'не сформирована',
      'есть отдельные элементы системы',
      'частично сформирована',
      'сформирована',
    ]);
    expect(reference.cycleComponents.map((component) => component.title)).toEqual([
      'Цели',
      'Показатели',
      'Методы сбора и обработки информации',
      'Мониторинг показателей',
      'Анализ результатов мониторинга',
      'Адресные рекомендации',
      'Меры, мероприятия',
      'Управленческие решения',
      'Анализ эффективности принятых мер',
    ]);
    expect(reference.respondentRoles).toEqual([
      { code: 'director', label: 'Директор', organisationKind: 'school' },
      { code: 'deputy_director', label: 'Заместитель директора', organisationKind: 'school' },
      { code: 'teacher', label: 'Педагогический работник', organisationKind: 'school' },
    ]);
    const objectivity = reference.blocks[1]!.mechanisms[0]!;
    expect(objectivity.title).toBe('Система объективности процедур оценки качества образования и олимпиад школьников');
    expect(objectivity.directions.map((direction) => direction.code)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.5']);
    expect(objectivity.indicators.map((indicator) => indicator.title)).toContain('Индекс неподтверждения результатов медалистов, %');
    expect(objectivity.questionCounts).toEqual([
      { role: 'director', count: 6 },
      { role: 'deputy_director', count: 6 },
      { role: 'teacher', count: 4 },
    ]);
    const managers = reference.blocks[1]!.mechanisms[1]!;
    expect(managers.questionCounts.map((entry) => entry.role)).toEqual(['director', 'deputy_director']);
    expect(reference.scoring.levelBands.map((band) => band.fromPercent)).toEqual([0, 25, 50, 80]);
    expect(reference.scoring.responseRate).toMatchObject({ minShareOfSchools: 0.5, label: 'недостаточно данных' });
    expect(reference.neutralAnswers).toEqual(['Затрудняюсь ответить', 'Не относится к моей работе']);
    expect(response.body).not.toContain('questionnaire');
  });

  it('answers an unknown id with a Russian 404', async () => {
    const response = await t.request('municipal', { method: 'GET', url: '/api/methodologies/no-such-methodology' });
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toEqual({ code: 'not_found', message: 'Версия методики не найдена.' });
  });
});
