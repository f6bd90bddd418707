import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../lib/params';
import { allow, staffOf } from '../../plugins/auth';
import { errorResponseSchema } from '../../plugins/errors';
import type { WhatIfService } from './what-if.service';
import { whatIfBodySchema, whatIfSchema } from './what-if.schemas';

const whatIfRoutes: FastifyPluginAsyncZod<{ whatIf: WhatIfService }> = async (app, { whatIf }) => {
  // A POST because it runs a computation, but it stores nothing: experts assigned to the campaign may ask too.
  app.post('/api/campaigns/:id/what-if', {
    config: { access: allow.staff('admin', 'regional_coordinator', 'expert') },
    schema: {
      tags: ['Результаты'],
      summary:
        'Что если: пересчитать завершённую или опубликованную кампанию по другой версии методики (без сохранения) и сравнить с последним расчётом',
      params: idParamsSchema,
      body: whatIfBodySchema,
      response: {
        200: whatIfSchema,
        400: errorResponseSchema,
        403: errorResponseSchema,
        404: errorResponseSchema,
        409: errorResponseSchema,
      },
    },
    handler: async (request) => whatIf.whatIf(staffOf(request), request.params.id, request.body.methodologyId),
  });
};

export default whatIfRoutes;
