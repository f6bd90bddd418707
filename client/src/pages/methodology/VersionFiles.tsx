import { useState } from 'react';
import type { DocumentProblemInfo, MethodologyVersionSummary, WorkbookLocationInfo } from '@server/modules/methodology/versions.schemas';
import { api, ApiError, withQuery } from '../../lib/api';
import { uploadFile } from '../../lib/upload';
import { problemPlace } from './problem-place';

// A methodology version as a file: download as JSON or an Excel workbook, upload either back as a draft.

/** «Скачать JSON» and «Скачать XLSX» of a version the user sees. */
export function VersionDownloads({ id }: { id: string }) {
  const base = `/api/methodologies/${encodeURIComponent(id)}`;
  return (
    <span className="actions">
      <a className="button secondary" href={`${base}/document`} download={`${id}.json`}>
        Скачать JSON
      </a>{' '}
      <a className="button secondary" href={`${base}/export.xlsx`} download={`${id}.xlsx`}>
        Скачать XLSX
      </a>
    </span>
  );
}

interface Result {
  version: MethodologyVersionSummary;
  problems: DocumentProblemInfo[];
}

/** A problem of an upload: a workbook's is located by sheet, row and column; a document's by its path. */
type Problem = { message: string; path?: string; location?: WorkbookLocationInfo | null };

/** Where a problem is: a workbook's cell, or the place in `document` (the uploaded JSON; undefined for a workbook). */
function where(problem: Problem, document: unknown): string {
  const location = problem.location;
  if (location) {
    const parts = [`лист «${location.sheet}»`];
    if (location.row !== null) parts.push(`строка ${location.row}`);
    if (location.column !== null) parts.push(`столбец «${location.column}»`);
    return parts.join(', ');
  }
  return problem.path ? problemPlace(document, problem.path) : '';
}

type Outcome =
  | { kind: 'saved'; version: MethodologyVersionSummary }
  | { kind: 'problems'; saved: boolean; message: string; problems: Problem[]; document: unknown };

const isWorkbook = (file: File) => file.name.toLowerCase().endsWith('.xlsx');

async function readJson(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new ApiError(422, 'unprocessable', 'Файл не является документом JSON.', { problems: [] });
  }
}

/** Sends a workbook as it is, or the JSON `document` read from the file. */
async function send(file: File, document: unknown, regionId: number | undefined, into: string | undefined): Promise<Result> {
  if (isWorkbook(file)) return uploadFile<Result>(withQuery('/api/methodologies/import', { regionId, into }), file, () => undefined);
  if (into !== undefined)
    return api<Result>(`/api/methodologies/${encodeURIComponent(into)}/document`, {
      method: 'PUT',
      body: { ...(document as Record<string, unknown>), id: into },
    });
  return api<Result>('/api/methodologies', { method: 'POST', query: { regionId }, body: document });
}

/** Choose a .json or .xlsx file and upload it as a new draft, or into a draft; problems are listed where they are. */
export function VersionUpload({
  regionId,
  into,
  onDone,
}: {
  regionId?: number;
  into?: string;
  onDone: (version?: MethodologyVersionSummary) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function choose(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    let document: unknown;
    try {
      if (!isWorkbook(file)) document = await readJson(file);
      const result = await send(file, document, regionId, into);
      setOutcome({ kind: 'saved', version: result.version });
      onDone(result.version);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = (error.details ?? {}) as { saved?: boolean; version?: MethodologyVersionSummary; problems?: Problem[] };
      setOutcome({ kind: 'problems', saved: details.saved === true, message: error.message, problems: details.problems ?? [], document });
      if (details.saved) onDone(details.version);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="version-upload">
      <label className="button secondary">
        {into ? 'Заменить черновик из файла (JSON или XLSX)…' : 'Загрузить черновик из файла (JSON или XLSX)…'}
        <input
          type="file"
          accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          hidden
          disabled={busy}
          onChange={(event) => {
            void choose(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </label>
      {busy ? <p className="muted">Загрузка…</p> : null}
      {outcome?.kind === 'saved' ? <p className="notice success">Черновик «{outcome.version.id}» сохранён без ошибок.</p> : null}
      {outcome?.kind === 'problems' ? (
        <div className={`notice ${outcome.saved ? 'warning' : 'error'}`} role="alert">
          <p>
            <strong>{outcome.saved ? 'Сохранено с ошибками. ' : 'Не сохранено. '}</strong>
            {outcome.message}
          </p>
          {outcome.problems.length > 0 ? (
            <ul>
              {outcome.problems.map((problem, index) => (
                <li key={index}>
                  {where(problem, outcome.document) ? (
                    <span className="muted" title={problem.path}>
                      {where(problem, outcome.document)}:{' '}
                    </span>
                  ) : null}
                  {problem.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
