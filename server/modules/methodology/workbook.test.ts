import { describe, expect, it } from 'vitest';
import { findMethodology, listMethodologies } from './methodology.repo';
import { exportMethodologyWorkbook, firstDifference, locateProblems, readMethodologyWorkbook } from './workbook';
import { decodeCell, encodeCell, list, number, organisationKind, text, yesNo } from './workbook-cells';
import { documentRows, writeWorkbook } from './workbook-write';

const federal = () => structuredClone(findMethodology('federal-2020')!) as unknown as Record<string, any>;

describe('methodology workbook', () => {
  it('reads every shipped catalogue back to the identical document', async () => {
    for (const methodology of listMethodologies()) {
      const document = structuredClone(methodology) as unknown as Record<string, unknown>;
      const back = await readMethodologyWorkbook(await exportMethodologyWorkbook(document));
      expect(back.problems).toEqual([]);
      expect(back.document).toStrictEqual(document);
    }
  });

  it('puts SurveyJS properties without a column into the JSON column, and values a column cannot carry too', async () => {
    const document = federal();
    const question = document.mechanisms[0].questionnaire.questions[0].question;
    question.isRequired = 'yes';
    question.choices = [{ value: 'a', text: 'A', visibleIf: 'true' }];
    const rows = documentRows(document).get('Вопросы')!.get('')!;
    const extras = JSON.parse(rows[0]!.at(-1) as string);
    expect(extras).toMatchObject({ isRequired: 'yes', choices: question.choices });
    const back = await readMethodologyWorkbook(await writeWorkbook(documentRows(document)));
    expect(back.document).toStrictEqual(document);
  });

  it('refuses what a workbook would change, naming the first such field', async () => {
    const document = federal();
    document.scoring.corroboration.majorityAbove = '0.5';
    await expect(exportMethodologyWorkbook(document)).rejects.toMatchObject({ statusCode: 409 });
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('a[1].b');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeNull();
  });

  it('locates a check problem by its longest located path', async () => {
    const read = await readMethodologyWorkbook(await exportMethodologyWorkbook(federal()));
    const [located, unlocated] = locateProblems(
      [
        { path: 'mechanisms[0].questionnaire.questions[2].scoring.confirming', message: 'x' },
        { path: '(документ)', message: 'y' },
      ],
      read.locations,
    );
    expect(located!.location).toEqual({ sheet: 'Вопросы', row: 4, column: 'Подтверждающие ответы' });
    expect(unlocated!.location).toBeUndefined();
  });

  it('writes and reads cells exactly, and explains a cell it cannot read', () => {
    expect(encodeCell(text, true, '')).toEqual({ cell: undefined, carried: true });
    expect(encodeCell(text, false, '')).toEqual({ cell: undefined, carried: false });
    expect(encodeCell(text, false, 'a\r\nb').carried).toBe(false);
    expect(encodeCell(list, true, ['director', 'teacher']).cell).toBe('director, teacher');
    expect(decodeCell(list, true, undefined)).toEqual({ value: [] });
    expect(decodeCell(list, false, 'a,,b')).toHaveProperty('problem');
    expect(decodeCell(number, false, '0,5')).toEqual({ value: 0.5 });
    expect(decodeCell(number, false, 'половина')).toEqual({ problem: 'Ожидается число, а в ячейке «половина»' });
    expect(encodeCell(organisationKind, false, 'preschool').cell).toBe('ДОО');
    expect(decodeCell(organisationKind, false, ' доо ')).toEqual({ value: 'preschool' });
    expect(decodeCell(organisationKind, false, 'ОО')).toEqual({ value: 'school' });
    expect(decodeCell(organisationKind, false, 'садик')).toEqual({ problem: 'Ожидается «ОО» или «ДОО», а в ячейке «садик»' });
    expect(decodeCell(yesNo, false, 'Да')).toEqual({ value: true });
    expect(decodeCell(yesNo, false, 'может быть')).toHaveProperty('problem');
  });
});
