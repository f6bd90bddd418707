import { systemActor } from '../modules/audit/audit.repo';
import { createBackupService, loadBackupSigningKey } from '../modules/backup/backup.service';
import { runWithDatabase } from './cli-database';

/**
 * Loads a campaign backup into this installation (which must not have the campaign's region yet):
 *   npm run restore -- [--foreign] <file.ndjson.gz>
 * `--foreign` confirms a file signed by another installation (or an unsigned one of format version 1).
 */
const args = process.argv.slice(2);
const acceptForeign = args.includes('--foreign');
const [file, ...extra] = args.filter((arg) => arg !== '--foreign');
if (!file || extra.length || file.startsWith('--')) {
  console.error('Использование: npm run restore -- [--foreign] <файл.ndjson.gz>');
  process.exit(2);
}

await runWithDatabase(async (database, config) => {
  const started = Date.now();
  const summary = await createBackupService({
    db: database.db,
    signingKey: await loadBackupSigningKey(database.db),
    maxRows: config.restoreMaxRows,
  }).restoreFile(systemActor, file, {
    acceptForeign,
  });
  console.log(
    `Кампания «${summary.title}» загружена за ${((Date.now() - started) / 1000).toFixed(1)} с под номером ${summary.campaignId}: анкет ${summary.counts.response}, ` +
      `школ ${summary.counts.school}. Создано учётных записей сотрудников: ${summary.createdUsers} — они отключены и без пароля; ` +
      'администратор включает их и выдаёт временный пароль на странице пользователей.',
  );
});
