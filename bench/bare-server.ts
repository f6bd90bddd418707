import Fastify from 'fastify';
import postgres from 'postgres';

/**
 * The ceiling for the write figures: the least a server can do with the same request — parse the JSON body and
 * insert it with postgres.js — with nothing of ours in between (no auth, checks or revision).
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_bare (id bigserial primary key, body jsonb not null)`;
const app = Fastify({ bodyLimit: 256 * 1024 });
// PUT as an autosave, POST as a submission: the same insert either way.
app.route({ method: ['PUT', 'POST'], url: '/bare', handler: async (request) => {
  const [row] = await sql`insert into bench_bare (body) values (${sql.json(request.body as never)}) returning id`;
  return { id: Number(row!.id) };
} });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
