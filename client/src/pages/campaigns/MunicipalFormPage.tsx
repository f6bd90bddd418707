import { lazy, Suspense, useState } from 'react';
import type { FormState, SaveResult } from '@server/modules/forms/forms.schemas';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import type { MunicipalFormContext } from '@server/modules/municipal-forms/municipal-forms.schemas';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { HelpLink } from '../../components/HelpLink';

const SurveyForm = lazy(() => import('../../survey/SurveyForm').then((module) => ({ default: module.SurveyForm })));

export default function MunicipalFormPage() {
  const { pathname } = useLocation();
  const params = matchPath('/campaigns/:id/municipal-form/:municipalityId', pathname)!;
  const base = `/api/campaigns/${params.id}/municipal-forms/${params.municipalityId}`;
  const context = useApi<MunicipalFormContext>(base);
  const definition = useApi<SurveyJson>(`${base}/definition`);
  const [submitted, setSubmitted] = useState<FormState | null>(null);

  if (context.error || definition.error)
    return (
      <section className="page">
        <ErrorNotice error={context.error ?? definition.error} />
      </section>
    );
  if (!context.data || !definition.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const c = context.data;
  const form = submitted ?? c.form;
  const editable = c.editable && !submitted;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to={`/campaigns/${c.campaign.id}`}>← {c.campaign.title}</Link>
      </p>
      <h1>Муниципальная форма: {c.municipality.name}</h1>
      <HelpLink section="municipal-form" topic="как заполнять муниципальную форму" />
      {form.status === 'submitted' ? (
        <Notice kind="success">
          Форма отправлена {form.submittedAt ? formatDateTime(form.submittedAt, c.campaign.timeZone) : ''}. Номер квитанции:{' '}
          <strong>{form.receipt}</strong>.{' '}
          <button type="button" className="link-button no-print" onClick={() => window.print()}>
            Распечатать
          </button>
        </Notice>
      ) : editable ? (
        <p className="lead">
          Приём до {formatDeadline(c.campaign.closesAt, c.campaign.timeZone)}. Ответы сохраняются автоматически; заполнять можно частями.
        </p>
      ) : (
        <Notice kind="info">Форма открыта для просмотра.</Notice>
      )}
      <Suspense fallback={<Loading label="Загрузка формы…" />}>
        <SurveyForm
          key={`${form.status}-${editable}`}
          definition={definition.data}
          initial={form}
          editable={editable}
          draftKey={`muko:draft:municipal:${c.campaign.id}:${c.municipality.id}`}
          timeZone={c.campaign.timeZone}
          save={(body) => api<SaveResult>(`${base}/answers`, { method: 'PUT', body })}
          submit={(body) => api<FormState>(`${base}/submit`, { method: 'POST', body })}
          reload={async () => (await api<MunicipalFormContext>(base)).form}
          onSubmitted={setSubmitted}
        />
      </Suspense>
    </section>
  );
}
