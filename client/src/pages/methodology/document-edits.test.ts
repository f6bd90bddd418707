import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { checkMethodologyDocument } from '@server/modules/methodology/document-check';
import {
  fieldId,
  formatPath,
  getIn,
  isEditable,
  moveItem,
  parsePath,
  pathAndParents,
  percentToShare,
  setIn,
  shareToPercent,
  typedNumber,
  type MethodologyDocument,
} from './document-edits';

const federal: MethodologyDocument = structuredClone(findMethodology('federal-2020')!);
const problemsOf = (document: unknown) => checkMethodologyDocument(document).problems;

describe('paths', () => {
  it('reads and writes the places the server names', () => {
    const text = 'mechanisms[4].questionnaire.questions[1].scoring.confirming';
    expect(parsePath(text)).toEqual(['mechanisms', 4, 'questionnaire', 'questions', 1, 'scoring', 'confirming']);
    expect(formatPath(parsePath(text))).toBe(text);
    expect(parsePath('(документ)')).toEqual(['(документ)']);
    expect(fieldId(['scoring', 'levelBands', 2, 'fromPercent'])).toBe('field-scoring_levelBands_2__fromPercent');
    expect(pathAndParents(['a', 1, 'b'])).toEqual([['a', 1, 'b'], ['a', 1], ['a']]);
  });

  it('sets a value without touching the original and shares what did not change', () => {
    const next = setIn(federal, ['scoring', 'levelBands', 2, 'fromPercent'], 55);
    expect(getIn(next, ['scoring', 'levelBands', 2, 'fromPercent'])).toBe(55);
    expect(federal.scoring.levelBands[2]!.fromPercent).toBe(50);
    expect(next.mechanisms).toBe(federal.mechanisms);
    expect(next.scoring.caps).toBe(federal.scoring.caps);
    expect(Array.isArray(next.scoring.levelBands)).toBe(true);
  });

  it('removes a key with undefined and creates missing containers', () => {
    expect(setIn({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(setIn({}, ['a', 0, 'b'], 3)).toEqual({ a: [{ b: 3 }] });
  });

  it('moves an item within bounds and ignores a move past the ends', () => {
    expect(moveItem({ list: [1, 2, 3] }, ['list'], 0, 2)).toEqual({ list: [2, 3, 1] });
    expect(moveItem({ list: [1, 2, 3] }, ['list'], 2, 5)).toEqual({ list: [1, 2, 3] });
    expect(moveItem({ list: [1, 2, 3] }, ['list'], 1, -1)).toEqual({ list: [2, 1, 3] });
  });
});

describe('numbers', () => {
  it('shows shares as percents and back', () => {
    expect(shareToPercent(0.5)).toBe(50);
    expect(shareToPercent(0.333)).toBe(33.3);
    expect(percentToShare(30)).toBe(0.3);
    expect(percentToShare(33.3)).toBe(0.333);
  });

  it('keeps what is not a number as typed, for the checker to name', () => {
    expect(typedNumber(' 2,5 ')).toBe(2.5);
    expect(typedNumber('')).toBe('');
    expect(typedNumber('abc')).toBe('abc');
    expect(problemsOf(setIn(federal, ['scoring', 'levelBands', 1, 'fromPercent'], typedNumber('abc')))[0]?.path).toBe(
      'scoring.levelBands[1].fromPercent',
    );
  });
});

describe('editable documents', () => {
  it('accepts a whole version and refuses what the forms cannot walk', () => {
    expect(isEditable(federal)).toBe(true);
    expect(isEditable({ ...federal, mechanisms: 'none' })).toBe(false);
    expect(isEditable({ ...federal, scoring: { ...federal.scoring, levelBands: undefined } })).toBe(false);
    expect(isEditable(null)).toBe(false);
  });
});
