import { createSigner, createVerifier } from 'fast-jwt';
import { describe, expect, it, vi } from 'vitest';
import { createVerifiedTokens } from './verified-tokens';

const key = 'verified-tokens-test-secret-0123456789abcdef';
const sign = createSigner({ key, algorithm: 'HS256' });

function setUp(capacity = 3) {
  let clock = Date.now();
  // The signature check, on the same clock as the cache.
  const signatureChecks = vi.fn((token: string) =>
    (createVerifier({ key, algorithms: ['HS256'], clockTimestamp: clock }) as (token: string) => { exp?: number; sid: string })(token),
  );
  const tokens = createVerifiedTokens(signatureChecks, capacity, () => clock);
  const token = (sid: string) => sign({ sid, exp: Math.floor(clock / 1000) + 60 });
  return { tokens, token, signatureChecks, advance: (ms: number) => (clock += ms) };
}

describe('createVerifiedTokens', () => {
  it('checks a token’s signature once, then answers from memory until its exp', () => {
    const { tokens, token, signatureChecks, advance } = setUp();
    const autosave = token('a');
    expect(tokens.verify(autosave).sid).toBe('a');
    expect(tokens.verify(autosave).sid).toBe('a');
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    advance(61_000);
    expect(() => tokens.verify(autosave)).toThrow(/expired/);
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  it('never keeps a failure, and a changed token is a different token', () => {
    const { tokens, token, signatureChecks } = setUp();
    const good = token('a');
    tokens.verify(good);
    const [header, , signature] = good.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sid: 'b', exp: 9_999_999_999 })).toString('base64url')}.${signature}`;
    expect(() => tokens.verify(forged)).toThrow();
    expect(() => tokens.verify(forged)).toThrow();
    expect(signatureChecks).toHaveBeenCalledTimes(3);
    expect(tokens.size).toBe(1);
  });

  it('only looks up a token whose last request this is, and forgets the least recently used', () => {
    const { tokens, token, signatureChecks } = setUp(2);
    const [a, b, c] = [token('a'), token('b'), token('c')];
    tokens.verify(a);
    tokens.verify(b);
    expect(tokens.verify(a, false).sid).toBe('a');
    expect(signatureChecks).toHaveBeenCalledTimes(2);
    tokens.verify(c, false);
    expect(tokens.size).toBe(2);
    tokens.verify(c);
    // a was used after b: b goes.
    tokens.verify(a);
    tokens.verify(b);
    expect(signatureChecks).toHaveBeenCalledTimes(5);
  });
});
