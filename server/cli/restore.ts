import { systemActor } from '../modules/audit/audit.repo';
import { createBackupService } from '../modules/backup/backup.service';
import { runWithDatabase } from './cli-database';

/**
 * Loads a campaign backup into this installation (which must not have the campaign's region yet):
 *   npm run restore -- <file.ndjson.gz>
 */
const [file] = process.argv.slice(2);
if (!file) {
  console.error('Использование: npm run restore -- <файл.ndjson.gz>');
  process.exit(2);
}

await runWithDatabase(async (database) => {
  const started = Date.now();
  const summary = await createBackupService({ db: database.db }).restoreFile(systemActor, file);
  console.log(
    `Кампания «${summary.title}» загружена за ${((Date.now() - started) / 1000).toFixed(1)} с под номером ${summary.campaignId}: анкет ${summary.counts.response}, ` +
      `школ ${summary.counts.school}. Создано учётных записей сотрудников: ${summary.createdUsers} — они отключены и без пароля; ` +
      'администратор включает их и выдаёт временный пароль на странице пользователей.',
  );
});
