import { useState } from 'react';
import type { FormState, SaveResult, Submission } from '@server/modules/forms/forms.schemas';
import type { SurveyJson } from '@server/modules/methodology/assemble';
import type { RespondentContext } from '@server/modules/respondent/respondent.schemas';
import { Notice } from '../components/ui';
import { api, ApiError } from '../lib/api';
import { formatDateTime, formatDeadline } from '../lib/format';
import { SurveyForm } from '../survey/SurveyForm';

export default function Questionnaire({
  context,
  definition,
  onSessionLost,
}: {
  context: RespondentContext;
  definition: SurveyJson;
  onSessionLost: (error: ApiError) => void;
}) {
  const [form, setForm] = useState<FormState>(context.form);
  const [editable, setEditable] = useState(context.editable);

  const phase = context.campaign.phase;
  return (
    <>
      {form.status === 'submitted' ? (
        <section className="receipt" aria-labelledby="receipt-title">
          <h2 id="receipt-title">Анкета отправлена</h2>
          <dl className="facts">
            <dt>Номер квитанции</dt>
            <dd className="receipt-number">{form.receipt}</dd>
            <dt>Отправлена</dt>
            <dd>{form.submittedAt ? formatDateTime(form.submittedAt, context.campaign.timeZone) : '—'}</dd>
          </dl>
          <p className="muted small">Ответы приняты и больше не изменяются. Ниже — ваша анкета для просмотра и печати.</p>
          <button type="button" className="button primary no-print" onClick={() => window.print()}>
            Распечатать квитанцию и ответы
          </button>
        </section>
      ) : !editable ? (
        <Notice kind="warning">
          {phase === 'scheduled'
            ? `Анкетирование ещё не началось.`
            : `Приём анкет завершён ${formatDeadline(context.campaign.closesAt, context.campaign.timeZone)}. Анкета не была отправлена.`}
        </Notice>
      ) : null}
      <SurveyForm
        key={`${form.status}-${editable}`}
        definition={definition}
        initial={form}
        editable={editable}
        draftKey={`muko:draft:response:${context.responseId}`}
        timeZone={context.campaign.timeZone}
        save={(body) => api<SaveResult>('/api/respondent/answers', { method: 'PUT', body })}
        submit={(body) => api<Submission>('/api/respondent/submit', { method: 'POST', body })}
        reload={async () => (await api<RespondentContext>('/api/respondent/questionnaire')).form}
        onSessionLost={onSessionLost}
        onSubmitted={(state) => {
          setForm(state);
          setEditable(false);
          window.scrollTo(0, 0);
        }}
      />
    </>
  );
}
