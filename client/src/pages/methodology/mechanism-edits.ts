import type { Mechanism } from '@server/modules/methodology/methodology.schemas';
import type { MethodologyDocument } from './document-edits';

// Mechanisms of a version: leaving one of the source version's out and taking it back, and adding a new one.

export interface BlockInfo {
  code: string;
  title: string;
}

const byNumbers = (a: string, b: string) => {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? -1) - (right[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
};

/** Leaves a mechanism out: gone from its block (an emptied block goes too) and from the mechanisms. */
export function excludeMechanism(document: MethodologyDocument, code: string): MethodologyDocument {
  const blocks = document.blocks
    .map((block) => ({ ...block, mechanisms: block.mechanisms.filter((m) => m !== code) }))
    .filter((block) => block.mechanisms.length > 0);
  return { ...document, blocks, mechanisms: document.mechanisms.filter((m) => m.code !== code) };
}

/**
 * Takes a mechanism back in, into `block` (created when the version no longer has it): blocks and mechanisms stay
 * in code order, and the mechanisms in block order, as the format requires.
 */
export function includeMechanism(document: MethodologyDocument, mechanism: Mechanism, block: BlockInfo): MethodologyDocument {
  if (document.mechanisms.some((m) => m.code === mechanism.code)) return document;
  const existing = document.blocks.some((b) => b.code === block.code);
  const blocks = (existing ? document.blocks : [...document.blocks, { ...block, mechanisms: [] }])
    .map((b) => (b.code === block.code ? { ...b, mechanisms: [...b.mechanisms, mechanism.code].sort(byNumbers) } : b))
    .sort((a, b) => byNumbers(a.code, b.code));
  const byCode = new Map([...document.mechanisms, mechanism].map((m) => [m.code, m]));
  const mechanisms = blocks.flatMap((b) => b.mechanisms.map((code) => byCode.get(code)).filter((m) => m !== undefined));
  return { ...document, blocks, mechanisms };
}

/** Mechanisms of the version it was made from that this one leaves out, each with the block it came from. */
export function excludedMechanisms(document: MethodologyDocument, source: MethodologyDocument | undefined) {
  if (!source) return [];
  const included = new Set(document.mechanisms.map((m) => m.code));
  return source.mechanisms
    .filter((m) => !included.has(m.code))
    .map((mechanism) => {
      const block = source.blocks.find((b) => b.mechanisms.includes(mechanism.code));
      return { mechanism, block: { code: block?.code ?? '1', title: block?.title ?? 'Механизмы' } };
    });
}

// New mechanisms

const MECHANISM_CODE_PATTERN = /^\d+(\.\d+)*$/;

export interface NewMechanism {
  code: string;
  title: string;
  goal: string;
  /** An existing block's code, or a new block's. */
  block: BlockInfo;
}

export function newMechanismProblems(document: MethodologyDocument, input: NewMechanism): Partial<Record<keyof NewMechanism, string>> {
  const problems: Partial<Record<keyof NewMechanism, string>> = {};
  if (!MECHANISM_CODE_PATTERN.test(input.code)) problems.code = 'Код механизма: числа через точку, например 2.1';
  else if (document.mechanisms.some((m) => m.code === input.code)) problems.code = `Механизм ${input.code} уже есть`;
  if (input.title.trim() === '') problems.title = 'Укажите название механизма';
  if (input.goal.trim() === '') problems.goal = 'Укажите цель механизма';
  if (!/^\d+$/.test(input.block.code)) problems.block = 'Код блока: число';
  else if (input.block.title.trim() === '' && !document.blocks.some((b) => b.code === input.block.code))
    problems.block = 'Укажите название нового блока';
  return problems;
}

/**
 * A new mechanism in its block, in code order. Its questionnaire is empty and its texts are blank: the checker names
 * each until they are filled in. One direction, the mechanism itself, keeps the format's list of directions whole.
 */
export function addMechanism(document: MethodologyDocument, input: NewMechanism): MethodologyDocument {
  if (Object.keys(newMechanismProblems(document, input)).length > 0) return document;
  const mechanism: Mechanism = {
    code: input.code,
    title: input.title.trim(),
    goal: input.goal.trim(),
    directions: [{ code: `${input.code}.1`, title: input.title.trim() }],
    municipalForm: { components: {}, indicators: [] },
    questionnaire: { description: '', questions: [] },
    recommendations: { mechanism: '', components: {} },
  };
  return includeMechanism(document, mechanism, input.block);
}
