// Two wordings compared word by word, so a reworded question shows which words went and which came.

export interface TextPart {
  text: string;
  /** Only on this side: removed from the older wording, or added to the newer one. */
  changed: boolean;
}

/** Above this many word pairs the texts are simply shown whole, each as changed. */
const MAX_PAIRS = 250_000;

const tokens = (text: string) => text.split(/(\s+)/).filter((token) => token !== '');

/** Joins neighbouring tokens of the same kind into one part. */
function parts(list: ReadonlyArray<[string, boolean]>): TextPart[] {
  const result: TextPart[] = [];
  for (const [text, changed] of list) {
    const last = result.at(-1);
    if (last && last.changed === changed) last.text += text;
    else result.push({ text, changed });
  }
  return result;
}

/** The longest common subsequence of words: what is kept; the rest is marked on its own side. */
export function wordDiff(before: string, after: string): { before: TextPart[]; after: TextPart[] } {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_PAIRS) return { before: parts([[before, before !== after]]), after: parts([[after, before !== after]]) };
  // common[i][j]: the length of the longest common run of a[i…] and b[j…].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const left: Array<[string, boolean]> = [];
  const right: Array<[string, boolean]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      left.push([a[i++]!, false]);
      right.push([b[j++]!, false]);
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      right.push([b[j++]!, !/^\s+$/.test(b[j - 1]!)]);
    } else {
      left.push([a[i++]!, !/^\s+$/.test(a[i - 1]!)]);
    }
  }
  return { before: parts(left), after: parts(right) };
}
