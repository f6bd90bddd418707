import { describe, expect, it } from 'vitest';
import { parseResultSchema } from './directory-import.schemas';
import { parseDirectoryFile } from './parse';
import { rezip, sheetBytes, workbookBytes, zipOf } from './test-files';
import { rangeArea } from '../../../lib/xlsx-read';
import { unpackZip } from '../../../lib/zip-read';

const MUNICIPALITY_HEADER = ['Код', 'Наименование', 'Тип'];

async function problemsOf(bytes: Uint8Array) {
  const result = await parseDirectoryFile('municipalities', bytes);
  expect(parseResultSchema.parse(result)).toEqual(result);
  return result.problems;
}

/** The one problem of a workbook refused as a whole. */
async function refusalOf(bytes: Uint8Array) {
  const result = await parseDirectoryFile('municipalities', bytes);
  expect(result).toMatchObject({ format: 'xlsx', rows: [], problems: [{ row: null, column: null }] });
  expect(result.problems).toHaveLength(1);
  return result.problems[0]!.message;
}

describe('XLSX cells', () => {
  it('reads the first worksheet as the user sees it: shared strings, numbers as digits, rich text, hyperlinks', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Муниципалитеты');
      sheet.addRows([
        MUNICIPALITY_HEADER,
        [4301, { richText: [{ text: 'Белохолуницкий ', font: { bold: true } }, { text: 'район' }] }, 'район'],
        [401, { text: 'Верхнекамский муниципальный округ', hyperlink: 'https://example.org/kirs' }, 'муниципальный округ'],
      ]);
      sheet.getCell('A3').numFmt = '0000';
      workbook.addWorksheet('Черновик').addRows([['Код'], ['не читается']]);
    });
    const result = await parseDirectoryFile('municipalities', bytes);
    expect(result).toMatchObject({ format: 'xlsx', totalRows: 2, problems: [] });
    expect(result.encoding).toBeUndefined();
    expect(result.rows).toEqual([
      { row: 2, code: '4301', name: 'Белохолуницкий район', kind: 'district' },
      { row: 3, code: '0401', name: 'Верхнекамский муниципальный округ', kind: 'municipal_okrug' },
    ]);
  });

  it('reads the organisation kind of a school workbook, and a drop-down value the user typed in another case', async () => {
    const bytes = await sheetBytes([
      ['Код', 'Полное наименование', 'Краткое наименование', 'Код муниципалитета', 'Тип', 'Местность', 'Адрес'],
      ['4304001', 'МКОУ СОШ пгт Кумёны', 'СОШ пгт Кумёны', '4304', 'ОО', 'городская', null],
      ['4304101', 'МКДОУ детский сад «Солнышко» пгт Кумёны', 'Д/с «Солнышко»', '4304', 'ДОО', 'городская', null],
      ['4304102', 'МКДОУ детский сад с. Вожгалы', 'Д/с с. Вожгалы', '4304', 'Доо', 'сельская', 'с. Вожгалы'],
      ['4304002', 'МКОУ СОШ с. Вожгалы', 'СОШ с. Вожгалы', '4304', null, 'сельская', null],
      ['4304103', 'МКДОУ детский сад д. Березник', 'Д/с д. Березник', '4304', 'садик', 'сельская', null],
    ]);
    const result = await parseDirectoryFile('schools', bytes);
    expect(parseResultSchema.parse(result)).toEqual(result);
    expect(result.rows.map((row) => [row.code, row.kind])).toEqual([
      ['4304001', 'school'],
      ['4304101', 'preschool'],
      ['4304102', 'preschool'],
      ['4304002', null],
    ]);
    expect(result.problems).toEqual([
      { row: 6, column: 'Тип', message: 'Значение «садик» не подходит. Укажите одно из значений: «ОО», «ДОО».' },
    ]);
  });

  it('reports formulas without evaluating them, and dates, booleans, errors and merged cells, by row and column', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      sheet.addRows([
        MUNICIPALITY_HEADER,
        ['4301', { formula: 'A2&" район"', result: '4301 район', shareType: 'shared', ref: 'B2:B3' }, 'район'],
        ['4302', { sharedFormula: 'B2', result: '4302 район' }, 'район'],
        [new Date(2024, 8, 1), 'Куменский район', 'район'],
        ['4305', 'Малмыжский район', true],
        ['4306', { error: '#N/A' }, 'муниципальный округ'],
        ['4307', 'Орловский район', 'район'],
        ['4308', 'Подосиновский район'],
      ]);
      sheet.mergeCells('C7:C8');
    });
    expect(await problemsOf(bytes)).toEqual([
      {
        row: 2,
        column: 'Наименование',
        message: 'Ячейка содержит формулу; вставьте значения вместо формул (Специальная вставка → Значения).',
      },
      {
        row: 3,
        column: 'Наименование',
        message: 'Ячейка содержит формулу; вставьте значения вместо формул (Специальная вставка → Значения).',
      },
      { row: 4, column: 'Код', message: expect.stringMatching(/^Excel распознал значение как дату/) },
      { row: 5, column: 'Тип', message: 'В ячейке логическое значение (ИСТИНА или ЛОЖЬ), а здесь нужен текст.' },
      { row: 6, column: 'Наименование', message: 'В ячейке ошибка Excel #N/A. Исправьте ячейку или введите значение вручную.' },
      { row: 8, column: 'Тип', message: 'Ячейка объединена с ячейкой C7. Разъедините ячейки и заполните значение в каждой.' },
    ]);
  });

  it('refuses a workbook whose every row has a formula', async () => {
    const bytes = await sheetBytes([
      MUNICIPALITY_HEADER,
      ['4309', { formula: 'CONCATENATE("Слободской ","район")', result: 'Слободской район' }, 'район'],
    ]);
    const result = await parseDirectoryFile('municipalities', bytes);
    expect(result).toMatchObject({ rows: [], problems: [{ row: 2, column: 'Наименование', message: expect.stringMatching(/формулу/) }] });
  });

  it('says so when the first sheet is empty', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Пустой');
      workbook.addWorksheet('Данные').addRows([MUNICIPALITY_HEADER, ['4304', 'Куменский район', 'район']]);
    });
    expect(await refusalOf(bytes)).toBe('Первый лист книги пуст. Данные должны быть на первом листе.');
  });
});

