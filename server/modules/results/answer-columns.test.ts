import { describe, expect, it } from 'vitest';
import { assembleMunicipalForm, assembleQuestionnaire } from '../methodology/assemble';
import { findMethodology } from '../methodology/methodology.repo';
import { answerColumns, formatAnswer } from './answer-columns';

const methodology = findMethodology('federal-2020')!;
const codes = methodology.mechanisms.map((m) => m.code);

describe('answerColumns', () => {
  it('has a column per question of every role, once, headed in Russian by mechanism and question', () => {
    const definitions = (['director', 'deputy_director', 'teacher'] as const).map((role) =>
      assembleQuestionnaire(methodology, codes, role),
    );
    const columns = answerColumns(definitions);
    const keys = columns.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of definitions) {
      for (const page of definition.pages) for (const element of page.elements) expect(keys).toContain(element.name);
    }
    const first = columns[0]!;
    expect(first.header).toMatch(/^Система оценки качества подготовки обучающихся — /);
    expect(columns.some((c) => c.key.endsWith('-Comment') && c.header.endsWith('(пояснение)'))).toBe(true);
  });

  it('reaches questions inside the municipal form’s panels', () => {
    const columns = answerColumns([assembleMunicipalForm(methodology, ['2.1'])]);
    expect(columns.find((c) => c.key === 'm2_1_goals_exists')?.header).toMatch(/Цели — /);
  });
});

describe('formatAnswer', () => {
  const column = {
    key: 'q',
    header: 'Вопрос',
    texts: new Map<unknown, string>([
      ['yes', 'Да'],
      ['no', 'Нет'],
      ['other', 'Другое'],
    ]),
  };
  it('prints choice texts, joins lists and keeps numbers', () => {
    expect(formatAnswer(column, 'yes')).toBe('Да');
    expect(formatAnswer(column, ['yes', 'other'])).toBe('Да; Другое');
    expect(formatAnswer({ key: 'n', header: 'Число' }, 42)).toBe(42);
    expect(formatAnswer(column, undefined)).toBeNull();
    expect(formatAnswer({ key: 't', header: 'Текст' }, 'свободный ответ')).toBe('свободный ответ');
  });
});
