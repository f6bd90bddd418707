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
