import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaigns } from '../../../db/schema';
import type { FrozenDefinition } from './frozen-definition';

/**
 * A launched campaign's frozen definition never changes, so every instance may keep the ones it has read.
 * Bounded, least-recently-used: a national installation runs a handful of campaigns at a time.
 */
export function createDefinitionCache(db: Executor, capacity = 32) {
  const cache = new Map<number, Promise<FrozenDefinition | null>>();
  return {
    get(campaignId: number): Promise<FrozenDefinition | null> {
      let entry = cache.get(campaignId);
      if (entry) {
        cache.delete(campaignId);
        cache.set(campaignId, entry);
        return entry;
      }
      entry = db
        .select({ definition: campaigns.frozenDefinition })
        .from(campaigns)
        .where(eq(campaigns.id, campaignId))
        .then(([row]) => (row?.definition as FrozenDefinition | null | undefined) ?? null);
      // A draft has no definition yet; do not remember that.
      entry.then((value) => value === null && cache.delete(campaignId)).catch(() => cache.delete(campaignId));
      cache.set(campaignId, entry);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return entry;
    },
  };
}

export type DefinitionCache = ReturnType<typeof createDefinitionCache>;
