import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Model } from 'survey-core';
import type { z } from 'zod';
import { russianErrorMap } from '../../lib/zod-russian';
import { questionElement } from './assemble';
import {
  mechanismSchema,
  methodologyFileSchema,
  methodologySchema,
  type Mechanism,
  type Methodology,
  type MethodologyFile,
} from './methodology.schemas';

// Methodology versions are read-only data shipped with the code (surveys/<id>/), so every instance of the server
// reads the same files and may keep them in memory for its whole life.

export const SURVEYS_DIR = fileURLToPath(new URL('../../../surveys/', import.meta.url));
const METHODOLOGY_FILE = 'methodology.json';
const MECHANISMS_DIR = 'mechanisms';
/** Enough to fix a file in one pass without drowning the log. */
const MAX_LISTED_PROBLEMS = 30;

/** Invalid methodology data: the message names every file and path at fault. */
export class MethodologyDataError extends Error {
  override name = 'MethodologyDataError';
}

interface Problem {
  file: string;
  path: PropertyKey[];
  message: string;
}

export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${String(segment)}` : String(segment)),
    '',
  );
}

function fail(problems: Problem[]): never {
  const lines = problems
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((p) => `  ${p.file}${p.path.length ? ` → ${formatPath(p.path)}` : ''}: ${p.message}`);
  if (problems.length > MAX_LISTED_PROBLEMS) lines.push(`  …и ещё ${problems.length - MAX_LISTED_PROBLEMS}`);
  throw new MethodologyDataError(`Ошибки в данных методики:\n${lines.join('\n')}`);
}

/** Reads one JSON file and checks it against its schema; what is wrong goes to `problems`. */
function load<T extends z.ZodType>(schema: T, file: string, label: string, problems: Problem[]): z.infer<T> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ file: label, path: [], message: `не удалось прочитать JSON: ${(error as Error).message}` });
    return undefined;
  }
  const result = schema.safeParse(data, { error: russianErrorMap });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push({ file: label, path: issue.path, message: issue.message });
  return undefined;
}

/** Reads and validates one methodology version from its folder (methodology.json + mechanisms/<code>.json). */
export function readMethodology(dir: string): Methodology {
  const base = path.dirname(path.dirname(path.resolve(dir)));
  const label = (file: string) => path.relative(base, file).split(path.sep).join('/');
  const problems: Problem[] = [];

  const methodologyPath = path.join(dir, METHODOLOGY_FILE);
  if (!existsSync(methodologyPath)) fail([{ file: label(methodologyPath), path: [], message: 'файл не найден' }]);
  const file: MethodologyFile | undefined = load(methodologyFileSchema, methodologyPath, label(methodologyPath), problems);

  const mechanismsDir = path.join(dir, MECHANISMS_DIR);
  const present = existsSync(mechanismsDir)
    ? readdirSync(mechanismsDir)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];
  // With a broken methodology.json the mechanism files are still checked, so one run reports everything.
  const listed = file ? file.blocks.flatMap((block) => block.mechanisms) : present.map((name) => name.slice(0, -'.json'.length));
  for (const name of present) {
    if (!listed.includes(name.slice(0, -'.json'.length))) {
      problems.push({
        file: label(path.join(mechanismsDir, name)),
        path: [],
        message: `механизм не указан ни в одном блоке ${METHODOLOGY_FILE}`,
      });
    }
  }
  const mechanismFiles = listed.map((code) => path.join(mechanismsDir, `${code}.json`));
  const mechanisms: Array<Mechanism | undefined> = listed.map((code, index) => {
    const mechanismPath = mechanismFiles[index]!;
    if (!existsSync(mechanismPath)) {
      problems.push({ file: label(mechanismPath), path: [], message: `файл механизма ${code} не найден` });
      return undefined;
    }
    const mechanism = load(mechanismSchema, mechanismPath, label(mechanismPath), problems);
    if (mechanism && mechanism.code !== code)
      problems.push({ file: label(mechanismPath), path: ['code'], message: `код механизма ${mechanism.code} не совпадает с именем файла` });
    return mechanism;
  });
  if (!file || problems.length > 0) fail(problems);

  // Cross-references: an issue under mechanisms[i] belongs to that mechanism's file.
  const result = methodologySchema.safeParse({ ...file, mechanisms }, { error: russianErrorMap });
  if (!result.success) {
    fail(
      result.error.issues.map((issue) => {
        const [head, index, ...rest] = issue.path;
        return head === 'mechanisms' && typeof index === 'number'
          ? { file: label(mechanismFiles[index]!), path: rest, message: issue.message }
          : { file: label(methodologyPath), path: issue.path, message: issue.message };
      }),
    );
  }
  const surveyProblems = surveyCoreIssues(result.data).map(({ path: [, index, ...rest], message }) => ({
    file: label(mechanismFiles[index as number]!),
    path: rest,
    message,
  }));
  if (surveyProblems.length > 0) fail(surveyProblems);
  return result.data;
}

/** A problem of a methodology document, located by its path in the whole document (mechanisms included). */
export interface DocumentIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * What survey-core refuses in the SurveyJS parts of the data (a misspelt property, a wrong value): the schema lets
 * SurveyJS properties through, and survey-core would otherwise ignore them silently in front of respondents.
 * Paths start at `mechanisms[i]`.
 */
export function surveyCoreIssues(methodology: Methodology): DocumentIssue[] {
  const origin = new Map<string, PropertyKey[]>();
  const pages = methodology.mechanisms.map((mechanism, index) => {
    const items = mechanism.questionnaire.questions;
    items.forEach((item, i) => origin.set(item.question.name, ['mechanisms', index, 'questionnaire', 'questions', i, 'question']));
    mechanism.municipalForm.indicators.forEach((question, i) =>
      origin.set(question.name, ['mechanisms', index, 'municipalForm', 'indicators', i]),
    );
    return {
      name: mechanism.code,
      elements: [...items.map((item) => questionElement(item, methodology)), ...mechanism.municipalForm.indicators],
    };
  });
  const model = new Model();
  model.fromJSON({ pages }, { validatePropertyValues: true });
  return (model.jsonErrors ?? []).map((error) => {
    // The error sits on the question itself, or on one of its choices or validators.
    const element = error.element as { name?: unknown; locOwner?: { name?: unknown }; errorOwner?: { name?: unknown } } | undefined;
    const name = (error.jsonObj as { name?: unknown } | undefined)?.name ?? element?.locOwner?.name ?? element?.errorOwner?.name;
    const path = (typeof name === 'string' && origin.get(name)) || ['mechanisms', 0];
    return { path, message: `survey-core: ${error.message}` };
  });
}

/** Every methodology version under `root`, one per folder, sorted by id; a folder's name is its id. */
export function readMethodologies(root: string): Methodology[] {
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return folders.map((folder) => {
    const methodology = readMethodology(path.join(root, folder));
    if (methodology.id !== folder) {
      fail([
        {
          file: `${path.basename(root)}/${folder}/${METHODOLOGY_FILE}`,
          path: ['id'],
          message: `идентификатор «${methodology.id}» должен совпадать с именем папки «${folder}»`,
        },
      ]);
    }
    return deepFreeze(methodology);
  });
}

/** The cache is shared by every caller, so nobody may change it by accident. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let catalogue: ReadonlyMap<string, Methodology> | undefined;

function loaded(): ReadonlyMap<string, Methodology> {
  catalogue ??= new Map(readMethodologies(SURVEYS_DIR).map((methodology) => [methodology.id, methodology]));
  return catalogue;
}

/** All shipped methodology versions, read and validated on first use. */
export function listMethodologies(): Methodology[] {
  return [...loaded().values()];
}

export function findMethodology(id: string): Methodology | undefined {
  return loaded().get(id);
}
