import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './pg-errors';

/** An error as drizzle throws it: its own, with the driver's as the cause. */
const wrapped = (cause: object) => Object.assign(new Error('Failed query: update "responses" …\nparams: …'), { cause });

describe('isDatabaseUnavailable', () => {
  it('recognises a database that went away, however the error reaches the handler', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08P01', '53300', 'CONNECTION_CLOSED', 'EPIPE', 'ECONNRESET']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
      expect(isDatabaseUnavailable(wrapped({ code })), `wrapped ${code}`).toBe(true);
      expect(isDatabaseUnavailable(wrapped(wrapped({ code }))), `twice wrapped ${code}`).toBe(true);
    }
    // Node reports a refused connection to every address of a name as one AggregateError.
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('leaves a wrong query or data to the 500 it is', () => {
    for (const code of ['23505', '23514', '22P02', '42P01', '57014', 'ERR_SOMETHING']) {
      expect(isDatabaseUnavailable(wrapped({ code })), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error('plain'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
