import { useState, type ChangeEvent } from 'react';
import { organisationKindAbbreviations, organisationKindLabels } from '@server/modules/directory/directory-labels';
import type { ImportPreview } from '@server/modules/directory/directory.schemas';
import { RegionFilter } from '../../components/RegionFilter';
import { DirectoryTabs } from '../../components/DirectoryTabs';
import { ErrorNotice, Notice } from '../../components/ui';
import { ApiError, withQuery } from '../../lib/api';
import { Link } from '../../lib/router';
import { formatFileSize } from '../../lib/format';
import { useMe } from '../../lib/session';
import { uploadFile } from '../../lib/upload';
import { LateSchoolsOffer } from '../campaigns/CampaignSchools';

type Kind = 'municipalities' | 'schools';
const MAX_BYTES = 10 * 1024 * 1024;

const kindTitles: Record<Kind, string> = { municipalities: 'Муниципалитеты', schools: 'Организации' };
const statusLabels = { create: 'будет добавлена', update: 'будет изменена', unchanged: 'без изменений', error: 'ошибка' } as const;
const statusBadges = { create: 'success', update: 'warning', unchanged: 'neutral', error: 'danger' } as const;

type Stage =
  | { name: 'idle' }
  | { name: 'uploading'; progress: number; action: 'preview' | 'commit' }
  | { name: 'previewed'; preview: ImportPreview }
  | { name: 'committed'; summary: ImportPreview['summary'] };

