import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword } from './password';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

describe('the password rule', () => {
  it('refuses short, digit-only, repeated, common and e-mail passwords with a Russian reason', () => {
    expect(passwordProblem('Kirov-2026')).toBeNull();
    expect(passwordProblem('Kirov-202')).toBe(`Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов.`);
    expect(passwordProblem('12345678901')).toMatch(/только из цифр/);
    expect(passwordProblem('zzzzzzzzzzzz')).toMatch(/повторяющегося/);
    for (const common of ['1234567890q', 'QWERTYUIOP', 'password123', 'fktrcfylhf', 'александра']) {
      expect(passwordProblem(common), common).toMatch(/распространённых паролей/);
    }
    expect(passwordProblem('ivanova.anna@kirov.ru', 'ivanova.anna@kirov.ru')).toMatch(/адресом почты/);
    expect(passwordProblem('ivanova.anna', 'ivanova.anna@kirov.ru')).toMatch(/адресом почты/);
  });

  it('accepts every generated temporary password', () => {
    for (let i = 0; i < 500; i++) expect(passwordProblem(generateTemporaryPassword())).toBeNull();
  });
});
