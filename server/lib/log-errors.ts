/**
 * Errors as the server log records them, without the values a failed query carried: drizzle puts the parameters
 * into its error's message (and so its stack) and a `params` field, PGlite adds `params` to its own, and
 * PostgreSQL's `detail` can quote the failing row — any of them may be a respondent's answers or a person's e-mail.
 * The query text (with $1 placeholders), the error codes and the stack stay: enough to find the cause.
 */
const WITH_VALUES = new Set(['params', 'parameters', 'queryOptions', 'detail', 'cause']);
const MAX_CAUSES = 4;

export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

export function serializeError(error: Error, depth = 0): SerializedError {
  const message = error.message.replace(/\nparams: [\s\S]*$/, '');
  const out: SerializedError = { type: error.name, message, stack: (error.stack ?? '').replace(error.message, message) };
  for (const [key, value] of Object.entries(error)) if (!WITH_VALUES.has(key)) out[key] = value;
  const cause: unknown = error.cause;
  if (cause !== undefined && depth < MAX_CAUSES) out.cause = cause instanceof Error ? serializeError(cause, depth + 1) : cause;
  return out;
}
