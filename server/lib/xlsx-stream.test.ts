import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crc32, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { until } from '../test/until';
import { columnLetters, XlsxStreamWriter, type XlsxCell, type XlsxSheet } from './xlsx-stream';

const COLUMNS = 60;
const headers = Array.from({ length: COLUMNS }, (_, i) => (i === 0 ? 'Муниципалитет <&>' : `Вопрос ${i + 1}`));
const sheet: XlsxSheet = { name: 'Ответы', headers, widths: headers.map((_, i) => (i < 3 ? 22 : 30)), frozen: { rows: 1, columns: 3 } };
const longText = 'Ж'.repeat(40_000);

/** Awkward cells, each with what a spreadsheet must show for it (undefined: no cell at all). */
const awkward: Array<[XlsxCell, string | number | undefined]> = [
  ['Кириллица: школа № 5', 'Кириллица: школа № 5'],
  [`<&>"'`, `<&>"'`],
  ['a\u0000b\u0001c\u0008d\u000Be\u001Ff\uFFFEg', 'abcdefg'],
  ['tab\tand\nnewline', 'tab\tand\nnewline'],
  ['  spaces around  ', '  spaces around  '],
  ['emoji 👍 kept, lone \uD800 dropped', 'emoji 👍 kept, lone  dropped'],
  [null, undefined],
  [undefined, undefined],
  ['', undefined],
  [0, 0],
  [-12.5, -12.5],
  [1234567890123, 1234567890123],
  [longText, longText.slice(0, 32_767)],
];

const soffice = ['soffice', 'libreoffice'].find((command) => spawnSync(command, ['--version']).status === 0);

async function written(rows: XlsxCell[][], options = sheet): Promise<Buffer> {
  const out = new PassThrough();
  const collected = buffer(out);
  const writer = await XlsxStreamWriter.start(out, options);
  // Two calls: rows of the second continue the numbering of the first.
  await writer.addRows(rows.slice(0, 1));
  await writer.addRows(rows.slice(1));
  await writer.end();
  return collected;
}

/** Row i puts awkward value i into column i + 1 (past AZ for the later ones) and a marker into the last column. */
function awkwardRows(): XlsxCell[][] {
  const rows = awkward.map(([value], i) => {
    const cells: XlsxCell[] = Array.from({ length: COLUMNS }, () => null);
    cells[i * 4] = value;
    cells[COLUMNS - 1] = `строка ${i + 2}`;
    return cells;
  });
  return [...rows, ['_x0041_ stays literal']];
}

interface ZipEntry {
  name: string;
  flags: number;
  data: Buffer;
}

/** Reads the archive through its central directory, as unzip does, checking each entry's CRC and sizes. */
function unzipped(zip: Buffer): ZipEntry[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  expect(at + zip.readUInt32LE(end + 12)).toBe(end);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const flags = zip.readUInt16LE(at + 8);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressed));
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    // The data descriptor after the data repeats CRC and sizes.
    const descriptor = dataStart + compressed;
    expect([
      zip.readUInt32LE(descriptor),
      zip.readUInt32LE(descriptor + 4),
      zip.readUInt32LE(descriptor + 8),
      zip.readUInt32LE(descriptor + 12),
    ]).toEqual([0x08074b50, crc, compressed, size]);
    entries.push({ name, flags, data });
    at += 46 + nameLength;
  }
  return entries;
}

