import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it('picks the Russian form by the last digits, teens always taking the many form', () => {
    const form = (count: number) => plural(count, 'школа', 'школы', 'школ');
    expect([1, 21, 101, -1].map(form)).toEqual(['школа', 'школа', 'школа', 'школа']);
    expect([2, 3, 4, 22, 104].map(form)).toEqual(['школы', 'школы', 'школы', 'школы', 'школы']);
    expect([0, 5, 11, 12, 14, 19, 111, 112, 25].map(form)).toEqual(Array(9).fill('школ'));
  });
});
