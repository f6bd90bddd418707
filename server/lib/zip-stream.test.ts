import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The archive read back by readers that share no code with ours: Info-ZIP's unzip and Python's zipfile. */
describe('ZipWriter read by independent readers', () => {
  const has = (command: string, args: string[]) => spawnSync(command, args).status === 0;
  const unzip = has('unzip', ['-v']);
  const python = has('python3', ['--version']);
  // `.ci/run` installs unzip, and the CI machine has python3: under CI (MUKO_CI=1) neither check may be skipped.
  const required = process.env.MUKO_CI === '1';

  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  // Text that deflates well, bytes that do not (stored blocks), an empty file and a name in UTF-8.
  const files: Array<[string, Buffer[]]> = [
    ['[Content_Types].xml', [Buffer.from('<?xml version="1.0"?><Types/>')]],
    ['папка/ответы школы № 5.csv', Array.from({ length: 50 }, (_, i) => Buffer.from(`${i};Кириллица;"кавычки"\r\n`.repeat(200)))],
    ['empty.txt', []],
    ['random.bin', Array.from({ length: 12 }, () => randomBytes(256 * 1024))],
  ];

  async function archive(dir: string): Promise<string> {
    const out = new PassThrough();
    const collected = buffer(out);
    const zip = new ZipWriter(out);
    for (const [name, chunks] of files) {
      const entry = await zip.entry(name);
      for (const chunk of chunks) await entry.write(chunk);
      await entry.close();
    }
    await zip.finish();
    const file = path.join(dir, 'test.zip');
    writeFileSync(file, await collected);
    return file;
  }
  const expected = Object.fromEntries(files.map(([name, chunks]) => [name, sha256(Buffer.concat(chunks))]));

  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zip-stream-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!unzip && !required)('passes `unzip -t`, and unzip extracts every file byte for byte', async () => {
    const file = await archive(dir);
    expect(execFileSync('unzip', ['-t', file]).toString()).toContain('No errors detected');
    const extracted = path.join(dir, 'unzip');
    // Info-ZIP writes names flagged UTF-8 as they are only under a UTF-8 locale.
    execFileSync('unzip', ['-q', file, '-d', extracted], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    for (const [name, digest] of Object.entries(expected)) {
      expect(sha256(readFileSync(path.join(extracted, name))), name).toBe(digest);
    }
  });

  it.skipIf(!python && !required)("is read by Python's zipfile: CRCs checked, names in UTF-8, contents byte for byte", async () => {
    const file = await archive(dir);
    const script = [
      'import hashlib, json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None, z.testzip()',
      'print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))',
    ].join('\n');
    expect(JSON.parse(execFileSync('python3', ['-c', script, file]).toString())).toEqual(expected);
  });
});
