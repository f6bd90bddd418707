import type { Mechanism, Methodology } from '@server/modules/methodology/methodology.schemas';

// Pure, immutable edits of a methodology document as the editor changes it. Every change returns a new document;
// the parts that did not change are shared with the old one, so React redraws only what moved. This file holds the
// paths and the generic edits; question-edits.ts, mechanism-edits.ts and document-additions.ts build on them.

export type MethodologyDocument = Methodology;
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** «mechanisms[4].questionnaire.questions[1].scoring» → ['mechanisms', 4, 'questionnaire', 'questions', 1, 'scoring']. */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[1]!);
  }
  return segments;
}

/** The inverse of `parsePath`, as the server writes a problem's place. */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

/** The DOM id of the field that edits `path`: problems link to it. */
export function fieldId(path: Path): string {
  return `field-${formatPath(path).replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/** `path` and each of its prefixes, longest first: where to look for the field a problem names. */
export function pathAndParents(path: Path): Path[] {
  return path.map((_, index) => path.slice(0, path.length - index));
}

export function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

export function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** A copy of `value` with `path` set to `next`; `undefined` removes an object key. Missing containers are created. */
export function setIn<T>(value: T, path: Path, next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path as [PathSegment, ...PathSegment[]];
  const child = setIn(getIn(value, [head]), rest, next);
  const base = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : typeof head === 'number' ? [] : {};
  if (Array.isArray(base)) {
    const copy = [...(base as unknown[])];
    copy[head as number] = child;
    return copy as T;
  }
  const copy: Record<string, unknown> = { ...base };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy as T;
}

/** A copy with `update` applied to the array at `path`. */
export function updateList<T, E>(value: T, path: Path, update: (list: E[]) => E[]): T {
  const list = getIn(value, path);
  return setIn(value, path, update(Array.isArray(list) ? [...(list as E[])] : []));
}

export function removeAt<T>(value: T, path: Path, index: number): T {
  return updateList(value, path, (list) => list.filter((_, i) => i !== index));
}

/** Moves an item of the array at `path` from `from` to `to` (clamped to the array). */
export function moveItem<T>(value: T, path: Path, from: number, to: number): T {
  return updateList(value, path, (list) => {
    const target = Math.max(0, Math.min(list.length - 1, to));
    if (from < 0 || from >= list.length || target === from) return list;
    list.splice(target, 0, ...list.splice(from, 1));
    return list;
  });
}

/** `list` with `value` added, or without it when it was there. */
export function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers: shares are stored 0–1 and edited as percents.

/** 0.5 → 50; 0.333 → 33.3 (one decimal is what a person types). */
export function shareToPercent(share: number): number {
  return Math.round(share * 1000) / 10;
}

export function percentToShare(percent: number): number {
  return Math.round(percent * 10) / 1000;
}

/**
 * What a number field holds after typing: a number, or the text as typed when it is not one (empty, «abc»), so that
 * the checker names the field instead of the editor silently keeping the old value.
 */
export function typedNumber(text: string): number | string {
  const normalized = text.trim().replace(',', '.');
  if (normalized === '') return '';
  const value = Number(normalized);
  return Number.isFinite(value) ? value : text;
}

// ---------------------------------------------------------------------------------------------------------------
// The whole document

/** Whether the editor's forms can show the document: the lists and objects they walk exist. */
export function isEditable(document: unknown): document is MethodologyDocument {
  const d = document as Partial<Record<keyof MethodologyDocument, unknown>> | null;
  if (!d || typeof d !== 'object') return false;
  const lists = [d.levels, d.cycleComponents, d.respondentRoles, d.blocks, d.mechanisms, d.sources];
  const scoring = d.scoring as Partial<Record<string, unknown>> | undefined;
  return (
    lists.every(Array.isArray) &&
    typeof d.answerScales === 'object' &&
    typeof d.municipalForm === 'object' &&
    typeof d.recommendations === 'object' &&
    !!scoring &&
    ['municipalEvidence', 'corroboration', 'reconciliation', 'overall', 'responseRate'].every((key) => typeof scoring[key] === 'object') &&
    Array.isArray(scoring.levelBands) &&
    Array.isArray(scoring.caps) &&
    (d.mechanisms as Array<Partial<Mechanism>>).every(
      (m) => typeof m === 'object' && Array.isArray(m.questionnaire?.questions) && typeof m.municipalForm?.components === 'object',
    )
  );
}
