import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBackupWriter, emptyCounts, readBackup, type BackupItem } from './backup-format';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupRow } from './backup.schemas';

const at = '2026-03-01T09:00:00.000Z';
const rows: BackupRow[] = [
  { type: 'region', id: 7, code: '43', name: 'Кировская область', timeZone: 'Europe/Kirov' },
  { type: 'municipality', id: 11, code: 'KUM', name: 'Куменский район', kind: 'district' },
  {
    type: 'school',
    id: 21,
    municipalityId: 11,
    code: 'KUM-01',
    fullName: 'МКОУ «СОШ пгт Кумёны»',
    shortName: 'МКОУ СОШ пгт Кумёны',
    locality: 'urban',
    address: null,
  },
  {
    type: 'user',
    id: 31,
    email: 'region@example.ru',
    fullName: 'Иванова Анна Петровна',
    role: 'regional_coordinator',
    regionCode: '43',
    municipalityCode: null,
  },
  {
    type: 'campaign',
    id: 41,
    title: 'Оценка 2026',
    year: 2026,
    methodologyId: 'federal-2020',
    mechanismCodes: ['1.1'],
    municipalityIds: [11],
    opensAt: at,
    closesAt: at,
    state: 'closed',
    frozenDefinition: { mechanismCodes: ['1.1'] },
    createdBy: 31,
    createdAt: at,
    launchedAt: at,
    closedAt: at,
    publishedAt: null,
    publishedBy: null,
    publicationExceptions: null,
    municipalityDeadlines: [],
  },
  {
    type: 'response',
    schoolId: 21,
    municipalityId: 11,
    respondentRole: 'director',
    status: 'submitted',
    answers: { q1: 'да', q2: ['а', 'б'] },
    currentPage: 2,
    revision: 3,
    lastSaveId: null,
    updatedAt: at,
    submittedAt: at,
  },
];
const header = {
  appVersion: '0.1.0',
  createdAt: at,
  sourceCampaignId: 41,
  counts: { ...emptyCounts(), region: 1, municipality: 1, school: 1, user: 1, campaign: 1, response: 1 },
};

async function written(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createBackupWriter(out, header);
  for (const row of rows) await writer.write(row);
  await writer.finish();
  return Buffer.concat(chunks);
}

async function read(file: Buffer): Promise<BackupItem[]> {
  const items: BackupItem[] = [];
  for await (const item of readBackup(Readable.from([file]))) items.push(item);
  return items;
}

const linesOf = (file: Buffer) =>
  gunzipSync(file)
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A file of the given lines with a correct end line, as a forger (or a bug) would write it. */
function forged(lines: Array<Record<string, unknown>>): Buffer {
  const body = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  const sha256 = createHash('sha256').update(body).digest('hex');
  return gzipSync(`${body}${JSON.stringify({ type: 'end', lines: lines.length, sha256 })}\n`);
}

const refusal = async (file: Buffer) => {
  const error = await read(file).then(
    () => null,
    (e: unknown) => e as { statusCode: number; message: string },
  );
  expect(error, 'the file must be refused').not.toBeNull();
  expect(error!.statusCode).toBe(422);
  return error!.message;
};

describe('campaign backup line format', () => {
  it('writes a header, one line per row and an end line with count and checksum, and reads them back', async () => {
    const file = await written();
    const lines = linesOf(file);
    expect(lines[0]).toMatchObject({
      type: 'header',
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      appVersion: '0.1.0',
      counts: header.counts,
    });
    expect(lines.slice(1, -1)).toEqual(rows);
    const body = gunzipSync(file)
      .toString('utf8')
      .split('\n')
      .slice(0, -2)
      .map((line) => `${line}\n`)
      .join('');
    expect(lines.at(-1)).toEqual({ type: 'end', lines: rows.length + 1, sha256: createHash('sha256').update(body).digest('hex') });

    const items = await read(file);
    expect(items[0]).toEqual({ kind: 'header', header: lines[0] });
    expect(items.slice(1)).toEqual(rows.map((row) => ({ kind: 'row', row })));
  });

  it('fails instead of hanging when the destination fails mid-way', async () => {
    const out = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('нет места на диске')) });
    const writer = createBackupWriter(out, header);
    const writeMany = async () => {
      // Distinct lines, so gzip's output reaches the destination long before the end.
      for (let i = 0; i < 20_000; i++)
        await writer.write({ ...rows[5]!, answers: { i, text: createHash('sha256').update(String(i)).digest('hex') } } as BackupRow);
      await writer.finish();
    };
    await expect(writeMany()).rejects.toThrow('нет места на диске');
  });

  it('refuses what is not a backup: no gzip, no header, another format version', async () => {
    expect(await refusal(Buffer.from('not a backup'))).toMatch(/ожидается сжатый файл/);
    expect(await refusal(gzipSync('{"hello":1}\n'))).toMatch(/строка 1: нет заголовка/);
    expect(await refusal(gzipSync('\u{1F600} не JSON\n'))).toMatch(/строка 1: не JSON/);
    const lines = linesOf(await written());
    expect(await refusal(forged([{ ...lines[0], version: 99 }, ...lines.slice(1, -1)]))).toMatch(
      /Версия формата резервной копии 99 не поддерживается/,
    );
  });

  it('refuses a truncated or altered file', async () => {
    const file = await written();
    expect(await refusal(file.subarray(0, file.length - 30))).toMatch(/обрезан/);
    const lines = linesOf(file);
    // Cut at a line boundary, compressed again: the gzip is whole but the end line is missing.
    expect(
      await refusal(
        gzipSync(
          lines
            .slice(0, -1)
            .map((l) => `${JSON.stringify(l)}\n`)
            .join(''),
        ),
      ),
    ).toMatch(/нет завершающей строки/);
    const altered = gunzipSync(file).toString('utf8').replace('"q1":"да"', '"q1":"нет"');
    expect(await refusal(gzipSync(altered))).toMatch(/Контрольная сумма/);
    expect(await refusal(gzipSync(`${gunzipSync(file).toString('utf8')}{"type":"region"}\n`))).toMatch(/после завершающей строки/);
  });

  it('refuses rows out of order, broken references, invalid rows and counts that differ from the header', async () => {
    const lines = linesOf(await written());
    const [head, region, municipality, school, user, campaign, response] = lines;
    expect(await refusal(forged([head!, region!, municipality!, school!, { ...municipality!, id: 12, code: 'KIR' }]))).toMatch(
      /строка 5: строки идут не в том порядке/,
    );
    expect(await refusal(forged([head!, region!, municipality!, { ...school!, municipalityId: 99 }]))).toMatch(
      /строка 4: ссылка на отсутствующий муниципалитет 99/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, user!, { ...campaign!, createdBy: 5 }]))).toMatch(
      /отсутствующий пользователь 5/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, { ...user!, municipalityCode: 'KUM' }]))).toMatch(
      /роль не совпадает с территорией/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, user!, campaign!, { ...response!, status: 'lost' }]))).toMatch(
      /строка 7: status/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, user!, campaign!, { ...response!, extra: 1 }]))).toMatch(
      /строка 7/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, user!, campaign!, response!, response!]))).toMatch(
      /не совпадает с заголовком: response/,
    );
    expect(await refusal(forged([head!, region!, region!]))).toMatch(/строка 3: строки идут не в том порядке/);
    expect(await refusal(forged([head!, municipality!]))).toMatch(/нет строки региона/);
  });
});
