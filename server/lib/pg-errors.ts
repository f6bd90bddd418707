/** PostgreSQL error codes surface differently through postgres.js and PGlite; both carry `code`. */
function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown) => pgCode(error) === '23505';
export const isForeignKeyViolation = (error: unknown) => pgCode(error) === '23503';
/** A table or schema that does not exist (yet). */
export const isUndefinedTable = (error: unknown) => ['42P01', '3F000'].includes(pgCode(error) ?? '');

/** What the driver or the operating system says when the database cannot be reached or the connection broke. */
const connectionLostCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/**
 * SQLSTATEs of a server that is going away or not there yet, not of a wrong query: class 08 (connection exception),
 * 57P01–57P05 (shut down by an administrator, crash of another server process — PostgreSQL then restarts every
 * connection —, recovery in progress, database dropped, idle timeout) and 53300 (too many connections).
 */
const DATABASE_DOWN_STATE = /^(08[0-9A-Z]{3}|57P0[1-5]|53300)$/;

/** True when the error, or any error that caused it (drizzle wraps the driver's), says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (connectionLostCodes.has(code) || DATABASE_DOWN_STATE.test(code))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
