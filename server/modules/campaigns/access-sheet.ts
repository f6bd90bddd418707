import { loadExcel } from '../../lib/excel';
import { formatRussianDateTime } from '../../lib/dates';
import { respondentEntryAddress, respondentLink } from './campaign-labels';
import { respondentRoleLabels, type IssuedCodes } from './campaigns.schemas';

/** The list of issued codes a municipal coordinator sends to schools: one row per questionnaire. */
export async function buildAccessCodesWorkbook(issued: IssuedCodes, siteOrigin: string): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'МУКО';
  const sheet = workbook.addWorksheet('Коды доступа', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([issued.campaignTitle]).font = { bold: true, size: 13 };
  sheet.addRow([
    `Адрес для заполнения анкет: ${respondentEntryAddress(siteOrigin)}. Приём анкет до ${formatRussianDateTime(new Date(issued.closesAt))}.`,
  ]);
  sheet.addRow([
    'Каждый код открывает одну анкету; личная ссылка вводит код сама. Храните коды как пароли; при утере код можно перевыпустить — ответы сохранятся.',
  ]);
  sheet.addRow([]);
  const header = sheet.addRow(['Муниципалитет', 'Код школы', 'Школа', 'Респондент', 'Код доступа', 'Личная ссылка']);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EEF8' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const code of issued.codes) {
    const link = respondentLink(siteOrigin, code.code);
    sheet.addRow([
      code.municipalityName,
      code.schoolCode,
      code.schoolName,
      respondentRoleLabels[code.respondentRole],
      code.code,
      { text: link, hyperlink: link },
    ]);
  }
  sheet.columns = [{ width: 30 }, { width: 14 }, { width: 50 }, { width: 26 }, { width: 18 }, { width: 48 }];
  sheet.getColumn(5).font = { name: 'Consolas', size: 12, bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  sheet.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5 + issued.codes.length, column: 6 } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
