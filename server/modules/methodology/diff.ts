import { generalLabel, mechanismLabel, questionLabel, scoringLabel, type LabelContext } from './diff-labels';
import type { ChangeKind, DiffValue, FieldChange, ItemDiff, MechanismDiff, MethodologyDiff } from './diff.schemas';

// Two methodology documents compared leaf by leaf (issue #20 §5). Pure and defensive: a draft may be saved with
// problems, so any shape is accepted and whatever is there is compared; nothing here throws on odd data.
//
// Each part is flattened into ordered leaves keyed by a readable path: objects by their keys, lists of plain values
// as one leaf, lists of records by their identity (`code`, `value`, `level` or `name`, when every element has a
// distinct one) so that an inserted element does not shift the rest, otherwise by position.

type Scalar = string | number | boolean | null;
type Leaves = Map<string, DiffValue>;
type Labeller = (path: string, ctx: LabelContext) => string;

const IDENTITY_KEYS = ['code', 'value', 'level', 'name'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): value is Scalar =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function identityKey(items: readonly unknown[]): string | undefined {
  return IDENTITY_KEYS.find((key) => {
    const ids = items.map((item) => (isRecord(item) ? item[key] : undefined));
    return ids.every((id) => typeof id === 'string' || typeof id === 'number') && new Set(ids).size === ids.length;
  });
}

function flattenInto(value: unknown, path: string, out: Leaves): void {
  if (isScalar(value)) {
    out.set(path, value);
  } else if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      out.set(path, value);
      return;
    }
    const key = identityKey(value);
    value.forEach((item, index) => {
      if (!key || !isRecord(item)) return flattenInto(item, `${path}[${index}]`, out);
      const { [key]: identity, ...rest } = item;
      const id = identity as string | number;
      const at = `${path}[${key}=${id}]`;
      // An element that is nothing but its identity still shows when it comes or goes.
      if (Object.keys(rest).length === 0) out.set(at, id);
      else flattenInto(rest, at, out);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) flattenInto(item, join(path, key), out);
  }
}

export function flatten(value: unknown, path = ''): Leaves {
  const out: Leaves = new Map();
  flattenInto(value, path, out);
  return out;
}

/** The newer order, with what only the older one has put back after the element it followed there. */
export function mergeOrder(before: readonly string[], after: readonly string[]): string[] {
  const afterSet = new Set(after);
  const result = [...after];
  let anchor = -1;
  for (const key of before) {
    if (afterSet.has(key)) anchor = result.indexOf(key);
    else result.splice(++anchor, 0, key);
  }
  return result;
}

const same = (a: DiffValue | undefined, b: DiffValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

function compareLeaves(before: Leaves, after: Leaves, label: Labeller, ctx: LabelContext): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const path of mergeOrder([...before.keys()], [...after.keys()])) {
    const was = before.get(path);
    const is = after.get(path);
    if (same(was, is)) continue;
    const kind: ChangeKind = was === undefined ? 'added' : is === undefined ? 'removed' : 'changed';
    changes.push({ path, label: label(path, ctx), kind, before: was ?? null, after: is ?? null });
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions and indicators

interface Located {
  mechanism: string;
  /** A questionnaire item ({ roles, scale, scoring, question }) or an indicator wrapped as { question }. */
  item: Record<string, unknown>;
  scales: Record<string, unknown>;
}

/** Everything about a question a reader compares, in reading order; a scale is replaced by its options. */
function questionLeaves({ item, scales }: Located): Leaves {
  const { name: _name, title, description, type, isRequired, requiredIf, visibleIf, enableIf, choices, ...rest } = asRecord(item.question);
  const scale = item.scale;
  const options = typeof scale === 'string' && Array.isArray(scales[scale]) ? scales[scale] : choices;
  return flatten({
    title,
    description,
    type,
    roles: item.roles,
    isRequired,
    requiredIf,
    visibleIf,
    enableIf,
    scale,
    choices: options,
    scoring: item.scoring,
    ...rest,
  });
}

const choiceKeys = (leaves: Leaves) => [...leaves.keys()].filter((path) => path.startsWith('choices['));

/** The same options in another order: one change listing both orders. */
function choiceOrderChange(before: Leaves, after: Leaves, ctx: LabelContext): FieldChange[] {
  const was = choiceKeys(before);
  const is = choiceKeys(after);
  if (was.length === 0 || was.join('|') === is.join('|') || [...was].sort().join('|') !== [...is].sort().join('|')) return [];
  const option = (path: string) => path.replace(/^choices\[(?:value=)?([^\]]*)\].*$/, '$1');
  return [
    { path: 'choiceOrder', label: questionLabel('choiceOrder', ctx), kind: 'changed', before: was.map(option), after: is.map(option) },
  ];
}

