import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../../lib/file-body';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import type { FixtureUserKey } from '../../test/fixture';
import { succeeded } from '../../test/succeeded';
import type { DocumentProblemInfo, MethodologyVersionSummary } from './versions.schemas';
import type { WorkbookProblem } from './workbook';

// A methodology version as an XLSX workbook and back (issue #20 §2–3).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Doc = Record<string, any>;
type Result = { version: MethodologyVersionSummary; problems: DocumentProblemInfo[] };

const document = async (user: FixtureUserKey, id: string) =>
  succeeded(await t.request(user, { method: 'GET', url: `/api/methodologies/${id}/document` }), 'document').json<Doc>();
const exported = async (user: FixtureUserKey, id: string) => {
  const response = await t.request(user, { method: 'GET', url: `/api/methodologies/${id}/export.xlsx` });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.rawPayload;
};
const upload = (user: FixtureUserKey, query: string, file: Buffer) =>
  t.request(user, {
    method: 'POST',
    url: `/api/methodologies/import${query}`,
    payload: file,
    headers: { 'content-type': XLSX_CONTENT_TYPE },
  });
const fork = async (user: FixtureUserKey, id: string) =>
  succeeded(await t.request(user, { method: 'POST', url: `/api/methodologies/${id}/fork` }), 'fork').json<Result>().version.id;

/** The workbook changed by `change`, as Excel would save it. */
async function edited(bytes: Buffer, change: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  change(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The row of a sheet whose cells include `value`. */
function rowWith(sheet: ExcelJS.Worksheet, value: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && (row.values as unknown[]).includes(value)) found = row;
  });
  return found!;
}
const columnOf = (sheet: ExcelJS.Worksheet, header: string, headerRow = 1) => (sheet.getRow(headerRow).values as unknown[]).indexOf(header);

