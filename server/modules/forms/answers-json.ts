/**
 * A form's answers as the receipt fingerprints them (form-store receiptOf): JSON with the keys in code-unit order,
 * exactly as `JSON.stringify(answers, sortedKeys)` has always made it, so every receipt ever printed still matches.
 * Node-free: the browser sends its answers in that order (sortedAnswers), and the server then finds the canonical
 * text already made instead of serializing the answers once more through JSON.stringify's slow key-list path.
 */

type Answers = Record<string, unknown>;

/** The same answers with their keys in the receipt's order. */
export function sortedAnswers(answers: Answers): Answers {
  const sorted: Answers = {};
  for (const key of Object.keys(answers).sort()) sorted[key] = answers[key];
  return sorted;
}

const holdsNoObject = (value: unknown) => typeof value !== 'object' || value === null;

/**
 * The key list also filters the keys of objects nested in answers (a matrix row, say), so the answers' own JSON is
 * canonical only when none is nested, and only when its keys already come sorted (object key order is insertion
 * order, except that integer-like keys always come first, which the comparison catches).
 */
function isCanonicalAlready(answers: Answers, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false;
    const value = answers[keys[i]!];
    if (!holdsNoObject(value) && !(Array.isArray(value) && value.every(holdsNoObject))) return false;
  }
  return true;
}

/** The canonical JSON of `answers`; `json` is their own JSON.stringify, when the caller has it anyway. */
export function canonicalAnswersJson(answers: Answers, json?: string): string {
  const keys = Object.keys(answers);
  if (json !== undefined && isCanonicalAlready(answers, keys)) return json;
  return JSON.stringify(answers, keys.sort());
}