describe('XLSX files that are not workbooks', () => {
  it('refuses a damaged or foreign archive with a clear message', async () => {
    const workbook = await sheetBytes([MUNICIPALITY_HEADER, ['4304', 'Куменский район', 'район']]);
    const damaged = [
      Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      workbook.subarray(0, Math.floor(workbook.length / 2)),
      zipOf({ 'word/document.xml': '<document/>' }),
      await rezip(workbook, { 'xl/worksheets/sheet1.xml': (xml) => xml.slice(0, xml.length / 2) }),
    ];
    for (const bytes of damaged) expect(await refusalOf(bytes)).toMatch(/^Файл не является книгой Excel \(XLSX\) или повреждён/);
  });

  it('tells an OpenDocument table apart', async () => {
    const ods = zipOf({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    expect(await refusalOf(ods)).toMatch(/^Это таблица OpenDocument \(ODS\)/);
  });
});

describe('XLSX resource limits', () => {
  it('inflates against a budget, whatever sizes the archive declares', async () => {
    const bomb = zipOf({ 'xl/worksheets/sheet1.xml': new Uint8Array(50_000) }, 10);
    const keep = () => true;
    expect(await unpackZip(bomb, { maxBytes: 40_000, keep })).toEqual({ status: 'too-large' });
    expect(await unpackZip(bomb, { maxBytes: 60_000, keep })).toMatchObject({ status: 'ok' });
  });

  it('refuses ranges that exceljs would expand cell by cell, before loading the workbook', async () => {
    const workbook = await sheetBytes([MUNICIPALITY_HEADER, ['4304', 'Куменский район', 'район']]);
    const namedSheet = await rezip(workbook, {
      'xl/workbook.xml': (xml) =>
        xml.replace(
          '</workbook>',
          `<definedNames><definedName name="Всё">'Лист1'!$A$1:$XFD$1048576</definedName></definedNames></workbook>`,
        ),
    });
    const mergedSheet = await rezip(workbook, {
      'xl/worksheets/sheet1.xml': (xml) =>
        xml.replace('</worksheet>', '<mergeCells count="1"><mergeCell ref="D1:XFD1048576"/></mergeCells></worksheet>'),
    });
    for (const bytes of [namedSheet, mergedSheet]) {
      const started = performance.now();
      expect(await refusalOf(bytes)).toMatch(/^В книге Excel слишком много заполненных или оформленных ячеек/);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('reads a workbook with a drop-down list on whole columns without expanding it', async () => {
    const workbook = await sheetBytes([MUNICIPALITY_HEADER, ['4304', 'Куменский район', 'район']]);
    const validated = await rezip(workbook, {
      'xl/worksheets/sheet1.xml': (xml) =>
        xml.replace(
          '</worksheet>',
          '<dataValidations count="1"><dataValidation type="list" sqref="A1:C1048576"><formula1>"район,городской округ"</formula1></dataValidation></dataValidations></worksheet>',
        ),
    });
    const started = performance.now();
    const result = await parseDirectoryFile('municipalities', validated);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ problems: [], rows: [{ code: '4304' }] });
  });

  it('refuses a cell far to the right and more text than a directory holds', async () => {
    const wide = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Лист1');
      sheet.addRows([MUNICIPALITY_HEADER, ['4304', 'Куменский район', 'район']]);
      sheet.getCell('XFD2').value = 'заметка';
    });
    expect(await problemsOf(wide)).toEqual([{ row: 2, column: null, message: expect.stringMatching(/больше 50 столбцов/) }]);

    const paragraph = 'Очень длинное примечание. '.repeat(1200);
    const verbose = await sheetBytes([MUNICIPALITY_HEADER, ...Array.from({ length: 700 }, (_, i) => [`M${i}`, paragraph, 'район'])]);
    expect(await refusalOf(verbose)).toMatch(/^В файле слишком много текста/);
  });

  it('measures the cells of a range reference', () => {
    expect(rangeArea('B2:D10')).toBe(27);
    expect(rangeArea('$A$1:$XFD$1048576')).toBe(16384 * 1048576);
    expect(rangeArea('C7')).toBe(1);
    expect(rangeArea('$A:$A')).toBe(0);
  });
});
