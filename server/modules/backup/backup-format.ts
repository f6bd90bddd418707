import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError, unprocessable } from '../../errors';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_ROW_TYPES,
  READABLE_FORMAT_VERSIONS,
  backupEndSchema,
  backupHeaderSchema,
  backupRowSchema,
  type BackupEnd,
  type BackupHeader,
  type BackupRow,
  type BackupRowType,
} from './backup.schemas';

/** A frozen definition is the longest line (a few hundred kilobytes); anything far longer is not a backup. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export type BackupCounts = Record<BackupRowType, number>;
export const emptyCounts = (): BackupCounts => Object.fromEntries(BACKUP_ROW_TYPES.map((type) => [type, 0])) as BackupCounts;

/** Waits for room in a stream's buffer, or for its end (a failed destination closes it): no listener outlives the wait. */
function drainedOrClosed(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    const settle = () => {
      stream.off('drain', settle);
      stream.off('close', settle);
      resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
  });
}

/** Names an installation in its backups without revealing its key: a one-way fingerprint. */
export const installationOf = (signingKey: string) =>
  createHash('sha256').update(`muko-backup-installation:${signingKey}`).digest('hex').slice(0, 16);

const signer = (signingKey: string) => createHmac('sha256', `muko-backup-signature:${signingKey}`);

/**
 * Writes a backup into `out` as gzip'ed NDJSON: the header, the rows in the order given, and an end line with the
 * line count, SHA-256 of everything before it and its HMAC under the installation's backup key. Waits for the
 * gzip stream to drain, so memory stays flat.
 */
export function createBackupWriter(
  out: Writable,
  header: Omit<BackupHeader, 'type' | 'format' | 'version' | 'installation'>,
  signingKey: string,
) {
  const gzip = createGzip();
  const done = pipeline(gzip, out);
  const hash = createHash('sha256');
  const hmac = signer(signingKey);
  let lines = 0;
  let failed: Error | undefined;
  done.catch((error: unknown) => (failed = error instanceof Error ? error : new Error('Запись копии прервана', { cause: error })));

  async function writeLine(value: unknown) {
    if (failed) throw failed;
    const line = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
    hash.update(line);
    hmac.update(line);
    lines++;
    if (!gzip.write(line)) await drainedOrClosed(gzip);
  }

  const ready = writeLine({
    type: 'header',
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    ...header,
    installation: installationOf(signingKey),
  });
  return {
    async write(row: BackupRow) {
      await ready;
      await writeLine(row);
    },
    async finish() {
      await ready;
      gzip.end(`${JSON.stringify({ type: 'end', lines, sha256: hash.digest('hex'), hmac: hmac.digest('hex') })}\n`);
      await done;
    },
  };
}

/** A refusal that names the line, so a damaged file can be looked at. */
function badLine(lineNumber: number, message: string) {
  return unprocessable(`Файл резервной копии повреждён или не подходит: строка ${lineNumber}: ${message}`);
}

/** Lines of a gzip'ed stream as raw bytes (the checksum is over bytes), refusing what cannot be a backup. */
async function* gunzippedLines(source: Readable): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        const tail = chunk.subarray(start, newline + 1);
        yield pending.length ? Buffer.concat([...pending, tail]) : tail;
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw unprocessable('Файл резервной копии повреждён или не подходит: слишком длинная строка.');
      }
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_')) {
      throw unprocessable('Файл не является резервной копией кампании (ожидается сжатый файл .ndjson.gz) или обрезан.');
    }
    throw error;
  } finally {
    // A consumer that stops early (a refused line) must not leave the file open.
    source.unpipe(gunzip);
    source.destroy();
  }
  if (pendingBytes) yield Buffer.concat(pending);
}

const rank = (type: BackupRowType | 'header' | 'end') =>
  type === 'header' ? -1 : type === 'end' ? BACKUP_ROW_TYPES.length : BACKUP_ROW_TYPES.indexOf(type);
const singletons = new Set<BackupRowType>(['region', 'campaign', 'reminder_schedule']);

/**
 * Checks that every row refers only to rows before it: the importer can then give new ids in one pass.
 * Returns a Russian description of the first broken reference, or null.
 */
