import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors';
import { isDatabaseUnavailable } from '../lib/pg-errors';

/** The one error shape every 4xx/5xx answer has. Shared with the client. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

const locationNames: Record<string, string> = {
  body: 'тело запроса',
  querystring: 'параметры запроса',
  params: 'адрес',
  headers: 'заголовки',
};

/** Messages for the framework's own 4xx errors, keyed by fastify error code. */
const frameworkMessages: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Неподдерживаемый тип содержимого запроса.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Неверная длина содержимого запроса.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Пустое тело запроса: ожидались данные в формате JSON.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Тело запроса не является корректным JSON.',
  FST_ERR_CTP_EMPTY_TYPE: 'Не указан тип содержимого запроса.',
};

export function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: ErrorResponse = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/**
 * Errors fastify raises before a route is chosen (a malformed URL, a path parameter too long): they bypass the
 * error handler, so they get the same shape here — and never echo the offending URL back.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = status === 414 ? 'Слишком длинный адрес запроса.' : 'Некорректный адрес запроса.';
  // The reply is thenable; fastify expects nothing back from this hook.
  void send(reply, status, 'bad_request', message);
}

export function payloadTooLargeMessage(limitBytes: number): string {
  const mb = limitBytes / (1024 * 1024);
  return `Слишком большой запрос: допускается не более ${mb >= 1 ? `${Math.round(mb)} МБ` : `${Math.round(limitBytes / 1024)} КБ`}.`;
}

export default fp(async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.statusCode === 429) {
        const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry) reply.header('retry-after', String(retry));
      }
      return send(reply, error.statusCode, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const location = error.validationContext ?? 'body';
      const details = error.validation.map((issue) => ({
        location,
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message,
      }));
      const where = locationNames[location] ?? location;
      return send(
        reply,
        400,
        'validation_failed',
        `Проверьте данные (${where}): ${details[0]?.path ? `${details[0].path} — ` : ''}${details[0]?.message ?? 'неверный формат'}.`,
        details,
      );
    }
    const status = error.statusCode;
    if (status === 413) {
      return send(
        reply,
        413,
        'payload_too_large',
        payloadTooLargeMessage(request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1048576),
      );
    }
    if (status && status >= 400 && status < 500) {
      const message = frameworkMessages[error.code] ?? 'Некорректный запрос.';
      return send(reply, status, 'bad_request', message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(
        reply,
        503,
        'service_unavailable',
        'Сервис временно недоступен: нет связи с базой данных. Повторите попытку через минуту.',
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      500,
      'internal_error',
      'Внутренняя ошибка сервера. Повторите попытку позже; если ошибка повторяется, сообщите администратору.',
    );
  });
});
