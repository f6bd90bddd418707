import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { unpackZip } from '../../../lib/zip-read';

// Builders of import files for the tests: encodings without an encoding library, archives without a zip library.

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Windows-1251 for Russian text: А–я are 0xC0–0xFF, Ё 0xA8, ё 0xB8, № 0xB9, ASCII as is. */
export function cp1251(text: string): Uint8Array {
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.charCodeAt(0);
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      if (ch === '№') return 0xb9;
      if (code > 0x7f) throw new Error(`No Windows-1251 byte for ${ch}`);
      return code;
    }),
  );
}

/** KOI8-R: the letters in the order of the Latin alphabet they were mapped onto, lower case from 0xC0, upper from 0xE0. */
export function koi8r(text: string): Uint8Array {
  const order = 'юабцдефгхийклмнопярстужвьызшэщчъ';
  return Uint8Array.from(
    [...text].map((ch) => {
      const lower = order.indexOf(ch);
      if (lower >= 0) return 0xc0 + lower;
      const upper = order.indexOf(ch.toLowerCase());
      if (upper >= 0) return 0xe0 + upper;
      if (ch.charCodeAt(0) > 0x7f) throw new Error(`No KOI8-R byte for ${ch}`);
      return ch.charCodeAt(0);
    }),
  );
}

/** UTF-16 LE with a BOM, as Excel saves «Текст Юникод». */
export const utf16le = (text: string): Uint8Array => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/**
 * A ZIP archive of the given files, deflated. CRCs are left zero (no reader here checks them); `declaredSize`
 * lets a test lie about the unpacked size, as a zip bomb does.
 */
export function zipOf(files: Record<string, Uint8Array | string>, declaredSize?: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    const data = deflateRawSync(raw);
    const nameBytes = Buffer.from(name, 'utf8');
    const size = declaredSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An XLSX file from a workbook the test fills in. */
export async function workbookBytes(fill: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A one-sheet XLSX of the given rows. */
export const sheetBytes = (rows: ExcelJS.CellValue[][]): Promise<Uint8Array> =>
  workbookBytes((workbook) => workbook.addWorksheet('Лист1').addRows(rows));

/** The same archive with some of its text parts rewritten. */
export async function rezip(bytes: Uint8Array, edit: Record<string, (text: string) => string>): Promise<Buffer> {
  const unpacked = await unpackZip(bytes, { maxBytes: 100 * 1024 * 1024, keep: () => true });
  if (unpacked.status !== 'ok') throw new Error(`Cannot unpack the test archive: ${unpacked.status}`);
  const files = Object.fromEntries([...unpacked.files].map(([name, content]) => [name, edit[name]?.(content.toString('utf8')) ?? content]));
  return zipOf(files);
}