function referenceChecker() {
  const ids = {
    municipality: new Set<number>(),
    school: new Set<number>(),
    user: new Set<number>(),
    run: new Set<number>(),
    campaignMunicipality: new Set<number>(),
    excludedSchool: new Set<number>(),
    publication: new Set<number>(),
  };
  const municipalityCodes = new Set<string>();
  let regionCode = '';
  const missing = (set: Set<number>, value: number | null, what: string) =>
    value !== null && !set.has(value) ? `ссылка на отсутствующий ${what} ${value}` : null;
  const user = (value: number | null) => missing(ids.user, value, 'пользователь');
  const campaignMunicipality = (value: number) => missing(ids.campaignMunicipality, value, 'муниципалитет кампании');
  const run = (value: number) => missing(ids.run, value, 'расчёт');

  return (row: BackupRow): string | null => {
    switch (row.type) {
      case 'region':
        regionCode = row.code;
        return null;
      case 'municipality':
        if (ids.municipality.has(row.id) || municipalityCodes.has(row.code)) return `муниципалитет ${row.code} повторяется`;
        ids.municipality.add(row.id);
        municipalityCodes.add(row.code);
        return null;
      case 'school':
        if (ids.school.has(row.id)) return `школа ${row.id} повторяется`;
        ids.school.add(row.id);
        return missing(ids.municipality, row.municipalityId, 'муниципалитет');
      case 'user': {
        if (ids.user.has(row.id)) return `пользователь ${row.id} повторяется`;
        ids.user.add(row.id);
        const scoped = row.role !== 'admin';
        const municipal = row.role === 'municipal_coordinator';
        if (scoped !== (row.regionCode !== null) || municipal !== (row.municipalityCode !== null))
          return `у пользователя ${row.email} роль не совпадает с территорией`;
        if (municipal && row.regionCode === regionCode && !municipalityCodes.has(row.municipalityCode!))
          return `у пользователя ${row.email} неизвестный муниципалитет`;
        return null;
      }
      case 'campaign':
        for (const id of [...row.municipalityIds, ...(row.publicationExceptions?.municipalityIds ?? [])]) {
          const problem = missing(ids.municipality, id, 'муниципалитет');
          if (problem) return problem;
        }
        row.municipalityIds.forEach((id) => ids.campaignMunicipality.add(id));
        for (const { municipalityId } of row.municipalityDeadlines) {
          const problem = campaignMunicipality(municipalityId);
          if (problem) return problem;
        }
        return user(row.createdBy) ?? user(row.publishedBy);
      case 'school_exclusion':
        if (ids.excludedSchool.has(row.schoolId)) return `исключение школы ${row.schoolId} повторяется`;
        ids.excludedSchool.add(row.schoolId);
        return missing(ids.school, row.schoolId, 'школа') ?? user(row.excludedBy);
      case 'reminder_schedule':
        return user(row.updatedBy);
      case 'response':
        return missing(ids.school, row.schoolId, 'школа') ?? campaignMunicipality(row.municipalityId);
      case 'municipal_form':
        return campaignMunicipality(row.municipalityId) ?? user(row.updatedBy);
      case 'scoring_run':
        if (ids.run.has(row.id)) return `расчёт ${row.id} повторяется`;
        ids.run.add(row.id);
        return user(row.createdBy);
      case 'scoring_result':
      case 'mechanism_result':
        return run(row.runId) ?? campaignMunicipality(row.municipalityId);
      case 'campaign_expert':
        return user(row.userId) ?? user(row.assignedBy);
      case 'review':
        return campaignMunicipality(row.municipalityId) ?? user(row.updatedBy);
      case 'confirmation':
        return campaignMunicipality(row.municipalityId) ?? run(row.runId) ?? user(row.confirmedBy);
      case 'override':
        return campaignMunicipality(row.municipalityId) ?? run(row.runId) ?? user(row.createdBy) ?? user(row.withdrawnBy);
      case 'publication':
        if (ids.publication.has(row.number)) return `публикация ${row.number} повторяется`;
        ids.publication.add(row.number);
        for (const id of row.exceptions?.municipalityIds ?? []) {
          const problem = missing(ids.municipality, id, 'муниципалитет');
          if (problem) return problem;
        }
        return run(row.runId) ?? user(row.publishedBy) ?? user(row.withdrawnBy);
    }
  };
}

function parseJson(line: Buffer, lineNumber: number): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    throw badLine(lineNumber, 'текст не в кодировке UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badLine(lineNumber, 'не JSON.');
  }
}

/** How far a file's origin is proven: by this installation's signature, or only by the administrator's word. */
export type BackupSignature = 'verified' | 'foreign' | 'unsigned';

export type BackupItem = { kind: 'header'; header: BackupHeader; signature: BackupSignature } | { kind: 'row'; row: BackupRow };

export interface ReadBackupOptions {
  /** This installation's backup key: a file it signed must carry a matching HMAC. */
  signingKey: string;
  /** The administrator confirmed a file from another installation, or an unsigned one of format version 1. */
  acceptForeign?: boolean;
  /** The most rows a restore may create (`RESTORE_MAX_ROWS`). */
  maxRows: number;
}

/** A file this installation cannot vouch for: the client offers to load it on explicit confirmation (`acceptForeign`). */
const unconfirmedOrigin = (message: string) => new AppError(422, 'backup_foreign', message);

/**
 * Reads and checks a backup line by line: the header first (format and version), every row against its schema,
 * in dependency order with references only to earlier rows, the counts of the header, and the end line's
 * checksum. The generator finishes only when the whole file is proven intact; a consumer that writes as it reads
 * does so inside a transaction and lets the thrown refusal roll it back.
 */
