import { describe, expect, it } from 'vitest';
import { insufficientDataMeaning } from './texts';

describe('what the response-rate label means', () => {
  it('names the threshold of the methodology and the schools of a campaign of schools', () => {
    expect(insufficientDataMeaning(0.5, ['school'])).toBe('ответили меньше 50\u00a0% школ');
    expect(insufficientDataMeaning(0.6, ['school'])).toBe('ответили меньше 60\u00a0% школ');
  });

  it('names each kind against its own total when the campaign asks kindergartens too', () => {
    expect(insufficientDataMeaning(0.6, ['school', 'preschool'])).toBe(
      'ответили меньше 60\u00a0% школ или меньше 60\u00a0% детских садов, которых спрашивают о механизме',
    );
    expect(insufficientDataMeaning(0.6, ['preschool'])).toBe('ответили меньше 60\u00a0% детских садов');
  });
});
