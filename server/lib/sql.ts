import { getTableName, ilike, or, sql, type AnyColumn, type Column, type SQL } from 'drizzle-orm';

/** `%text%` for ILIKE with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive "contains" over several columns; undefined when there is nothing to search for. */
export function searchAny(text: string | undefined, columns: AnyColumn[]): SQL | undefined {
  if (!text) return undefined;
  const pattern = containsPattern(text);
  return or(...columns.map((column) => ilike(column, pattern)));
}

export const toIso = (date: Date) => date.toISOString();
export const toIsoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * A column reference that always carries its table name. Drizzle leaves columns unqualified in
 * single-table selects, which makes correlated subqueries silently compare a table with itself.
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/**
 * Alphabetical order for Russian names that is the same on every server: case-folded, ё as е, byte order
 * (in UTF-8, lower-case Cyrillic а…я is already in alphabetical byte order).
 */
export function russianOrder(column: AnyColumn): SQL {
  return sql`translate(lower(${column}), 'ё', 'е') collate "C"`;
}

/**
 * The same order from a column that stores `russianOrder`'s key (`municipalities.name_order`): national dashboards
 * sort thousands of names per page, and computing the key for each took half of such a query (EXPLAIN, bench/).
 */
export function storedRussianOrder(key: AnyColumn): SQL {
  return sql`${key} collate "C"`;
}
