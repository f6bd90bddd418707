import { createHash } from 'node:crypto';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { municipalForms, responses } from '../../../db/schema';
import { AppError } from '../../errors';
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
    .select({ id: t.id, status: t.status, answers: t.answers, currentPage: t.currentPage, revision: t.revision, lastSaveId: t.lastSaveId, updatedAt: t.updatedAt, submittedAt: t.submittedAt })
    .from(t)
    .where(eq(t.id, id));
  return row ?? null;
}

/** A short fingerprint of exactly what was submitted, printed on the receipt. */
export function receiptOf(kind: 'R' | 'M', id: number, answers: Record<string, unknown>, submittedAt: Date): string {
  const canonical = JSON.stringify(answers, Object.keys(answers).sort());
  const digest = createHash('sha256').update(canonical).update(submittedAt.toISOString()).digest('hex').slice(0, 8).toUpperCase();
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

/**
 * Compare-and-save: applies the save only if the stored revision is the one the client based it on, the form is
 * not submitted, and `allowed` (the caller's access and campaign-date conditions) holds — all in one statement.
 * A retry of the save that already went through is answered as a success.
 */
export async function saveForm(
  db: Executor,
  table: FormTable,
  id: number,
  body: SaveBody,
  allowed: SQL,
  options: { submit?: boolean; updatedBy?: number } = {},
): Promise<SaveResult | null> {
  const t = asResponses(table);
  const [row] = await db
    .update(t)
    .set({
      answers: body.answers,
      currentPage: body.currentPage,
      revision: sql`${t.revision} + 1`,
      lastSaveId: body.saveId,
      status: options.submit ? 'submitted' : 'in_progress',
      updatedAt: sql`now()`,
      ...(options.submit ? { submittedAt: sql`now()` } : {}),
      ...(options.updatedBy !== undefined ? { updatedBy: options.updatedBy } : {}),
      // municipal_forms also records who saved; the cast covers the one column `responses` lacks.
    } as unknown as Partial<typeof responses.$inferInsert>)
    .where(and(eq(t.id, id), eq(t.revision, body.revision), ne(t.status, 'submitted'), allowed))
    .returning({ revision: t.revision, updatedAt: t.updatedAt });
  if (row) return { revision: row.revision, savedAt: row.updatedAt!.toISOString() };
  return null;
}

/**
 * Why a save was not applied, once the caller has ruled out access and dates: a replay of an accepted save
 * (answered as success), a submitted form, or a stale revision.
 */
export function explainRefusedSave(form: StoredForm, body: SaveBody, submitting: boolean): SaveResult {
  if (form.lastSaveId === body.saveId && (form.status !== 'submitted' || submitting)) {
    return { revision: form.revision, savedAt: form.updatedAt!.toISOString() };
  }
  const details = { revision: form.revision, status: form.status };
  if (form.status === 'submitted') throw new AppError(409, 'already_submitted', 'Анкета уже отправлена; изменить её нельзя.', details);
  throw new AppError(409, 'stale_revision', staleMessage, details);
}
