import type { Transaction } from '../../../db/client';
import { conflict, unprocessable } from '../../errors';
import type { AuditActor } from '../../lib/principal';
import { recordAudit } from '../audit/audit.repo';
import { rebuildCampaignProgress } from '../campaigns/campaigns.repo';
import { emptyCounts, type BackupSignature, type readBackup } from './backup-format';
import * as repo from './backup.repo';
import type { BackupHeader, BackupRow, BackupRowOf, BackupRowType, RestoreSummary } from './backup.schemas';

// The writing half of a restore: rows of a backup already proven intact, inserted under this installation's ids.
// The service (backup.service.ts) checks the file, opens the transaction and turns constraint errors into a 422.

/** Rows per INSERT while restoring: well under PostgreSQL's 65 535 parameters, a few megabytes of answers. */
const IMPORT_BATCH = 500;
/** A municipal form's answers weigh about 25 KB, ten times a questionnaire's and more: smaller batches. */
const batchSize = (type: BackupRowType) => (type === 'municipal_form' ? 50 : IMPORT_BATCH);

/**
 * Restored staff accounts have no password (this marker never matches a hash) and are disabled: an administrator
 * enables them and issues a temporary password, so a backup never carries a way in.
 */
const NO_PASSWORD = '!restored-without-password';

const dateOrNull = (text: string | null) => (text === null ? null : new Date(text));

