import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Access codes are kept encrypted so coordinators can print them again at any time; a copy of the database alone
// still reveals nothing. The response id is bound in as associated data: a ciphertext moved to another
// questionnaire's row does not decrypt.

const FORMAT = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface CodeCipher {
  /** The id of the key new codes are encrypted under (the rotation CLI re-encrypts what is under another). */
  readonly currentKeyId: string;
  encrypt(code: string, responseId: number): string;
  /** The code, or null when the text is not a ciphertext of this installation's keys (or was tampered with). */
  decrypt(ciphertext: string, responseId: number): string | null;
  keyIdOf(ciphertext: string): string | null;
}

/** A key as written in the settings table or `CODE_ENCRYPTION_KEY`: 32 bytes in base64 (or base64url) or hex. */
export function parseCodeKey(text: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64url');
  if (bytes.length !== KEY_BYTES)
    throw new Error('Ключ шифрования кодов должен содержать 32 байта (base64 или 64 шестнадцатеричных знака).');
  return bytes;
}

export function generateCodeKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

/** A short public name of a key, so a ciphertext says which key it needs without revealing it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('muko access code key').update(key).digest('base64url').slice(0, 8);
}

const aad = (responseId: number) => Buffer.from(`response:${responseId}`, 'utf8');

/** `current` encrypts; `previous` keys still decrypt, for the time between a rotation and the re-encryption. */
export function createCodeCipher(current: string, previous: readonly string[] = []): CodeCipher {
  const currentKey = parseCodeKey(current);
  const currentKeyId = keyId(currentKey);
  const keys = new Map([currentKey, ...previous.map(parseCodeKey)].map((key) => [keyId(key), key]));
  return {
    currentKeyId,
    encrypt(code, responseId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(aad(responseId));
      const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
      return [FORMAT, currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
        '.',
      );
    },
    decrypt(ciphertext, responseId) {
      const [format, id, iv, tag, body] = ciphertext.split('.');
      const key = id === undefined ? undefined : keys.get(id);
      if (format !== FORMAT || !key || iv === undefined || tag === undefined || body === undefined) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(aad(responseId));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
    keyIdOf(ciphertext) {
      const [format, id] = ciphertext.split('.');
      return format === FORMAT && id ? id : null;
    },
  };
}
