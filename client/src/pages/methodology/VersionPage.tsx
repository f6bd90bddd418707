import { useEffect, useMemo, useState } from 'react';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { formatPath, isEditable, setIn, type MethodologyDocument, type Path } from './document-edits';
import { EditorProvider, type Editor } from './editor-fields';
import { versionStateBadges, versionStateLabels } from './editor-labels';
import { GeneralSection } from './GeneralSection';
import { MechanismsSection } from './MechanismsSection';
import { ProblemList } from './ProblemList';
import { ScoringSection } from './ScoringSection';
import { useUnsavedGuard } from './use-unsaved-guard';
import { VersionDownloads } from './VersionFiles';
import { ForkDialog, problemsOf, StateDialog, versionPath, type StateAction, type VersionResult } from './version-actions';

type Problems = VersionResult['problems'];

/** The editor of one methodology version; the platform's and published versions are shown read-only. */
export default function VersionPage() {
  const { pathname } = useLocation();
  const id = matchPath('/methodology/versions/:id', pathname)?.id ?? '';
  // A new draft made from this page opens with a fresh state.
  return <VersionEditor key={id} id={id} />;
}

function VersionEditor({ id }: { id: string }) {
  const me = useMe();
  const isAuthor = me.role === 'admin' || me.role === 'regional_coordinator';
  const list = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  const summary = list.data?.find((version) => version.id === id);
  const documentPath = `/api/methodologies/${encodeURIComponent(id)}/document`;
  const stored = useApi<Record<string, unknown>>(documentPath);
  const check = useApi<VersionResult>(isAuthor && summary?.state === 'draft' ? `/api/methodologies/${encodeURIComponent(id)}/check` : null);
  const forkedFrom = summary?.forkedFrom && list.data?.some((v) => v.id === summary.forkedFrom) ? summary.forkedFrom : null;
  const source = useApi<MethodologyDocument>(forkedFrom ? `/api/methodologies/${encodeURIComponent(forkedFrom)}/document` : null);

  const [saved, setSaved] = useState<unknown>(undefined);
  const [draft, setDraft] = useState<unknown>(undefined);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [dialog, setDialog] = useState<'fork' | StateAction | null>(null);
  useEffect(() => {
    if (stored.data === undefined) return;
    setSaved(stored.data);
    setDraft(stored.data);
  }, [stored.data]);
  useEffect(() => {
    if (check.data) setProblems(check.data.problems);
  }, [check.data]);

  const readOnly = !isAuthor || !summary || summary.readOnly;
  const dirty = draft !== saved;
  useUnsavedGuard(dirty && !readOnly);

  const save = useSubmit(async () => {
    try {
      await api<VersionResult>(documentPath, { method: 'PUT', body: draft });
      setProblems([]);
    } catch (error) {
      const found = problemsOf(error);
      if (!found) throw error;
      // With problems the draft is still saved (422 names them).
      setProblems(found);
      if ((error as { details?: { saved?: boolean } }).details?.saved !== true) throw error;
    }
    setSaved(draft);
    list.reload();
  });

  const byPath = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const problem of problems ?? []) map.set(problem.path, [...(map.get(problem.path) ?? []), problem.message]);
    return map;
  }, [problems]);

  if (list.error || stored.error) return <ErrorNotice error={list.error ?? stored.error} />;
  if (!summary || draft === undefined) return <Loading />;

  const editor: Editor | null = isEditable(draft)
    ? {
        document: draft,
        readOnly,
        change: (path: Path, value: unknown) => setDraft((current: unknown) => setIn(current, path, value)),
        update: (edit) => setDraft((current: unknown) => edit(current as MethodologyDocument)),
        problemsAt: (path: Path) => byPath.get(formatPath(path)) ?? [],
        roleLabel: (code: string) => draft.respondentRoles.find((role) => role.code === code)?.label ?? code,
      }
    : null;

  return (
    <section className="page">
      <div className="page-header">
        <h1>{summary.title}</h1>
        <Link to="/methodology/versions">← Все версии</Link>
      </div>
      <p className="lead">
        <span className={`badge ${versionStateBadges[summary.state]}`}>{versionStateLabels[summary.state]}</span> {summary.id} · версия{' '}
        {summary.version}
        {summary.forkedFrom ? ` · создана на основе «${summary.forkedFrom}»` : ''}
      </p>
      <nav className="actions-bar" aria-label="Действия с версией">
        {readOnly ? null : (
          <button type="button" className="button primary" disabled={save.pending || !dirty} onClick={() => void save.submit()}>
            {save.pending ? 'Сохранение…' : dirty ? 'Сохранить' : 'Сохранено'}
          </button>
        )}
        {isAuthor && summary.regionId !== null && summary.state === 'draft' ? (
          <button type="button" className="button ghost" disabled={dirty} onClick={() => setDialog('publish')}>
            Опубликовать
          </button>
        ) : null}
        {isAuthor && summary.regionId !== null && summary.state === 'published' ? (
          <button type="button" className="button ghost" onClick={() => setDialog('retire')}>
            Вывести из употребления
          </button>
        ) : null}
        {isAuthor ? (
          <button type="button" className="button ghost" onClick={() => setDialog('fork')}>
            Создать черновик на основе
          </button>
        ) : null}
        <Link className="button ghost" to={`${versionPath(id)}/preview`}>
          Предпросмотр
        </Link>
        <Link className="button ghost" to={`${versionPath(id)}/diff`}>
          Сравнить
        </Link>
        <Link className="button ghost" to={`${versionPath(id)}/what-if`}>
          Что если…
        </Link>
        <VersionDownloads id={id} />
      </nav>
      {readOnly && isAuthor ? (
        <Notice>
          {summary.regionId === null
            ? 'Версию платформы изменить нельзя: создайте на её основе черновик региона.'
            : 'Опубликованную или выведенную версию изменить нельзя: создайте на её основе черновик.'}
        </Notice>
      ) : null}
      {dirty && !readOnly ? <Notice kind="warning">Есть несохранённые изменения.</Notice> : null}
      <ErrorNotice error={save.error} />
      {problems && problems.length === 0 && !readOnly && !dirty ? (
        <Notice kind="success">Ошибок нет: версию можно опубликовать.</Notice>
      ) : null}
      <ProblemList problems={problems ?? []} document={draft} />
      {editor ? (
        <EditorProvider value={editor}>
          <GeneralSection />
          <MechanismsSection source={source.data} />
          <ScoringSection />
        </EditorProvider>
      ) : (
        <Notice kind="warning">
          Документ устроен так, что его нельзя показать формой. Скачайте JSON, исправьте ошибки из списка и загрузите файл заново.
        </Notice>
      )}
      {dialog === 'fork' ? <ForkDialog version={summary} onClose={() => setDialog(null)} /> : null}
      {dialog === 'publish' || dialog === 'retire' ? (
        <StateDialog
          version={summary}
          action={dialog}
          onClose={() => setDialog(null)}
          onProblems={setProblems}
          onDone={() => {
            setDialog(null);
            list.reload();
          }}
        />
      ) : null}
    </section>
  );
}
