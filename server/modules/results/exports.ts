import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { campaigns, municipalities, regions, responses, schools } from '../../../db/schema';
import type { OrganisationKind, RespondentRole, ResponseStatus } from '../../../db/schema/values';
import { csvRow } from '../../lib/csv';
import { loadExcel } from '../../lib/excel';
import { DEFAULT_TIME_ZONE, zoneAbbreviation } from '../../lib/time-zones';
import { XlsxStreamWriter } from '../../lib/xlsx-stream';
import { organisationNoun, respondentRoleLabels, responseStatusLabels } from '../campaigns/campaign-labels';
import { questionnaireKinds, type FrozenDefinition } from '../campaigns/frozen-definition';
import { questionnaireRows } from '../campaigns/questionnaires.repo';
import { answerColumns, formatAnswer, type AnswerColumn } from './answer-columns';
import { reviewStatusLabels, type Override, type ResultsMatrix } from './results.schemas';

/** Rows read per query: the export's memory is one batch, whatever the size of the campaign. */
const BATCH = 1000;

/** Every questionnaire of a campaign in the given states, in batches by id (keyset pagination: no offset scans). */
async function* questionnaireBatches(db: Executor, campaignId: number, statuses: ResponseStatus[]) {
  let after = 0;
  for (;;) {
    const rows = await questionnaireRows(db, {
      id: responses.id,
      municipality: municipalities.name,
      schoolCode: schools.code,
      school: schools.shortName,
      kind: schools.kind,
      role: responses.respondentRole,
      status: responses.status,
      submittedAt: responses.submittedAt,
      answers: responses.answers,
    })
      .where(and(eq(responses.campaignId, campaignId), inArray(responses.status, statuses), gt(responses.id, after)))
      .orderBy(asc(responses.id))
      .limit(BATCH);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

interface QuestionnaireRow {
  municipality: string;
  schoolCode: string;
  school: string;
  kind: OrganisationKind;
  role: RespondentRole;
  status: ResponseStatus;
  submittedAt: Date | null;
}

const kindAbbreviations: Record<OrganisationKind, string> = { school: 'ОО', preschool: 'ДОО' };

/** The campaign's region's time zone: submission times are written as its clocks showed them. */
async function campaignTimeZone(db: Executor, campaignId: number): Promise<string> {
  const [row] = await db
    .select({ timeZone: regions.timeZone })
    .from(campaigns)
    .innerJoin(regions, eq(regions.id, campaigns.regionId))
    .where(eq(campaigns.id, campaignId))
    .limit(1);
  return row?.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * The columns before the answers: the organisation named for the kinds the campaign asks (a schools-only campaign
 * keeps «Код школы», «Школа»), its kind (ОО/ДОО) when both are asked, and the submission time in the region's zone
 * («2026-03-01 12:30», the zone named in the header), sortable as text.
 */
function fixedColumns(definition: FrozenDefinition, timeZone: string) {
  const kinds = questionnaireKinds(definition);
  const noun = organisationNoun(kinds);
  const mixed = kinds.length > 1;
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    headers: [
      'Муниципалитет',
      `Код ${noun.ofOne}`,
      noun.one,
      ...(mixed ? ['Тип организации'] : []),
      'Респондент',
      'Состояние',
      `Отправлена ${zoneAbbreviation(timeZone)}`,
    ],
    cells: (row: QuestionnaireRow): Array<string | null> => [
      row.municipality,
      row.schoolCode,
      row.school,
      ...(mixed ? [kindAbbreviations[row.kind]] : []),
      respondentRoleLabels[row.role],
      responseStatusLabels[row.status],
      row.submittedAt ? time.format(row.submittedAt) : null,
    ],
  };
}
type FixedColumns = ReturnType<typeof fixedColumns>;

function columnsOf(definition: FrozenDefinition): AnswerColumn[] {
  return answerColumns(Object.values(definition.questionnaires));
}

/** Runs a producer into a stream the reply sends; a failure mid-way ends the download instead of hanging it. */
function streamed(produce: (out: PassThrough) => Promise<void>): Readable {
  const out = new PassThrough();
  produce(out).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/**
 * The rows of a batch as the writer takes them, in one reused array (the writer is done with a row before it asks
 * for the next): a fresh array per row was a fifth of the export's garbage, and garbage makes V8 promote batches.
 */
function* answerRows(
  batch: Array<QuestionnaireRow & { answers: Record<string, unknown> }>,
  fixedOf: FixedColumns,
  columns: AnswerColumn[],
) {
  const cells: Array<string | number | null> = new Array<string | number | null>(fixedOf.headers.length + columns.length);
  for (const row of batch) {
    const fixed = fixedOf.cells(row);
    for (let i = 0; i < fixed.length; i++) cells[i] = fixed[i]!;
    for (let i = 0; i < columns.length; i++) cells[fixed.length + i] = formatAnswer(columns[i]!, row.answers[columns[i]!.key]);
    yield cells;
  }
}

/**
 * Raw answers as XLSX, written batch by batch with our own streaming writer: memory stays flat for 120 000 rows, and
 * it is several times faster than exceljs's streaming writer, which builds an object per cell.
 */
export function answersWorkbook(db: Executor, campaignId: number, definition: FrozenDefinition, statuses: ResponseStatus[]): Readable {
  return streamed(async (out) => {
    const columns = columnsOf(definition);
    const fixed = fixedColumns(definition, await campaignTimeZone(db, campaignId));
    const sheet = await XlsxStreamWriter.start(out, {
      name: 'Ответы',
      headers: [...fixed.headers, ...columns.map((c) => c.header)],
      widths: [...fixed.headers.map(() => 22), ...columns.map(() => 30)],
      frozen: { rows: 1, columns: 3 },
    });
    for await (const batch of questionnaireBatches(db, campaignId, statuses)) {
      await sheet.addRows(answerRows(batch, fixed, columns));
    }
    await sheet.end();
  });
}

/** Raw answers as CSV for Russian Excel (UTF-8 with BOM, «;»), written batch by batch. */
export function answersCsv(db: Executor, campaignId: number, definition: FrozenDefinition, statuses: ResponseStatus[]): Readable {
  return streamed(async (out) => {
    const columns = columnsOf(definition);
    const fixed = fixedColumns(definition, await campaignTimeZone(db, campaignId));
    out.write(`\uFEFF${csvRow([...fixed.headers, ...columns.map((c) => c.header)])}`);
    for await (const batch of questionnaireBatches(db, campaignId, statuses)) {
      let chunk = '';
      for (const row of batch) chunk += csvRow([...fixed.cells(row), ...columns.map((c) => formatAnswer(c, row.answers[c.key]))]);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
  });
}

const levelText = (levels: ResultsMatrix['levels'], insufficient: string, level: number | null) =>
  level === null ? insufficient : (levels.find((l) => l.code === level)?.label ?? String(level));

export interface ResultsExport {
  /** Every municipality of the run: the matrix without its page and counts. */
  matrix: Omit<ResultsMatrix, 'summary' | 'total' | 'page' | 'pageSize'>;
  /** Per municipality: each mechanism's effective component points, in cycle order. */
  points: Map<number, Array<{ mechanismCode: string; componentPoints: number[] }>>;
  componentTitles: string[];
  maxMechanismPoints: number;
  overrides: Array<Override & { municipalityId: number }>;
}

/** The results of a run: levels and percents, points of every component, and every expert's change with its reason. */
export async function resultsWorkbook({ matrix, points, componentTitles, maxMechanismPoints, overrides }: ResultsExport): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  const label = (level: number | null) => levelText(matrix.levels, matrix.insufficientDataLabel, level);
  const names = new Map(matrix.municipalities.map((m) => [m.municipalityId, m.name]));

  const levels = workbook.addWorksheet('Уровни', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  levels.addRow([
    'Муниципалитет',
    'Итоговый уровень',
    'Итог, %',
    'Рассчитанный итог',
    'Статус проверки',
    ...matrix.mechanisms.flatMap((m) => [`${m.code} уровень`, `${m.code}, %`]),
  ]).font = { bold: true };
  for (const row of matrix.municipalities) {
    levels.addRow([
      row.name,
      label(row.overall.level),
      Math.round(row.overall.percent * 10) / 10,
      label(row.overall.computedLevel),
      reviewStatusLabels[row.reviewStatus],
      ...row.cells.flatMap((cell) => [label(cell.level) + (cell.overridden ? ' *' : ''), Math.round(cell.percent * 10) / 10]),
    ]);
  }
  levels.addRow([]);
  levels.addRow(['* — значение изменено экспертом; рассчитанное значение и причина — на листе «Изменения экспертов».']);
  levels.columns.forEach((column, index) => (column.width = index === 0 ? 32 : 16));

  const pointsSheet = workbook.addWorksheet('Баллы по компонентам', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  pointsSheet.addRow(['Муниципалитет', 'Механизм', ...componentTitles, 'Сумма', 'Из']).font = { bold: true };
  for (const row of matrix.municipalities) {
    for (const cell of points.get(row.municipalityId) ?? []) {
      pointsSheet.addRow([
        row.name,
        cell.mechanismCode,
        ...cell.componentPoints,
        cell.componentPoints.reduce((a, b) => a + b, 0),
        maxMechanismPoints,
      ]);
    }
  }
  pointsSheet.columns.forEach((column, index) => (column.width = index === 0 ? 32 : index === 1 ? 10 : 14));

  const changes = workbook.addWorksheet('Изменения экспертов');
  changes.addRow(['Муниципалитет', 'Механизм', 'Что изменено', 'Рассчитано', 'Стало', 'Причина', 'Эксперт', 'Когда', 'Отменено']).font = {
    bold: true,
  };
  for (const o of overrides) {
    const isLevel = o.target === 'mechanism_level';
    changes.addRow([
      names.get(o.municipalityId) ?? '',
      o.mechanismCode,
      isLevel ? 'уровень механизма' : `баллы компонента «${o.componentCode}»`,
      isLevel ? label(o.computedValue) : o.computedValue,
      isLevel ? label(o.value) : o.value,
      o.reason,
      o.createdBy,
      o.createdAt.slice(0, 16).replace('T', ' '),
      o.withdrawnAt ? o.withdrawnAt.slice(0, 16).replace('T', ' ') : '',
    ]);
  }
  changes.columns.forEach((column, index) => (column.width = index === 5 ? 60 : 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
