import { useState, type ChangeEvent } from 'react';
import type { RestoreSummary } from '@server/modules/backup/backup.schemas';
import { DialogActions, ErrorNotice, Modal } from '../../components/ui';
import { ApiError } from '../../lib/api';
import { uploadFile } from '../../lib/upload';

/** An administrator loads a campaign backup (.ndjson.gz) into this installation; the server checks the whole file first. */
export function RestoreBackup({ onClose, onRestored }: { onClose: () => void; onRestored: (summary: RestoreSummary) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** The server could not vouch for the file (another installation, or unsigned): its reason, until confirmed. */
  const [unverified, setUnverified] = useState<string | null>(null);

  const restore = async (acceptForeign = false) => {
    if (!file) return;
    setError(null);
    setUnverified(null);
    setProgress(0);
    try {
      onRestored(await uploadFile<RestoreSummary>(`/api/backup/restore${acceptForeign ? '?acceptForeign=1' : ''}`, file, setProgress));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'backup_foreign') setUnverified(failure.message);
      else setError(failure);
      setProgress(null);
    }
  };

  return (
    <Modal title="Загрузить кампанию из резервной копии" onClose={onClose}>
      <p>
        Файл <code>.ndjson.gz</code>, выгруженный на странице кампании или командой <code>npm run backup</code>. Кампания загружается вместе
        со справочником своего региона, поэтому этого региона в установке ещё не должно быть. Файл проверяется целиком: при любой ошибке
        ничего не загружается.
      </p>
      <p className="muted small">
        Сотрудники из резервной копии появятся отключёнными и без пароля — включите нужных и выдайте им временный пароль на странице
        «Пользователи». Коды доступа не переносятся: в открытой кампании перевыпустите их.
      </p>
      <div className="field">
        <label htmlFor="backup-file">Файл резервной копии</label>
        <input
          id="backup-file"
          type="file"
          accept=".gz,application/gzip"
          onChange={(event: ChangeEvent<HTMLInputElement>) => {
            setFile(event.target.files?.[0] ?? null);
            setUnverified(null);
          }}
        />
      </div>
      <ErrorNotice error={error} />
      {unverified && (
        <div className="notice warning" role="alert">
          <p>{unverified}</p>
          <p className="small">
            Загружайте такой файл, только если получили его сами или от того, кому доверяете: установка не может проверить, что в нём ничего
            не изменили.
          </p>
          <button type="button" className="button" disabled={progress !== null} onClick={() => void restore(true)}>
            Я доверяю источнику — загрузить
          </button>
        </div>
      )}
      <DialogActions
        action={
          progress === null ? 'Загрузить' : progress < 1 ? `Передаётся… ${Math.round(progress * 100)}%` : 'Проверяется и загружается…'
        }
        disabled={!file || progress !== null}
        onAction={() => void restore()}
        onCancel={onClose}
      />
    </Modal>
  );
}