/** Writes a checked backup under new ids; runs inside the caller's transaction. */
export async function importBackup(tx: Transaction, actor: AuditActor, items: ReturnType<typeof readBackup>): Promise<RestoreSummary> {
  let header: BackupHeader | undefined;
  let signature: BackupSignature = 'unsigned';
  let regionId = 0;
  let regionCode = '';
  let campaign: { id: number; title: string } | undefined;
  let createdUsers = 0;
  const ids = {
    municipality: new Map<number, number>(),
    school: new Map<number, number>(),
    user: new Map<number, number>(),
    run: new Map<number, number>(),
  };
  const municipalityByCode = new Map<string, number>();
  const idOf = (map: Map<number, number>, source: number) => map.get(source)!;
  const userOf = (source: number | null) => (source === null ? null : idOf(ids.user, source));
  const campaignId = () => campaign!.id;

  async function importUsers(rows: Array<BackupRowOf<'user'>>) {
    const existing = new Map(
      (
        await repo.usersByEmail(
          tx,
          rows.map((r) => r.email),
        )
      ).map((u) => [u.email, u]),
    );
    const fresh: Array<{ source: BackupRowOf<'user'>; regionId: number | null; municipalityId: number | null }> = [];
    for (const row of rows) {
      const found = existing.get(row.email);
      if (found) {
        // The same person on both installations: reused only with the very same role and territory.
        if (found.role !== row.role || found.regionCode !== row.regionCode || found.municipalityCode !== row.municipalityCode) {
          throw conflict(`Пользователь ${row.email} уже есть в этой установке с другой ролью или территорией; ничего не загружено.`);
        }
        ids.user.set(row.id, found.id);
        continue;
      }
      if (row.regionCode === null) {
        fresh.push({ source: row, regionId: null, municipalityId: null });
      } else if (row.regionCode === regionCode) {
        fresh.push({
          source: row,
          regionId,
          municipalityId: row.municipalityCode === null ? null : municipalityByCode.get(row.municipalityCode)!,
        });
      } else {
        // A user moved to another region after acting in this campaign: restorable only where that region exists.
        const otherRegion = await repo.regionIdByCode(tx, row.regionCode);
        const otherMunicipality =
          otherRegion !== null && row.municipalityCode !== null
            ? await repo.municipalityIdByCode(tx, otherRegion, row.municipalityCode)
            : null;
        if (otherRegion === null || (row.municipalityCode !== null && otherMunicipality === null)) {
          throw unprocessable(
            `Пользователь ${row.email} относится к региону с кодом ${row.regionCode}, которого нет в этой установке; ничего не загружено.`,
          );
        }
        fresh.push({ source: row, regionId: otherRegion, municipalityId: otherMunicipality });
      }
    }
    if (!fresh.length) return;
    const inserted = await repo.insertUsers(
      tx,
      fresh.map(({ source, regionId: userRegion, municipalityId }) => ({
        email: source.email,
        fullName: source.fullName,
        role: source.role,
        regionId: userRegion,
        municipalityId,
        passwordHash: NO_PASSWORD,
        passwordChangeRequired: true,
        disabledAt: new Date(),
      })),
    );
    const byEmail = new Map(inserted.map((u) => [u.email, u.id]));
    for (const { source } of fresh) ids.user.set(source.id, byEmail.get(source.email)!);
    createdUsers += fresh.length;
  }

  /** The rows of one type, with the target's ids. */
  async function flush(type: BackupRowType, rows: BackupRow[]) {
    const as = <T extends BackupRowType>() => rows as Array<BackupRowOf<T>>;
    switch (type) {
      case 'region': {
        const [row] = as<'region'>();
        if ((await repo.regionIdByCode(tx, row!.code)) !== null) {
          throw conflict(`Регион с кодом ${row!.code} уже есть в этой установке: резервная копия загружается только в установку без него.`);
        }
        regionId = await repo.insertRegion(tx, { code: row!.code, name: row!.name, timeZone: row!.timeZone });
        regionCode = row!.code;
        return;
      }
      case 'municipality': {
        const inserted = await repo.insertMunicipalities(
          tx,
          as<'municipality'>().map((m) => ({ regionId, code: m.code, name: m.name, kind: m.kind })),
        );
        for (const m of inserted) municipalityByCode.set(m.code, m.id);
        for (const m of as<'municipality'>()) ids.municipality.set(m.id, municipalityByCode.get(m.code)!);
        return;
      }
      case 'school': {
        const source = as<'school'>();
        const inserted = await repo.insertSchools(
          tx,
          source.map(({ type: _t, id: _id, municipalityId, ...s }) => ({
            ...s,
            regionId,
            municipalityId: idOf(ids.municipality, municipalityId),
          })),
        );
        const byCode = new Map(inserted.map((s) => [s.code, s.id]));
        for (const s of source) ids.school.set(s.id, byCode.get(s.code)!);
        return;
      }
      case 'user':
        return importUsers(as<'user'>());
      case 'campaign': {
        const [c] = as<'campaign'>();
        const exceptions = c!.publicationExceptions;
        const id = await repo.insertCampaign(
          tx,
          {
            regionId,
            title: c!.title,
            year: c!.year,
            methodologyId: c!.methodologyId,
            mechanismCodes: c!.mechanismCodes,
            opensAt: new Date(c!.opensAt),
            closesAt: new Date(c!.closesAt),
            state: c!.state,
            frozenDefinition: c!.frozenDefinition,
            createdBy: userOf(c!.createdBy),
            createdAt: new Date(c!.createdAt),
            launchedAt: dateOrNull(c!.launchedAt),
            closedAt: dateOrNull(c!.closedAt),
            publishedAt: dateOrNull(c!.publishedAt),
            publishedBy: userOf(c!.publishedBy),
            publicationExceptions: exceptions && {
              ...exceptions,
              municipalityIds: exceptions.municipalityIds.map((m) => idOf(ids.municipality, m)),
            },
          },
          c!.municipalityIds.map((m) => ({
            municipalityId: idOf(ids.municipality, m),
            closesAt: dateOrNull(c!.municipalityDeadlines.find((d) => d.municipalityId === m)?.closesAt ?? null),
          })),
        );
        campaign = { id, title: c!.title };
        return;
      }
      case 'school_exclusion':
        return repo.insertBatch(
          tx,
          'school_exclusion',
          as<'school_exclusion'>().map((x) => ({
            campaignId: campaignId(),
            schoolId: idOf(ids.school, x.schoolId),
            reason: x.reason,
            excludedAt: new Date(x.excludedAt),
            excludedBy: userOf(x.excludedBy),
          })),
        );
      case 'reminder_schedule':
        return repo.insertBatch(
          tx,
          'reminder_schedule',
          as<'reminder_schedule'>().map(({ type: _t, ...r }) => ({
            ...r,
            campaignId: campaignId(),
            updatedBy: userOf(r.updatedBy),
            updatedAt: new Date(r.updatedAt),
          })),
        );
      case 'response':
        return repo.insertBatch(
          tx,
          'response',
          as<'response'>().map(({ type: _t, ...r }) => ({
            ...r,
            campaignId: campaignId(),
            schoolId: idOf(ids.school, r.schoolId),
            municipalityId: idOf(ids.municipality, r.municipalityId),
            updatedAt: dateOrNull(r.updatedAt),
            submittedAt: dateOrNull(r.submittedAt),
          })),
        );
      case 'municipal_form':
        return repo.insertBatch(
          tx,
          'municipal_form',
          as<'municipal_form'>().map(({ type: _t, ...f }) => ({
            ...f,
            campaignId: campaignId(),
            municipalityId: idOf(ids.municipality, f.municipalityId),
            updatedBy: userOf(f.updatedBy),
            updatedAt: dateOrNull(f.updatedAt),
            submittedAt: dateOrNull(f.submittedAt),
          })),
        );
      case 'scoring_run':
        // One at a time, in the source order: the newest run is the one with the highest id.
        for (const { type: _t, id, ...run } of as<'scoring_run'>()) {
          ids.run.set(
            id,
            await repo.insertScoringRun(tx, {
              ...run,
              campaignId: campaignId(),
              createdBy: userOf(run.createdBy),
              createdAt: new Date(run.createdAt),
            }),
          );
        }
        return;
      case 'scoring_result':
        // Cells come as rows of their own after the results, and join them (repo.appendCells).
        return repo.insertBatch(
          tx,
          'scoring_result',
          as<'scoring_result'>().map(({ type: _t, ...r }) => ({
            ...r,
            runId: idOf(ids.run, r.runId),
            municipalityId: idOf(ids.municipality, r.municipalityId),
            cells: [],
          })),
        );
      case 'mechanism_result': {
        const cells = as<'mechanism_result'>().map(({ type: _t, runId, municipalityId, ...cell }) => ({
          runId: idOf(ids.run, runId),
          municipalityId: idOf(ids.municipality, municipalityId),
          cell,
        }));
        if (!(await repo.appendCells(tx, cells)))
          throw unprocessable(
            'В резервной копии есть результаты механизмов без результата муниципалитета в том же расчёте; ничего не загружено.',
          );
        return;
      }
      case 'campaign_expert':
        return repo.insertBatch(
          tx,
          'campaign_expert',
          as<'campaign_expert'>().map((e) => ({
            campaignId: campaignId(),
            userId: idOf(ids.user, e.userId),
            assignedBy: userOf(e.assignedBy),
            assignedAt: new Date(e.assignedAt),
          })),
        );
      case 'review':
        return repo.insertBatch(
          tx,
          'review',
          as<'review'>().map((r) => ({
            campaignId: campaignId(),
            municipalityId: idOf(ids.municipality, r.municipalityId),
            status: r.status,
            updatedBy: userOf(r.updatedBy),
            updatedAt: new Date(r.updatedAt),
          })),
        );
      case 'confirmation':
        return repo.insertBatch(
          tx,
          'confirmation',
          as<'confirmation'>().map((c) => ({
            campaignId: campaignId(),
            municipalityId: idOf(ids.municipality, c.municipalityId),
            mechanismCode: c.mechanismCode,
            runId: idOf(ids.run, c.runId),
            confirmedBy: idOf(ids.user, c.confirmedBy),
            confirmedAt: new Date(c.confirmedAt),
          })),
        );
      case 'override':
        return repo.insertBatch(
          tx,
          'override',
          as<'override'>().map(({ type: _t, ...o }) => ({
            ...o,
            campaignId: campaignId(),
            municipalityId: idOf(ids.municipality, o.municipalityId),
            runId: idOf(ids.run, o.runId),
            createdBy: idOf(ids.user, o.createdBy),
            createdAt: new Date(o.createdAt),
            withdrawnBy: userOf(o.withdrawnBy),
            withdrawnAt: dateOrNull(o.withdrawnAt),
          })),
        );
      case 'publication':
        return repo.insertBatch(
          tx,
          'publication',
          as<'publication'>().map(({ type: _t, runId, exceptions, ...p }) => ({
            ...p,
            campaignId: campaignId(),
            scoringRunId: idOf(ids.run, runId),
            publishedAt: new Date(p.publishedAt),
            publishedBy: userOf(p.publishedBy),
            exceptions: exceptions && { ...exceptions, municipalityIds: exceptions.municipalityIds.map((m) => idOf(ids.municipality, m)) },
            withdrawnAt: dateOrNull(p.withdrawnAt),
            withdrawnBy: userOf(p.withdrawnBy),
          })),
        );
    }
  }

  let pending: { type: BackupRowType; rows: BackupRow[] } | undefined;
  for await (const item of items) {
    if (item.kind === 'header') {
      ({ header, signature } = item);
      continue;
    }
    // Users arrive together so one query finds those already present; other types go in fixed-size batches.
    if (pending && (pending.type !== item.row.type || (pending.type !== 'user' && pending.rows.length >= batchSize(pending.type)))) {
      await flush(pending.type, pending.rows);
      pending = undefined;
    }
    pending ??= { type: item.row.type, rows: [] };
    pending.rows.push(item.row);
  }
  if (pending) await flush(pending.type, pending.rows);

  // Completion counters are kept by a trigger on status changes, which inserted rows never fire.
  await rebuildCampaignProgress(tx, campaignId());
  const counts = { ...emptyCounts(), ...header!.counts };
  await recordAudit(tx, actor, {
    action: 'backup.imported',
    entityType: 'campaign',
    entityId: campaignId(),
    regionId,
    after: {
      sourceCampaignId: header!.sourceCampaignId,
      appVersion: header!.appVersion,
      createdAt: header!.createdAt,
      counts,
      createdUsers,
      signature,
    },
  });
  return { campaignId: campaignId(), regionId, title: campaign!.title, counts, createdUsers, signature };
}
