import type { ImportProblem, ParseResult } from './directory-import.schemas';
import { collectRows, fileProblem, type SheetRead, type SheetRow } from './sheet';

type Delimiter = NonNullable<ParseResult['delimiter']>;
type Encoding = NonNullable<ParseResult['encoding']>;

const SAVE_AS = 'Сохраните таблицу в Excel как «CSV UTF-8» или «Книга Excel (*.xlsx)» и загрузите снова.';
const OLD_EXCEL = `Это книга Excel старого формата (XLS): такие файлы не читаются. ${SAVE_AS}`;
const PROTECTED_XLSX =
  'Книга Excel защищена паролем, поэтому её нельзя прочитать. Снимите пароль в Excel (Файл → Сведения → Защитить книгу) и загрузите файл снова.';
const UTF16 = `Файл сохранён в кодировке UTF-16 («Текст Юникод»): она не поддерживается. ${SAVE_AS}`;
const BINARY = `Файл не похож на таблицу: в нём двоичные данные, а не текст CSV и не книга Excel. ${SAVE_AS}`;
const FAKE_XLSX = `Файл назван как книга Excel (.xlsx), но книгой Excel не является — похоже, у него просто изменено расширение. ${SAVE_AS}`;
const BROKEN_UTF8 = `Файл помечен как UTF-8, но часть символов в нём повреждена. ${SAVE_AS}`;
const UNCLOSED_QUOTE =
  'В этой строке открыта кавычка, которая не закрывается до конца файла, поэтому строки ниже прочитать нельзя. Проверьте кавычки в строке или сохраните файл из Excel заново.';

/** A compound document: an old .xls, or a password-protected .xlsx (encrypted workbooks are stored this way). */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function looksLikeUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  // Without a BOM: digits, Latin letters, delimiters and line breaks have a zero byte every other position.
  const sample = bytes.subarray(0, 1024);
  const zeros = [0, 0];
  sample.forEach((byte, index) => {
    if (byte === 0) zeros[index % 2]!++;
  });
  return sample.length >= 8 && Math.max(...zeros) >= sample.length * 0.15;
}

/** Text saved by a spreadsheet has no NUL bytes and almost no control characters besides tab and line breaks. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) control++;
  }
  return control > sample.length / 100;
}

function nonTextProblem(bytes: Uint8Array, fileName: string | undefined): string | null {
  if (OLE_SIGNATURE.every((byte, index) => bytes[index] === byte)) return /\.xls[xm]$/i.test(fileName ?? '') ? PROTECTED_XLSX : OLD_EXCEL;
  // Named as an Excel book but not one (a real .xlsx is a ZIP archive and never reaches the CSV reader).
  if (/\.xls[xm]$/i.test(fileName ?? '')) return FAKE_XLSX;
  if (looksLikeUtf16(bytes)) return UTF16;
  if (looksBinary(bytes)) return BINARY;
  return null;
}

/** UTF-8 when the bytes are valid UTF-8 (the decoder drops a BOM); otherwise Windows-1251, as Russian Excel saves CSV. */
function decode(bytes: Uint8Array): { text: string; encoding: Encoding } | { problem: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (hasBom) return { problem: BROKEN_UTF8 };
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** The delimiter used most in the first non-blank line outside quotes; «;» on a tie, as Russian Excel writes. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  let hasContent = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') {
      if (hasContent) break;
    } else if (ch === ';' || ch === ',' || ch === '\t') counts[ch]++;
    if (ch.trim() !== '') hasContent = true;
  }
  return (Object.keys(counts) as Delimiter[]).reduce((best, next) => (counts[next] > counts[best] ? next : best));
}

function fieldEnd(text: string, from: number, delimiter: string): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === delimiter || ch === '\n' || ch === '\r') return i;
  }
  return text.length;
}

/**
 * RFC 4180 records, lazily: a field that starts with a quote may hold delimiters, line breaks and doubled quotes.
 * A record spanning several lines is one spreadsheet row, as Excel shows it. A quote left open would swallow the
 * rest of the file into one cell, so it ends the records with a problem at its row.
 */
export function* csvRecords(text: string, delimiter: string): Generator<SheetRow | { problem: ImportProblem }> {
  let row = 1;
  let cells: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    let start = i;
    if (text[i] === '"') {
      for (let from = i + 1; ;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          yield { problem: fileProblem(UNCLOSED_QUOTE, row) };
          return;
        }
        value += text.slice(from, quote);
        if (text[quote + 1] !== '"') {
          start = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
    }
    // Text after a closing quote is kept as it stands, as Excel does.
    i = fieldEnd(text, start, delimiter);
    cells.push(value + text.slice(start, i));
    if (text[i] === delimiter) {
      i++;
      if (i < text.length) continue;
      cells.push('');
    } else {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    }
    yield { row, cells };
    row++;
    cells = [];
  }
}

/** A CSV file; the name only tells an encrypted workbook from an old one, as both look the same inside. */
export function readCsv(bytes: Uint8Array, fileName?: string): SheetRead {
  const refusal = nonTextProblem(bytes, fileName);
  if (refusal) return { problem: fileProblem(refusal) };
  const decoded = decode(bytes);
  if ('problem' in decoded) return { problem: fileProblem(decoded.problem) };
  const delimiter = detectDelimiter(decoded.text);
  const collected = collectRows(csvRecords(decoded.text, delimiter));
  return 'problem' in collected ? collected : { rows: collected.rows, encoding: decoded.encoding, delimiter };
}
