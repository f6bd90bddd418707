import { readFileSync } from 'node:fs';
import { badRequest } from '../../errors';

export const MIN_PASSWORD_LENGTH = 10;

/** Shipped with the app (common-passwords.txt): the passwords a guesser tries first. */
const commonPasswords = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#')),
);

// «йцукенгшщз» is «qwertyuiop» typed with the Russian layout on: the same keys, the same guess.
const RUSSIAN_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const LATIN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const onLatinKeys = (text: string) => [...text].map((ch) => LATIN_KEYS[RUSSIAN_KEYS.indexOf(ch)] ?? ch).join('');

/**
 * Why a new password (a changed one, a temporary one an administrator gives, the first administrator's) is refused,
 * in Russian, or null. The shared zod schema checks the length for the form; this is the whole rule, on the server.
 */
export function passwordProblem(password: string, email?: string): string | null {
  const lowered = password.normalize('NFC').toLowerCase();
  if ([...lowered].length < MIN_PASSWORD_LENGTH) return `Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов.`;
  if (/^\d+$/.test(lowered)) return 'Пароль не должен состоять только из цифр.';
  if (/^(.)\1+$/u.test(lowered)) return 'Пароль не должен состоять из одного повторяющегося символа.';
  if (commonPasswords.has(lowered) || commonPasswords.has(onLatinKeys(lowered))) {
    return 'Этот пароль есть в списке самых распространённых паролей — его подбирают первым. Придумайте другой.';
  }
  if (email && (lowered === email.toLowerCase() || lowered === email.toLowerCase().split('@')[0])) {
    return 'Пароль не должен совпадать с адресом почты.';
  }
  return null;
}

/** A 400 naming the field, so a form shows the reason beside it. */
export function assertAcceptablePassword(password: string, email: string | undefined, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw badRequest(problem, [{ location: 'body', path: field, message: problem }]);
}
