import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { checkMethodologyDocument } from '@server/modules/methodology/document-check';
import type { MethodologyDocument } from './document-edits';
import { addQuestion, moveQuestion, removeQuestion, setAnswerSource, setQuestionType } from './question-edits';

const federal: MethodologyDocument = structuredClone(findMethodology('federal-2020')!);
const problemsOf = (document: unknown) => checkMethodologyDocument(document).problems;

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