export default function ImportPage() {
  const me = useMe();
  const [kind, setKind] = useState<Kind>('municipalities');
  const [regionId, setRegionId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const needsRegion = me.role === 'admin' && !regionId;

  const endpoint = (action: 'preview' | 'commit') =>
    withQuery(`/api/directory/import/${action}`, { kind, regionId: regionId || undefined, fileName: file?.name });

  const run = async (action: 'preview' | 'commit', chosen: File) => {
    setError(null);
    setStage({ name: 'uploading', progress: 0, action });
    try {
      if (action === 'preview') {
        const preview = await uploadFile<ImportPreview>(endpoint('preview'), chosen, (progress) =>
          setStage({ name: 'uploading', progress, action }),
        );
        setStage({ name: 'previewed', preview });
      } else {
        const summary = await uploadFile<ImportPreview['summary']>(endpoint('commit'), chosen, (progress) =>
          setStage({ name: 'uploading', progress, action }),
        );
        setStage({ name: 'committed', summary });
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Не удалось загрузить файл.'));
      setStage({ name: 'idle' });
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    setStage({ name: 'idle' });
    setError(null);
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) {
      setError(new ApiError(413, 'too_large', 'Файл больше 10 МБ. Разделите его на части или удалите лишние листы и столбцы.'));
      return;
    }
    void run('preview', chosen);
  };

  const changeKind = (next: Kind) => {
    setKind(next);
    setFile(null);
    setStage({ name: 'idle' });
    setError(null);
  };

  return (
    <section className="page">
      <DirectoryTabs />
      <h1>Импорт справочника</h1>
      <p className="lead">
        Загрузите муниципалитеты, затем образовательные организации (школы и детские сады) — из файла Excel (XLSX) или CSV. Сначала система
        проверит файл и покажет, что изменится; в справочник попадут только проверенные данные — все строки или ни одной.
      </p>

      <div className="filters">
        <RegionFilter value={regionId} onChange={setRegionId} />
      </div>

      <fieldset className="segmented">
        <legend>Что загружаем</legend>
        {(['municipalities', 'schools'] as const).map((value) => (
          <label key={value} className={kind === value ? 'selected' : undefined}>
            <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => changeKind(value)} />
            {kindTitles[value]}
          </label>
        ))}
      </fieldset>

      <div className="card import-step">
        <h2>1. Подготовьте файл по шаблону</h2>
        <p>
          Скачайте шаблон:{' '}
          <a href={withQuery('/api/directory/import/template', { kind, format: 'xlsx' })} download>
            Excel (XLSX)
          </a>
          {' · '}
          <a href={withQuery('/api/directory/import/template', { kind, format: 'csv' })} download>
            CSV
          </a>
          . Подходят файлы CSV в кодировке UTF-8 или Windows-1251 с разделителем «;» или «,» — так сохраняет русский Excel.
        </p>
        {kind === 'schools' ? (
          <p className="muted small">
            В столбце «Код муниципалитета» укажите код из справочника муниципалитетов, в столбце «Тип» — ОО (школа) или ДОО (детский сад).
            Пустой «Тип» или файл без этого столбца: новая организация — ОО, у уже загруженной тип не меняется.
          </p>
        ) : null}
      </div>

      <div className="card import-step">
        <h2>2. Выберите файл</h2>
        {needsRegion ? (
          <Notice kind="warning">Сначала выберите регион.</Notice>
        ) : (
          <div className="file-picker">
            <label className="button ghost">
              Выбрать файл…
              <input
                type="file"
                className="visually-hidden"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={onFile}
                aria-label="Файл для импорта"
              />
            </label>
            <span className="muted">{file ? `${file.name} (${formatFileSize(file.size)})` : 'Файл не выбран'}</span>
          </div>
        )}
        {stage.name === 'uploading' ? (
          <div className="upload-progress" role="status">
            <span>
              {stage.action === 'preview' ? 'Проверка файла' : 'Загрузка в справочник'}… {Math.round(stage.progress * 100)}%
            </span>
            <div className="progress" aria-hidden="true">
              <span style={{ width: `${Math.round(stage.progress * 100)}%` }} />
            </div>
          </div>
        ) : null}
        <ErrorNotice error={error} />
        {error?.code === 'unprocessable' && Array.isArray(error.details) ? (
          <ProblemList problems={error.details as ImportPreview['problems']} />
        ) : null}
      </div>

      {stage.name === 'previewed' ? <PreviewView preview={stage.preview} onCommit={() => file && void run('commit', file)} /> : null}

      {stage.name === 'committed' ? (
        <Notice kind="success">
          Готово: добавлено {stage.summary.create}, изменено {stage.summary.update}, без изменений {stage.summary.unchanged}.{' '}
          <Link to={kind === 'schools' ? '/schools' : '/municipalities'}>
            Открыть {kind === 'schools' ? 'организации' : 'муниципалитеты'}
          </Link>
        </Notice>
      ) : null}
      {stage.name === 'committed' && kind === 'schools' ? <LateSchoolsOffer /> : null}
    </section>
  );
}

function PreviewView({ preview, onCommit }: { preview: ImportPreview; onCommit: () => void }) {
  const { summary } = preview;
  const organisations = preview.kind === 'schools';
  return (
    <div className="card import-step">
      <h2>3. Проверьте и загрузите</h2>
      {/* A file refused before any row was read has no format to speak of (a renamed text file is not «CSV»). */}
      {preview.totalRows > 0 || preview.problems.length === 0 ? (
        <p className="muted small">
          Формат: {preview.format === 'xlsx' ? 'Excel (XLSX)' : `CSV${preview.encoding ? `, ${preview.encoding}` : ''}`} · строк с данными:{' '}
          {preview.totalRows}
        </p>
      ) : null}
      {preview.problems.length > 0 ? (
        <>
          <Notice kind="error">
            Найдено ошибок: {preview.problemCount}
            {preview.problemCount > preview.problems.length ? ` (показаны первые ${preview.problems.length})` : ''}. Исправьте файл и
            выберите его снова — до исправления ничего не загружается.
          </Notice>
          <ProblemList problems={preview.problems} />
        </>
      ) : (
        <Notice kind={preview.canCommit ? 'success' : 'warning'}>
          {preview.canCommit
            ? `Ошибок нет. Будет добавлено: ${summary.create}, изменено: ${summary.update}, без изменений: ${summary.unchanged}.`
            : 'В файле нет строк с данными.'}
        </Notice>
      )}
      {preview.rows.length > 0 ? (
        <details open={preview.problems.length === 0}>
          <summary>Строки файла{preview.rows.length < preview.totalRows ? ` (первые ${preview.rows.length})` : ''}</summary>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Строка
                  </th>
                  <th scope="col">Код</th>
                  <th scope="col">Наименование</th>
                  {organisations ? <th scope="col">Тип</th> : null}
                  <th scope="col">Что будет</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.row}>
                    <td className="num">{row.row}</td>
                    <td className="code">{row.code}</td>
                    <td>{row.name}</td>
                    {organisations ? (
                      <td>
                        {row.organisationKind ? (
                          <abbr title={organisationKindLabels[row.organisationKind]}>
                            {organisationKindAbbreviations[row.organisationKind]}
                          </abbr>
                        ) : null}
                      </td>
                    ) : null}
                    <td>
                      <span className={`badge ${statusBadges[row.status]}`}>{statusLabels[row.status]}</span>
                      {row.changedFields.length ? <small className="secondary-text">{row.changedFields.join(', ')}</small> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      {preview.canCommit ? (
        <div className="form-actions">
          <button type="button" className="button primary" onClick={onCommit}>
            Загрузить в справочник
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ProblemList({ problems }: { problems: ImportPreview['problems'] }) {
  return (
    <div className="table-wrap problems">
      <table>
        <caption className="visually-hidden">Ошибки в файле</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Строка
            </th>
            <th scope="col">Столбец</th>
            <th scope="col">Ошибка</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, index) => (
            <tr key={index}>
              <td className="num">{problem.row ?? '—'}</td>
              <td>{problem.column ?? '—'}</td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
