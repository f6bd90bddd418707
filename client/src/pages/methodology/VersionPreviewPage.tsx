import { lazy, Suspense, useState } from 'react';
import type { VersionPreview } from '@server/modules/methodology/preview';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { Reference } from './MethodologyReferenceView';
import { versionLabel } from './version-label';

// SurveyJS is loaded by this page's own chunk only when a questionnaire tab is open.
const SurveyView = lazy(() => import('../../survey/SurveyView').then((module) => ({ default: module.SurveyView })));

const MUNICIPAL_FORM = 'municipal-form';
const RULES = 'rules';

/** A version's questionnaires, municipal form and rules exactly as respondents and experts will see them; nothing is saved. */
export default function VersionPreviewPage() {
  const { pathname } = useLocation();
  const id = matchPath('/methodology/versions/:id/preview', pathname)!.id!;
  const path = `/methodology/versions/${encodeURIComponent(id)}`;
  const preview = useApi<VersionPreview>(`/api/methodologies/${encodeURIComponent(id)}/preview`);
  const [tab, setTab] = useState<string | null>(null);
  const data = preview.data;
  const tabs = data
    ? [
        ...data.questionnaires.map((questionnaire) => ({
          key: questionnaire.role,
          label: questionnaire.label,
          asked: questionnaire.definition !== null,
        })),
        { key: MUNICIPAL_FORM, label: 'Муниципальная форма', asked: true },
        { key: RULES, label: 'Правила оценки', asked: true },
      ]
    : [];
  const current = tab ?? tabs.find((item) => item.asked)?.key ?? RULES;
  const questionnaire = data?.questionnaires.find((item) => item.role === current);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Предпросмотр: {data ? versionLabel(data.version) : id}</h1>
        <Link to={path}>К версии</Link>
      </div>
      <Notice kind="info">
        Так анкеты, муниципальная форма и правила будут выглядеть в кампании по этой версии. Это только просмотр: ответы не вводятся и не
        сохраняются.
      </Notice>
      <ErrorNotice error={preview.error} />
      {preview.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <div className="tabs" role="tablist" aria-label="Что показать">
            {tabs.map((item) => (
              <button
                key={item.key}
                type="button"
                role="tab"
                aria-selected={item.key === current}
                className="tab"
                onClick={() => setTab(item.key)}
              >
                {item.label}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {current === RULES ? (
              <Reference reference={data.reference} />
            ) : current === MUNICIPAL_FORM ? (
              <Suspense fallback={<Loading />}>
                <SurveyView key={MUNICIPAL_FORM} definition={data.municipalForm} answers={{}} withIntroduction />
              </Suspense>
            ) : questionnaire?.definition ? (
              <Suspense fallback={<Loading />}>
                <SurveyView key={questionnaire.role} definition={questionnaire.definition} answers={{}} withIntroduction />
              </Suspense>
            ) : (
              <p className="empty">Этой роли в версии не задано ни одного вопроса: анкеты у неё не будет.</p>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
