import { and, asc, eq, gt, isNotNull, not, like } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { accessCodes } from '../../../db/schema';
import type { CodeCipher } from './code-cipher';

const BATCH = 1000;

/**
 * Re-encrypts every stored code that is not under the cipher's current key (after `CODE_ENCRYPTION_KEY` changed),
 * in batches, each in its own transaction. Returns how many were re-encrypted and how many could not be read.
 */
export async function reencryptAccessCodes(db: Executor, cipher: CodeCipher): Promise<{ reencrypted: number; unreadable: number }> {
  let reencrypted = 0;
  let unreadable = 0;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select({ id: accessCodes.id, responseId: accessCodes.responseId, ciphertext: accessCodes.codeCiphertext })
      .from(accessCodes)
      .where(
        and(
          gt(accessCodes.id, afterId),
          isNotNull(accessCodes.codeCiphertext),
          not(like(accessCodes.codeCiphertext, `v1.${cipher.currentKeyId}.%`)),
        ),
      )
      .orderBy(asc(accessCodes.id))
      .limit(BATCH);
    if (!rows.length) return { reencrypted, unreadable };
    afterId = rows.at(-1)!.id;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const code = cipher.decrypt(row.ciphertext!, row.responseId);
        if (code === null) {
          unreadable++;
          continue;
        }
        await tx
          .update(accessCodes)
          .set({ codeCiphertext: cipher.encrypt(code, row.responseId) })
          .where(eq(accessCodes.id, row.id));
        reencrypted++;
      }
    });
  }
}
