import ExcelJS from 'exceljs';
import { importColumns, type ImportKind } from './directory-import.schemas';

const examples: Record<ImportKind, string[][]> = {
  municipalities: [
    ['4304', 'Куменский район', 'муниципальный район'],
    ['4312', 'город Киров', 'городской округ'],
  ],
  schools: [
    ['4304003', 'Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа с. Вожгалы» Куменского района Кировской области', 'МКОУ СОШ с. Вожгалы', '4304', 'сельская', 'Кировская обл., Куменский район, с. Вожгалы, ул. Школьная, д. 1'],
    ['4312011', 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 16» города Кирова', 'МБОУ СОШ № 16 г. Кирова', '4312', 'городская', '610000, г. Киров, ул. Ленина, д. 10'],
  ],
};

const sheetNames: Record<ImportKind, string> = { municipalities: 'Муниципалитеты', schools: 'Школы' };
const fileNames: Record<ImportKind, string> = { municipalities: 'shablon-municipalitety', schools: 'shablon-shkoly' };
/** Drop-down lists offered in the XLSX template, by column key. */
const choiceLists: Record<string, string> = {
  kind: '"муниципальный район,муниципальный округ,городской округ"',
  locality: '"городская,сельская"',
};

function csvField(value: string): string {
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface ImportTemplate {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** The template a coordinator fills in: the header, two real-looking rows, and (in XLSX) an instruction sheet. */
export async function buildImportTemplate(kind: ImportKind, format: 'csv' | 'xlsx'): Promise<ImportTemplate> {
  const columns = importColumns[kind];
  const rows = [columns.map((c) => c.header), ...examples[kind]];
  if (format === 'csv') {
    // A BOM and semicolons: what Russian Excel opens correctly by double-click.
    const text = `\uFEFF${rows.map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
    return { fileName: `${fileNames[kind]}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(text, 'utf8') };
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'МУКО';
  const sheet = workbook.addWorksheet(sheetNames[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'fullName' ? 70 : c.key === 'address' || c.key === 'shortName' || c.key === 'name' ? 36 : 20 }));
  sheet.getRow(1).font = { bold: true };
  for (const example of examples[kind]) sheet.addRow(example);
  columns.forEach((column, index) => {
    // Codes stay text, so Excel does not turn 0401 into 401.
    sheet.getColumn(index + 1).numFmt = '@';
    const list = choiceLists[column.key];
    if (!list) return;
    const letter = String.fromCharCode(65 + index);
    for (let row = 2; row <= 2000; row++) {
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list',
        allowBlank: !column.required,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: 'Недопустимое значение',
        error: `Выберите значение из списка в столбце «${column.header}».`,
      };
    }
  });

  const help = workbook.addWorksheet('Инструкция');
  help.columns = [{ header: 'Столбец', width: 26 }, { header: 'Обязательный', width: 14 }, { header: 'Что указать', width: 90 }];
  help.getRow(1).font = { bold: true };
  for (const column of columns) help.addRow([column.header, column.required ? 'да' : 'нет', column.description]);
  help.addRow([]);
  help.addRow(['Как загрузить', '', `Заполните лист «${sheetNames[kind]}» (он должен оставаться первым), удалите строки-примеры и загрузите файл на странице «Импорт». Система сначала покажет все ошибки и изменения, а загрузит данные только после вашего подтверждения.`]);
  help.addRow(['Повторная загрузка', '', 'Строки с уже существующим кодом обновляют запись, новые коды добавляются. Повторная загрузка того же файла ничего не меняет.']);

  return {
    fileName: `${fileNames[kind]}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}
