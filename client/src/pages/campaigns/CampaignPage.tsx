import { useState, type FormEvent } from 'react';
import { responseStatusLabels, type Campaign, type IssuedCodes } from '../../../../server/modules/campaigns/campaigns.schemas';
import type { CampaignProgress } from '../../../../server/modules/progress/progress.schemas';
import { ErrorNotice, Field, Loading, Modal, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime, percentOf } from '../../lib/format';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { CampaignEditor } from './CampaignEditor';
import { IssuedCodesPanel } from './IssuedCodes';
import { PhaseBadge } from './PhaseBadge';

const canManageRole = (role: string) => role === 'admin' || role === 'regional_coordinator';

export function Meter({ part, whole, label }: { part: number; whole: number; label: string }) {
  const percent = percentOf(part, whole);
  return (
    <div className="meter">
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <small>
        {part} из {whole} · {percent}%
      </small>
    </div>
  );
}

export default function CampaignPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const id = Number(matchPath('/campaigns/:id', pathname)?.id);
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const progress = useApi<CampaignProgress>(campaign.data && campaign.data.state !== 'draft' ? `/api/campaigns/${id}/progress` : null);
  const gaps = useApi<Array<{ municipalityId: number; name: string }>>(canManageRole(me.role) && campaign.data ? `/api/campaigns/${id}/coordinator-gaps` : null);
  const [issued, setIssued] = useState<IssuedCodes | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'extend' | 'launch' | 'close' | null>(null);
  const canManage = canManageRole(me.role);

  const refresh = () => {
    campaign.reload();
    progress.reload();
  };

  if (campaign.error) return <section className="page"><ErrorNotice error={campaign.error} /></section>;
  if (!campaign.data) return <section className="page"><Loading /></section>;
  const c = campaign.data;
  const totals = progress.data?.totals;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to="/campaigns">← Кампании</Link>
      </p>
      <div className="page-header">
        <h1>{c.title}</h1>
        <PhaseBadge phase={c.phase} />
      </div>
      <p className="lead">
        {c.regionName} · приём анкет с {formatDateTime(c.opensAt)} до {formatDateTime(c.closesAt)} · механизмов: {c.mechanismCodes.length} ({c.mechanismCodes.join(', ')})
      </p>

      {canManage ? (
        <div className="actions-bar no-print">
          {c.state === 'draft' ? (
            <>
              <button type="button" className="button primary" onClick={() => setDialog('launch')}>Запустить кампанию</button>
              <button type="button" className="button ghost" onClick={() => setDialog('edit')}>Изменить</button>
            </>
          ) : null}
          {c.state === 'open' ? (
            <>
              <button type="button" className="button ghost" onClick={() => setDialog('extend')}>Продлить приём</button>
              <button type="button" className="button ghost" onClick={() => setDialog('close')}>Завершить приём</button>
            </>
          ) : null}
          {c.state !== 'draft' ? (
            <a className="button ghost" href={`/api/campaigns/${id}/progress.xlsx`} download>Выгрузить заполнение (XLSX)</a>
          ) : null}
        </div>
      ) : null}

      {gaps.data && gaps.data.length > 0 && c.state !== 'closed' && c.state !== 'published' ? (
        <Notice kind="warning">
          Нет муниципального координатора: {gaps.data.map((g) => g.name).join(', ')}. Без него некому заполнить муниципальную форму и раздать коды школам —{' '}
          <Link to="/users">создайте учётные записи</Link>.
        </Notice>
      ) : null}
      {issued ? <IssuedCodesPanel issued={issued} onDismiss={() => setIssued(null)} /> : null}

      {c.state === 'draft' ? (
        <p className="empty">Черновик. После запуска анкеты фиксируются, для каждой школы и роли создаётся анкета и выдаются коды доступа.</p>
      ) : null}

      {totals ? (
        <div className="summary-grid">
          <article className="card">
            <p className="muted">Школы с отправленными анкетами</p>
            <p className="big-number">{percentOf(totals.respondingSchools, totals.schools)}%</p>
            <Meter part={totals.respondingSchools} whole={totals.schools} label="Школы с отправленными анкетами" />
          </article>
          <article className="card">
            <p className="muted">Отправленные анкеты</p>
            <p className="big-number">{percentOf(totals.submitted, totals.questionnaires)}%</p>
            <Meter part={totals.submitted} whole={totals.questionnaires} label="Отправленные анкеты" />
            <small className="muted">заполняется: {totals.inProgress} · не начато: {totals.notStarted}</small>
          </article>
          <article className="card">
            <p className="muted">Муниципальные формы</p>
            <p className="big-number">{totals.municipalFormsSubmitted} / {totals.municipalities}</p>
            <Meter part={totals.municipalFormsSubmitted} whole={totals.municipalities} label="Отправленные муниципальные формы" />
          </article>
        </div>
      ) : null}

      {progress.data ? (
        <div className="table-wrap" aria-busy={progress.loading}>
          <table>
            <caption className="visually-hidden">Заполнение по муниципалитетам</caption>
            <thead>
              <tr>
                <th scope="col">Муниципалитет</th>
                <th scope="col">Школы с анкетами</th>
                <th scope="col">Анкеты отправлены</th>
                <th scope="col" className="num">Заполняется</th>
                <th scope="col">Муниципальная форма</th>
              </tr>
            </thead>
            <tbody>
              {progress.data.municipalities.map((m) => (
                <tr key={m.municipalityId}>
                  <td>
                    <Link to={`/campaigns/${id}/municipalities/${m.municipalityId}`}>{m.name}</Link>
                  </td>
                  <td><Meter part={m.respondingSchools} whole={m.schools} label={`${m.name}: школы с анкетами`} /></td>
                  <td><Meter part={m.submitted} whole={m.questionnaires} label={`${m.name}: анкеты`} /></td>
                  <td className="num">{m.inProgress}</td>
                  <td>
                    <Link to={`/campaigns/${id}/municipal-form/${m.municipalityId}`} className={`status-dot ${m.municipalForm}`}>
                      {responseStatusLabels[m.municipalForm]}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {dialog === 'edit' ? <CampaignEditor campaign={c} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); refresh(); }} /> : null}
      {dialog === 'launch' ? (
        <ConfirmDialog
          title="Запустить кампанию?"
          text="Анкеты будут зафиксированы, для каждой школы выбранных муниципалитетов и каждой роли будет создана анкета и выдан код доступа. Коды покажутся один раз — приготовьтесь их скачать."
          action="Запустить"
          run={async () => {
            const result = await api<{ campaign: Campaign; issued: IssuedCodes }>(`/api/campaigns/${id}/launch`, { method: 'POST' });
            setIssued(result.issued);
          }}
          onDone={() => { setDialog(null); refresh(); }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'close' ? (
        <ConfirmDialog
          title="Завершить приём анкет?"
          text="Респонденты больше не смогут сохранять и отправлять анкеты. Отправленные анкеты останутся доступны для просмотра."
          action="Завершить приём"
          run={() => api(`/api/campaigns/${id}/close`, { method: 'POST' })}
          onDone={() => { setDialog(null); refresh(); }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'extend' ? <ExtendDialog campaign={c} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refresh(); }} /> : null}
    </section>
  );
}

function ConfirmDialog({ title, text, action, run, onDone, onClose }: { title: string; text: string; action: string; run: () => Promise<unknown>; onDone: () => void; onClose: () => void }) {
  const { submit, pending, error } = useSubmit(async () => {
    await run();
    onDone();
  });
  return (
    <Modal title={title} onClose={onClose}>
      <p>{text}</p>
      <ErrorNotice error={error} />
      <div className="form-actions">
        <button type="button" className="button primary" disabled={pending} onClick={() => void submit()}>{pending ? 'Выполняется…' : action}</button>
        <button type="button" className="button ghost" onClick={onClose}>Отмена</button>
      </div>
    </Modal>
  );
}

function ExtendDialog({ campaign, onClose, onDone }: { campaign: Campaign; onClose: () => void; onDone: () => void }) {
  const [date, setDate] = useState('');
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaign.id}/extend`, { method: 'POST', body: { closesAt: new Date(`${date}T23:59:59`).toISOString() } });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title="Продлить приём анкет" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <p>Сейчас приём до {formatDateTime(campaign.closesAt)}.</p>
        <Field label="Новая дата окончания" type="date" required value={date} onChange={(e) => setDate(e.target.value)} error={fieldErrors.closesAt} />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={pending || !date}>{pending ? 'Сохранение…' : 'Продлить'}</button>
          <button type="button" className="button ghost" onClick={onClose}>Отмена</button>
        </div>
      </form>
    </Modal>
  );
}
