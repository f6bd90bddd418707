import { describe, expect, it } from 'vitest';
import { comparisonCellText, shortLevelLabel } from './level-text';

describe('level wording for table cells', () => {
  it('shortens each level and names the missing one', () => {
    expect([0, 1, 2, 3, null].map(shortLevelLabel)).toEqual(['не сформ.', 'элементы', 'частично', 'сформ.', 'нет данных']);
  });

  it('puts the previous level beside the arrow', () => {
    expect(comparisonCellText(2, 3, 'better')).toBe('частично → сформ. ↑ лучше');
    expect(comparisonCellText(1, 0, 'worse')).toBe('элементы → не сформ. ↓ хуже');
    expect(comparisonCellText(2, 2, 'same')).toBe('частично → частично = без изменений');
    expect(comparisonCellText(null, 1, 'no_data')).toBe('нет данных → элементы нет данных');
    expect(comparisonCellText(null, null, 'no_data')).toBe('— нет данных');
    expect(comparisonCellText(null, 2, 'not_comparable')).toBe('частично; не сравнивается');
    expect(comparisonCellText(null, null, 'not_comparable')).toBe('нет данных; не сравнивается');
  });
});
