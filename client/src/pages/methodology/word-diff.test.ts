import { describe, expect, it } from 'vitest';
import { wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('marks the words that went on the left and the words that came on the right', () => {
    expect(wordDiff('Проводил ли МОУО перепроверку работ?', 'Проводил ли муниципалитет выборочную перепроверку работ?')).toEqual({
      before: [
        { text: 'Проводил ли ', changed: false },
        { text: 'МОУО', changed: true },
        { text: ' перепроверку работ?', changed: false },
      ],
      after: [
        { text: 'Проводил ли ', changed: false },
        { text: 'муниципалитет', changed: true },
        { text: ' ', changed: false },
        { text: 'выборочную', changed: true },
        { text: ' перепроверку работ?', changed: false },
      ],
    });
  });

  it('keeps the texts whole: joining each side gives the wording back', () => {
    for (const [a, b] of [
      ['', 'Новое'],
      ['Старое', ''],
      ['один  два\nтри', 'три два один'],
      ['same', 'same'],
    ]) {
      const diff = wordDiff(a!, b!);
      expect(diff.before.map((p) => p.text).join('')).toBe(a);
      expect(diff.after.map((p) => p.text).join('')).toBe(b);
    }
    expect(wordDiff('same text', 'same text').after).toEqual([{ text: 'same text', changed: false }]);
  });

  it('shows very long texts whole instead of comparing every pair of words', () => {
    const long = 'слово '.repeat(600);
    expect(wordDiff(long, `${long}ещё`)).toEqual({
      before: [{ text: long, changed: true }],
      after: [{ text: `${long}ещё`, changed: true }],
    });
  });
});
