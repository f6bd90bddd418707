import { describe, expect, it } from 'vitest';
import { findMethodology } from '@server/modules/methodology/methodology.repo';
import { checkMethodologyDocument } from '@server/modules/methodology/document-check';
import type { MethodologyDocument } from './document-edits';
import { addMechanism, excludedMechanisms, excludeMechanism, includeMechanism, newMechanismProblems } from './mechanism-edits';
import { addQuestion } from './question-edits';

const federal: MethodologyDocument = structuredClone(findMethodology('federal-2020')!);
const problemsOf = (document: unknown) => checkMethodologyDocument(document).problems;

describe('mechanisms left out and taken back', () => {
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

describe('new mechanisms', () => {
  const input = { code: '2.6', title: 'Система наставничества', goal: 'Поддержать молодых педагогов.', block: { code: '2', title: '' } };

  it('adds a mechanism into its block in code order, with an empty questionnaire the checker flags', () => {
    const next = addMechanism(federal, input);
    expect(next.blocks.find((b) => b.code === '2')!.mechanisms.at(-1)).toBe('2.6');
    expect(next.mechanisms.at(-1)).toMatchObject({ code: '2.6', title: 'Система наставничества', goal: 'Поддержать молодых педагогов.' });
    const problems = problemsOf(next);
    const index = next.mechanisms.length - 1;
    expect(problems.map((p) => p.path)).toContain(`mechanisms[${index}].questionnaire.questions`);
    expect(problems.every((p) => p.path.startsWith(`mechanisms[${index}]`))).toBe(true);
    // A question can be added to the new mechanism, and leaving it out again restores the version.
    expect(addQuestion(next, index).mechanisms[index]!.questionnaire.questions[0]!.question.name).toBe('m2_6_q1');
    expect(problemsOf(excludeMechanism(next, '2.6'))).toEqual([]);
  });

  it('opens a new block for a mechanism of a block the version lacks', () => {
    const next = addMechanism(federal, { ...input, code: '3.1', block: { code: '3', title: 'Дошкольное образование' } });
    expect(next.blocks.at(-1)).toEqual({ code: '3', title: 'Дошкольное образование', mechanisms: ['3.1'] });
  });

  it('names what is wrong in a new mechanism and adds nothing then', () => {
    const wrong = { code: '2.1', title: ' ', goal: '', block: { code: '4', title: '' } };
    expect(newMechanismProblems(federal, wrong)).toEqual({
      code: 'Механизм 2.1 уже есть',
      title: 'Укажите название механизма',
      goal: 'Укажите цель механизма',
      block: 'Укажите название нового блока',
    });
    expect(newMechanismProblems(federal, { ...input, code: 'два' }).code).toBe('Код механизма: числа через точку, например 2.1');
    expect(addMechanism(federal, wrong)).toBe(federal);
  });
});
