/**
 * One field of the CSV files the platform writes (for Russian Excel: «;» between fields, CRLF between rows).
 *
 * Spreadsheets run a text cell that starts with `=`, `+`, `-` or `@` as a formula, and a tab or carriage return in
 * front of one does not stop them; a respondent's comment or an imported school name must never become
 * `=HYPERLINK(…)` or a DDE call on the coordinator's computer. Such text gets a leading apostrophe (OWASP's advice
 * for CSV injection), which Excel shows as text. Numbers stay numbers: a negative number is not text.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV row, with its line break. */
export const csvRow = (cells: ReadonlyArray<string | number | null>): string => `${cells.map(csvField).join(';')}\r\n`;