export async function* readBackup(source: Readable, options: ReadBackupOptions): AsyncGenerator<BackupItem> {
  const hash = createHash('sha256');
  const hmac = signer(options.signingKey);
  let signature: BackupSignature = 'unsigned';
  const counts = emptyCounts();
  const checkReferences = referenceChecker();
  let header: BackupHeader | undefined;
  let end: BackupEnd | undefined;
  let lineNumber = 0;
  let lastRank = -2;

  for await (const line of gunzippedLines(source)) {
    lineNumber++;
    if (end) throw badLine(lineNumber, 'данные после завершающей строки.');
    const value = parseJson(line, lineNumber) as { type?: unknown; format?: unknown; version?: unknown } | null;
    if (!header) {
      if (value?.type !== 'header' || value.format !== BACKUP_FORMAT) throw badLine(lineNumber, 'нет заголовка резервной копии кампании.');
      if (typeof value.version !== 'number' || !READABLE_FORMAT_VERSIONS.includes(value.version)) {
        throw unprocessable(
          `Версия формата резервной копии ${String(value.version)} не поддерживается этой версией платформы (поддерживаются ${READABLE_FORMAT_VERSIONS.join(', ')}).`,
        );
      }
      const parsedHeader = backupHeaderSchema.safeParse(value);
      if (!parsedHeader.success || parsedHeader.data.version >= 2 !== (parsedHeader.data.installation !== undefined))
        throw badLine(lineNumber, 'неверный заголовок.');
      header = parsedHeader.data;
      signature = !header.installation ? 'unsigned' : header.installation === installationOf(options.signingKey) ? 'verified' : 'foreign';
      // Refused at the first line: nothing of an unconfirmed file is read further.
      if (signature === 'unsigned' && !options.acceptForeign)
        throw unconfirmedOrigin(
          `Резервная копия старого формата (версия ${header.version}) не подписана: нельзя проверить, что её не изменили после выгрузки. ` +
            'Загрузите её, только если уверены в источнике, — с явным подтверждением.',
        );
      if (signature === 'foreign' && !options.acceptForeign)
        throw unconfirmedOrigin(
          'Резервная копия сделана в другой установке: её подпись нельзя проверить ключом этой установки. ' +
            'Загрузите её, только если уверены в источнике, — с явным подтверждением.',
        );
      const declared = BACKUP_ROW_TYPES.reduce((sum, type) => sum + header!.counts[type], 0);
      if (declared > options.maxRows)
        throw unprocessable(
          `Резервная копия объявляет ${declared} строк — больше предела этой установки (${options.maxRows}, переменная RESTORE_MAX_ROWS); ничего не загружено.`,
        );
      hash.update(line);
      hmac.update(line);
      yield { kind: 'header', header, signature };
      continue;
    }
    if (value?.type === 'end') {
      const parsedEnd = backupEndSchema.safeParse(value);
      if (!parsedEnd.success) throw badLine(lineNumber, 'неверная завершающая строка.');
      end = parsedEnd.data;
      continue;
    }
    hash.update(line);
    hmac.update(line);
    const parsed = backupRowSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badLine(lineNumber, `${issue?.path.join('.') || 'строка'}: ${issue?.message ?? 'неверные данные'}.`);
    }
    const row = parsed.data;
    const rowRank = rank(row.type);
    if (rowRank < lastRank || (rowRank === lastRank && singletons.has(row.type)))
      throw badLine(lineNumber, 'строки идут не в том порядке.');
    if (lastRank < rank('region') && row.type !== 'region') throw badLine(lineNumber, 'нет строки региона.');
    if (rowRank > rank('campaign') && lastRank < rank('campaign')) throw badLine(lineNumber, 'нет строки кампании.');
    lastRank = rowRank;
    const problem = checkReferences(row);
    if (problem) throw badLine(lineNumber, `${problem}.`);
    // Checked as lines arrive: what a restore creates is bounded by the header (itself bounded by maxRows).
    if (++counts[row.type] > header.counts[row.type])
      throw badLine(lineNumber, `строк вида ${row.type} больше, чем объявлено в заголовке (${header.counts[row.type]}).`);
    yield { kind: 'row', row };
  }

  if (!header) throw unprocessable('Файл резервной копии пуст.');
  if (!end) throw unprocessable('Файл резервной копии обрезан: нет завершающей строки.');
  if (end.lines !== lineNumber - 1 || end.sha256 !== hash.digest('hex'))
    throw unprocessable('Контрольная сумма резервной копии не сходится: файл изменён или повреждён.');
  const wrong = BACKUP_ROW_TYPES.filter((type) => counts[type] !== header.counts[type]);
  if (wrong.length) throw unprocessable(`Число строк в резервной копии не совпадает с заголовком: ${wrong.join(', ')}.`);
  if (counts.campaign !== 1) throw unprocessable('В резервной копии нет кампании.');
  if (signature === 'verified') {
    const expected = hmac.digest();
    if (!end.hmac || !timingSafeEqual(Buffer.from(end.hmac, 'hex'), expected))
      throw unprocessable('Подпись резервной копии не сходится: файл изменён после выгрузки (например, вручную); ничего не загружено.');
  }
}
