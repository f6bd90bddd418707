import { describe, expect, it } from 'vitest';
import { formatFileSize } from './format';

describe('file sizes', () => {
  it('says an empty file is empty and never rounds a small one up to a kilobyte', () => {
    expect(formatFileSize(0)).toBe('0 байт (файл пуст)');
    expect(formatFileSize(1)).toBe('1 байт');
    expect(formatFileSize(1023)).toBe('1023 байт');
    expect(formatFileSize(1024)).toBe('1 КБ');
    expect(formatFileSize(20_000)).toBe('20 КБ');
    expect(formatFileSize(3.44 * 1024 * 1024)).toBe('3,4 МБ');
  });
});
