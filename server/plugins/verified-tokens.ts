import { hash } from 'node:crypto';

/**
 * The tokens this instance has verified, so that a signature is checked once per token, not on every autosave.
 * Keyed by the token's SHA-256, never by the token itself; kept until the token's `exp`, least recently used out;
 * failures are not kept. Revocation is not a property of a token and stays with the session lookups.
 *
 * fast-jwt has such a cache, but it hashes a token twice when it is not there (to look and to store) and stores every
 * token it verifies; a submission is the last request its token makes, and here it is only looked up.
 */
export function createVerifiedTokens<Payload extends { exp?: number }>(
  verify: (token: string) => Payload,
  capacity: number,
  now: () => number = () => Date.now(),
) {
  const kept = new Map<string, { payload: Payload; until: number }>();
  return {
    /** The token's payload, or the verifier's error; `remember: false` when no later request will carry the token. */
    verify(token: string, remember = true): Payload {
      const key = hash('sha256', token, 'base64');
      const entry = kept.get(key);
      if (entry) {
        kept.delete(key);
        if (now() <= entry.until) {
          kept.set(key, entry);
          return entry.payload;
        }
      }
      const payload = verify(token);
      if (remember && typeof payload.exp === 'number') {
        kept.set(key, { payload, until: payload.exp * 1000 });
        if (kept.size > capacity) kept.delete(kept.keys().next().value!);
      }
      return payload;
    },
    get size() {
      return kept.size;
    },
  };
}
