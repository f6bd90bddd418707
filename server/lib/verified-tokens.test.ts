import { createSigner, createVerifier } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { createVerifiedTokenCache } from './verified-tokens';

const key = 'test-secret-test-secret-test-secret-0123';

/** A verifier on a clock the test moves, counting how often the signature is really checked. */
function setup(capacity?: number) {
  const clock = { now: 1_800_000_000_000 };
  const sign = createSigner({ key, clockTimestamp: clock.now });
  const strict = (token: string) => createVerifier({ key, algorithms: ['HS256'], clockTimestamp: clock.now })(token);
  let checks = 0;
  const cache = createVerifiedTokenCache(
    (token) => {
      checks++;
      return strict(token);
    },
    capacity,
    () => clock.now,
  );
  return { clock, sign, cache, checks: () => checks };
}

describe('createVerifiedTokenCache', () => {
  it('checks a token once and then answers from memory with the same payload, which cannot be altered', () => {
    const { sign, cache, checks } = setup();
    const token = sign({ typ: 'respondent', rid: 7 });
    const first = cache.verify(token);
    const second = cache.verify(token);
    expect(second).toBe(first);
    expect(second).toMatchObject({ typ: 'respondent', rid: 7 });
    expect(checks()).toBe(1);
    expect(Object.isFrozen(second)).toBe(true);
  });

  it('refuses a remembered token once it has expired, as the verifier would', () => {
    const { clock, cache } = setup();
    const token = createSigner({ key, clockTimestamp: clock.now, expiresIn: 60_000 })({ rid: 1 });
    expect(cache.verify(token)).toMatchObject({ rid: 1 });
    clock.now += 60_000;
    expect(cache.verify(token)).toMatchObject({ rid: 1 });
    clock.now += 1;
    expect(() => cache.verify(token)).toThrow(/expired/);
    expect(cache.size).toBe(0);
  });

  it('does not accept a remembered token before its nbf (a clock set back), as the verifier would not', () => {
    const { clock, cache } = setup();
    const token = createSigner({ key, clockTimestamp: clock.now, notBefore: 10_000 })({ rid: 3 });
    expect(() => cache.verify(token)).toThrow(/will be active/);
    clock.now += 10_000;
    expect(cache.verify(token)).toMatchObject({ rid: 3 });
    clock.now -= 1;
    expect(() => cache.verify(token)).toThrow(/will be active/);
  });

  it('never remembers a failure: a forged token is checked, and refused, every time', () => {
    const { sign, cache, checks } = setup();
    const genuine = sign({ rid: 4 });
    const forged = createSigner({ key: `${key}-other` })({ rid: 4 });
    expect(() => cache.verify(forged)).toThrow();
    expect(() => cache.verify(forged)).toThrow();
    expect(checks()).toBe(2);
    // A token differing in one character of its signature is another key, verified on its own.
    const tampered = genuine.slice(0, -2) + (genuine.endsWith('AA') ? 'BB' : 'AA');
    cache.verify(genuine);
    expect(() => cache.verify(tampered)).toThrow();
    expect(cache.size).toBe(1);
  });

  it('keeps at most its capacity, dropping the least recently used token', () => {
    const { sign, cache, checks } = setup(2);
    const [a, b, c] = [1, 2, 3].map((rid) => sign({ rid }));
    cache.verify(a!);
    cache.verify(b!);
    cache.verify(a!); // a is now the most recent
    cache.verify(c!); // evicts b
    expect(cache.size).toBe(2);
    expect(checks()).toBe(3);
    cache.verify(a!);
    expect(checks()).toBe(3);
    cache.verify(b!);
    expect(checks()).toBe(4);
  });
});
