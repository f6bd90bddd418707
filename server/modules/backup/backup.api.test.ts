import { createHash, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { auditLog, campaignReminderSchedules, sessions, users } from '../../../db/schema';
import { buildApp, type App } from '../../app';
import { createTestApp, errorOf, testConfig, type TestApp } from '../../test/app';
import { collectedCampaign } from '../../test/campaign-journey';
import { createEmptyTestDatabase } from '../../test/database';
import { createBackupWriter } from './backup-format';

/**
 * The source: a region in its own time zone; a campaign reopened for one district (its own deadline), with
 * automatic reminders and an excluded school, scored twice, reviewed with overrides (one withdrawn) and a
 * confirmation, published, withdrawn and published again.
 */
let source: TestApp;
let campaignId: number;
let backup: Buffer;
/** The target: a fresh installation with nothing but an administrator. */
let target: { app: App; database: DatabaseHandle; headers: Record<string, string> };

beforeAll(async () => {
  // Mail is configured so automatic reminders can be turned on; nothing is sent (no job runs in tests).
  source = await createTestApp({ smtpUrl: 'smtp://127.0.0.1:9', mailFrom: 'МУКО <muko@test.local>', jobPollIntervalMs: 0 });
  ({ campaignId } = await collectedCampaign(source));
  const { kumeny, kirovCity } = source.fixture.municipalities;
  const base = `/api/campaigns/${campaignId}`;
  const zone = await source.request('admin', {
    method: 'PATCH',
    url: `/api/regions/${source.fixture.regions.kirov}`,
    payload: { timeZone: 'Europe/Kirov' },
  });
  expect(zone.statusCode, zone.body).toBe(200);
  const reopened = await source.request('regional', {
    method: 'POST',
    url: `${base}/reopen`,
    payload: { closesAt: new Date(Date.now() + 5 * 86400_000).toISOString(), municipalityIds: [kumeny], reason: 'Школы района не успели' },
  });
  expect(reopened.statusCode, reopened.body).toBe(200);
  const scheduled = await source.request('regional', { method: 'PUT', url: `${base}/reminder-schedule`, payload: { daysBefore: 3 } });
  expect(scheduled.statusCode, scheduled.body).toBe(200);
  const excluded = await source.request('regional', {
    method: 'POST',
    url: `${base}/exclusions`,
    payload: { schoolId: source.fixture.schools.kumenySchool2, reason: 'Школа присоединена к СОШ пгт Кумёны' },
  });
  expect(excluded.statusCode, excluded.body).toBe(200);
  expect((await source.request('regional', { method: 'POST', url: `${base}/close` })).statusCode).toBe(200);
  await source.request('regional', { method: 'POST', url: `${base}/scoring-runs` });
  await source.request('regional', { method: 'POST', url: `${base}/scoring-runs` });
  await source.request('regional', { method: 'PUT', url: `${base}/experts`, payload: { userIds: [source.fixture.users.expert.id] } });
  const explained = await source.request('expert', { method: 'GET', url: `${base}/results/${kumeny}` });
  expect(explained.statusCode, explained.body).toBe(200);
  const detail = explained.json();
  const component = detail.score.mechanisms[0].components[8];
  const overrides = [
    {
      mechanismCode: '1.1',
      target: 'component_points',
      componentCode: component.code,
      value: component.points === 0 ? 2 : 0,
      reason: 'Документ об анализе эффективности мер не опубликован.',
    },
    { mechanismCode: '2.1', target: 'mechanism_level', value: 1, reason: 'Общественное наблюдение организовано только на части ВПР.' },
    { mechanismCode: '2.1', target: 'mechanism_level', value: 2, reason: 'По протоколам наблюдение было на большей части ВПР.' },
  ];
  const ids: number[] = [];
  for (const payload of overrides) {
    const created = await source.request('expert', { method: 'POST', url: `${base}/results/${kumeny}/overrides`, payload });
    expect(created.statusCode, created.body).toBe(201);
    ids.push(created.json().id);
  }
  expect((await source.request('expert', { method: 'DELETE', url: `${base}/overrides/${ids[2]}` })).statusCode).toBe(204);
  await source.request('expert', { method: 'POST', url: `${base}/results/${kumeny}/mechanisms/1.1/confirm` });
  await source.request('expert', { method: 'PUT', url: `${base}/reviews/${kumeny}`, payload: { status: 'approved' } });
  const published = await source.request('regional', {
    method: 'POST',
    url: `${base}/publish`,
    payload: {
      exceptions: { municipalityIds: [kirovCity], reason: 'Эксперт по городу Кирову не назначен; уровни публикуются по расчёту.' },
    },
  });
  expect(published.statusCode, published.body).toBe(200);
  const withdrawn = await source.request('regional', {
    method: 'POST',
    url: `${base}/unpublish`,
    payload: { reason: 'В уровне города Кирова найдена ошибка подсчёта' },
  });
  expect(withdrawn.statusCode, withdrawn.body).toBe(200);
  const republished = await source.request('regional', {
    method: 'POST',
    url: `${base}/publish`,
    payload: { exceptions: { municipalityIds: [kirovCity, kumeny], reason: 'Исправленная публикация: уровни по расчёту.' } },
  });
  expect(republished.statusCode, republished.body).toBe(200);

  // The directory holds a kindergarten (ДОО) too: the backup carries every organisation of the region with its kind.
  const kindergarten = await source.request('regional', {
    method: 'POST',
    url: '/api/schools',
    payload: {
      municipalityId: kirovCity,
      code: 'KIR-D01',
      kind: 'preschool',
      fullName: 'Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 16» города Кирова',
      shortName: 'МБДОУ детский сад № 16',
      locality: 'urban',
    },
  });
  expect(kindergarten.statusCode, kindergarten.body).toBe(201);

  const downloaded = await source.request('regional', { method: 'GET', url: `${base}/backup` });
  expect(downloaded.statusCode, downloaded.body).toBe(200);
  expect(downloaded.headers['content-type']).toBe('application/gzip');
  backup = downloaded.rawPayload;

  const database = await createEmptyTestDatabase();
  const app = await buildApp(testConfig(), database);
  await app.ready();
  const [admin] = await database.db
    .insert(users)
    .values({ email: 'admin@target.test', fullName: 'Администратор установки', role: 'admin', passwordHash: 'x' })
    .returning({ id: users.id });
  const sid = randomUUID();
  await database.db.insert(sessions).values({ id: sid, userId: admin!.id, expiresAt: new Date(Date.now() + 3600_000) });
  target = { app, database, headers: { authorization: `Bearer ${app.jwt.sign({ typ: 'staff', sid }, { expiresIn: 3600 })}` } };
}, 120_000);

afterAll(async () => {
  await target?.app.close();
  await target?.database.close();
  await source?.close();
});

/** The target is another installation: its administrator confirms the source's files (`?acceptForeign=1`) unless told otherwise. */
const restore = (file: Buffer, headers: Record<string, string> = target.headers, query = '?acceptForeign=1', app: App = target.app) =>
  app.inject({
    method: 'POST',
    url: `/api/backup/restore${query}`,
    headers: { ...headers, 'content-type': 'application/gzip' },
    payload: file,
  });
const onTarget = (url: string) => target.app.inject({ method: 'GET', url, headers: target.headers });
const onSource = (url: string, options: Partial<InjectOptions> = {}) => source.request('admin', { method: 'GET', url, ...options });

/** Row counts of every table a restore writes: a refused one must leave them all as they were. */
async function targetFingerprint() {
  const tables = [
    'regions',
    'municipalities',
    'schools',
    'users',
    'campaigns',
    'campaign_municipalities',
    'responses',
    'municipal_forms',
    'scoring_runs',
    'scoring_results',
    'campaign_experts',
    'municipality_reviews',
    'mechanism_confirmations',
    'overrides',
    'campaign_school_exclusions',
    'campaign_reminder_schedules',
    'campaign_publications',
    'campaign_school_progress',
    'campaign_municipality_progress',
    'audit_log',
  ];
  const result = await target.database.db.execute(
    sql.raw(`select ${tables.map((table) => `(select count(*) from ${table})::text`).join(` || ',' || `)} as counts`),
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ counts: string }>;
  return rows[0]!.counts;
}

/** The same document with every database id blanked: ids differ between installations, nothing else may. */
function withoutIds(value: unknown, key = ''): unknown {
  if (/^(id|.*Id)$/.test(key) && (typeof value === 'number' || value === null)) return typeof value;
  if (/Ids$/.test(key) && Array.isArray(value)) return value.length;
  if (key === 'schoolNames') return Object.values(value as Record<string, string>).sort();
  if (Array.isArray(value)) return value.map((item) => withoutIds(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIds(v, k)]));
  return value;
}

