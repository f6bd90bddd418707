import { loadConfig } from '../config';
import { loadAccessKeys } from '../modules/access/access-keys';
import { reencryptAccessCodes } from '../modules/access/access-codes.repo';
import { runWithDatabase } from './cli-database';

/**
 * Re-encrypts the stored access codes under the current key after a key change:
 *   CODE_ENCRYPTION_KEY=<new> CODE_ENCRYPTION_PREVIOUS_KEYS=<old> npm run rotate-code-key
 * Codes stay valid throughout; afterwards the previous keys can be removed from the environment.
 */
await runWithDatabase(async (database) => {
  const config = loadConfig(process.env);
  const { codeCipher } = await loadAccessKeys(database.db, {
    encryptionKey: config.codeEncryptionKey,
    previousEncryptionKeys: config.previousCodeEncryptionKeys,
  });
  const { reencrypted, unreadable } = await reencryptAccessCodes(database.db, codeCipher);
  console.log(`Перешифровано кодов: ${reencrypted}.`);
  if (unreadable) {
    console.error(
      `Не удалось прочитать кодов: ${unreadable} — их ключа нет ни в CODE_ENCRYPTION_KEY, ни в CODE_ENCRYPTION_PREVIOUS_KEYS. Добавьте прежний ключ и повторите.`,
    );
    process.exitCode = 1;
  }
});
