import { describe, expect, it } from 'vitest';
import { componentsFilled, finalCheck, isUnsureAnswer, progress, type QuestionFacts } from './form-summary';

describe('progress', () => {
  it('names the page and the answered share', () => {
    expect(progress(2, 8, 20, 50)).toEqual({ text: 'Страница 3 из 8 · отвечено 40 %', percent: 40 });
  });
  it('rounds down, so 100 % means every question is answered', () => {
    expect(progress(7, 8, 99, 100).percent).toBe(99);
    expect(progress(7, 8, 100, 100).percent).toBe(100);
    expect(progress(0, 1, 1, 3).text).toBe('Страница 1 из 1 · отвечено 33 %');
  });
  it('is 0 % for a form without questions, and never past the last page or 100 %', () => {
    expect(progress(0, 0, 0, 0)).toEqual({ text: 'Страница 0 из 0 · отвечено 0 %', percent: 0 });
    expect(progress(9, 3, 12, 10)).toEqual({ text: 'Страница 3 из 3 · отвечено 100 %', percent: 100 });
  });
});

describe('componentsFilled', () => {
  it('counts the blocks whose required fields are all answered', () => {
    const blocks = [
      { required: 1, answered: 1 },
      { required: 3, answered: 3 },
      { required: 3, answered: 1 },
      { required: 1, answered: 0 },
    ];
    expect(componentsFilled(blocks)).toEqual({ filled: 2, total: 4, text: 'Компоненты механизма: заполнено 2 из 4' });
  });
  it('leaves out blocks with nothing required (key indicators) and is null without blocks', () => {
    expect(
      componentsFilled([
        { required: 0, answered: 0 },
        { required: 2, answered: 2 },
      ])?.text,
    ).toBe('Компоненты механизма: заполнено 1 из 1');
    expect(componentsFilled([{ required: 0, answered: 0 }])).toBeNull();
    expect(componentsFilled([])).toBeNull();
  });
});

const question = (overrides: Partial<QuestionFacts> & Pick<QuestionFacts, 'name'>): QuestionFacts => ({
  page: 0,
  pageTitle: 'Механизм 1',
  title: overrides.name,
  required: true,
  answered: true,
  chosen: ['Да'],
  ...overrides,
});

describe('finalCheck', () => {
  it('lists unanswered optional questions and «затрудняюсь» answers by page, in page order', () => {
    const check = finalCheck([
      question({ name: 'b1', page: 1, pageTitle: 'Механизм 2', chosen: ['Затрудняюсь ответить'] }),
      question({ name: 'a1', chosen: ['Затрудняюсь ответить'] }),
      question({ name: 'a2', required: false, answered: false, chosen: [] }),
      question({ name: 'a3' }),
      question({ name: 'b2', page: 1, pageTitle: 'Механизм 2', required: false, answered: false, chosen: [] }),
      question({ name: 'b3', page: 1, pageTitle: 'Механизм 2', chosen: ['Да', 'затрудняюсь сказать'] }),
    ]);
    expect(check.unansweredCount).toBe(2);
    expect(check.unsureCount).toBe(3);
    expect(check.unanswered).toEqual([
      { page: 0, pageTitle: 'Механизм 1', questions: [{ name: 'a2', title: 'a2' }] },
      { page: 1, pageTitle: 'Механизм 2', questions: [{ name: 'b2', title: 'b2' }] },
    ]);
    expect(check.unsure.map((group) => [group.page, group.questions.map((q) => q.name)])).toEqual([
      [0, ['a1']],
      [1, ['b1', 'b3']],
    ]);
  });
  it('does not list required questions, answered optional ones, or typed answers that mention the word', () => {
    const check = finalCheck([
      question({ name: 'required-empty', answered: false, chosen: [] }),
      question({ name: 'optional-answered', required: false }),
      question({ name: 'typed', chosen: [] }),
    ]);
    expect(check).toEqual({ unanswered: [], unsure: [], unansweredCount: 0, unsureCount: 0 });
  });
  it('recognises «затрудняюсь» at the start of an option, whatever the case', () => {
    expect(isUnsureAnswer('Затрудняюсь ответить')).toBe(true);
    expect(isUnsureAnswer(' ЗАТРУДНЯЮСЬ')).toBe(true);
    expect(isUnsureAnswer('Не затрудняюсь')).toBe(false);
    expect(isUnsureAnswer('Нет')).toBe(false);
  });
});
