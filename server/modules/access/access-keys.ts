import type { Executor } from '../../../db/client';
import { generateSecret, getOrCreateSetting } from '../../lib/settings';
import { createCodeCipher, generateCodeKey, type CodeCipher } from './code-cipher';

export interface AccessKeys {
  /** Key of the codes' lookup hashes. */
  codePepper: string;
  codeCipher: CodeCipher;
}

export interface AccessKeyOptions {
  /** `CODE_ENCRYPTION_KEY`: encrypts new codes instead of the key kept in the settings table. */
  encryptionKey?: string;
  /** `CODE_ENCRYPTION_PREVIOUS_KEYS`: still decrypt, until `npm run rotate-code-key` re-encrypts their codes. */
  previousEncryptionKeys?: readonly string[];
}

/**
 * The installation's access-code keys, shared by every instance through the settings table. The stored
 * encryption key always stays readable, so moving to a key from the environment loses no code.
 */
export async function loadAccessKeys(db: Executor, options: AccessKeyOptions = {}): Promise<AccessKeys> {
  const codePepper = await getOrCreateSetting(db, 'access_code_pepper', generateSecret);
  const storedKey = await getOrCreateSetting(db, 'access_code_key', generateCodeKey);
  const codeCipher = createCodeCipher(options.encryptionKey ?? storedKey, [...(options.previousEncryptionKeys ?? []), storedKey]);
  return { codePepper, codeCipher };
}
