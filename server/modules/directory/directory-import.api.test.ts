import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, municipalities, responses, schools } from '../../../db/schema';
import { createTestApp, errorOf, type TestApp } from '../../test/app';
import { draftCampaign, launchCampaign } from '../../test/campaign-journey';

/** A request to run once, right after the next look-up of the organisations' campaigns returns: it lands between the check and what follows. */
const afterCampaignCheck = vi.hoisted(() => ({ next: null as null | (() => Promise<void>) }));

vi.mock('./directory.repo', async (importOriginal) => {
  const original = await importOriginal<typeof import('./directory.repo')>();
  return {
    ...original,
    unpublishedCampaignsOf: async (...args: Parameters<typeof original.unpublishedCampaignsOf>) => {
      const found = await original.unpublishedCampaignsOf(...args);
      const work = afterCampaignCheck.next;
      afterCampaignCheck.next = null;
      await work?.();
      return found;
    },
  };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const csv = (text: string) => Buffer.from(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'utf8');

const upload = (
  action: 'preview' | 'commit',
  kind: 'municipalities' | 'schools',
  body: Buffer,
  user: 'regional' | 'admin' | 'municipal' = 'regional',
  extra = '',
) =>
  t.request(user, {
    method: 'POST',
    url: `/api/directory/import/${action}?kind=${kind}${extra}`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: body,
  });

async function directorySnapshot() {
  const [m] = await t.database.db.select({ value: count() }).from(municipalities);
  const [s] = await t.database.db.select({ value: count() }).from(schools);
  const [a] = await t.database.db.select({ value: count() }).from(auditLog);
  return { municipalities: m!.value, schools: s!.value, audit: a!.value };
}

const municipalitiesCsv = csv(
  'Код;Наименование;Тип\n4307;Орловский район;район\n4306;Мурашинский муниципальный округ;муниципальный округ\nKUM;Куменский район;муниципальный район\n',
);

describe('directory import', () => {
  it('previews, then commits all rows, and a repeated import changes nothing', async () => {
    const preview = await upload('preview', 'municipalities', municipalitiesCsv);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      format: 'csv',
      totalRows: 3,
      problems: [],
      canCommit: true,
      summary: { create: 2, update: 0, unchanged: 1 },
    });
    expect(preview.json().rows.every((r: { organisationKind: unknown }) => r.organisationKind === null)).toBe(true);
    expect((await directorySnapshot()).municipalities).toBe(3);

    const commit = await upload('commit', 'municipalities', municipalitiesCsv);
    expect(commit.statusCode).toBe(200);
    expect(commit.json()).toEqual({ create: 2, update: 0, unchanged: 1 });
    const again = await upload('preview', 'municipalities', municipalitiesCsv);
    expect(again.json().summary).toEqual({ create: 0, update: 0, unchanged: 3 });

    const schoolsCsv = csv(
      'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n' +
        '4307001;"Муниципальное бюджетное общеобразовательное учреждение ""Средняя школа № 1 г. Орлова""";МБОУ СОШ № 1 г. Орлова;4307;городская;г. Орлов, ул. Ленина, 1\n' +
        'KUM-02;Муниципальное казённое общеобразовательное учреждение «Средняя школа с. Вожгалы»;МКОУ СОШ с. Вожгалы;KUM;сельская;\n',
    );
    const schoolPreview = await upload('preview', 'schools', schoolsCsv);
    expect(schoolPreview.json()).toMatchObject({ problems: [], summary: { create: 1, update: 1, unchanged: 0 } });
    expect(schoolPreview.json().rows[1].changedFields).toEqual(expect.arrayContaining(['Полное наименование', 'Краткое наименование']));
    expect((await upload('commit', 'schools', schoolsCsv)).statusCode).toBe(200);
    const [orlov] = await t.database.db.select().from(schools).where(eq(schools.code, '4307001'));
    expect(orlov).toMatchObject({
      fullName: 'Муниципальное бюджетное общеобразовательное учреждение "Средняя школа № 1 г. Орлова"',
      locality: 'urban',
    });

    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'schools.imported'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ summary: { create: 1, update: 1 } });
  });

  it('reads Windows-1251 with commas and an XLSX workbook', async () => {
    const cp1251 = Buffer.from(
      [...'Код,Наименование,Тип\r\nSLB,Слободской район,район\r\n'].map((ch) => {
        const code = ch.charCodeAt(0);
        if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
        if (ch === 'Ё') return 0xa8;
        if (ch === 'ё') return 0xb8;
        return code;
      }),
    );
    const preview = await upload('preview', 'municipalities', cp1251);
    expect(preview.json()).toMatchObject({
      encoding: 'windows-1251',
      problems: [],
      rows: [{ name: 'Слободской район', status: 'create' }],
    });

    const template = await t.request('regional', { method: 'GET', url: '/api/directory/import/template?kind=schools&format=xlsx' });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toMatch(/attachment/);
    const xlsxPreview = await upload('preview', 'schools', template.rawPayload);
    expect(xlsxPreview.json().format).toBe('xlsx');
  });

  it('imports schools and kindergartens by «Тип», and a re-import changes the kind', async () => {
    const header = 'Код;Тип;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n';
    const mixed = csv(
      header +
        'KUM-D01;ДОО;Муниципальное казённое дошкольное образовательное учреждение «Детский сад «Берёзка»»;МКДОУ д/с «Берёзка»;KUM;сельская;\n' +
        'KUM-D02;детский сад;Муниципальное казённое дошкольное образовательное учреждение «Детский сад с. Вожгалы»;МКДОУ д/с с. Вожгалы;KUM;сельская;\n' +
        'KUM-S01;оо;Муниципальное казённое общеобразовательное учреждение «Основная школа д. Берёзовка»;МКОУ ООШ д. Берёзовка;KUM;сельская;\n',
    );
    const mixedPreview = (await upload('preview', 'schools', mixed)).json();
    expect(mixedPreview.rows.map((r: { code: string; organisationKind: string }) => [r.code, r.organisationKind])).toEqual([
      ['KUM-D01', 'preschool'],
      ['KUM-D02', 'preschool'],
      ['KUM-S01', 'school'],
    ]);
    expect((await upload('commit', 'schools', mixed)).json()).toEqual({ create: 3, update: 0, unchanged: 0 });
    const kindOf = async (code: string) => (await t.database.db.select().from(schools).where(eq(schools.code, code)))[0]!.kind;
    expect([await kindOf('KUM-D01'), await kindOf('KUM-D02'), await kindOf('KUM-S01')]).toEqual(['preschool', 'preschool', 'school']);
    const listed = await t.request('regional', {
      method: 'GET',
      url: `/api/schools?kind=preschool&municipalityId=${t.fixture.municipalities.kumeny}`,
    });
    expect(
      listed
        .json()
        .items.map((s: { code: string }) => s.code)
        .sort(),
    ).toEqual(['KUM-D01', 'KUM-D02']);

    const corrected = csv(
      header +
        'KUM-D01;ДОО;Муниципальное казённое дошкольное образовательное учреждение «Детский сад «Берёзка»»;МКДОУ д/с «Берёзка»;KUM;сельская;\n' +
        'KUM-D02;ОО;Муниципальное казённое дошкольное образовательное учреждение «Детский сад с. Вожгалы»;МКДОУ д/с с. Вожгалы;KUM;сельская;\n',
    );
    const preview = await upload('preview', 'schools', corrected);
    expect(preview.json()).toMatchObject({ problems: [], summary: { create: 0, update: 1, unchanged: 1 } });
    expect(preview.json().rows[1]).toMatchObject({ code: 'KUM-D02', organisationKind: 'school', status: 'update', changedFields: ['Тип'] });
    expect((await upload('commit', 'schools', corrected)).statusCode).toBe(200);
    expect(await kindOf('KUM-D02')).toBe('school');

    const unknown = csv(header + 'KUM-D03;ясли;Муниципальные ясли пгт Кумёны;Ясли пгт Кумёны;KUM;городская;\n');
    const before = await directorySnapshot();
    const refused = await upload('commit', 'schools', unknown);
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused).details).toEqual([
      { row: 2, column: 'Тип', message: 'Значение «ясли» не подходит. Укажите одно из значений: «ОО», «ДОО».' },
    ]);
    expect(await directorySnapshot()).toEqual(before);
  });

  it('keeps the stored kind when a re-imported row has no «Тип»; a new row without it is a school', async () => {
    const kindOf = async (code: string) => (await t.database.db.select().from(schools).where(eq(schools.code, code)))[0]?.kind;
    const garden =
      'KUM-D05;Муниципальное казённое дошкольное образовательное учреждение «Детский сад «Ромашка»»;МКДОУ д/с «Ромашка»;KUM;сельская;';
    const withKind = 'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес;Тип\n';
    expect((await upload('commit', 'schools', csv(`${withKind}${garden};ДОО\n`))).json()).toMatchObject({ create: 1 });

    const withoutColumn = csv(
      'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n' +
        `${garden}\n` +
        'KUM-S05;Муниципальное казённое общеобразовательное учреждение «Начальная школа д. Ломовая»;МКОУ НОШ д. Ломовая;KUM;сельская;\n',
    );
    const emptyCell = csv(`${withKind}${garden};\n`);
    for (const file of [withoutColumn, emptyCell]) {
      const preview = await upload('preview', 'schools', file);
      expect(preview.json()).toMatchObject({ problems: [], summary: { update: 0, unchanged: 1 } });
      expect(preview.json().rows[0]).toMatchObject({ code: 'KUM-D05', status: 'unchanged', changedFields: [] });
      expect((await upload('commit', 'schools', file)).statusCode).toBe(200);
      expect(await kindOf('KUM-D05')).toBe('preschool');
    }
    expect(await kindOf('KUM-S05')).toBe('school');
  });

  it('refuses a row that changes the kind of an organisation taking part in a campaign not yet published', async () => {
    const campaignId = await draftCampaign(t, { title: 'Мониторинг 2026' });
    await launchCampaign(t, campaignId);
    const header = 'Код;Тип;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n';
    // KUM-01 has questionnaires in the open campaign; KUM-S06, added after the launch, has none.
    const added = csv(
      header +
        'KUM-S06;ОО;Муниципальное казённое общеобразовательное учреждение «Начальная школа д. Берёзово»;МКОУ НОШ д. Берёзово;KUM;сельская;\n',
    );
    expect((await upload('commit', 'schools', added)).statusCode).toBe(200);
    const [kumeny] = await t.database.db.select().from(schools).where(eq(schools.code, 'KUM-01'));
    const kumenyAsPreschool = `KUM-01;ДОО;${kumeny!.fullName};${kumeny!.shortName};KUM;городская;\n`;
    const berezovoAsPreschool =
      'KUM-S06;ДОО;Муниципальное казённое дошкольное образовательное учреждение «Детский сад д. Берёзово»;МКДОУ д/с д. Берёзово;KUM;сельская;\n';
    const file = csv(header + kumenyAsPreschool + berezovoAsPreschool);
    const preview = await upload('preview', 'schools', file);
    expect(preview.json()).toMatchObject({ canCommit: false, problemCount: 1 });
    expect(preview.json().problems).toEqual([
      {
        row: 2,
        column: 'Тип',
        message:
          'Тип организации нельзя изменить: она участвует в кампании «Мониторинг 2026». Изменить тип можно после публикации результатов кампании. Укажите прежний тип «ОО» или оставьте ячейку пустой.',
      },
    ]);
    expect(preview.json().rows.map((row: { code: string; status: string }) => [row.code, row.status])).toEqual([
      ['KUM-01', 'error'],
      ['KUM-S06', 'update'],
    ]);
    const before = await directorySnapshot();
    const refused = await upload('commit', 'schools', file);
    expect(refused.statusCode).toBe(422);
    expect(await directorySnapshot()).toEqual(before);
    const kinds = await t.database.db
      .select({ code: schools.code, kind: schools.kind })
      .from(schools)
      .where(inArray(schools.code, ['KUM-01', 'KUM-S06']));
    expect(kinds.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: 'KUM-01', kind: 'school' },
      { code: 'KUM-S06', kind: 'school' },
    ]);

    expect((await upload('commit', 'schools', csv(header + berezovoAsPreschool))).json()).toMatchObject({ update: 1 });
  });

  it('refuses the kind change when a campaign with the organisation is launched between the check and the write', async () => {
    const header = 'Код;Тип;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\n';
    const school = 'Муниципальное казённое общеобразовательное учреждение «Основная школа д. Липовка»;МКОУ ООШ д. Липовка;KUM;сельская;\n';
    expect((await upload('commit', 'schools', csv(`${header}KUM-S07;ОО;${school}`))).json()).toMatchObject({ create: 1 });
    const campaignId = await draftCampaign(t, { title: 'Мониторинг 2027' });
    const asPreschool = csv(`${header}KUM-S07;ДОО;${school}`);
    expect((await upload('preview', 'schools', asPreschool)).json()).toMatchObject({ canCommit: true, problems: [] });

    // The commit's own check finds no campaign; the launch lands right after it, before the write.
    afterCampaignCheck.next = async () => void (await launchCampaign(t, campaignId));
    const refused = await upload('commit', 'schools', asPreschool);
    expect(afterCampaignCheck.next).toBeNull();
    expect(refused.statusCode, refused.body).toBe(422);
    expect(errorOf(refused)).toMatchObject({
      message: 'В файле 1 ошибка; ничего не изменено. Исправьте файл и загрузите снова.',
      details: [
        {
          row: 2,
          column: 'Тип',
          message:
            'Тип организации нельзя изменить: она участвует в кампании «Мониторинг 2027». Изменить тип можно после публикации результатов кампании. Укажите прежний тип «ОО» или оставьте ячейку пустой.',
        },
      ],
    });
    const [stored] = await t.database.db.select().from(schools).where(eq(schools.code, 'KUM-S07'));
    expect(stored!.kind).toBe('school');
    const questionnaires = await t.database.db
      .select({ role: responses.respondentRole })
      .from(responses)
      .where(eq(responses.schoolId, stored!.id));
    expect(questionnaires.length).toBeGreaterThan(0);
  });

  describe('refuses bad files with a clear Russian message and changes nothing', () => {
    const cases: Array<[string, 'municipalities' | 'schools', () => Promise<Buffer> | Buffer, RegExp]> = [
      [
        'wrong encoding (UTF-16)',
        'municipalities',
        () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Код;Наименование;Тип\r\nX;Район;район\r\n', 'utf16le')]),
        /UTF-16|кодировк/i,
      ],
      ['a missing column', 'municipalities', () => csv('Код;Наименование\nX1;Новый район\n'), /Тип/],
      ['an extra column', 'municipalities', () => csv('Код;Наименование;Тип;Глава\nX1;Новый район;район;Иванов\n'), /Глава/],
      ['duplicate codes', 'municipalities', () => csv('Код;Наименование;Тип\nX1;Первый район;район\nX1;Второй район;район\n'), /X1/],
      [
        'an unknown municipality',
        'schools',
        () =>
          csv(
            'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес\nS1;Полное наименование школы;Краткое;NOPE;сельская;\n',
          ),
        /NOPE.*не найден/,
      ],
      ['an empty file', 'municipalities', () => Buffer.alloc(0), /пуст/i],
      ['10 MB of junk', 'municipalities', () => randomBytes(10 * 1024 * 1024 - 1024), /./],
      [
        'a spreadsheet with formulas',
        'municipalities',
        async () => {
          const workbook = new ExcelJS.Workbook();
          const sheet = workbook.addWorksheet('Лист1');
          sheet.addRow(['Код', 'Наименование', 'Тип']);
          sheet.addRow(['F1', { formula: 'CONCATENATE("Район ","N")', result: 'Район N' }, 'район']);
          return Buffer.from(await workbook.xlsx.writeBuffer());
        },
        /формул/i,
      ],
    ];

    for (const [label, kind, makeFile, pattern] of cases) {
      it(label, async () => {
        const before = await directorySnapshot();
        const body = await makeFile();
        const preview = await upload('preview', kind, body);
        expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
        expect(preview.json().canCommit).toBe(false);
        const messages = preview
          .json()
          .problems.map((p: { message: string; column: string | null }) => `${p.column ?? ''} ${p.message}`)
          .join('\n');
        expect(messages).toMatch(pattern);
        expect(messages).toMatch(/[а-яё]/i);

        const commit = await upload('commit', kind, body);
        expect(commit.statusCode).toBe(422);
        expect(errorOf(commit).message).toMatch(/ничего не изменено/);
        expect(await directorySnapshot()).toEqual(before);
      });
    }
  });

  it('enforces the size limit, scope and roles', async () => {
    const tooBig = await upload('preview', 'municipalities', Buffer.alloc(11 * 1024 * 1024, 0x41));
    expect(tooBig.statusCode).toBe(413);
    expect(errorOf(tooBig).message).toMatch(/10 МБ/);
    expect((await upload('preview', 'municipalities', municipalitiesCsv, 'municipal')).statusCode).toBe(403);
    expect(
      (await upload('preview', 'municipalities', municipalitiesCsv, 'regional', `&regionId=${t.fixture.regions.tver}`)).statusCode,
    ).toBe(404);
    expect((await upload('preview', 'municipalities', municipalitiesCsv, 'admin')).statusCode).toBe(400);
    const admin = await upload('preview', 'municipalities', municipalitiesCsv, 'admin', `&regionId=${t.fixture.regions.tver}`);
    expect(admin.json().summary.create).toBe(3);
  });
});
