import { Placeholder, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import Fastify from 'fastify';
import postgres from 'postgres';
import type { Database } from '../db/client';
import { responses } from '../db/schema';
import type { SaveBody } from '../server/modules/forms/forms.schemas';
import type { StoredScoringInput } from '../server/modules/scoring/campaign-scoring';
import { formSaveStatement, formSaveValues } from '../server/modules/forms/form-store';
import { respondentMayWrite } from '../server/modules/respondent/respondent.repo';

/**
 * The ceilings for the write figures: the least a server can do with the same request — parse the JSON body and
 * write it with postgres.js — with nothing of ours in between (no auth, checks, drizzle or hooks). It gets as many
 * connections as our server (DB_POOL_SIZE, set by the bench for both).
 */
const db = postgres(process.env.DATABASE_URL!, { max: Number(process.env.DB_POOL_SIZE), onnotice: () => {} });
await db`create table if not exists bench_bare (id bigserial primary key, body jsonb not null)`;

// The autosave's own compare-and-save statement (revision, code and campaign conditions), as the server builds it,
// run by bare postgres.js: what the database's part of an autosave costs with no server work around it; and the
// same update with no access conditions, to tell the cost of updating the row from the cost of checking access.
// (Built on a mock: drizzle on a real client would take over its JSON serializers, which the insert uses.)
const saveStatement = (allowed: SQL, submit = false) =>
  formSaveStatement(drizzle.mock() as unknown as Database, responses, allowed, { submit, recordsEditor: false }).toSQL();
const statements = { save: saveStatement(respondentMayWrite()), update: saveStatement(sql`true`) };
const submitStatement = saveStatement(respondentMayWrite(), true);

async function runStatement(statement: { sql: string; params: unknown[] }, values: Record<string, unknown>) {
  const params = statement.params.map((param) => (param instanceof Placeholder ? values[param.name] : param));
  const [row] = await db.unsafe(statement.sql, params as never[], { prepare: true });
  return row;
}

const app = Fastify({ bodyLimit: 256 * 1024 });
// PUT as an autosave, POST as a submission: the same insert either way.
app.route({
  method: ['PUT', 'POST'],
  url: '/bare',
  handler: async (request) => {
    const [row] = await db`insert into bench_bare (body) values (${db.json(request.body as never)}) returning id`;
    return { id: Number(row!.id) };
  },
});
// PUT /bare-save and /bare-update; the questionnaire and its respondent session come in the query string instead of a
// token.
for (const [name, statement] of Object.entries(statements)) {
  app.put(`/bare-${name}`, async (request, reply) => {
    const { response, session } = request.query as { response: string; session: string };
    const row = await runStatement(statement, formSaveValues({ id: Number(response), guard: session, body: request.body as SaveBody }));
    if (!row) return reply.status(409).send({ error: 'refused' });
    return { revision: row.revision, savedAt: row.updated_at };
  });
}
// POST /bare-submit: our submit statement, with the scoring input the bench computed in the body.
app.post('/bare-submit', async (request, reply) => {
  const { response, session } = request.query as { response: string; session: string };
  const body = request.body as SaveBody & { scoringInput: StoredScoringInput };
  const row = await runStatement(
    submitStatement,
    formSaveValues({ id: Number(response), guard: session, body, scoringInput: body.scoringInput }),
  );
  if (!row) return reply.status(409).send({ error: 'refused' });
  return { revision: row.revision, submittedAt: row.updated_at };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
