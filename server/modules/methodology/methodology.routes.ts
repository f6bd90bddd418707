import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors';
import { allow } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import { listMethodologies } from './methodology.repo';
import { methodologyReferenceSchema, methodologySummarySchema } from './methodology.schemas';
import { describeMethodology, summarizeMethodology } from './methodology.service';

const methodologyRoutes: FastifyPluginAsyncZod = async (app) => {
  // Read when the server starts: broken methodology data stops it with the file and path at fault. The data never
  // changes while the server runs, so the answers are prepared once.
  const methodologies = listMethodologies();
  const summaries = methodologies.map(summarizeMethodology);
  const references = new Map(methodologies.map((methodology) => [methodology.id, describeMethodology(methodology)]));

  app.get('/api/methodologies', {
    config: { access: allow.anyStaff },
    schema: { tags: ['Методики'], summary: 'Версии методики оценки', response: { 200: z.array(methodologySummarySchema) } },
    handler: async () => summaries,
  });

  app.get('/api/methodologies/:id', {
    config: { access: allow.anyStaff },
    schema: {
      tags: ['Методики'],
      summary: 'Методика: механизмы, управленческий цикл, правила и пороговые значения',
      params: z.object({ id: z.string().max(100) }),
      response: { 200: methodologyReferenceSchema, 404: errorResponseSchema },
    },
    handler: async (request) => {
      const reference = references.get(request.params.id);
      if (!reference) throw notFound('Методика с таким идентификатором не найдена.');
      return reference;
    },
  });
};

export default methodologyRoutes;
