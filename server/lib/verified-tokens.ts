/** The claims that bound when a signed token is valid (seconds since the epoch, as in JWT). */
export interface TimedClaims {
  exp?: unknown;
  nbf?: unknown;
}

/**
 * Remembers the payloads of tokens whose signature and claims were verified, keyed by the exact token string.
 * Verifying an HS256 token is a pure function of the token, the secret and the clock, so a token that passed once
 * passes again until its `exp` (and not before its `nbf`), exactly as the verifier would decide: the cache only
 * spares the HMAC and the decoding on every autosave of the same respondent. Tokens that fail are never kept, so
 * each bad token is verified (and refused) afresh. Bounded, least recently used first out.
 *
 * Any check that is not a function of the token (a staff session revoked in the database) stays with the caller.
 */
export function createVerifiedTokenCache<P extends TimedClaims>(
  verify: (token: string) => P,
  capacity = 10_000,
  now: () => number = Date.now,
) {
  const entries = new Map<string, Readonly<P>>();

  function stillValid(payload: P, at: number): boolean {
    // fast-jwt's own rules with no clock tolerance: valid while now ≤ exp and now ≥ nbf.
    if (typeof payload.exp === 'number' && at > payload.exp * 1000) return false;
    if (typeof payload.nbf === 'number' && at < payload.nbf * 1000) return false;
    return true;
  }

  return {
    verify(token: string): Readonly<P> {
      const cached = entries.get(token);
      if (cached) {
        entries.delete(token);
        if (stillValid(cached, now())) {
          entries.set(token, cached);
          return cached;
        }
      }
      // Throws for a bad or expired token; nothing is remembered then.
      const payload = Object.freeze(verify(token));
      entries.set(token, payload);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return payload;
    },
    get size() {
      return entries.size;
    },
  };
}
