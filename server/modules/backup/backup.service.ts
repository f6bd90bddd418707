import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../../db/client';
import { AppError, notFound, unprocessable } from '../../errors';
import { isForeignKeyViolation, isUniqueViolation } from '../../lib/pg-errors';
import { toIsoOrNull } from '../../lib/sql';
import { payloadTooLargeMessage } from '../../plugins/errors';
import { recordAudit } from '../audit/audit.repo';
import type { CampaignsService } from '../campaigns/campaigns.service';
import { generateSecret, getOrCreateSetting } from '../../lib/settings';
import { createBackupWriter, readBackup, type BackupCounts } from './backup-format';
import { importBackup } from './backup-import';
import * as repo from './backup.repo';
import type { BackupHeader, RestoreSummary } from './backup.schemas';
import type { AuditActor, StaffPrincipal } from '../../lib/principal';

export const APP_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Uploads are spooled to disk, not memory; 2 GB is far beyond a national campaign (260 MB before compression). */
export const RESTORE_MAX_BYTES = 2 * 1024 * 1024 * 1024;

const iso = (date: Date) => date.toISOString();

type Handle = { path: string; cleanup: () => Promise<void> };

async function tempFile(name: string): Promise<Handle> {
  const dir = await mkdtemp(join(tmpdir(), 'muko-backup-'));
  return { path: join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The most rows a restore may create unless `RESTORE_MAX_ROWS` says otherwise: a national campaign has about 0.3 million. */
export const DEFAULT_RESTORE_MAX_ROWS = 2_000_000;

export interface RestoreOptions {
  /** The administrator confirmed a file from another installation (or an unsigned one of format version 1). */
  acceptForeign?: boolean;
}

/**
 * The installation's backup signing key, shared by every instance through the settings table. Read (or made) once at
 * start, so that no request — least of all a refused restore — writes a setting.
 */
export const loadBackupSigningKey = (db: Database) => getOrCreateSetting(db, 'backup_signing_key', generateSecret);

export function createBackupService({
  db,
  signingKey,
  maxRows = DEFAULT_RESTORE_MAX_ROWS,
}: {
  db: Database;
  signingKey: string;
  maxRows?: number;
}) {
  /**
   * Writes one campaign as a backup into `out`, from one consistent snapshot (repeatable read), so a campaign
   * still receiving answers exports as of one moment and the header's counts match its lines.
   */
  async function exportCampaign(campaignId: number, out: Writable): Promise<BackupCounts> {
    try {
      return await snapshotExport(campaignId, out);
    } catch (error) {
      // Whatever failed, the destination is closed (no file left open) and the caller sees the first error.
      out.destroy();
      throw error;
    }
  }

  async function snapshotExport(campaignId: number, out: Writable): Promise<BackupCounts> {
    const key = signingKey;
    return db.transaction(
      async (tx) => {
        const campaign = await repo.campaignRow(tx, campaignId);
        if (!campaign) throw notFound('Кампания не найдена.');
        const region = await repo.regionRow(tx, campaign.regionId);
        const municipalities = await repo.regionMunicipalities(tx, campaign.regionId);
        const staff = await repo.referencedUsers(tx, campaignId);
        const review = await repo.campaignReviewTables(tx, campaignId);
        const field = await repo.campaignFieldTables(tx, campaignId);
        const counts = await repo.campaignCounts(tx, campaignId, campaign.regionId);
        const header: Omit<BackupHeader, 'type' | 'format' | 'version'> = {
          appVersion: APP_VERSION,
          createdAt: new Date().toISOString(),
          sourceCampaignId: campaignId,
          counts: {
            region: 1,
            municipality: municipalities.length,
            school: counts.schools,
            user: staff.length,
            campaign: 1,
            school_exclusion: field.exclusions.length,
            reminder_schedule: field.schedule ? 1 : 0,
            response: counts.responses,
            municipal_form: counts.municipalForms,
            scoring_run: review.runs.length,
            scoring_result: counts.scoringResults,
            mechanism_result: counts.mechanismResults,
            campaign_expert: review.experts.length,
            review: review.reviews.length,
            confirmation: review.confirmations.length,
            override: review.overrides.length,
            publication: field.publications.length,
          },
        };
        const writer = createBackupWriter(out, header, key);
        await writer.write({ type: 'region', ...region });
        for (const m of municipalities) await writer.write({ type: 'municipality', ...m });
        for await (const batch of repo.regionSchools(tx, campaign.regionId))
          for (const s of batch) await writer.write({ type: 'school', ...s });
        for (const u of staff) await writer.write({ type: 'user', ...u });
        await writer.write({
          type: 'campaign',
          id: campaign.id,
          title: campaign.title,
          year: campaign.year,
          methodologyId: campaign.methodologyId,
          mechanismCodes: campaign.mechanismCodes,
          municipalityIds: campaign.municipalityIds,
          opensAt: iso(campaign.opensAt),
          closesAt: iso(campaign.closesAt),
          state: campaign.state,
          frozenDefinition: campaign.frozenDefinition as Record<string, unknown> | null,
          createdBy: campaign.createdBy,
          createdAt: iso(campaign.createdAt),
          launchedAt: toIsoOrNull(campaign.launchedAt),
          closedAt: toIsoOrNull(campaign.closedAt),
          publishedAt: toIsoOrNull(campaign.publishedAt),
          publishedBy: campaign.publishedBy,
          publicationExceptions: campaign.publicationExceptions ?? null,
          municipalityDeadlines: campaign.municipalityDeadlines.map((m) => ({ ...m, closesAt: iso(m.closesAt) })),
        });
        for (const { campaignId: _c, ...x } of field.exclusions)
          await writer.write({ type: 'school_exclusion', ...x, excludedAt: iso(x.excludedAt) });
        if (field.schedule) {
          const { campaignId: _c, ...schedule } = field.schedule;
          await writer.write({ type: 'reminder_schedule', ...schedule, updatedAt: iso(schedule.updatedAt) });
        }
        for await (const batch of repo.campaignResponses(tx, campaignId)) {
          for (const { id: _id, ...r } of batch)
            await writer.write({ type: 'response', ...r, updatedAt: toIsoOrNull(r.updatedAt), submittedAt: toIsoOrNull(r.submittedAt) });
        }
        for await (const batch of repo.campaignMunicipalForms(tx, campaignId)) {
          for (const { id: _id, ...f } of batch)
            await writer.write({
              type: 'municipal_form',
              ...f,
              updatedAt: toIsoOrNull(f.updatedAt),
              submittedAt: toIsoOrNull(f.submittedAt),
            });
        }
        for (const { campaignId: _c, ...run } of review.runs)
          await writer.write({ type: 'scoring_run', ...run, createdAt: iso(run.createdAt) });
        for (const runId of review.runIds)
          for (const r of await repo.runResults(tx, runId)) await writer.write({ type: 'scoring_result', ...r });
        for (const runId of review.runIds)
          for (const r of await repo.runCellRows(tx, runId)) await writer.write({ type: 'mechanism_result', ...r });
        for (const e of review.experts)
          await writer.write({ type: 'campaign_expert', userId: e.userId, assignedBy: e.assignedBy, assignedAt: iso(e.assignedAt) });
        for (const r of review.reviews)
          await writer.write({
            type: 'review',
            municipalityId: r.municipalityId,
            status: r.status,
            updatedBy: r.updatedBy,
            updatedAt: iso(r.updatedAt),
          });
        for (const { campaignId: _c, ...c } of review.confirmations)
          await writer.write({ type: 'confirmation', ...c, confirmedAt: iso(c.confirmedAt) });
        for (const { id: _id, campaignId: _c, ...o } of review.overrides) {
          await writer.write({ type: 'override', ...o, createdAt: iso(o.createdAt), withdrawnAt: toIsoOrNull(o.withdrawnAt) });
        }
        for (const { id: _id, campaignId: _c, scoringRunId, ...p } of field.publications)
          await writer.write({
            type: 'publication',
            ...p,
            runId: scoringRunId,
            publishedAt: iso(p.publishedAt),
            withdrawnAt: toIsoOrNull(p.withdrawnAt),
          });
        await writer.finish();
        return header.counts;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /**
   * Restores a backup read from `open()` (called twice): a first pass proves the whole file intact without
   * touching the database, the second writes it in one transaction under new ids.
   */
  async function restore(actor: AuditActor, open: () => Readable, options: RestoreOptions = {}): Promise<RestoreSummary> {
    const reading = { signingKey, acceptForeign: options.acceptForeign === true, maxRows };
    for await (const _item of readBackup(open(), reading)) {
      // Reading is the check: the generator throws at the first problem.
    }
    try {
      return await db.transaction((tx) => importBackup(tx, actor, readBackup(open(), reading)));
    } catch (error) {
      if (isUniqueViolation(error) || isForeignKeyViolation(error) || (error as { code?: string }).code === '23514') {
        throw unprocessable('Резервная копия противоречит сама себе или данным установки; ничего не загружено.');
      }
      throw error;
    }
  }

  return {
    exportCampaign,
    restore,

    /** Restores a backup file (the CLI). */
    restoreFile(actor: AuditActor, path: string, options: RestoreOptions = {}) {
      return restore(actor, () => createReadStream(path), options);
    },

    /**
     * A campaign's backup for download: written to a temporary file first, so the snapshot transaction lasts as
     * long as the database reads, not as long as a slow connection takes to fetch the file.
     */
    async download(principal: StaffPrincipal, actor: AuditActor, campaigns: CampaignsService, campaignId: number): Promise<Handle> {
      const campaign = await campaigns.get(principal, campaignId);
      const file = await tempFile('backup.ndjson.gz');
      try {
        const counts = await exportCampaign(campaign.id, createWriteStream(file.path));
        await recordAudit(db, actor, {
          action: 'backup.exported',
          entityType: 'campaign',
          entityId: campaign.id,
          regionId: campaign.regionId,
          after: { counts },
        });
        return file;
      } catch (error) {
        await file.cleanup();
        throw error;
      }
    },

    /** An uploaded backup: spooled to a temporary file within the size limit, restored, and removed. */
    async restoreUpload(actor: AuditActor, body: Readable, options: RestoreOptions = {}): Promise<RestoreSummary> {
      const file = await tempFile('upload.ndjson.gz');
      try {
        let bytes = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(
              bytes > RESTORE_MAX_BYTES ? new AppError(413, 'payload_too_large', payloadTooLargeMessage(RESTORE_MAX_BYTES)) : null,
              chunk,
            );
          },
        });
        await pipeline(body, limit, createWriteStream(file.path));
        return await restore(actor, () => createReadStream(file.path), options);
      } finally {
        await file.cleanup();
      }
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