describe('columnLetters', () => {
  it('goes past Z, AZ and ZZ', () => {
    expect([1, 26, 27, 52, 53, 702, 703, 16_384].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});

describe('XlsxStreamWriter', () => {
  it('writes values exceljs reads back exactly, with the header bold and the panes frozen', async () => {
    const file = await written(awkwardRows());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const read = workbook.getWorksheet('Ответы')!;
    expect(read.rowCount).toBe(1 + awkward.length + 1);
    expect(read.getRow(1).values).toEqual([undefined, ...headers]);
    expect(read.getCell('A1').font?.bold).toBe(true);
    expect(read.getCell('BH1').font?.bold).toBe(true);
    expect(read.getCell('BH1').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(read.getCell('A2').font?.bold).toBeFalsy();
    expect(read.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 1, topLeftCell: 'D2' });
    expect(read.getColumn(1).width).toBe(22);
    expect(read.getColumn(COLUMNS).width).toBe(30);
    awkward.forEach(([, expected], i) => {
      const row = read.getRow(i + 2);
      expect(row.getCell(i * 4 + 1).value ?? undefined, `row ${i + 2}`).toEqual(expected);
      expect(row.getCell(COLUMNS).value).toBe(`строка ${i + 2}`);
      expect(row.cellCount).toBe(COLUMNS);
      expect(row.actualCellCount).toBe(expected === undefined ? 1 : 2);
    });
    expect(read.getCell('AO12').type).toBe(ExcelJS.ValueType.Number);
  });

  it('is a well-formed zip of the six SpreadsheetML parts, names in UTF-8', async () => {
    const file = await written(awkwardRows());
    const entries = unzipped(file);
    expect(entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(entries.every((e) => e.flags === 0x0808)).toBe(true);
    const sheetXml = entries.at(-1)!.data.toString('utf8');
    expect(sheetXml).toContain('<c r="A1" s="1" t="inlineStr"><is><t>Муниципалитет &lt;&amp;&gt;</t></is></c>');
    expect(sheetXml).toContain('<c r="I4"');
    // Excel and LibreOffice read _xHHHH_ as an escaped character (exceljs does not, in inline strings).
    expect(sheetXml).toContain('<t>_x005F_x0041_ stays literal</t>');
    expect(entries[2]!.data.toString('utf8')).toContain('<sheet name="Ответы"');
    if (spawnSync('unzip', ['-v']).status === 0) {
      const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-stream-'));
      try {
        writeFileSync(path.join(dir, 'test.xlsx'), file);
        expect(execFileSync('unzip', ['-t', path.join(dir, 'test.xlsx')]).toString()).toContain('No errors detected');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  // Excel itself is not at hand; LibreOffice opens the file as a person would. `.ci/run` installs it (Debian's
  // libreoffice-calc-nogui), so CI (MUKO_CI=1) never skips this; a developer without it does.
  it.skipIf(!soffice && process.env.MUKO_CI !== '1')('opens in LibreOffice', { timeout: 120_000 }, async () => {
    if (!soffice) throw new Error('LibreOffice не установлен: apt-get install libreoffice-calc-nogui');
    const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-stream-lo-'));
    try {
      const rows = awkwardRows();
      writeFileSync(path.join(dir, 'test.xlsx'), await written([...rows.slice(0, 3), rows.at(-1)!]));
      // Comma-separated, quoted, UTF-8 (filter options 44,34,76); its own profile so a running instance does not interfere.
      execFileSync(
        soffice,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          '--headless',
          '--convert-to',
          'csv:Text - txt - csv (StarCalc):44,34,76',
          '--outdir',
          dir,
          path.join(dir, 'test.xlsx'),
        ],
        { timeout: 110_000 },
      );
      const lines = readFileSync(path.join(dir, 'test.csv'), 'utf8').split('\n');
      expect(lines[0]).toBe(headers.join(','));
      expect(lines[1]!.split(',')[0]).toBe('Кириллица: школа № 5');
      expect(lines[2]!.split(',')[4]).toBe('"<&>""\'"');
      expect(lines[3]!.split(',')[8]).toBe('abcdefg');
      expect(lines[4]!.split(',')[0]).toBe('_x0041_ stays literal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes an empty sheet, a sheet without options, and refuses a name Excel would reject', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await written([], { name: 'Пусто', headers: ['Один'] })) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('Пусто')!.getCell('A1').value).toBe('Один');
    expect(workbook.getWorksheet('Пусто')!.rowCount).toBe(1);
    await expect(XlsxStreamWriter.start(new PassThrough(), { name: 'a/b', headers: [] })).rejects.toThrow('имя листа');
    await expect(XlsxStreamWriter.start(new PassThrough(), { name: 'x'.repeat(32), headers: [] })).rejects.toThrow('имя листа');
  });

  it('waits for the reader: nothing piles up in memory while the output is full', async () => {
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    const writer = await XlsxStreamWriter.start(out, sheet);
    // Distinct text per cell, so that deflate cannot shrink it to nothing.
    const rows = Array.from({ length: 2000 }, (_, r) => Array.from({ length: COLUMNS }, (_, c) => `${r * COLUMNS + c} ${Math.sin(r * c)}`));
    let done = false;
    const adding = writer.addRows(rows).then(() => (done = true));
    // The writer has filled the output and now waits for the reader, which has not read a byte.
    await until(() => done || out.listenerCount('drain') > 0, 'the writer waits for the output to drain');
    expect(done).toBe(false);
    expect(out.readableLength + out.writableLength).toBeLessThan(1 << 20);
    const collected = buffer(out);
    await adding;
    await writer.end();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await collected) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('Ответы')!.getCell('BH2001').value).toBe(rows[1999]![COLUMNS - 1]);
  });

  it('stops with an error when the reader goes away instead of waiting for ever', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const writer = await XlsxStreamWriter.start(out, sheet);
    const rows = Array.from({ length: 2000 }, (_, r) => Array.from({ length: COLUMNS }, (_, c) => `${r}-${c}-${Math.random()}`));
    const adding = writer.addRows(rows);
    await until(() => out.listenerCount('drain') > 0, 'the writer waits for the output to drain');
    out.destroy();
    await expect(adding).rejects.toThrow('закрыт');
  });
});