describe('GET /api/methodologies/:id/export.xlsx and POST /api/methodologies/import', () => {
  it('round-trips both shipped catalogues through a draft: an unchanged workbook gives the identical document', async () => {
    for (const source of ['federal-2020', 'regional-preschool-2021']) {
      const id = await fork('regional', source);
      const before = await document('regional', id);
      const response = await upload('regional', `?into=${id}`, await exported('regional', id));
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      expect(response.json<Result>()).toMatchObject({ version: { id, state: 'draft', problemCount: 0 }, problems: [] });
      expect(await document('regional', id)).toStrictEqual(before);
    }
  });

  it('exports a shipped catalogue to any staff role with the help sheet and every data sheet', async () => {
    const bytes = await exported('expert', 'federal-2020');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Справка',
      'Методика',
      'Механизмы',
      'Вопросы',
      'Варианты ответов',
      'Муниципальная форма',
      'Правила оценки',
      'Рекомендации',
    ]);
  });

  it('round-trips an edited fork, and imports a workbook as a new draft of the region (saved with its problems, audited)', async () => {
    const id = await fork('regional', 'federal-2020');
    const doc = await document('regional', id);
    doc.title = 'Методика Кировской области';
    doc.sources.push('Приказ министерства образования Кировской области');
    const question = doc.mechanisms[0].questionnaire.questions[0];
    question.question.description = 'Многострочное\nпояснение «с кавычками» и {подстановкой}';
    question.question.showOtherItem = true;
    question.question.otherText = 'Другое';
    question.question.title = '';
    doc.scoring.reconciliation.flagBelowShare = 0.25;
    doc.scoring.caps[1].requires.push({ components: ['measures'], minPoints: 2 });
    doc.mechanisms[1].recommendations.components.goals = 'Особая рекомендация для {municipality}';
    await t.request('regional', { method: 'PUT', url: `/api/methodologies/${id}/document`, payload: doc });
    const saved = await document('regional', id);
    const bytes = await exported('regional', id);

    expect((await upload('regional', `?into=${id}`, bytes)).statusCode).toBe(422);
    expect(await document('regional', id)).toStrictEqual(saved);

    const renamed = await edited(bytes, (workbook) => {
      const sheet = workbook.getWorksheet('Методика')!;
      rowWith(sheet, 'Идентификатор').getCell(2).value = 'kirov-own-xlsx';
    });
    const created = await upload('regional', '', renamed);
    expect(created.statusCode).toBe(422);
    expect(errorOf(created).details).toMatchObject({ saved: true, version: { id: 'kirov-own-xlsx', regionId: t.fixture.regions.kirov } });
    expect(await document('regional', 'kirov-own-xlsx')).toStrictEqual({ ...saved, id: 'kirov-own-xlsx' });
    const log = await t.request('regional', { method: 'GET', url: '/api/audit?action=methodology.imported' });
    expect(log.body).toContain('kirov-own-xlsx');
  });

  it('lists every format problem by sheet, row and column in Russian, and saves nothing', async () => {
    const id = await fork('regional', 'federal-2020');
    const before = await document('regional', id);
    const bytes = await edited(await exported('regional', id), (workbook) => {
      const questions = workbook.getWorksheet('Вопросы')!;
      questions.getCell(1, columnOf(questions, 'Шкала')).value = 'Шкала ответов';
      const rules = workbook.getWorksheet('Правила оценки')!;
      rowWith(rules, 'Большинство: доля выше').getCell(2).value = 'половина';
      const mechanisms = workbook.getWorksheet('Механизмы')!;
      rowWith(mechanisms, 'Система методической работы').getCell(1).value = '1.1';
      workbook.removeWorksheet(workbook.getWorksheet('Рекомендации')!.id);
    });
    const response = await upload('regional', `?into=${id}`, bytes);
    expect(response.statusCode).toBe(422);
    const error = errorOf(response);
    expect(error.message).toMatch(/ничего не сохранено/);
    const problems = (error.details as { saved: boolean; problems: WorkbookProblem[] }).problems;
    expect((error.details as { saved: boolean }).saved).toBe(false);
    expect(problems).toEqual([{ location: { sheet: 'Рекомендации', row: null, column: null }, message: 'Нет листа «Рекомендации»' }]);

    const fixedSheets = await edited(bytes, (workbook) => {
      const sheet = workbook.addWorksheet('Рекомендации');
      sheet.addRow(['Механизм', 'Компонент', 'Текст']);
    });
    const again = errorOf(await upload('regional', `?into=${id}`, fixedSheets));
    expect((again.details as { problems: WorkbookProblem[] }).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          location: { sheet: 'Вопросы', row: 1, column: 'Шкала ответов' },
          message: expect.stringMatching(/^Неизвестный столбец/),
        }),
        expect.objectContaining({ location: { sheet: 'Вопросы', row: 1, column: 'Шкала' }, message: 'Нет столбца «Шкала»' }),
        expect.objectContaining({
          location: expect.objectContaining({ sheet: 'Правила оценки', column: 'Значение' }),
          message: 'Ожидается число, а в ячейке «половина»',
        }),
        expect.objectContaining({
          location: expect.objectContaining({ sheet: 'Механизмы', column: 'Код' }),
          message: 'Механизм «1.1» указан дважды',
        }),
      ]),
    );
    expect(await document('regional', id)).toStrictEqual(before);
  });

  it('saves a workbook that fails the methodology check, each problem located in the workbook', async () => {
    const id = await fork('regional', 'federal-2020');
    let row = 0;
    const bytes = await edited(await exported('regional', id), (workbook) => {
      const questions = workbook.getWorksheet('Вопросы')!;
      const target = rowWith(questions, 'm2_4_difficulties_collected');
      row = target.number;
      target.getCell(columnOf(questions, 'Подтверждающие ответы')).value = 'maybe';
    });
    const response = await upload('regional', `?into=${id}`, bytes);
    expect(response.statusCode).toBe(422);
    const details = errorOf(response).details as { saved: boolean; problems: DocumentProblemInfo[] };
    expect(details.saved).toBe(true);
    expect(details.problems).toContainEqual({
      path: expect.stringMatching(/^mechanisms\[7\]\.questionnaire\.questions\[0\]\.scoring\.confirming/),
      message: 'Значение «maybe» не входит в варианты ответа вопроса',
      location: { sheet: 'Вопросы', row, column: 'Подтверждающие ответы' },
    });
    expect((await document('regional', id)).mechanisms[7].questionnaire.questions[0].scoring.confirming).toEqual(['maybe']);
  });

  it('refuses a workbook over 5 MB with 413, and what is not a workbook with 422', async () => {
    const large = await upload('regional', '', Buffer.alloc(5 * 1024 * 1024 + 1));
    expect(large.statusCode).toBe(413);
    expect(errorOf(large).message).toBe('Слишком большой запрос: допускается не более 5 МБ.');
    const junk = await upload('regional', '', Buffer.from('not a workbook'));
    expect(junk.statusCode).toBe(422);
    expect((errorOf(junk).details as { problems: WorkbookProblem[] }).problems[0]!.message).toMatch(/не является книгой Excel/);
  });

  it('keeps another region’s draft out of reach: neither exported nor imported into', async () => {
    const tverDraft = await fork('regionalTver', 'federal-2020');
    const bytes = await exported('regionalTver', tverDraft);
    expect((await t.request('regional', { method: 'GET', url: `/api/methodologies/${tverDraft}/export.xlsx` })).statusCode).toBe(404);
    expect((await upload('regional', `?into=${tverDraft}`, bytes)).statusCode).toBe(404);
    expect((await upload('regionalTver', `?into=federal-2020`, bytes)).statusCode).toBe(409);
    expect((await upload('expert', '', bytes)).statusCode).toBe(403);
  });

  it('refuses with 409 to export a draft a workbook cannot carry exactly', async () => {
    const id = await fork('regional', 'federal-2020');
    const doc = await document('regional', id);
    doc.title = 'Строка\r\nс возвратом каретки';
    await t.request('regional', { method: 'PUT', url: `/api/methodologies/${id}/document`, payload: doc });
    const response = await t.request('regional', { method: 'GET', url: `/api/methodologies/${id}/export.xlsx` });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).message).toMatch(/^Эту версию нельзя точно передать в книге Excel: «title»/);
  });
});
