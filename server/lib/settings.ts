import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { appSettings } from '../../db/schema';

/** Reads a shared installation value, creating it once; concurrent first starts agree on one value. */
export async function getOrCreateSetting(db: Executor, key: string, create: () => string): Promise<string> {
  await db.insert(appSettings).values({ key, value: create() }).onConflictDoNothing();
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key));
  if (!row) throw new Error(`setting ${key} vanished`);
  return row.value;
}

/** A random secret for keys generated at first start (token signing, access-code hashing). */
export function generateSecret(): string {
  return randomBytes(48).toString('base64url');
}
