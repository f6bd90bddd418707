import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAnswersJson, sortedAnswers } from './answers-json';

/** The receipt's canonical JSON as it has always been made: every printed receipt was computed from this. */
const reference = (answers: Record<string, unknown>) => JSON.stringify(answers, Object.keys(answers).sort());

// Keys as questionnaires name them, and the ones that trip object key order: integer-like, comment suffixes, Cyrillic.
const key = fc.oneof(
  fc.constantFrom('m1_1_a', 'm1_1_a-Comment', 'm1_10', 'm1_2', 'B', 'a', '0', '1', '10', '9', '01', 'ответ', '__x'),
  fc.string({ maxLength: 6 }),
);
const primitive = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const flatValue = fc.oneof(primitive, fc.array(primitive, { maxLength: 4 }));
// A matrix row or a dynamic panel: an object whose keys the reference's key list filters too.
const nestedValue = fc.oneof(
  fc.dictionary(key, primitive, { maxKeys: 3 }),
  fc.array(fc.dictionary(key, primitive, { maxKeys: 2 }), { maxLength: 2 }),
);
const answers = fc.dictionary(key, fc.oneof(flatValue, flatValue, nestedValue), { maxKeys: 12 });

describe('canonicalAnswersJson', () => {
  it('equals the key-list JSON.stringify for any answers, in any key order, with or without their own JSON', () => {
    fc.assert(
      fc.property(answers, (given) => {
        const expected = reference(given);
        expect(canonicalAnswersJson(given)).toBe(expected);
        expect(canonicalAnswersJson(given, JSON.stringify(given))).toBe(expected);
        const sorted = sortedAnswers(given);
        expect(canonicalAnswersJson(sorted, JSON.stringify(sorted))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the answers’ own JSON as it is when the browser sent the keys sorted and nothing nested', () => {
    const sent = sortedAnswers({ m2_1: 'yes', m1_3: ['a', 'b'], 'm1_3-Comment': 'текст', m1_10: 3 });
    const json = JSON.stringify(sent);
    expect(Object.keys(sent)).toEqual(['m1_10', 'm1_3', 'm1_3-Comment', 'm2_1']);
    expect(canonicalAnswersJson(sent, json)).toBe(json);
  });

  it('does not take it when a nested object would lose keys, or integer-like keys break the order', () => {
    const nested = { a: { a: 1, z: 2 } };
    expect(canonicalAnswersJson(nested, JSON.stringify(nested))).toBe('{"a":{"a":1}}');
    const numeric = sortedAnswers({ '10': 'x', '9': 'y' });
    expect(Object.keys(numeric)).toEqual(['9', '10']);
    expect(canonicalAnswersJson(numeric, JSON.stringify(numeric))).toBe('{"10":"x","9":"y"}');
  });
});
