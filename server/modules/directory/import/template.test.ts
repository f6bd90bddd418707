import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importColumns, IMPORT_KINDS } from './directory-import.schemas';
import { parseDirectoryFile } from './parse';
import { buildImportTemplate } from './template';
import { unpackZip } from '../../../lib/zip-read';

/** The text cells of a sheet, one per line. */
function sheetText(sheet: ExcelJS.Worksheet): string {
  return sheet
    .getSheetValues()
    .flat()
    .filter((value): value is string => typeof value === 'string')
    .join('\n');
}

async function loadWorkbook(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(body).buffer);
  return workbook;
}

describe('buildImportTemplate', () => {
  for (const kind of IMPORT_KINDS) {
    for (const format of ['csv', 'xlsx'] as const) {
      it(`${kind}, ${format}: parses back with its two example rows and no problems`, async () => {
        const template = await buildImportTemplate(kind, format);
        const result = await parseDirectoryFile(kind, template.body, template.fileName);
        expect(result).toMatchObject({ format, totalRows: 2, problems: [] });
        expect(result.rows.map((row) => row.row)).toEqual([2, 3]);
      });
    }
  }

  it('writes CSV as Russian Excel opens it: UTF-8 with a BOM, semicolons, CRLF', async () => {
    const template = await buildImportTemplate('schools', 'csv');
    expect(template).toMatchObject({ fileName: 'shablon-organizatsii.csv', contentType: 'text/csv; charset=utf-8' });
    const text = template.body.toString('utf8');
    const lines = text.split('\r\n');
    expect(text.startsWith('\uFEFFКод;Полное наименование;Краткое наименование;Код муниципалитета;Тип;Местность;Адрес\r\n')).toBe(true);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^4304003;.*;МКОУ СОШ с\. Вожгалы;4304;ОО;сельская;/);
  });

  it('writes an XLSX with a bold frozen header, text columns, drop-down lists and an instruction sheet', async () => {
    const template = await buildImportTemplate('municipalities', 'xlsx');
    expect(template).toMatchObject({
      fileName: 'shablon-municipalitety.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const workbook = await loadWorkbook(template.body);
    const [sheet, help] = workbook.worksheets;
    expect(sheet!.name).toBe('Муниципалитеты');
    expect(sheet!.getRow(1).values).toEqual([undefined, 'Код', 'Наименование', 'Тип']);
    expect(sheet!.getCell('A1').font?.bold).toBe(true);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet!.getColumn(2).width).toBeGreaterThanOrEqual(14);
    expect(sheet!.getCell('A2')).toMatchObject({ value: '4304', numFmt: '@' });
    expect(sheet!.getCell('C500').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"муниципальный район,муниципальный округ,городской округ"'],
    });
    expect(sheet!.getCell('B500').dataValidation).toBeUndefined();
    // One rule over one range: overlapping ranges make Excel offer to repair the file.
    const parts = await unpackZip(template.body, { maxBytes: 10_000_000, keep: (name) => name === 'xl/worksheets/sheet1.xml' });
    const sheetXml = parts.status === 'ok' ? parts.files.get('xl/worksheets/sheet1.xml')!.toString('utf8') : '';
    expect([...sheetXml.matchAll(/<dataValidation .*?sqref="([^"]+)"/g)].map((match) => match[1])).toEqual(['C2:C5001']);
    expect(sheetXml).not.toContain('r="A3000"');

    expect(help!.name).toBe('Инструкция');
    const helpText = sheetText(help!);
    for (const column of importColumns.municipalities) expect(helpText).toContain(column.hint);
    expect(helpText).toContain('Выберите из списка: «муниципальный район», «муниципальный округ», «городской округ».');
  });

  it('offers the kind and locality lists, a school and a kindergarten, and the order of imports in the school template', async () => {
    const template = await buildImportTemplate('schools', 'xlsx');
    const workbook = await loadWorkbook(template.body);
    const [sheet, help] = workbook.worksheets;
    expect(sheet!.getCell('E1').value).toBe('Тип');
    expect(sheet!.getCell('E2').dataValidation).toMatchObject({ type: 'list', allowBlank: true, formulae: ['"ОО,ДОО"'] });
    expect(sheet!.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"городская,сельская"'] });
    const { rows } = await parseDirectoryFile('schools', template.body);
    expect(rows.map((row) => row.kind)).toEqual(['school', 'preschool']);
    const helpText = sheetText(help!);
    expect(helpText).toContain('Сначала загрузите муниципалитеты');
    expect(helpText).toContain(
      'Пустая ячейка или файл без этого столбца: новая организация — ОО, у уже загруженной тип не меняется. Выберите из списка: «ОО», «ДОО».',
    );
    expect(helpText).toContain('и школы (ОО), и детские сады (ДОО)');
  });
});
