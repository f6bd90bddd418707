import { describe, expect, it } from 'vitest';
import { createCodeCipher, generateCodeKey, parseCodeKey } from './code-cipher';

describe('access code cipher', () => {
  const key = generateCodeKey();
  const cipher = createCodeCipher(key);

  it('decrypts what it encrypted, for the same questionnaire only', () => {
    const stored = cipher.encrypt('ABCD-EFGH-JKLM', 42);
    expect(stored).not.toContain('ABCD');
    expect(cipher.decrypt(stored, 42)).toBe('ABCD-EFGH-JKLM');
    expect(cipher.decrypt(stored, 43)).toBeNull();
  });

  it('uses a fresh IV per code, so equal codes do not look equal', () => {
    expect(cipher.encrypt('ABCD-EFGH-JKLM', 1)).not.toBe(cipher.encrypt('ABCD-EFGH-JKLM', 1));
  });

  it('refuses tampered or foreign ciphertexts', () => {
    const stored = cipher.encrypt('ABCD-EFGH-JKLM', 7);
    const parts = stored.split('.');
    const flipped = [...parts.slice(0, 4), `${parts[4]!.slice(0, -2)}AA`].join('.');
    expect(cipher.decrypt(flipped, 7)).toBeNull();
    expect(createCodeCipher(generateCodeKey()).decrypt(stored, 7)).toBeNull();
    expect(cipher.decrypt('not a ciphertext', 7)).toBeNull();
  });

  it('still reads codes under a previous key after a rotation, and names the key each needs', () => {
    const stored = cipher.encrypt('ABCD-EFGH-JKLM', 5);
    const rotated = createCodeCipher(generateCodeKey(), [key]);
    expect(rotated.decrypt(stored, 5)).toBe('ABCD-EFGH-JKLM');
    expect(rotated.keyIdOf(stored)).toBe(cipher.currentKeyId);
    expect(rotated.keyIdOf(rotated.encrypt('ABCD-EFGH-JKLM', 5))).toBe(rotated.currentKeyId);
    expect(rotated.currentKeyId).not.toBe(cipher.currentKeyId);
  });

  it('accepts a key as base64 or hex and refuses a short one', () => {
    expect(parseCodeKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseCodeKey(Buffer.alloc(32, 7).toString('base64'))).toHaveLength(32);
    expect(() => parseCodeKey('short')).toThrow(/32 байта/);
  });
});
