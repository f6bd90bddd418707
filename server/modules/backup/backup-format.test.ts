import { createHash } from 'node:crypto';
import { PassThrough, Readable, Writable } from 'node:stream';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBackupWriter, emptyCounts, installationOf, readBackup, type BackupItem, type ReadBackupOptions } from './backup-format';
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
    kind: 'school',
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

/** This installation's backup key, and another installation's. */
const KEY = 'installation-key-of-this-test';
const OTHER_KEY = 'installation-key-of-another-installation';
const options: ReadBackupOptions = { signingKey: KEY, maxRows: 1000 };

async function written(key = KEY): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createBackupWriter(out, header, key);
  for (const row of rows) await writer.write(row);
  await writer.finish();
  return Buffer.concat(chunks);
}

async function read(file: Buffer | Readable, readOptions = options): Promise<BackupItem[]> {
  const items: BackupItem[] = [];
  for await (const item of readBackup(Buffer.isBuffer(file) ? Readable.from([file]) : file, readOptions)) items.push(item);
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

const refusal = async (file: Buffer | Readable, readOptions = options) => {
  const error = await read(file, readOptions).then(
    () => null,
    (e: unknown) => e as { statusCode: number; code: string; message: string },
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
      installation: installationOf(KEY),
    });
    expect(lines.slice(1, -1)).toEqual(rows);
    const body = gunzipSync(file)
      .toString('utf8')
      .split('\n')
      .slice(0, -2)
      .map((line) => `${line}\n`)
      .join('');
    expect(lines.at(-1)).toEqual({
      type: 'end',
      lines: rows.length + 1,
      sha256: createHash('sha256').update(body).digest('hex'),
      hmac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const items = await read(file);
    expect(items[0]).toEqual({ kind: 'header', header: lines[0], signature: 'verified' });
    expect(items.slice(1)).toEqual(rows.map((row) => ({ kind: 'row', row })));
  });

  it('fails instead of hanging when the destination fails mid-way', async () => {
    const out = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error('нет места на диске')) });
    const writer = createBackupWriter(out, header, KEY);
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
      /строка 8: строк вида response больше, чем объявлено в заголовке \(1\)/,
    );
    expect(await refusal(forged([head!, region!, municipality!, school!, user!, campaign!]))).toMatch(
      /не совпадает с заголовком: response/,
    );
    expect(await refusal(forged([head!, region!, region!]))).toMatch(/строка 3: строки идут не в том порядке/);
    expect(await refusal(forged([head!, municipality!]))).toMatch(/нет строки региона/);
  });

  it('refuses a file of this installation edited by hand, even with a recomputed checksum', async () => {
    const lines = linesOf(await written());
    const edited = lines.slice(0, -1).map((line) => (line.type === 'response' ? { ...line, answers: { q1: 'нет' } } : line));
    expect(await refusal(forged(edited))).toMatch(/Подпись резервной копии не сходится: файл изменён после выгрузки/);
    // The very same lines with their signature removed are refused too: a signature is not optional.
    expect(await refusal(forged(lines.slice(0, -1)))).toMatch(/Подпись резервной копии не сходится/);
  });

  it('reads a file of another installation, or an unsigned one of format version 1, only when the administrator confirms it', async () => {
    const foreign = await written(OTHER_KEY);
    const error = await read(foreign).catch((e: unknown) => e as { statusCode: number; code: string; message: string });
    expect(error).toMatchObject({ statusCode: 422, code: 'backup_foreign', message: expect.stringMatching(/сделана в другой установке/) });
    const items = await read(foreign, { ...options, acceptForeign: true });
    expect(items[0]).toMatchObject({ kind: 'header', signature: 'foreign' });
    expect(items).toHaveLength(rows.length + 1);

    // Version 1: no signature, no counts of the row types added since, no time zone, no municipality deadlines.
    const [head, region, ...rest] = linesOf(await written()).slice(0, -1);
    const counts = { ...(head!.counts as Record<string, number>) };
    for (const added of ['school_exclusion', 'reminder_schedule', 'publication']) delete counts[added];
    const { installation: _installation, ...oldHead } = { ...head!, version: 1, counts } as Record<string, unknown>;
    const { timeZone: _zone, ...oldRegion } = region!;
    const old = forged([oldHead, oldRegion, ...rest.map(({ municipalityDeadlines: _d, ...row }) => row)]);
    expect(await refusal(old)).toMatch(/старого формата \(версия 1\) не подписана/);
    const oldItems = await read(old, { ...options, acceptForeign: true });
    expect(oldItems[0]).toMatchObject({ kind: 'header', signature: 'unsigned', header: { counts: { publication: 0 } } });
    expect(oldItems[1]).toEqual({ kind: 'row', row: { ...rows[0], timeZone: 'Europe/Moscow' } });
    expect(oldItems[5]).toEqual({ kind: 'row', row: rows[4] });
  });

  /** A file generated as it is read, counting the lines handed over: a refusal must come long before the end. */
  function lazyFile(head: Record<string, unknown>, body: (i: number) => Record<string, unknown>, total: number) {
    const produced = { lines: 0 };
    function* lines() {
      for (; produced.lines < total; produced.lines++) yield `${JSON.stringify(produced.lines === 0 ? head : body(produced.lines))}\n`;
    }
    return { stream: Readable.from(lines()).pipe(createGzip()), produced };
  }

  it('refuses a file carrying more rows than its header declares at the first extra line, without reading on', async () => {
    const [head, region, municipality, school] = linesOf(await written());
    const many = 200_000;
    const file = lazyFile(
      { ...head, counts: { ...(head!.counts as Record<string, number>), school: 1 } },
      (i) => (i === 1 ? region! : i === 2 ? municipality! : { ...school!, id: i, code: `S-${i}` }),
      many,
    );
    expect(await refusal(file.stream)).toMatch(/строка 5: строк вида school больше, чем объявлено в заголовке \(1\)/);
    expect(file.produced.lines).toBeLessThan(many / 10);
  });

  it('refuses a file whose header declares more rows than the ceiling, at its first line', async () => {
    const [head, region, municipality, school] = linesOf(await written());
    const file = lazyFile(
      { ...head, counts: { ...(head!.counts as Record<string, number>), school: 5000 } },
      (i) => (i === 1 ? region! : i === 2 ? municipality! : { ...school!, id: i, code: `S-${i}` }),
      5003,
    );
    expect(await refusal(file.stream)).toMatch(
      /объявляет 5005 строк — больше предела этой установки \(1000, переменная RESTORE_MAX_ROWS\)/,
    );
    expect(file.produced.lines).toBeLessThan(5000);
    // Within the ceiling, the same declaration is read to its end (and refused only for the missing end line).
    const within = lazyFile(
      { ...head, counts: { ...(head!.counts as Record<string, number>), school: 5000 } },
      (i) => (i === 1 ? region! : i === 2 ? municipality! : { ...school!, id: i, code: `S-${i}` }),
      5003,
    );
    expect(await refusal(within.stream, { ...options, maxRows: 10_000 })).toMatch(/нет завершающей строки/);
    expect(within.produced.lines).toBe(5003);
  });
});
