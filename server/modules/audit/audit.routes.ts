import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../lib/paging';
import { readScope, withRequestedRegion } from '../../lib/scope';
import { allow, staffOf } from '../../plugins/auth';
import { listAudit } from './audit.repo';
import { auditEntrySchema, auditQuerySchema } from './audit.schemas';

/** Read-only: no route changes or deletes the log, and the database refuses it too. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/audit', {
    config: { access: allow.staff('admin', 'regional_coordinator', 'municipal_coordinator') },
    schema: {
      tags: ['Журнал'],
      summary: 'Журнал действий: администратору — весь, координатору — своей территории',
      description:
        'Записи уже описаны по-русски (действие, объект с названиями, изменения). Исходные данные и IP-адрес — только администратору; муниципальный координатор не видит чужих адресов почты.',
      querystring: auditQuerySchema,
      response: { 200: pageSchema(auditEntrySchema) },
    },
    handler: async (request) => {
      const viewer = staffOf(request);
      return listAudit(app.db, viewer, withRequestedRegion(readScope(viewer), request.query.regionId), request.query);
    },
  });
};

export default auditRoutes;
