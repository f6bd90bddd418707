import { createHmac, randomInt } from 'node:crypto';

/**
 * Access codes are typed by hand from a paper slip, often on a Russian keyboard layout: 32 symbols with no
 * look-alikes (no 0/O, 1/I), 12 of them (60 bits), printed in groups of four.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 12;
export const CODE_ENTROPY_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

export function generateAccessCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return formatAccessCode(code);
}

export function formatAccessCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

// Cyrillic letters that look like Latin ones: what a person types with the Russian layout switched on.
const lookAlikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  З: '3',
};

/**
 * What the person meant: case, spaces, dashes and Cyrillic look-alikes do not matter.
 * Returns null when it cannot be a code, so the database is not even asked.
 */
export function normalizeAccessCode(input: string): string | null {
  const compact = [...input.toUpperCase()]
    .map((ch) => lookAlikes[ch] ?? ch)
    .join('')
    .replace(/[\s\-–—_.]/g, '');
  if (compact.length !== CODE_LENGTH) return null;
  for (const ch of compact) if (!CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/** Codes are stored only as a keyed hash: a copy of the database alone does not let anyone try codes offline. */
export function hashAccessCode(normalized: string, pepper: string): string {
  return createHmac('sha256', pepper).update(normalized).digest('base64url');
}
