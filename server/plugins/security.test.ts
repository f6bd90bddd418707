import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EARLY_ENTRY_SCRIPT } from '../modules/respondent/early-entry';
import { apiHeaders, securityHeaders } from './security';

/** The respondent page's one inline script, allowed by its hash (server/modules/respondent/early-entry.ts). */
const earlyEntryHash = `'sha256-${createHash('sha256').update(EARLY_ENTRY_SCRIPT, 'utf8').digest('base64')}'`;

describe('securityHeaders', () => {
  it('are computed once from helmet: the CSP of a same-origin app (one inline script, by its hash), framing and sniffing refused', () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toBe(
      `default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self' ${earlyEntryHash};script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'`,
    );
    expect(headers).toMatchObject({
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    // Downloads open in other tabs; the embedder policy would get in their way.
    expect(headers['cross-origin-embedder-policy']).toBeUndefined();
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('for API answers keep what data needs: nothing may run, frame or cache it', () => {
    const headers = apiHeaders(securityHeaders());
    expect(headers).toEqual({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(Object.isFrozen(headers)).toBe(true);
  });
});
