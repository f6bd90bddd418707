import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../../db/client';
import type { FrozenDefinition } from '../campaigns/frozen-definition';
import { answersWorkbook } from './exports';

const definition = {
  methodology: { respondentRoles: [{ code: 'director', label: 'Директор', organisationKind: 'school' }] },
  questionnaires: {
    director: {
      pages: [
        {
          name: 'p1',
          title: 'Механизм',
          elements: [
            { type: 'radiogroup', name: 'q1', title: 'Выбор', choices: [{ value: 'a', text: 'Вариант «А»' }] },
            { type: 'text', name: 'q2', title: 'Число' },
          ],
        },
      ],
    },
  },
} as unknown as FrozenDefinition;

function questionnaire(id: number) {
  return {
    id,
    municipality: 'Кумёны',
    schoolCode: `S${id}`,
    school: `Школа № ${id}`,
    kind: 'school',
    role: 'director',
    status: 'submitted',
    submittedAt: new Date('2026-03-01T09:30:00Z'),
    answers: { q1: 'a', q2: id },
  };
}

/**
 * A stand-in for the query builder: the first `.limit()` answers the region's time zone, each next one the next batch
 * the export asks for (an Error rejects).
 */
function fakeDb(batches: Array<Array<ReturnType<typeof questionnaire>> | Error>, timeZone = 'Europe/Moscow'): Executor {
  const answers: unknown[] = [[{ timeZone }], ...batches];
  const chain: unknown = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'then') return undefined;
        if (key === 'limit') {
          return () => {
            const next = answers.shift() ?? [];
            return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
          };
        }
        return () => chain;
      },
    },
  );
  return chain as Executor;
}

describe('answersWorkbook', () => {
  it('writes every batch after the header, answers as a person reads them', async () => {
    const first = Array.from({ length: 1000 }, (_, i) => questionnaire(i + 1));
    const file = await buffer(answersWorkbook(fakeDb([first, [questionnaire(1001)]]), 1, definition, ['submitted']));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Ответы')!;
    expect(sheet.rowCount).toBe(1 + 1001);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Муниципалитет',
      'Код школы',
      'Школа',
      'Респондент',
      'Состояние',
      'Отправлена (мск)',
      'Механизм — Выбор',
      'Механизм — Число',
    ]);
    expect(sheet.getRow(1002).values).toEqual([
      undefined,
      'Кумёны',
      'S1001',
      'Школа № 1001',
      'Директор',
      'отправлена',
      '2026-03-01 12:30',
      'Вариант «А»',
      1001,
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 1 });
  });

  it('names the kind of each organisation when kindergartens are asked too, times in the region’s zone', async () => {
    const mixed = {
      ...definition,
      methodology: {
        respondentRoles: [...definition.methodology.respondentRoles, { code: 'head', label: 'Заведующий', organisationKind: 'preschool' }],
      },
      questionnaires: { ...definition.questionnaires, head: definition.questionnaires.director },
    } as unknown as FrozenDefinition;
    const kindergarten = { ...questionnaire(2), school: 'Детский сад № 2', kind: 'preschool', role: 'head' };
    const file = await buffer(answersWorkbook(fakeDb([[questionnaire(1), kindergarten]], 'Asia/Yekaterinburg'), 1, mixed, ['submitted']));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Ответы')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual([
      'Муниципалитет',
      'Код организации',
      'Организация',
      'Тип организации',
      'Респондент',
      'Состояние',
      'Отправлена (мск+2)',
    ]);
    expect((sheet.getRow(2).values as unknown[]).slice(3, 8)).toEqual(['Школа № 1', 'ОО', 'Директор', 'отправлена', '2026-03-01 14:30']);
    expect((sheet.getRow(3).values as unknown[]).slice(3, 8)).toEqual([
      'Детский сад № 2',
      'ДОО',
      'Заведующий',
      'отправлена',
      '2026-03-01 14:30',
    ]);
  });

  it('ends the download with the error when a batch fails mid-way', async () => {
    const stream = answersWorkbook(fakeDb([[questionnaire(1)], new Error('база недоступна')]), 1, definition, ['submitted']);
    await expect(buffer(stream)).rejects.toThrow('база недоступна');
    expect(stream.destroyed).toBe(true);
  });
});
