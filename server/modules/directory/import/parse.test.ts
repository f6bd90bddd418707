import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseResultSchema, type ImportKind } from './directory-import.schemas';
import { parseDirectoryFile } from './parse';
import { cp1251, koi8r, utf16le, utf8 } from './test-files';

const MUNICIPALITY_HEADER = 'Код;Наименование;Тип';
const SCHOOL_HEADER = 'Код;Полное наименование;Краткое наименование;Код муниципалитета;Местность;Адрес';
const csv = (...lines: string[]) => utf8(`\uFEFF${lines.join('\r\n')}\r\n`);

/** Parses, checks the result against the shared zod shape, and returns it. */
async function parse<K extends ImportKind>(kind: K, bytes: Uint8Array, fileName?: string) {
  const result = await parseDirectoryFile(kind, bytes, fileName);
  expect(parseResultSchema.parse(result)).toEqual(result);
  return result;
}

/** A file refused as a whole or in every row: no rows, and every message is a Russian sentence. */
async function refusal(kind: ImportKind, bytes: Uint8Array, fileName?: string) {
  const result = await parse(kind, bytes, fileName);
  expect(result.rows).toEqual([]);
  expect(result.problems.length).toBeGreaterThan(0);
  for (const { message } of result.problems) expect(message).toMatch(/^[А-ЯЁ«].*[а-яё»)]\.$/s);
  return result;
}

describe('parseDirectoryFile: good files', () => {
  it('reads UTF-8 with a BOM and semicolons, with synonyms, any column order and loose spelling of values', async () => {
    const result = await parse(
      'municipalities',
      csv(
        'Тип;Название*; "код мо" ',
        'Муниципальный   Округ;Верхнекамский   муниципальный округ;4302',
        ';;',
        'городской округ; город Киров ;4312',
        'РАЙОН;Куменский район;4304',
        'district;Слободской район;4309',
      ),
    );
    expect(result).toMatchObject({ kind: 'municipalities', format: 'csv', encoding: 'utf-8', delimiter: ';', totalRows: 4, problems: [] });
    expect(result.rows).toEqual([
      { row: 2, code: '4302', name: 'Верхнекамский муниципальный округ', kind: 'municipal_okrug' },
      { row: 4, code: '4312', name: 'город Киров', kind: 'city_okrug' },
      { row: 5, code: '4304', name: 'Куменский район', kind: 'district' },
      { row: 6, code: '4309', name: 'Слободской район', kind: 'district' },
    ]);
  });

  it('reads Windows-1251 with commas, quoted commas and the spellings of the locality', async () => {
    const file = cp1251(
      '"Код*",Полное наименование,Краткое наименование,Код муниципалитета,Местность,Адрес\r\n' +
        '4311013,"МКОУ ""ООШ д. Лом"" Яранского района, Кировская область",МКОУ ООШ д. Лом,4311,Сельская местность,\r\n' +
        '4311001,МКОУ СОШ № 1 г. Яранска,СОШ № 1,4311,город,"г. Яранск, ул. Кирова, д. 3"\r\n' +
        '4311014,МКОУ НОШ с. Пиштенур,НОШ с. Пиштенур,4311,сёло,\r\n',
    );
    const result = await parse('schools', file);
    expect(result).toMatchObject({ encoding: 'windows-1251', delimiter: ',', totalRows: 3, problems: [] });
    expect(result.rows).toEqual([
      {
        row: 2,
        code: '4311013',
        fullName: 'МКОУ "ООШ д. Лом" Яранского района, Кировская область',
        shortName: 'МКОУ ООШ д. Лом',
        municipalityCode: '4311',
        kind: null,
        locality: 'rural',
        address: null,
      },
      {
        row: 3,
        code: '4311001',
        fullName: 'МКОУ СОШ № 1 г. Яранска',
        shortName: 'СОШ № 1',
        municipalityCode: '4311',
        kind: null,
        locality: 'urban',
        address: 'г. Яранск, ул. Кирова, д. 3',
      },
      {
        row: 4,
        code: '4311014',
        fullName: 'МКОУ НОШ с. Пиштенур',
        shortName: 'НОШ с. Пиштенур',
        municipalityCode: '4311',
        kind: null,
        locality: 'rural',
        address: null,
      },
    ]);
  });

  it('keeps delimiters, quotes and line breaks inside quoted fields, and numbers rows as the spreadsheet does', async () => {
    const result = await parse(
      'schools',
      csv(
        SCHOOL_HEADER,
        '4304001;"МКОУ ""СОШ; пгт Кумёны""";"МКОУ СОШ\r\nпгт Кумёны";4304;городская;"пгт Кумёны,\nул. Кирова; д. 1"',
        '4304002;МКОУ СОШ пгт Нижнеивкино;МКОУ СОШ пгт Нижнеивкино;4304;городская;',
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      {
        row: 2,
        code: '4304001',
        fullName: 'МКОУ "СОШ; пгт Кумёны"',
        shortName: 'МКОУ СОШ пгт Кумёны',
        municipalityCode: '4304',
        kind: null,
        locality: 'urban',
        address: 'пгт Кумёны, ул. Кирова; д. 1',
      },
      {
        row: 3,
        code: '4304002',
        fullName: 'МКОУ СОШ пгт Нижнеивкино',
        shortName: 'МКОУ СОШ пгт Нижнеивкино',
        municipalityCode: '4304',
        kind: null,
        locality: 'urban',
        address: null,
      },
    ]);
  });

  it('reads the organisation kind as ОО/ДОО in any case, as the full label or as «школа»/«детский сад»; an empty cell leaves the kind unset', async () => {
    const result = await parse(
      'schools',
      csv(
        `${SCHOOL_HEADER};Тип`,
        '4304001;МКОУ СОШ пгт Кумёны;СОШ пгт Кумёны;4304;городская;;ОО',
        '4304101;МКДОУ детский сад «Солнышко» пгт Кумёны;Д/с «Солнышко»;4304;городская;;доо',
        '4304102;МКДОУ детский сад с. Вожгалы;Д/с с. Вожгалы;4304;сельская;;Дошкольная образовательная организация',
        '4304103;МКДОУ детский сад д. Березник;Д/с д. Березник;4304;сельская;;детский сад',
        '4304002;МКОУ СОШ с. Вожгалы;СОШ с. Вожгалы;4304;сельская;;общеобразовательная  организация',
        '4304003;МКОУ ООШ д. Речная;ООШ д. Речная;4304;сельская;;Школа',
        '4304004;МКОУ НОШ д. Лом;НОШ д. Лом;4304;сельская;;',
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => [row.code, row.kind])).toEqual([
      ['4304001', 'school'],
      ['4304101', 'preschool'],
      ['4304102', 'preschool'],
      ['4304103', 'preschool'],
      ['4304002', 'school'],
      ['4304003', 'school'],
      ['4304004', null],
    ]);
  });

  it('reads tab-separated text, as Excel copies a table', async () => {
    const result = await parse('municipalities', utf8('Код\tНаименование\tТип\n4307\tОрловский район\tрайон\n'));
    expect(result).toMatchObject({ delimiter: '\t', problems: [], rows: [{ code: '4307', name: 'Орловский район', kind: 'district' }] });
  });
});

