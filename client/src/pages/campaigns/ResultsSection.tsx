import { useState, type FormEvent } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { Publication, RunSummary } from '@server/modules/results/results.schemas';
import { DialogActions, ErrorNotice, Field, Modal } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { ExpertsDialog } from './ExpertsDialog';

/** A closed or published campaign's results: the latest scoring run, experts, recalculation, publications. */
export function ResultsSection({ campaign, canManage, onChanged }: { campaign: Campaign; canManage: boolean; onChanged: () => void }) {
  const me = useMe();
  const runs = useApi<RunSummary[]>(
    me.role === 'municipal_coordinator' && campaign.state !== 'published' ? null : `/api/campaigns/${campaign.id}/scoring-runs`,
  );
  const experts = useApi<Array<{ id: number; fullName: string; email: string }>>(
    me.role === 'municipal_coordinator' ? null : `/api/campaigns/${campaign.id}/experts`,
  );
  const [assigning, setAssigning] = useState(false);
  const [unpublishing, setUnpublishing] = useState(false);
  const publications = useApi<Publication[]>(canManage ? `/api/campaigns/${campaign.id}/publications` : null);
  const { submit, pending, error } = useSubmit(async () => {
    await api(`/api/campaigns/${campaign.id}/scoring-runs`, { method: 'POST' });
    runs.reload();
  });
  const latest = runs.data?.[0];
  return (
    <article className="card results-card">
      <h2>Результаты</h2>
      {latest ? (
        <p>
          Последний расчёт № {latest.id} от {formatDateTime(latest.createdAt)}: {latest.inputs.municipalities} муниципалитетов,{' '}
          {latest.inputs.questionnaires} анкет, {latest.inputs.municipalForms} муниципальных форм.{' '}
          <Link to={`/campaigns/${campaign.id}/results`}>Открыть результаты</Link>
        </p>
      ) : runs.data ? (
        <p className="muted">Уровни ещё не рассчитаны.</p>
      ) : null}
      {experts.data ? (
        <p className="small">
          Эксперты: {experts.data.length ? experts.data.map((e) => e.fullName).join(', ') : 'не назначены'}
          {canManage && campaign.state === 'closed' ? (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => setAssigning(true)}>
                назначить
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {canManage && campaign.state === 'closed' ? (
        <div className="actions-bar">
          <button type="button" className="button primary" disabled={pending} onClick={() => void submit()}>
            {pending ? 'Расчёт…' : latest ? 'Рассчитать заново' : 'Рассчитать уровни'}
          </button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
      {canManage && campaign.state === 'published' ? (
        <div className="actions-bar">
          <button type="button" className="button ghost" onClick={() => setUnpublishing(true)}>
            Снять публикацию для исправления
          </button>
        </div>
      ) : null}
      {publications.data?.length ? (
        <details className="small">
          <summary>Публикации: {publications.data.length}</summary>
          <ul className="plain-list">
            {publications.data.map((p) => (
              <li key={p.number}>
                № {p.number} — расчёт № {p.scoringRunId}, {formatDateTime(p.publishedAt)}
                {p.publishedBy ? `, ${p.publishedBy}` : ''}
                {p.withdrawnAt
                  ? `; снята ${formatDateTime(p.withdrawnAt)}${p.withdrawnBy ? ` (${p.withdrawnBy})` : ''}: ${p.withdrawalReason ?? ''}`
                  : ' — действует'}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {unpublishing ? (
        <UnpublishDialog
          campaignId={campaign.id}
          onClose={() => setUnpublishing(false)}
          onDone={() => {
            setUnpublishing(false);
            onChanged();
          }}
        />
      ) : null}
      {assigning ? (
        <ExpertsDialog
          campaign={campaign}
          current={experts.data ?? []}
          onClose={() => setAssigning(false)}
          onDone={() => {
            setAssigning(false);
            experts.reload();
          }}
        />
      ) : null}
    </article>
  );
}

function UnpublishDialog({ campaignId, onClose, onDone }: { campaignId: number; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaignId}/unpublish`, { method: 'POST', body: { reason } });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title="Снять публикацию для исправления" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <p>
          Муниципалитеты перестанут видеть результаты до повторной публикации. Эксперты снова смогут проверять, кампанию можно пересчитать
          или открыть заново. Публикация останется в истории, а повторная получит следующий номер; на опубликованных страницах и в отчётах
          будет написано «исправлено» с этой причиной.
        </p>
        <Field label="Что исправляется" required value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors.reason} />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action="Снять публикацию"
          pendingAction="Сохранение…"
          pending={pending}
          disabled={reason.trim().length < 5}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
