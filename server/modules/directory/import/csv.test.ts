import { describe, expect, it } from 'vitest';
import { csvRecords, detectDelimiter } from './csv';

const records = (text: string, delimiter = ';') => [...csvRecords(text, delimiter)];

describe('csvRecords', () => {
  it('reads quoted delimiters, doubled quotes and line breaks, with CRLF, LF or CR line ends', () => {
    expect(records('a;"b;c";"say ""hi"""\r\n"multi\r\nline";x;\n\ny\rz')).toEqual([
      { row: 1, cells: ['a', 'b;c', 'say "hi"'] },
      { row: 2, cells: ['multi\r\nline', 'x', ''] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['y'] },
      { row: 5, cells: ['z'] },
    ]);
  });

  it('keeps quotes inside an unquoted field and text after a closing quote, as Excel does', () => {
    expect(records('МКОУ "СОШ";"МКОУ" СОШ;"";')).toEqual([{ row: 1, cells: ['МКОУ "СОШ"', 'МКОУ СОШ', '', ''] }]);
  });

  it('stops with a problem at the row where a quote is left open', () => {
    expect(records('a;b\nc;"d\ne;f\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { problem: { row: 2, column: null, message: expect.stringMatching(/кавычка/) } },
    ]);
  });

  it('reads nothing from empty text', () => {
    expect(records('')).toEqual([]);
  });
});

describe('detectDelimiter', () => {
  it('counts delimiters on the first non-blank line, outside quotes', () => {
    expect(detectDelimiter('\r\n  \nКод,"Наименование; полное",Тип\na;b;c;d;e\n')).toBe(',');
    expect(detectDelimiter('Код\tНаименование\tТип')).toBe('\t');
    expect(detectDelimiter('Код;Наименование,полное;Тип')).toBe(';');
  });

  it('chooses the semicolon of Russian Excel when nothing decides', () => {
    expect(detectDelimiter('Код')).toBe(';');
    expect(detectDelimiter('Код;Тип,Адрес')).toBe(';');
  });
});
