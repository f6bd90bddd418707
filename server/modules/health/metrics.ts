import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { allow } from '../../plugins/auth';

type FormKind = 'questionnaire' | 'municipal_form';

/** Writes and runs worth counting, by route: the routes themselves stay unaware of metrics. */
export const countedRoutes: Record<string, { event: 'save' | 'submit'; form: FormKind } | { event: 'scoring_run' }> = {
  'PUT /api/respondent/answers': { event: 'save', form: 'questionnaire' },
  'POST /api/respondent/submit': { event: 'submit', form: 'questionnaire' },
  'PUT /api/campaigns/:id/municipal-forms/:municipalityId/answers': { event: 'save', form: 'municipal_form' },
  'POST /api/campaigns/:id/municipal-forms/:municipalityId/submit': { event: 'submit', form: 'municipal_form' },
  'POST /api/campaigns/:id/scoring-runs': { event: 'scoring_run' },
};

const outcomeOf = (status: number) => (status < 400 ? 'ok' : status < 500 ? 'refused' : 'error');

/**
 * `METRICS=1`: GET /api/metrics in Prometheus's text format — request durations per route, saves and submits,
 * scoring-run durations, the database pool and the process (memory, CPU, event loop). prom-client is loaded only
 * then. Routes are labelled by their pattern, never by the address asked for: no access codes, bounded series.
 */
export default fp(async function metricsPlugin(app: FastifyInstance) {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Histogram({
    name: 'muko_http_request_duration_seconds',
    help: 'Время ответа на запрос по маршруту, с',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const saves = new Counter({
    name: 'muko_form_saves_total',
    help: 'Сохранения анкет и муниципальных форм (ok — принято, refused — отклонено 4xx, error — 5xx)',
    labelNames: ['form', 'outcome'],
    registers,
  });
  const submits = new Counter({
    name: 'muko_form_submits_total',
    help: 'Отправки анкет и муниципальных форм',
    labelNames: ['form', 'outcome'],
    registers,
  });
  const scoringRuns = new Histogram({
    name: 'muko_scoring_run_duration_seconds',
    help: 'Длительность расчёта уровней кампании, с',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const database = app.database;
  if (database.poolUsage) {
    const readPool = () => database.poolUsage!();
    new Gauge({
      name: 'muko_db_pool_connections',
      help: 'Соединения экземпляра с PostgreSQL: active — выполняют запрос, idle — свободны (без соединения, читающего метрики)',
      labelNames: ['state'],
      registers,
      async collect() {
        const usage = await readPool();
        this.set({ state: 'active' }, usage.active);
        this.set({ state: 'idle' }, usage.idle);
      },
    });
    new Gauge({
      name: 'muko_db_pool_max',
      help: 'Наибольшее число соединений экземпляра с PostgreSQL (DB_POOL_SIZE)',
      registers,
      async collect() {
        this.set((await readPool()).max);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    requests.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    const counted = countedRoutes[`${request.method} ${route}`];
    if (!counted) return;
    const outcome = outcomeOf(reply.statusCode);
    if (counted.event === 'scoring_run') scoringRuns.observe({ outcome }, seconds);
    else (counted.event === 'save' ? saves : submits).inc({ form: counted.form, outcome });
  });

  app.get('/api/metrics', {
    config: { access: allow.public },
    schema: { tags: ['Служебное'], summary: 'Метрики в формате Prometheus (только при METRICS=1; закройте от внешнего мира на прокси)' },
    handler: async (_request, reply) =>
      reply
        .header('content-type', registry.contentType)
        .header('cache-control', 'no-store')
        .send(await registry.metrics()),
  });
});
