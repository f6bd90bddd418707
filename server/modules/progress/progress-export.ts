import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/excel';
import { formatRussianDateTime } from '../../lib/dates';
import { organisationNoun, respondentRoleLabels, responseStatusLabels } from '../campaigns/campaigns.schemas';
import type { CampaignProgress, KindProgress, MunicipalityDetail } from './progress.schemas';

/** What a sheet's title names: the campaign, in its region's time zone. */
type CampaignHeading = { title: string; timeZone: string };

const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EEF8' } };
    cell.alignment = { wrapText: true, vertical: 'middle' };
  });
}

/**
 * The regional view: one row per municipality with counts and percentages; a campaign asking schools and
 * kindergartens adds each kind's organisations and questionnaires.
 */
export async function buildCampaignProgressWorkbook(campaign: CampaignHeading, progress: CampaignProgress): Promise<Buffer> {
  const { title, timeZone } = campaign;
  const noun = organisationNoun(progress.organisationKinds);
  const split = progress.totals.byKind.map(({ kind }) => organisationNoun([kind]).many);
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet('Заполнение');
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([`Состояние на ${formatRussianDateTime(new Date(), timeZone)}`]);
  sheet.addRow([]);
  styleHeader(
    sheet.addRow([
      'Муниципалитет',
      noun.ofMany,
      `${noun.ofMany} с отправленными анкетами`,
      `% ${noun.ofMany.toLowerCase()}`,
      'Анкет всего',
      'Отправлено',
      'Заполняется',
      'Не начато',
      '% анкет',
      ...split.flatMap((many) => [`${many}: всего`, `${many}: с отправленными анкетами`, `${many}: анкет`, `${many}: отправлено`]),
      'Муниципальная форма',
    ]),
  );
  const kindCells = (byKind: KindProgress[]) => byKind.flatMap((k) => [k.schools, k.respondingSchools, k.questionnaires, k.submitted]);
  for (const m of [...progress.municipalities, { ...progress.totals, name: 'Итого', municipalForm: null }]) {
    const row = sheet.addRow([
      m.name,
      m.schools,
      m.respondingSchools,
      percent(m.respondingSchools, m.schools),
      m.questionnaires,
      m.submitted,
      m.inProgress,
      m.notStarted,
      percent(m.submitted, m.questionnaires),
      ...kindCells(m.byKind),
      m.municipalForm
        ? responseStatusLabels[m.municipalForm]
        : `${progress.totals.municipalFormsSubmitted} из ${progress.totals.municipalities} отправлено`,
    ]);
    if (m.municipalForm === null) row.font = { bold: true };
  }
  sheet.columns = [
    { width: 34 },
    { width: 8 },
    { width: 16 },
    { width: 9 },
    { width: 11 },
    { width: 12 },
    { width: 12 },
    { width: 11 },
    { width: 9 },
    ...split.flatMap(() => [{ width: 12 }, { width: 16 }, { width: 10 }, { width: 12 }]),
    { width: 24 },
  ];
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The municipal view: organisation × role, optionally only what is still not submitted. */
export async function buildMunicipalityProgressWorkbook(
  { title, timeZone }: CampaignHeading,
  detail: MunicipalityDetail,
  unfinishedOnly: boolean,
): Promise<Buffer> {
  const noun = organisationNoun(detail.roles.map((role) => role.organisationKind));
  const roleLabels = new Map(detail.roles.map((role) => [role.role, role.label]));
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(unfinishedOnly ? 'Не отправлены' : `Анкеты ${noun.ofMany.toLowerCase()}`);
  sheet.addRow([`${title} — ${detail.name}`]).font = { bold: true, size: 13 };
  sheet.addRow([
    `${unfinishedOnly ? 'Анкеты, которые ещё не отправлены' : 'Все анкеты'}; состояние на ${formatRussianDateTime(new Date(), timeZone)}`,
  ]);
  sheet.addRow([]);
  styleHeader(sheet.addRow([`Код ${noun.ofOne}`, noun.one, 'Респондент', 'Состояние', 'Последнее сохранение']));
  // An excluded organisation is no longer awaited: it leaves the unfinished list and is marked in the full one.
  for (const school of detail.schools) {
    if (unfinishedOnly && school.exclusionReason !== null) continue;
    for (const q of school.questionnaires) {
      if (unfinishedOnly && q.status === 'submitted') continue;
      sheet.addRow([
        school.code,
        school.shortName,
        roleLabels.get(q.respondentRole) ?? respondentRoleLabels[q.respondentRole],
        school.exclusionReason === null ? responseStatusLabels[q.status] : `исключение из кампании: ${school.exclusionReason}`,
        q.updatedAt ? formatRussianDateTime(new Date(q.updatedAt), timeZone) : '—',
      ]);
    }
  }
  sheet.columns = [{ width: 14 }, { width: 48 }, { width: 26 }, { width: 14 }, { width: 30 }];
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
