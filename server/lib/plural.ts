// Zod-free on purpose: staff pages use it without downloading the validation library.

/** Russian plural form: plural(5, 'символ', 'символа', 'символов'). */
export function plural(count: number, one: string, few: string, many: string): string {
  const n = Math.abs(count) % 100;
  const last = n % 10;
  if (n >= 11 && n <= 19) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}
