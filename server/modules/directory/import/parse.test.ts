import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normalizeLabel, parseDirectoryFile } from './parse';
import { splitCsv, zipUncompressedSize } from './table';
import { buildImportTemplate } from './template';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Windows-1251 for the Cyrillic alphabet: enough to build test files without an encoding library. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (ch === 'Ё') return 0xa8;
    if (ch === 'ё') return 0xb8;
    if (code > 0x7f) throw new Error(`no cp1251 for ${ch}`);
    return code;
  }));
}

describe('splitCsv', () => {
  it('handles quoted delimiters, doubled quotes, line breaks inside quotes and CRLF', () => {
    expect(splitCsv('a;"b;c";"say ""hi"""\r\n"multi\nline";x;\r\n', ';')).toEqual([
      ['a', 'b;c', 'say "hi"'],
      ['multi\nline', 'x', ''],
    ]);
  });
});

describe('normalizeLabel', () => {
  it('ignores case, ё, spaces, a trailing star and quotes', () => {
    expect(normalizeLabel('  «Краткое   Наименование»* ')).toBe('краткое наименование');
    expect(normalizeLabel('Сокращённое')).toBe('сокращенное');
  });
});

describe('parseDirectoryFile', () => {
  it('reads UTF-8 with a BOM and semicolons, with synonyms and any column order', async () => {
    const file = utf8('\uFEFFТип;Название;Код МО\r\nмуниципальный округ;Верхнекамский   муниципальный округ;4302\r\n\r\nгородской округ;город Киров;4312\r\n');
    const result = await parseDirectoryFile('municipalities', file);
    expect(result).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', totalRows: 2, problems: [] });
    expect(result.rows).toEqual([
      { row: 2, code: '4302', name: 'Верхнекамский муниципальный округ', kind: 'municipal_okrug' },
      { row: 4, code: '4312', name: 'город Киров', kind: 'city_okrug' },
    ]);
  });

  it('reads Windows-1251 with commas and quoted fields', async () => {
    const file = cp1251('Код,Полное наименование,Краткое наименование,Код муниципалитета,Местность,Адрес\r\nS-1,"МКОУ ""Школа, д. Лом""",МКОУ ООШ д. Лом,4311,Сельская местность,\r\n');
    const result = await parseDirectoryFile('schools', file);
    expect(result).toMatchObject({ encoding: 'windows-1251', delimiter: ',', problems: [] });
    expect(result.rows[0]).toMatchObject({ fullName: 'МКОУ "Школа, д. Лом"', locality: 'rural', address: null, municipalityCode: '4311' });
  });

  it('reports every bad cell by row and column, and duplicates by the first row', async () => {
    const file = utf8('Код;Наименование;Тип\nA 1;Р;посёлок\nB2;Район Б;район\nB2;Район В;район\n');
    const result = await parseDirectoryFile('municipalities', file);
    expect(result.rows.map((r) => r.code)).toEqual(['B2']);
    expect(result.problems).toEqual([
      { row: 2, column: 'Код', message: expect.stringMatching(/буквы, цифры/) },
      { row: 2, column: 'Наименование', message: 'Слишком короткое значение.' },
      { row: 2, column: 'Тип', message: expect.stringMatching(/«посёлок» не подходит/) },
      { row: 4, column: 'Код', message: 'Код «B2» уже встречается в строке 3.' },
    ]);
  });

  it('explains files it cannot read', async () => {
    const messages = async (bytes: Uint8Array) => (await parseDirectoryFile('schools', bytes)).problems.map((p) => p.message).join(' ');
    expect(await messages(new Uint8Array())).toMatch(/пуст/);
    expect(await messages(utf8('Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность\n'))).toMatch(/только заголовок/);
    expect(await messages(utf8('\x00\x01\x02garbage\x03\x04\x05\x06'))).toMatch(/не похож на таблицу/);
    expect(await messages(Uint8Array.from([0xff, 0xfe, 0x1a, 0x04]))).toMatch(/UTF-16/);
    expect(await messages(utf8('foo;bar\n1;2\n'))).toMatch(/Не удалось распознать заголовки/);
    expect(await messages(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatch(/повреждён/);
  });

  it('rejects 10 MB of random bytes quickly', async () => {
    const started = performance.now();
    const result = await parseDirectoryFile('municipalities', randomBytes(10 * 1024 * 1024 - 1));
    expect(result.problems).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('flags formulas and dates in a workbook instead of evaluating them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Лист1');
    sheet.addRow(['Код', 'Наименование', 'Тип']);
    sheet.addRow([4301, { formula: 'A2&"район"', result: '4301район' }, 'район']);
    sheet.addRow(['X', new Date(2020, 0, 1), 'район']);
    const result = await parseDirectoryFile('municipalities', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.format).toBe('xlsx');
    expect(result.problems.map((p) => [p.row, p.column, p.message.slice(0, 24)])).toEqual([
      [2, 'Наименование', 'Ячейка содержит формулу;'],
      [3, 'Наименование', 'В ячейке дата, а ожидает'],
    ]);
  });

  it('reads a number typed into a code cell as its digits', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Лист1').addRows([['Код', 'Наименование', 'Тип'], [4301, 'Белохолуницкий район', 'район']]);
    const result = await parseDirectoryFile('municipalities', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.rows).toEqual([{ row: 2, code: '4301', name: 'Белохолуницкий район', kind: 'district' }]);
  });

  for (const kind of ['municipalities', 'schools'] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      it(`parses its own ${format} template for ${kind} with no problems`, async () => {
        const template = await buildImportTemplate(kind, format);
        const result = await parseDirectoryFile(kind, template.body);
        expect(result.problems).toEqual([]);
        expect(result.rows).toHaveLength(2);
        expect(result.format).toBe(format);
      });
    }
  }
});

describe('zipUncompressedSize', () => {
  it('reads the central directory of a real workbook', async () => {
    const template = await buildImportTemplate('schools', 'xlsx');
    const size = zipUncompressedSize(template.body);
    expect(size).toBeGreaterThan(template.body.length);
  });
});