const lines = (file: Buffer) => gunzipSync(file).toString('utf8').trimEnd().split('\n');

describe('campaign backup and restore', () => {
  it('exports only the campaigns of the coordinator’s own region, and audits the download', async () => {
    expect((await source.request('regionalTver', { method: 'GET', url: `/api/campaigns/${campaignId}/backup` })).statusCode).toBe(404);
    expect((await source.request('expert', { method: 'GET', url: `/api/campaigns/${campaignId}/backup` })).statusCode).toBe(403);
    const [exported] = await source.database.db.select().from(auditLog).where(eq(auditLog.action, 'backup.exported'));
    expect(exported).toMatchObject({
      entityId: String(campaignId),
      actor: 'regional@fixture.test',
      regionId: source.fixture.regions.kirov,
    });

    const [header, ...rest] = lines(backup).map((line) => JSON.parse(line));
    expect(header).toMatchObject({ type: 'header', format: 'muko-campaign-backup', version: 2, sourceCampaignId: campaignId });
    expect(header.counts).toMatchObject({
      region: 1,
      municipality: 2,
      school: 4,
      campaign: 1,
      response: 9,
      municipal_form: 2,
      scoring_run: 2,
      override: 3,
      confirmation: 1,
      campaign_expert: 1,
      school_exclusion: 1,
      reminder_schedule: 1,
      publication: 2,
    });
    // Anonymous questionnaires and no credentials: no access codes, no password hashes.
    const text = gunzipSync(backup).toString('utf8');
    expect(text).not.toMatch(/code_?hash|password/i);
    expect(
      rest
        .filter((row) => row.type === 'user')
        .map((u) => u.email)
        .sort(),
    ).toEqual(['expert@fixture.test', 'municipal@fixture.test', 'municipalkirovcity@fixture.test', 'regional@fixture.test']);
  });

  it('refuses a malformed, truncated, altered or foreign-version file and leaves the target unchanged', async () => {
    const before = await targetFingerprint();
    const text = gunzipSync(backup).toString('utf8');
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('{"hello": "world"}'), /ожидается сжатый файл/],
      [gzipSync('просто текст\n'), /строка 1: не JSON/],
      [backup.subarray(0, Math.floor(backup.length / 2)), /обрезан/],
      [gzipSync(text.split('\n').slice(0, 12).join('\n') + '\n'), /обрезан: нет завершающей строки/],
      [gzipSync(text.replace('"version":2', '"version":99')), /Версия формата резервной копии 99 не поддерживается/],
      [gzipSync(text.replace('"status":"submitted"', '"status":"in_progress"')), /Контрольная сумма/],
    ];
    for (const [file, message] of cases) {
      const refused = await restore(file);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(errorOf(refused).message).toMatch(message);
    }
    const asJson = await target.app.inject({ method: 'POST', url: '/api/backup/restore', headers: target.headers, payload: { file: 'x' } });
    expect(asJson.statusCode).toBe(400);
    expect(await targetFingerprint()).toBe(before);
  });

  it('refuses a file from another installation until the administrator confirms it, and one edited by hand on its own installation', async () => {
    const before = await targetFingerprint();
    const unconfirmed = await restore(backup, target.headers, '');
    expect(unconfirmed.statusCode, unconfirmed.body).toBe(422);
    expect(errorOf(unconfirmed)).toMatchObject({ code: 'backup_foreign', message: expect.stringMatching(/сделана в другой установке/) });
    expect((await restore(backup, target.headers, '?acceptForeign=0')).statusCode).toBe(422);
    expect((await restore(backup, target.headers, '?acceptForeign=yes')).statusCode).toBe(400);
    expect(await targetFingerprint()).toBe(before);

    // On the installation that signed it, the file is verified whole before anything is written: the region already
    // exists there, so an intact file gets as far as 409, and a hand edit with a recomputed checksum stops at 422.
    const onSourceRestore = (file: Buffer) =>
      source.request('admin', {
        method: 'POST',
        url: '/api/backup/restore',
        headers: { 'content-type': 'application/gzip' },
        payload: file,
      });
    expect((await onSourceRestore(backup)).statusCode).toBe(409);
    const all = lines(backup).map((line) => JSON.parse(line) as Record<string, unknown>);
    const edited = all
      .slice(0, -1)
      .map((row) => (row.type === 'scoring_result' ? { ...row, overallLevel: 0, overallCappedLevel: 0, overallPercent: 1 } : row))
      .map((row) => `${JSON.stringify(row)}\n`)
      .join('');
    const end = { ...all.at(-1), sha256: createHash('sha256').update(edited).digest('hex') };
    const refused = await onSourceRestore(gzipSync(`${edited}${JSON.stringify(end)}\n`));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(errorOf(refused).message).toMatch(/Подпись резервной копии не сходится: файл изменён после выгрузки/);
  });

  it('refuses a backup declaring more rows than RESTORE_MAX_ROWS allows, changing nothing', async () => {
    const limited = await buildApp(testConfig({ restoreMaxRows: 20 }), target.database);
    try {
      await limited.ready();
      const before = await targetFingerprint();
      const refused = await restore(backup, target.headers, '?acceptForeign=1', limited);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(errorOf(refused).message).toMatch(/объявляет \d+ строк — больше предела этой установки \(20, переменная RESTORE_MAX_ROWS\)/);
      expect(await targetFingerprint()).toBe(before);
    } finally {
      await limited.close();
    }
  });

  it('refuses a backup whose mechanism results have no result of their municipality, keeping nothing', async () => {
    const [header, ...rows] = lines(backup)
      .slice(0, -1)
      .map((line) => JSON.parse(line));
    const orphan = rows.find((row) => row.type === 'scoring_result')!;
    const kept = rows.filter((row) => row !== orphan);
    const chunks: Buffer[] = [];
    const out = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    const { type: _type, format: _format, version: _version, ...fields } = header;
    const { installation: _installation, ...unsigned } = fields;
    const writer = createBackupWriter(
      out,
      { ...unsigned, counts: { ...header.counts, scoring_result: header.counts.scoring_result - 1 } },
      'a key of neither installation',
    );
    for (const row of kept) await writer.write(row);
    await writer.finish();
    const before = await targetFingerprint();
    const refused = await restore(Buffer.concat(chunks));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(errorOf(refused).message).toMatch(/результаты механизмов без результата муниципалитета/);
    expect(await targetFingerprint()).toBe(before);
  });

  it('refuses a backup naming a staff member who is here with another role, after writing half of it, and keeps nothing', async () => {
    await target.database.db
      .insert(users)
      .values({ email: 'expert@fixture.test', fullName: 'Эксперт другой установки', role: 'admin', passwordHash: 'x' });
    const before = await targetFingerprint();
    const refused = await restore(backup);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).message).toMatch(/Пользователь expert@fixture.test уже есть в этой установке с другой ролью/);
    // The region, municipalities and schools went in before the users line: the transaction took them back.
    expect(await targetFingerprint()).toBe(before);
    await target.database.db.delete(users).where(eq(users.email, 'expert@fixture.test'));
  });

  it('restores into an empty installation that then shows identical results, progress and answers', async () => {
    const restored = await restore(backup);
    expect(restored.statusCode, restored.body).toBe(201);
    const summary = restored.json();
    expect(summary).toMatchObject({
      title: 'Оценка механизмов — тест результатов',
      createdUsers: 4,
      counts: { response: 9, scoring_result: 4 },
      signature: 'foreign',
    });
    const newId: number = summary.campaignId;

    const campaign = (await onTarget(`/api/campaigns/${newId}`)).json();
    expect(withoutIds(campaign)).toEqual(withoutIds((await onSource(`/api/campaigns/${campaignId}`)).json()));
    expect(campaign).toMatchObject({ state: 'published', regionName: 'Кировская область' });

    const sourceMatrix = (await onSource(`/api/campaigns/${campaignId}/results`)).json();
    const targetMatrix = (await onTarget(`/api/campaigns/${newId}/results`)).json();
    expect(targetMatrix.municipalities.map((m: { name: string }) => m.name)).toEqual(['город Киров', 'Куменский район']);
    expect(withoutIds(targetMatrix)).toEqual(withoutIds(sourceMatrix));

    const sourceKumeny = source.fixture.municipalities.kumeny;
    const targetKumeny = targetMatrix.municipalities.find((m: { name: string }) => m.name === 'Куменский район').municipalityId;
    const sourceDetail = (await onSource(`/api/campaigns/${campaignId}/results/${sourceKumeny}`)).json();
    const targetDetail = (await onTarget(`/api/campaigns/${newId}/results/${targetKumeny}`)).json();
    // Recomputed from the restored answers and checked against the restored run.
    expect(targetDetail.consistent).toBe(true);
    expect(targetDetail.overrides).toHaveLength(3);
    expect(targetDetail.overrides.filter((o: { withdrawnAt: string | null }) => o.withdrawnAt === null)).toHaveLength(1);
    expect(withoutIds(targetDetail)).toEqual(withoutIds(sourceDetail));

    // Field operations: the district's own deadline, the excluded school with its reason, both publications.
    expect(campaign.municipalityDeadlines).toHaveLength(1);
    const publications = (await onTarget(`/api/campaigns/${newId}/publications`)).json();
    expect(publications.map((p: { number: number; withdrawalReason: string | null }) => [p.number, p.withdrawalReason])).toEqual([
      [1, 'В уровне города Кирова найдена ошибка подсчёта'],
      [2, null],
    ]);
    for (const path of [
      'progress',
      `progress/:m`,
      'results/distribution',
      'scoring-runs',
      'experts',
      'publications',
      'schools?municipalityId=:m',
    ]) {
      const sourceBody = (await onSource(`/api/campaigns/${campaignId}/${path.replace(':m', String(sourceKumeny))}`)).json();
      const targetBody = (await onTarget(`/api/campaigns/${newId}/${path.replace(':m', String(targetKumeny))}`)).json();
      expect(withoutIds(targetBody), path).toEqual(withoutIds(sourceBody));
    }
    const schools = (await onTarget(`/api/campaigns/${newId}/schools?municipalityId=${targetKumeny}`)).json();
    expect(schools.filter((s: { status: string }) => s.status === 'excluded')).toHaveLength(1);
    const organisations = (await onTarget(`/api/schools?regionId=${summary.regionId}&pageSize=100`)).json().items;
    expect(organisations.map((s: { code: string; kind: string }) => [s.code, s.kind]).sort()).toEqual(
      (await onSource(`/api/schools?regionId=${source.fixture.regions.kirov}&pageSize=100`))
        .json()
        .items.map((s: { code: string; kind: string }) => [s.code, s.kind])
        .sort(),
    );
    expect(organisations.find((s: { code: string }) => s.code === 'KIR-D01')).toMatchObject({ kind: 'preschool' });
    const region = (await onTarget('/api/regions')).json().find((r: { id: number }) => r.id === summary.regionId);
    expect(region.timeZone).toBe('Europe/Kirov');
    const schedule = async (database: DatabaseHandle, id: number) => {
      const [row] = await database.db.select().from(campaignReminderSchedules).where(eq(campaignReminderSchedules.campaignId, id));
      return row && { daysBefore: row.daysBefore, siteOrigin: row.siteOrigin, updatedAt: row.updatedAt };
    };
    expect(await schedule(target.database, newId)).toEqual(await schedule(source.database, campaignId));
    expect((await schedule(target.database, newId))?.daysBefore).toBe(3);
    const sourceCsv = await onSource(`/api/campaigns/${campaignId}/answers.csv?status=all`);
    const targetCsv = await onTarget(`/api/campaigns/${newId}/answers.csv?status=all`);
    expect(targetCsv.statusCode).toBe(200);
    expect(targetCsv.body.split('\r\n')).toHaveLength(1 + 9 + 1);
    expect(targetCsv.body).toBe(sourceCsv.body);

    // Staff come back as disabled accounts without a way in; the import is in the target's log.
    const restoredUsers = await target.database.db.select().from(users).where(eq(users.email, 'regional@fixture.test'));
    expect(restoredUsers[0]).toMatchObject({ role: 'regional_coordinator', regionId: summary.regionId, passwordChangeRequired: true });
    expect(restoredUsers[0]!.disabledAt).not.toBeNull();
    const login = await target.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'regional@fixture.test', password: 'fixture-pass-1' },
    });
    expect(login.statusCode).toBe(401);
    const [imported] = await target.database.db.select().from(auditLog).where(eq(auditLog.action, 'backup.imported'));
    expect(imported).toMatchObject({ entityId: String(newId), actor: 'admin@target.test', regionId: summary.regionId });
  });

  it('refuses a second import of the same campaign, changing nothing', async () => {
    const before = await targetFingerprint();
    const again = await restore(backup);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).message).toMatch(/Регион с кодом 43 уже есть/);
    expect(await targetFingerprint()).toBe(before);
  });
});
