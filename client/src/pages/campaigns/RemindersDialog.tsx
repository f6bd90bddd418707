import { useId, useState } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { ReminderMessage, ReminderPreview, SendRemindersResult } from '@server/modules/reminders/reminders.schemas';
import { ErrorNotice, Field, Loading, Modal, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

const NO_SMTP =
  'Отправка недоступна: на сервере не настроена почта (переменные SMTP_URL и MAIL_FROM). Скопируйте письма или откройте их в почтовой программе.';

/**
 * «Напомнить отстающим»: every message as it will be sent to the municipal coordinators of lagging districts, to
 * send from the server, or (without a mail server) to copy or open in one's own mail program; and automatic
 * reminders before each district's deadline.
 */
export function RemindersDialog({ campaign, onClose }: { campaign: Campaign; onClose: () => void }) {
  const preview = useApi<ReminderPreview>(`/api/campaigns/${campaign.id}/reminders/preview`);
  const [result, setResult] = useState<SendRemindersResult | null>(null);
  const reasonId = useId();
  const { submit, pending, error } = useSubmit(async () => {
    setResult(await api<SendRemindersResult>(`/api/campaigns/${campaign.id}/reminders`, { method: 'POST', body: {} }));
    preview.reload();
  });
  const data = preview.data;
  const complete = data?.skipped.filter((s) => s.reason === 'complete').length ?? 0;
  const leftOut = data?.skipped.filter((s) => s.reason !== 'complete') ?? [];
  const disabledReason = !data ? null : !data.smtpConfigured ? NO_SMTP : data.messages.length === 0 ? 'Писать некому.' : null;

  return (
    <Modal title="Напомнить отстающим" onClose={onClose}>
      {preview.loading && !data ? <Loading /> : null}
      <ErrorNotice error={preview.error} />
      {data ? (
        <>
          {result ? <SendResult result={result} /> : null}
          <p>
            {data.messages.length
              ? `Писем: ${data.messages.length} — муниципальным координаторам, у которых не отправлены анкеты организаций или муниципальная форма.`
              : 'Напоминать некому.'}
            {complete ? ` Всё отправили: ${complete}.` : ''}
            {data.from ? ` Отправитель: ${data.from}.` : ''}
          </p>
          {leftOut.length ? (
            <Notice kind="warning">
              <ul className="plain-list">
                {leftOut.map((s) => (
                  <li key={s.municipalityId}>
                    {s.municipalityName}: {s.note}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              disabled={pending || disabledReason !== null}
              aria-describedby={disabledReason ? reasonId : undefined}
              onClick={() => void submit()}
            >
              {pending ? 'Отправка…' : `Отправить письма (${data.messages.length})`}
            </button>
          </div>
          {disabledReason ? (
            <p id={reasonId} className="field-hint">
              {disabledReason}
            </p>
          ) : null}
          <ErrorNotice error={error} />
          {data.messages.map((message) => (
            <MessagePreview key={`${message.municipalityId}-${message.to}`} message={message} />
          ))}
          <ScheduleForm campaignId={campaign.id} preview={data} onSaved={preview.reload} />
        </>
      ) : null}
    </Modal>
  );
}

function SendResult({ result }: { result: SendRemindersResult }) {
  return (
    <>
      <Notice kind={result.failed.length ? 'warning' : 'success'}>Отправлено писем: {result.sent.length}.</Notice>
      {result.failed.length ? (
        <Notice kind="error">
          <ul className="plain-list">
            {result.failed.map((f) => (
              <li key={`${f.municipalityId}-${f.to}`}>
                {f.to}: {f.error}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </>
  );
}

function MessagePreview({ message }: { message: ReminderMessage }) {
  const [copied, setCopied] = useState(false);
  const whole = `Кому: ${message.to}\nТема: ${message.subject}\n\n${message.text}`;
  return (
    <article className="card reminder-message" aria-label={`Письмо: ${message.recipientName}`}>
      <h3>
        {message.municipalityName} — {message.recipientName} &lt;{message.to}&gt;
      </h3>
      <p className="small">
        <strong>Тема:</strong> {message.subject}
      </p>
      <pre className="reminder-text">{message.text}</pre>
      <div className="actions-bar">
        <button
          type="button"
          className="button ghost small"
          onClick={() => void navigator.clipboard?.writeText(whole).then(() => setCopied(true))}
        >
          {copied ? 'Скопировано' : 'Скопировать письмо'}
        </button>
        <a className="button ghost small" href={message.mailto}>
          Открыть в почтовой программе
        </a>
      </div>
    </article>
  );
}

/** Automatic reminders N days before each district's deadline, sent by the server on its own. */
function ScheduleForm({ campaignId, preview, onSaved }: { campaignId: number; preview: ReminderPreview; onSaved: () => void }) {
  const current = preview.schedule.daysBefore;
  const [days, setDays] = useState(String(current ?? 3));
  const { submit, pending, error, fieldErrors } = useSubmit(async (daysBefore: number | null) => {
    await api(`/api/campaigns/${campaignId}/reminder-schedule`, { method: 'PUT', body: { daysBefore } });
    onSaved();
  });
  return (
    <section className="reminder-schedule">
      <h3>Автоматические напоминания</h3>
      <p className="small">
        {current
          ? `Включены: за ${current} дн. до срока каждого муниципалитета отстающим уходит такое же письмо — один раз на каждый срок (после продления — снова).`
          : 'Выключены. Включите, чтобы сервер сам писал отстающим за несколько дней до срока; если до срока уже меньше, письма уйдут в течение минуты.'}
      </p>
      {preview.smtpConfigured ? (
        <div className="form-actions">
          <Field
            label="За сколько дней до срока"
            type="number"
            min={1}
            max={60}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={fieldErrors.daysBefore}
          />
          <button type="button" className="button ghost" disabled={pending || !Number(days)} onClick={() => void submit(Number(days))}>
            {current ? 'Сохранить' : 'Включить'}
          </button>
          {current ? (
            <button type="button" className="button ghost" disabled={pending} onClick={() => void submit(null)}>
              Выключить
            </button>
          ) : null}
        </div>
      ) : (
        <p className="field-hint">Без почтового сервера автоматические напоминания отправлять нечем.</p>
      )}
      {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
