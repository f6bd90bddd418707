import { loadExcel } from '../../lib/excel';
import { formatRussianDateTime } from '../../lib/dates';
import { organisationNoun, respondentEntryAddress, respondentLink } from './campaign-labels';
import { respondentRoleLabels, responseStatusLabels, type AccessCodeList } from './campaigns.schemas';

/** The code list a municipal coordinator sends to schools and kindergartens: one row per questionnaire. */
export async function buildAccessCodesWorkbook(list: AccessCodeList): Promise<Buffer> {
  const { siteOrigin } = list;
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'МУКО';
  const sheet = workbook.addWorksheet('Коды доступа', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([list.campaignTitle]).font = { bold: true, size: 13 };
  sheet.addRow([
    `Адрес для заполнения анкет: ${respondentEntryAddress(siteOrigin)}. Приём анкет до ${formatRussianDateTime(new Date(list.closesAt), list.timeZone)}.`,
  ]);
  sheet.addRow([
    'Каждый код открывает одну анкету; личная ссылка вводит код сама. Храните коды как пароли; при утере код можно перевыпустить — ответы сохранятся.',
  ]);
  sheet.addRow([]);
  const noun = organisationNoun(list.codes.map((slot) => slot.organisationKind));
  const header = sheet.addRow(['Муниципалитет', `Код ${noun.ofOne}`, noun.one, 'Респондент', 'Код доступа', 'Личная ссылка', 'Анкета']);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EEF8' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const slot of list.codes) {
    const link = slot.code ? respondentLink(siteOrigin, slot.code) : null;
    sheet.addRow([
      slot.municipalityName,
      slot.schoolCode,
      slot.schoolName,
      respondentRoleLabels[slot.respondentRole],
      slot.code ?? 'выдан до обновления — перевыпустите',
      link ? { text: link, hyperlink: link } : '',
      responseStatusLabels[slot.status],
    ]);
  }
  sheet.columns = [{ width: 30 }, { width: 14 }, { width: 50 }, { width: 26 }, { width: 18 }, { width: 48 }, { width: 16 }];
  sheet.getColumn(5).font = { name: 'Consolas', size: 12, bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  sheet.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5 + list.codes.length, column: 7 } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
