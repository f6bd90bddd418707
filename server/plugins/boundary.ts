import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';

/**
 * Deeper than any questionnaire, survey definition or filter the platform takes (a SurveyJS definition nests
 * pages, panels and matrices about a dozen levels): anything deeper is not data but an attempt on a recursive
 * checker's stack.
 */
export const MAX_JSON_DEPTH = 64;

const refusal = (code: string, message: string) => new AppError(400, code, message);

/**
 * Why a parsed value cannot be accepted, or null:
 * - NUL (U+0000): PostgreSQL refuses it in text and jsonb, so it would fail a query instead of a validation;
 * - a lone UTF-16 surrogate: not a character, cannot be stored as UTF-8;
 * - nesting deeper than MAX_JSON_DEPTH.
 * Recursive, but never deeper than MAX_JSON_DEPTH + 1 calls, so the check itself has no stack to overflow; and it
 * allocates nothing but key lists, as it runs over every autosave's answers.
 */
export function unacceptableValue(value: unknown, depth = 0): AppError | null {
  if (typeof value === 'string') return unacceptableText(value);
  if (value === null || typeof value !== 'object') return null;
  // Files arrive as buffers or streams: bytes, checked by their own parsers.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  if (depth >= MAX_JSON_DEPTH) {
    return refusal('too_deep', `Слишком глубокая вложенность данных в запросе: допускается не больше ${MAX_JSON_DEPTH} уровней.`);
  }
  if (Array.isArray(value)) {
    for (const element of value) {
      const problem = unacceptableValue(element, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const problem = unacceptableText(key) ?? unacceptableValue(record[key], depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** A high surrogate not followed by a low one, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unacceptableText(text: string): AppError | null {
  if (text.includes('\u0000'))
    return refusal('bad_characters', 'Запрос содержит недопустимый символ с кодом 0 (NUL). Удалите его и повторите.');
  if (LONE_SURROGATE.test(text)) {
    return refusal('bad_characters', 'Запрос содержит недопустимый символ (одиночный суррогат UTF-16). Проверьте текст и повторите.');
  }
  return null;
}

/**
 * Values every route refuses, checked once for all of them after parsing and before any route's own validation:
 * path parameters, the query and a JSON body.
 */
export default fp(async function boundaryPlugin(app: FastifyInstance) {
  // A callback hook: it runs on every request and has nothing to wait for.
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    done(unacceptableValue(request.params) ?? unacceptableValue(request.query) ?? unacceptableValue(request.body) ?? undefined);
  });
});
