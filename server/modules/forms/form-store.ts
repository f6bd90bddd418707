import { hash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { municipalForms, responses } from '../../../db/schema';
import { AppError } from '../../errors';
import type { StoredScoringInput } from '../scoring/campaign-scoring';
import { canonicalAnswersJson } from './answers-json';
import type { FormState, SaveBody, SaveResult } from './forms.schemas';

/**
 * Respondents' questionnaires and municipal forms share one save protocol. The two tables have the same
 * form-state columns (db/schema/campaigns.ts, formState), so one implementation serves both.
 */
export type FormTable = typeof responses | typeof municipalForms;
const asResponses = (table: FormTable) => table as typeof responses;

export interface StoredForm {
  id: number;
  status: FormState['status'];
  answers: Record<string, unknown>;
  currentPage: number;
  revision: number;
  lastSaveId: string | null;
  updatedAt: Date | null;
  submittedAt: Date | null;
}

export async function readForm(db: Executor, table: FormTable, id: number): Promise<StoredForm | null> {
  const t = asResponses(table);
  const [row] = await db
    .select({
      id: t.id,
      status: t.status,
      answers: t.answers,
      currentPage: t.currentPage,
      revision: t.revision,
      lastSaveId: t.lastSaveId,
      updatedAt: t.updatedAt,
      submittedAt: t.submittedAt,
    })
    .from(t)
    .where(eq(t.id, id));
  return row ?? null;
}

/** A short fingerprint of exactly what was submitted, printed on the receipt; `answersJson` as in canonicalAnswersJson. */
export function receiptOf(kind: 'R' | 'M', id: number, answers: Record<string, unknown>, submittedAt: Date, answersJson?: string): string {
  const canonical = canonicalAnswersJson(answers, answersJson);
  const digest = hash('sha256', canonical + submittedAt.toISOString())
    .slice(0, 8)
    .toUpperCase();
  return `${kind}${id}-${digest}`;
}

export function toFormState(form: StoredForm, kind: 'R' | 'M'): FormState {
  return {
    status: form.status,
    answers: form.answers,
    currentPage: form.currentPage,
    revision: form.revision,
    updatedAt: form.updatedAt?.toISOString() ?? null,
    submittedAt: form.submittedAt?.toISOString() ?? null,
    receipt: form.status === 'submitted' && form.submittedAt ? receiptOf(kind, form.id, form.answers, form.submittedAt) : null,
  };
}

const staleMessage =
  'Анкета уже изменена в другой вкладке или на другом устройстве. Загружаем последнюю сохранённую версию — проверьте ответы.';

export interface FormSaveParams {
  id: number;
  body: SaveBody;
  /** The value of the caller's guard placeholder (the respondent's session), if its condition uses one. */
  guard?: number | string;
  updatedBy?: number;
  /** On submission: the answers as a scoring run reads them, and the key they were computed under. */
  scoringInput?: StoredScoringInput;
  /** `JSON.stringify(body.answers)`, when the caller has already made it. */
  answersJson?: string;
}

interface FormSaveOptions {
  submit: boolean;
  recordsEditor: boolean;
}

/**
 * The compare-and-save statement: applies a save only if the stored revision is the one the client based it on,
 * the form is not submitted, and `allowed` (the caller's access and campaign-date conditions, which may use
 * `sql.placeholder('guard')`) holds — all in one statement. Its placeholders are filled by `formSaveValues`.
 */
export function formSaveStatement(db: Executor, table: FormTable, allowed: SQL, options: FormSaveOptions) {
  const t = asResponses(table);
  // A form is submitted with what a scoring run will read of it, in the same statement as its answers.
  const scoringInput = options.submit
    ? {
        [table === responses ? 'scoringOutcomes' : 'scoringEvidence']: sql`${sql.placeholder('scoringInput')}::text`,
        scoringInputKey: sql`${sql.placeholder('scoringInputKey')}::text`,
      }
    : {};
  return db
    .update(t)
    .set({
      answers: sql`${sql.placeholder('answers')}::jsonb`,
      currentPage: sql`${sql.placeholder('currentPage')}::int`,
      revision: sql`${t.revision} + 1`,
      lastSaveId: sql`${sql.placeholder('saveId')}::uuid`,
      status: options.submit ? 'submitted' : 'in_progress',
      updatedAt: sql`now()`,
      ...(options.submit ? { submittedAt: sql`now()` } : {}),
      // municipal_forms also records who saved; the cast covers the one column `responses` lacks.
      ...(options.recordsEditor ? { updatedBy: sql`${sql.placeholder('updatedBy')}::int` } : {}),
      ...scoringInput,
    } as unknown as Partial<typeof responses.$inferInsert>)
    .where(and(eq(t.id, sql.placeholder('id')), eq(t.revision, sql.placeholder('revision')), ne(t.status, 'submitted'), allowed))
    .returning({ revision: t.revision, updatedAt: t.updatedAt });
}

/** The values of the save statement's placeholders. */
export function formSaveValues({ id, body, guard, updatedBy, scoringInput, answersJson }: FormSaveParams) {
  return {
    id,
    revision: body.revision,
    answers: answersJson ?? JSON.stringify(body.answers),
    currentPage: body.currentPage,
    saveId: body.saveId,
    guard: guard ?? null,
    updatedBy: updatedBy ?? null,
    scoringInput: scoringInput?.value ?? null,
    scoringInputKey: scoringInput?.key ?? null,
  };
}

/**
 * Compare-and-save, prepared once: the hottest statement of a campaign's last days, so the query is built once
 * instead of on every autosave.
 */
export function prepareFormSave(db: Executor, table: FormTable, allowed: SQL, options: FormSaveOptions & { name: string }) {
  const statement = formSaveStatement(db, table, allowed, options).prepare(options.name);
  return async (params: FormSaveParams): Promise<SaveResult | null> => {
    if (options.submit && !params.scoringInput) throw new Error('A submission must carry its scoring input');
    const [row] = await statement.execute(formSaveValues(params));
    return row ? { revision: row.revision, savedAt: row.updatedAt!.toISOString() } : null;
  };
}

/**
 * The same compare-and-save, not prepared, on the given executor: for a save that must commit together with other
 * writes of one transaction (a municipal form's submission and its audit record).
 */
export async function saveFormWith(db: Executor, table: FormTable, allowed: SQL, options: FormSaveOptions, params: FormSaveParams) {
  if (options.submit && !params.scoringInput) throw new Error('A submission must carry its scoring input');
  const [row] = await formSaveStatement(db, table, allowed, options).execute(formSaveValues(params));
  return row ? { revision: row.revision, savedAt: row.updatedAt!.toISOString() } : null;
}

/**
 * Why a save was not applied, once the caller has ruled out access and dates: a replay of an accepted save
 * (answered as success), its id reused with other content, a submitted form, or a stale revision.
 */
export function explainRefusedSave(form: StoredForm, body: SaveBody, submitting: boolean): SaveResult {
  const details = { revision: form.revision, status: form.status };
  if (form.lastSaveId === body.saveId && (form.status !== 'submitted' || submitting)) {
    // A retry carries exactly what was saved; anything else under the same id would be dropped silently.
    if (form.currentPage !== body.currentPage || !isDeepStrictEqual(form.answers, body.answers)) {
      throw new AppError(
        409,
        'save_id_reused',
        'Это сохранение уже принято с другими ответами. Загружаем последнюю сохранённую версию — проверьте ответы.',
        details,
      );
    }
    return { revision: form.revision, savedAt: form.updatedAt!.toISOString() };
  }
  if (form.status === 'submitted') throw new AppError(409, 'already_submitted', 'Анкета уже отправлена; изменить её нельзя.', details);
  throw new AppError(409, 'stale_revision', staleMessage, details);
}