describe('parseDirectoryFile: files refused as a whole', () => {
  it('says which encoding to use for KOI8-R and UTF-16 text', async () => {
    const koi8 = koi8r(`${MUNICIPALITY_HEADER}\r\n4304;Куменский район;район\r\n`);
    expect(new TextDecoder('koi8-r').decode(koi8)).toMatch(/^Код;Наименование/);
    const garbled = await refusal('municipalities', koi8);
    expect(garbled.encoding).toBe('windows-1251');
    expect(garbled.problems).toEqual([
      {
        row: 1,
        column: null,
        message: expect.stringMatching(/^Не удалось распознать заголовки столбцов.*«Код», «Наименование», «Тип».*«CSV UTF-8»/),
      },
    ]);

    const utf16 = await refusal('municipalities', utf16le(`${MUNICIPALITY_HEADER}\r\n4304;Куменский район;район\r\n`));
    expect(utf16.problems).toEqual([
      { row: null, column: null, message: expect.stringMatching(/^Файл сохранён в кодировке UTF-16.*«CSV UTF-8»/) },
    ]);
  });

  it('refuses UTF-8 marked with a BOM but broken inside', async () => {
    const broken = Uint8Array.from([...csv(MUNICIPALITY_HEADER), 0xd0, 0x3b, 0x0a]);
    expect((await refusal('municipalities', broken)).problems[0]!.message).toMatch(
      /^Файл помечен как UTF-8, но часть символов в нём повреждена/,
    );
  });

  it('names a missing column and lists the template columns', async () => {
    const result = await refusal('municipalities', csv('Код;Наименование', '4304;Куменский район'));
    expect(result.problems).toEqual([
      { row: 1, column: 'Тип', message: 'Нет обязательного столбца «Тип». Столбцы шаблона: «Код», «Наименование», «Тип».' },
    ]);
  });

  it('refuses an unknown column, a repeated column and data under a blank header', async () => {
    const result = await refusal(
      'municipalities',
      csv('Код;Наименование;Тип;Глава;Название', '4304;Куменский район;район;Иванов И. И.;Кумёны;;лишнее'),
    );
    expect(result.problems).toEqual([
      {
        row: 1,
        column: 'Глава',
        message:
          'Столбец «Глава» не предусмотрен шаблоном. Допустимые столбцы: «Код», «Наименование», «Тип». Удалите лишний столбец или исправьте заголовок.',
      },
      { row: 1, column: 'Наименование', message: 'Столбец «Наименование» встречается дважды: в столбцах B и E. Оставьте один.' },
      { row: 1, column: null, message: 'В столбце G есть данные, но нет заголовка. Добавьте заголовок из шаблона или удалите эти данные.' },
    ]);
    expect(result.totalRows).toBe(1);
  });

  it('recognises a file of the other kind', async () => {
    const result = await refusal('municipalities', csv(SCHOOL_HEADER, '4304003;Полное;Краткое;4304;сельская;'));
    expect(result.problems).toEqual([
      {
        row: 1,
        column: null,
        message:
          'Похоже, это файл с данными раздела «Организации», а выбран импорт раздела «Муниципалитеты». Выберите «Организации» и загрузите файл снова.',
      },
    ]);
  });

  it('refuses an empty file, blank lines only and a header without data', async () => {
    expect((await refusal('schools', new Uint8Array())).problems).toEqual([{ row: null, column: null, message: 'Файл пуст.' }]);
    expect((await refusal('schools', csv('', ' ; ;', ''))).problems[0]!.message).toBe('Файл пуст: в нём нет ни одной заполненной строки.');
    const headerOnly = await refusal('schools', csv(SCHOOL_HEADER, ';;;;;'));
    expect(headerOnly).toMatchObject({
      totalRows: 0,
      problems: [{ row: null, column: null, message: expect.stringMatching(/^В файле нет строк с данными/) }],
    });
  });

  it('returns quickly with one problem for 10 MB of random bytes, with or without a ZIP signature', async () => {
    for (const junk of [randomBytes(10 * 1024 * 1024), Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(10 * 1024 * 1024 - 4)])]) {
      const started = performance.now();
      const result = await refusal('schools', junk);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(result.problems).toHaveLength(1);
    }
  });

  it('refuses files over 10 MB, old XLS books and password-protected workbooks', async () => {
    const tooBig = await refusal('municipalities', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41));
    expect(tooBig.problems[0]!.message).toMatch(/^Файл больше 10 МБ/);

    const compoundDocument = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]);
    expect((await refusal('municipalities', compoundDocument, 'Школы.xls')).problems[0]!.message).toMatch(/старого формата \(XLS\)/);
    expect((await refusal('municipalities', compoundDocument, 'Школы.xlsx')).problems[0]!.message).toMatch(/защищена паролем/);
  });

  it('does not read a renamed text file as CSV when its name says it is an Excel book', async () => {
    const renamed = await refusal('municipalities', csv(MUNICIPALITY_HEADER, 'M1;Район;район'), 'Муниципалитеты.xlsx');
    expect(renamed.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Файл назван как книга Excel \(\.xlsx\), но книгой Excel не является/),
    ]);
    expect(renamed.totalRows).toBe(0);
  });

  it('refuses more rows or columns than a directory can have', async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => `M${i};Район ${i};район`);
    const tooMany = await refusal('municipalities', csv(MUNICIPALITY_HEADER, ...rows));
    expect(tooMany.problems[0]!.message).toMatch(/^Слишком много строк: не более 50\s000 строк с данными/);

    const wide = await refusal('municipalities', csv(`${MUNICIPALITY_HEADER}${';x'.repeat(60)}`));
    expect(wide.problems).toEqual([{ row: 1, column: null, message: expect.stringMatching(/больше 50 столбцов/) }]);
  });

  it('points at an opened quote that never closes instead of reading the rest of the file into one cell', async () => {
    const result = await refusal(
      'municipalities',
      csv(
        MUNICIPALITY_HEADER,
        '4304;Куменский район;район',
        '4305;"Малмыжский район;район',
        '4306;Мурашинский муниципальный округ;муниципальный округ',
      ),
    );
    expect(result.problems).toEqual([
      { row: 3, column: null, message: expect.stringMatching(/^В этой строке открыта кавычка, которая не закрывается/) },
    ]);
  });
});