function located(mechanisms: readonly unknown[], scales: Record<string, unknown>, part: 'questions' | 'indicators') {
  const found = new Map<string, Located>();
  mechanisms.forEach((raw, mIndex) => {
    const mechanism = asRecord(raw);
    const code = mechanismKeyOf(mechanism, mIndex);
    const list =
      part === 'questions' ? asArray(asRecord(mechanism.questionnaire).questions) : asArray(asRecord(mechanism.municipalForm).indicators);
    list.forEach((entry, index) => {
      const item = part === 'questions' ? asRecord(entry) : { question: entry };
      const name = asText(asRecord(item.question).name) ?? `${code}[${index}]`;
      let key = name;
      for (let n = 2; found.has(key); n++) key = `${name} (${n})`;
      found.set(key, { mechanism: code, item, scales });
    });
  });
  return found;
}

function compareItems(before: Map<string, Located>, after: Map<string, Located>, ctx: LabelContext) {
  const result: Array<{ mechanism: string; diff: ItemDiff }> = [];
  for (const name of mergeOrder([...before.keys()], [...after.keys()])) {
    const was = before.get(name);
    const is = after.get(name);
    const wasLeaves = was ? questionLeaves(was) : new Map<string, DiffValue>();
    const isLeaves = is ? questionLeaves(is) : new Map<string, DiffValue>();
    const changes = [...compareLeaves(wasLeaves, isLeaves, questionLabel, ctx), ...choiceOrderChange(wasLeaves, isLeaves, ctx)];
    if (was && is && was.mechanism !== is.mechanism)
      changes.unshift({
        path: 'mechanism',
        label: questionLabel('mechanism', ctx),
        kind: 'changed',
        before: was.mechanism,
        after: is.mechanism,
      });
    if (changes.length === 0) continue;
    const status: ChangeKind = !was ? 'added' : !is ? 'removed' : 'changed';
    const titleOf = (at: Located | undefined) => (at ? asText(asRecord(at.item.question).title) : null);
    result.push({
      mechanism: (is ?? was)!.mechanism,
      diff: { name, status, title: { before: titleOf(was), after: titleOf(is) }, changes },
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Mechanisms

function mechanismKeyOf(mechanism: Record<string, unknown>, index: number): string {
  return asText(mechanism.code) ?? `[${index}]`;
}

function keyedMechanisms(list: readonly unknown[]): Map<string, Record<string, unknown>> {
  const keyed = new Map<string, Record<string, unknown>>();
  list.forEach((raw, index) => {
    const mechanism = asRecord(raw);
    let key = mechanismKeyOf(mechanism, index);
    for (let n = 2; keyed.has(key); n++) key = `${mechanismKeyOf(mechanism, index)} (${n})`;
    keyed.set(key, mechanism);
  });
  return keyed;
}

/** A mechanism's own leaves, in its order: its questions and indicators are compared one by one instead. */
function mechanismLeaves(mechanism: Record<string, unknown> | undefined): Leaves {
  if (!mechanism) return new Map();
  const own = Object.entries(mechanism).map(([key, value]): [string, unknown] => {
    if (key === 'questionnaire') {
      const { questions: _questions, ...rest } = asRecord(value);
      return [key, rest];
    }
    if (key === 'municipalForm') {
      const { indicators: _indicators, ...rest } = asRecord(value);
      return [key, rest];
    }
    return [key, key === 'code' ? undefined : value];
  });
  return flatten(Object.fromEntries(own));
}

function compareMechanisms(
  before: readonly unknown[],
  after: readonly unknown[],
  scales: [Record<string, unknown>, Record<string, unknown>],
  ctx: LabelContext,
) {
  const was = keyedMechanisms(before);
  const is = keyedMechanisms(after);
  const questions = compareItems(located(before, scales[0], 'questions'), located(after, scales[1], 'questions'), ctx);
  const indicators = compareItems(located(before, scales[0], 'indicators'), located(after, scales[1], 'indicators'), ctx);
  const mechanisms: MechanismDiff[] = [];
  for (const code of mergeOrder([...was.keys()], [...is.keys()])) {
    const old = was.get(code);
    const current = is.get(code);
    const changes = compareLeaves(mechanismLeaves(old), mechanismLeaves(current), mechanismLabel, ctx);
    const own = (list: typeof questions) => list.filter((entry) => entry.mechanism === code).map((entry) => entry.diff);
    const entry = { changes, questions: own(questions), indicators: own(indicators) };
    if (old && current && entry.changes.length + entry.questions.length + entry.indicators.length === 0) continue;
    mechanisms.push({
      code,
      status: !old ? 'added' : !current ? 'removed' : 'changed',
      title: { before: asText(old?.title), after: asText(current?.title) },
      ...entry,
    });
  }
  return mechanisms;
}

// ---------------------------------------------------------------------------------------------------------------
// The whole document

function labelContext(before: Record<string, unknown>, after: Record<string, unknown>): LabelContext {
  const names = (field: string, text: string) => {
    const map = new Map<string, string>();
    for (const document of [before, after])
      for (const entry of asArray(document[field])) {
        const record = asRecord(entry);
        const name = asText(record[text]);
        if ((typeof record.code === 'string' || typeof record.code === 'number') && name) map.set(String(record.code), name);
      }
    return (code: string) => map.get(code) ?? code;
  };
  return { component: names('cycleComponents', 'title'), level: names('levels', 'label'), role: names('respondentRoles', 'label') };
}

/** Compared separately: the rest of the document is its general part. */
const OWN_SECTIONS = new Set(['id', 'mechanisms', 'scoring', 'recommendations', 'respondentRoles']);

function generalLeaves(document: Record<string, unknown>): Leaves {
  return flatten(Object.fromEntries(Object.entries(document).filter(([key]) => !OWN_SECTIONS.has(key))));
}

const counts = (list: ReadonlyArray<{ status: ChangeKind }>) => ({
  added: list.filter((entry) => entry.status === 'added').length,
  removed: list.filter((entry) => entry.status === 'removed').length,
  changed: list.filter((entry) => entry.status === 'changed').length,
});

/** What changed from `beforeDocument` to `afterDocument`; the `id` of a version is never a change. */
export function diffMethodologies(beforeDocument: unknown, afterDocument: unknown): MethodologyDiff {
  const before = asRecord(beforeDocument);
  const after = asRecord(afterDocument);
  const ctx = labelContext(before, after);
  const part = (key: string, label: Labeller) => compareLeaves(flatten(before[key], key), flatten(after[key], key), label, ctx);
  const general = compareLeaves(generalLeaves(before), generalLeaves(after), generalLabel, ctx);
  const respondentRoles = part('respondentRoles', generalLabel);
  const scoring = part('scoring', scoringLabel);
  const recommendations = part('recommendations', generalLabel);
  const scales: [Record<string, unknown>, Record<string, unknown>] = [asRecord(before.answerScales), asRecord(after.answerScales)];
  const mechanisms = compareMechanisms(asArray(before.mechanisms), asArray(after.mechanisms), scales, ctx);

  const mechanismChanges = mechanisms.flatMap((mechanism) => mechanism.changes);
  const isRecommendation = (change: FieldChange) => change.path.startsWith('recommendations.');
  const recommendationChanges = recommendations.length + mechanismChanges.filter(isRecommendation).length;
  const textChanges = general.length + respondentRoles.length + mechanismChanges.filter((change) => !isRecommendation(change)).length;
  const questions = mechanisms.flatMap((mechanism) => mechanism.questions);
  const indicators = mechanisms.flatMap((mechanism) => mechanism.indicators);
  return {
    summary: {
      mechanisms: counts(mechanisms),
      questions: counts(questions),
      indicators: counts(indicators),
      scoringChanges: scoring.length,
      recommendationChanges,
      textChanges,
      identical: mechanisms.length + scoring.length + recommendationChanges + textChanges === 0,
    },
    general,
    respondentRoles,
    scoring,
    recommendations,
    mechanisms,
  };
}
