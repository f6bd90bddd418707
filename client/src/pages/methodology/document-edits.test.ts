import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { checkMethodologyDocument } from '@server/modules/methodology/document-check';
import {
  addQuestion,
  excludedMechanisms,
  excludeMechanism,
  fieldId,
  formatPath,
  getIn,
  includeMechanism,
  isEditable,
  moveItem,
  moveQuestion,
  parsePath,
  pathAndParents,
  percentToShare,
  removeQuestion,
  setAnswerSource,
  setIn,
  setQuestionType,
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

describe('questions', () => {
  const questions = (document: MethodologyDocument, index = 0) => document.mechanisms[index]!.questionnaire.questions;

  it('adds a question with a fresh name that the checker accepts', () => {
    const once = addQuestion(federal, 0);
    const twice = addQuestion(once, 0);
    const added = questions(twice).slice(-2);
    expect(added.map((item) => item.question.name)).toEqual(['m1_1_q1', 'm1_1_q2']);
    expect(added[0]!.roles).toEqual(federal.respondentRoles.map((role) => role.code));
    expect(questions(twice)).toHaveLength(questions(federal).length + 2);
    expect(problemsOf(twice)).toEqual([]);
  });

  it('removes and reorders questions of one mechanism only', () => {
    const names = questions(federal, 1).map((item) => item.question.name);
    const moved = moveQuestion(federal, 1, 0, 1);
    expect(questions(moved, 1).map((item) => item.question.name)).toEqual([names[1], names[0], ...names.slice(2)]);
    const removed = removeQuestion(federal, 1, 0);
    expect(questions(removed, 1).map((item) => item.question.name)).toEqual(names.slice(1));
    expect(removed.mechanisms[0]).toBe(federal.mechanisms[0]);
  });

  it('keeps a question consistent when its type changes', () => {
    const scored = questions(federal)[0]!;
    const text = setQuestionType(scored, 'comment', ['yes_no']);
    expect(text).not.toHaveProperty('scale');
    expect(text).not.toHaveProperty('scoring');
    expect(text.question).not.toHaveProperty('choices');
    const back = setQuestionType(text, 'checkbox', ['yes_no']);
    expect(back.scale).toBe('yes_no');
    expect(setQuestionType(text, 'dropdown', []).question.choices).toHaveLength(2);
  });

  it('switches between a scale and own answer options', () => {
    const item = questions(federal)[0]!;
    const own = setAnswerSource(item, undefined);
    expect(own).not.toHaveProperty('scale');
    expect(own.question.choices?.length).toBeGreaterThanOrEqual(2);
    const scaled = setAnswerSource(own, 'yes_no');
    expect(scaled.scale).toBe('yes_no');
    expect(scaled.question).not.toHaveProperty('choices');
  });
});

describe('mechanisms', () => {
  it('leaves a mechanism out and takes it back in its place', () => {
    const without = excludeMechanism(federal, '1.2');
    expect(without.mechanisms.map((m) => m.code)).not.toContain('1.2');
    expect(without.blocks[0]!.mechanisms).toEqual(['1.1', '1.3', '1.4']);
    expect(problemsOf(without)).toEqual([]);
    const missing = excludedMechanisms(without, federal);
    expect(missing.map((entry) => [entry.mechanism.code, entry.block.code])).toEqual([['1.2', '1']]);
    const back = includeMechanism(without, missing[0]!.mechanism, missing[0]!.block);
    expect(back.mechanisms.map((m) => m.code)).toEqual(federal.mechanisms.map((m) => m.code));
    expect(back.blocks).toEqual(federal.blocks);
  });

  it('drops an emptied block and restores it in code order', () => {
    let document = federal;
    for (const code of ['1.1', '1.2', '1.3', '1.4']) document = excludeMechanism(document, code);
    expect(document.blocks.map((b) => b.code)).toEqual(['2']);
    expect(problemsOf(document)).toEqual([]);
    const entry = excludedMechanisms(document, federal).find((e) => e.mechanism.code === '1.3')!;
    const back = includeMechanism(document, entry.mechanism, entry.block);
    expect(back.blocks.map((b) => [b.code, b.mechanisms])).toEqual([
      ['1', ['1.3']],
      ['2', ['2.1', '2.2', '2.3', '2.4', '2.5']],
    ]);
    expect(back.mechanisms.map((m) => m.code)[0]).toBe('1.3');
    expect(includeMechanism(back, entry.mechanism, entry.block)).toBe(back);
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
