import { eq } from 'drizzle-orm';
import type { PgSelectBase, SelectedFields } from 'drizzle-orm/pg-core';
import type { Executor } from '../../../db/client';
import { municipalities, responses, schools } from '../../../db/schema';

/**
 * A select of the caller's fields from questionnaires inner-joined to `Tables`, open for more joins, conditions and
 * order. The type is spelled out because drizzle cannot chain joins on a select whose fields are still generic;
 * it is the type drizzle itself gives the same chain once the fields are known.
 */
type QuestionnaireSelect<Fields extends SelectedFields, Tables extends string> = PgSelectBase<
  'responses',
  Fields,
  'partial',
  Record<'responses' | Tables, 'not-null'>
>;

/**
 * The base of every per-questionnaire listing: questionnaires with their school. `responses` drives the query, so
 * the callers' conditions on it use its indexes.
 */
export function questionnaireSchoolRows<Fields extends SelectedFields>(db: Executor, fields: Fields) {
  return db
    .select(fields as SelectedFields)
    .from(responses)
    .innerJoin(schools, eq(schools.id, responses.schoolId)) as unknown as QuestionnaireSelect<Fields, 'schools'>;
}

/** Questionnaires with their school and municipality (responses ⋈ schools ⋈ municipalities). */
export function questionnaireRows<Fields extends SelectedFields>(db: Executor, fields: Fields) {
  return questionnaireSchoolRows(db, fields as SelectedFields).innerJoin(
    municipalities,
    eq(municipalities.id, responses.municipalityId),
  ) as unknown as QuestionnaireSelect<Fields, 'schools' | 'municipalities'>;
}