describe('parseDirectoryFile: problems by row and column', () => {
  it('reports each bad cell and keeps only the rows without problems', async () => {
    const result = await parse(
      'municipalities',
      csv(MUNICIPALITY_HEADER, 'A 1;Р;посёлок', '4304;Куменский район;район', `${'X'.repeat(33)};${'Длинное название '.repeat(12)};`),
    );
    expect(result.totalRows).toBe(3);
    expect(result.rows.map((row) => row.code)).toEqual(['4304']);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'Код',
        message: 'Код «A 1» содержит недопустимые символы: можно только буквы, цифры, точку, дефис и подчёркивание, без пробелов.',
      },
      { row: 2, column: 'Наименование', message: 'Слишком короткое значение: нужно не меньше 2 символов.' },
      {
        row: 2,
        column: 'Тип',
        message:
          'Значение «посёлок» не подходит. Укажите одно из значений: «муниципальный район», «муниципальный округ», «городской округ».',
      },
      { row: 4, column: 'Код', message: 'Код не может быть длиннее 32 символов, а здесь 33.' },
      { row: 4, column: 'Наименование', message: 'Слишком длинное значение: не больше 200 символов, а здесь 203.' },
      { row: 4, column: 'Тип', message: 'Обязательное поле не заполнено.' },
    ]);
  });

  it('refuses invalid kinds and localities in every row', async () => {
    const kinds = await refusal('municipalities', csv(MUNICIPALITY_HEADER, '4304;Куменский район;сельсовет', '4312;город Киров;город'));
    expect(kinds.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'Тип'],
      [3, 'Тип'],
    ]);

    const localities = await refusal('schools', csv(SCHOOL_HEADER, '4304003;МКОУ СОШ с. Вожгалы;СОШ с. Вожгалы;4304;пригород;'));
    expect(localities.problems).toEqual([
      { row: 2, column: 'Местность', message: 'Значение «пригород» не подходит. Укажите одно из значений: «городская», «сельская».' },
    ]);
  });

  it('refuses an unknown organisation kind in its row, naming the allowed values', async () => {
    const result = await parse(
      'schools',
      csv(
        `Тип организации;${SCHOOL_HEADER}`,
        'ДОО;4304101;МКДОУ детский сад пгт Кумёны;Д/с пгт Кумёны;4304;городская;',
        'ясли;4304102;МКДОУ ясли с. Вожгалы;Ясли с. Вожгалы;4304;сельская;',
      ),
    );
    expect(result.rows.map((row) => [row.code, row.kind])).toEqual([['4304101', 'preschool']]);
    expect(result.problems).toEqual([
      { row: 3, column: 'Тип', message: 'Значение «ясли» не подходит. Укажите одно из значений: «ОО», «ДОО».' },
    ]);
  });

  it('reports every occurrence of a repeated code, each naming the first row', async () => {
    const result = await refusal(
      'municipalities',
      csv(MUNICIPALITY_HEADER, '4304;Куменский район;район', '4304;Куменский муниципальный район;район', '4304;Кумёны;район'),
    );
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'Код',
        message: 'Код «4304» встречается в файле ещё раз: в строках 3, 4. Значения в столбце «Код» не должны повторяться.',
      },
      { row: 3, column: 'Код', message: 'Код «4304» уже встречается в строке 2. Значения в столбце «Код» не должны повторяться.' },
      { row: 4, column: 'Код', message: 'Код «4304» уже встречается в строке 2. Значения в столбце «Код» не должны повторяться.' },
    ]);
  });

  it('reads the municipality code of a school without checking that it exists', async () => {
    const result = await parse('schools', csv(SCHOOL_HEADER, '9901001;Школа нигде;Школа нигде;NOPE;сельская;'));
    expect(result.problems).toEqual([]);
    expect(result.rows[0]!.municipalityCode).toBe('NOPE');
  });
});
