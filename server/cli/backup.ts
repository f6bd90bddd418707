import { createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { recordAudit, systemActor } from '../modules/audit/audit.repo';
import { createBackupService, loadBackupSigningKey } from '../modules/backup/backup.service';
import { runWithDatabase } from './cli-database';

/**
 * Writes one campaign to a backup file, without the size and time limits of HTTP:
 *   npm run backup -- <campaignId> <file.ndjson.gz>
 */
const [idArg, file] = process.argv.slice(2);
const campaignId = Number(idArg);
if (!Number.isInteger(campaignId) || campaignId <= 0 || !file) {
  console.error('Использование: npm run backup -- <номер кампании> <файл.ndjson.gz>');
  process.exit(2);
}
if (existsSync(file)) {
  console.error(`Файл ${file} уже есть; укажите другое имя.`);
  process.exit(2);
}

await runWithDatabase(async (database) => {
  const started = Date.now();
  try {
    const counts = await createBackupService({ db: database.db, signingKey: await loadBackupSigningKey(database.db) }).exportCampaign(
      campaignId,
      createWriteStream(file, { flags: 'wx' }),
    );
    await recordAudit(database.db, systemActor, {
      action: 'backup.exported',
      entityType: 'campaign',
      entityId: campaignId,
      after: { counts, file },
    });
    console.log(
      `Кампания ${campaignId} сохранена в ${file} за ${((Date.now() - started) / 1000).toFixed(1)} с: анкет ${counts.response}, школ ${counts.school}, расчётов ${counts.scoring_run}.`,
    );
  } catch (error) {
    // A half-written file must not pass for a backup.
    await rm(file, { force: true });
    throw error;
  }
});
