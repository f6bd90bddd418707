import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../lib/paging';
import { allow, staffOf } from '../../plugins/auth';
import { auditEntrySchema, auditQuerySchema } from './audit.schemas';
import type { AuditService } from './audit.service';

/** Read-only: no route changes or deletes the log, and the database refuses it too. */
const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
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
    handler: async (request) => audit.list(staffOf(request), request.query),
  });
};

export default auditRoutes;
