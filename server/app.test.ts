import { describe, expect, it } from 'vitest';
import { redactUrl } from './app';

describe('request logging', () => {
  it('never writes an access code from a link', () => {
    expect(redactUrl('/anketa/k/K7MX-ABCE-HP3T')).toBe('/anketa/k/[скрыто]');
    expect(redactUrl('/anketa/k/K7MXABCEHP3T?x=1')).toBe('/anketa/k/[скрыто]?x=1');
    expect(redactUrl('/api/schools?search=k')).toBe('/api/schools?search=k');
  });
});
