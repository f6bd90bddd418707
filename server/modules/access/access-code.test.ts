import { describe, expect, it } from 'vitest';
import { CODE_ENTROPY_BITS, generateAccessCode, hashAccessCode, normalizeAccessCode } from './access-code';

describe('access codes', () => {
  it('carry at least 50 bits and are grouped for typing', () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(50);
    const code = generateAccessCode();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(code).not.toMatch(/[01IO]/);
  });

  it('are unique in practice', () => {
    const codes = new Set(Array.from({ length: 5000 }, generateAccessCode));
    expect(codes.size).toBe(5000);
  });

  it('forgive case, spacing, dashes and the Russian keyboard layout', () => {
    const code = 'K7MX-ABCE-HP3T';
    expect(normalizeAccessCode(code)).toBe('K7MXABCEHP3T');
    expect(normalizeAccessCode(' k7mx abce hp3t ')).toBe('K7MXABCEHP3T');
    expect(normalizeAccessCode('К7МХ-АВСЕ-НР3Т')).toBe('K7MXABCEHP3T');
  });

  it('reject what cannot be a code', () => {
    expect(normalizeAccessCode('')).toBeNull();
    expect(normalizeAccessCode('K7MX-ABCE')).toBeNull();
    expect(normalizeAccessCode('K7MX-ABCE-HP3O')).toBeNull();
    expect(normalizeAccessCode("' or 1=1 --xx")).toBeNull();
  });

  it('hash with the installation key, so equal codes match and different keys do not', () => {
    const a = hashAccessCode('K7MXABCEHP3T', 'key-1');
    expect(hashAccessCode('K7MXABCEHP3T', 'key-1')).toBe(a);
    expect(hashAccessCode('K7MXABCEHP3T', 'key-2')).not.toBe(a);
    expect(a).not.toContain('K7MX');
  });
});
