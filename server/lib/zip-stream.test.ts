import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from './zip-stream';

describe('ZipWriter', () => {
  it('fails loudly instead of writing a 32-bit field that has overflowed', async () => {
    const out = new PassThrough();
    void buffer(out);
    const zip = new ZipWriter(out);
    // Four gigabytes are too many to write in a test: start the archive just below the limit instead.
    Object.assign(zip, { offset: 2 ** 32 - 40 });
    await expect(zip.file('a.xml', 'x'.repeat(100))).rejects.toThrow('ZIP64');
  });

  it('refuses to start a file while the previous one is open', async () => {
    const out = new PassThrough();
    void buffer(out);
    const zip = new ZipWriter(out);
    await zip.entry('a.xml');
    await expect(zip.entry('b.xml')).rejects.toThrow('не закрыт');
    await expect(zip.finish()).rejects.toThrow('не закрыт');
  });
});
