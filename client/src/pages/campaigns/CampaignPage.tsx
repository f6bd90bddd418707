import { useState, type FormEvent } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import { responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import type { Page } from '@server/lib/paging';
import { DASHBOARD_PAGE_SIZE } from '@server/lib/page-sizes';
import type { Publication, RunSummary } from '@server/modules/results/results.schemas';
import type { User } from '@server/modules/users/users.schemas';
import type { Municipality } from '@server/modules/directory/directory.schemas';
import type { CampaignProgress } from '@server/modules/progress/progress.schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DialogActions, ErrorNotice, Field, Loading, Modal, Notice, Pager, SearchBox, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime, formatDeadline, percentOf } from '../../lib/format';
import { zonedTimeToUtc } from '@server/lib/time-zones';
import { Link, matchPath, useLocation, useSearchParams } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';
import { CampaignEditor } from './CampaignEditor';
import { PhaseBadge } from './PhaseBadge';
import { RemindersDialog } from './RemindersDialog';
import { HelpLink } from '../../components/HelpLink';

const orderOptions = [
  { value: 'name', label: 'По алфавиту' },
  { value: 'lagging', label: 'Сначала отстающие' },
];

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
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const order = params.get('order') === 'lagging' ? 'lagging' : 'name';
  const page = Number(params.get('page') ?? 1) || 1;
  const progress = useApi<CampaignProgress>(campaign.data && campaign.data.state !== 'draft' ? `/api/campaigns/${id}/progress` : null, {
    search,
    order,
    page,
    pageSize: DASHBOARD_PAGE_SIZE,
  });
  const gaps = useApi<Array<{ municipalityId: number; name: string }>>(
    canManageRole(me.role) && campaign.data ? `/api/campaigns/${id}/coordinator-gaps` : null,
  );
  const [dialog, setDialog] = useState<'edit' | 'extend' | 'reopen' | 'launch' | 'close' | 'remind' | null>(null);
  const canManage = canManageRole(me.role);

  const refresh = () => {
    campaign.reload();
    progress.reload();
  };

  if (campaign.error)
    return (
      <section className="page">
        <ErrorNotice error={campaign.error} />
      </section>
    );
  if (!campaign.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const c = campaign.data;
  const totals = progress.data?.totals;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to="/campaigns">← Кампании</Link>
      </p>
      <div className="page-header">
        <h1>{c.title}</h1>
        <HelpLink section={me.role === 'municipal_coordinator' ? 'codes' : 'campaign'} topic="как провести кампанию" />
        <PhaseBadge phase={c.phase} />
      </div>
      <p className="lead">
        {c.regionName} · приём анкет с {formatDateTime(c.opensAt, c.timeZone)} до {formatDeadline(c.closesAt, c.timeZone)} · механизмов:{' '}
        {c.mechanismCodes.length} ({c.mechanismCodes.join(', ')})
      </p>
      {c.municipalityDeadlines.length ? (
        <p className="small">
          Продлено для отдельных муниципалитетов:{' '}
          {c.municipalityDeadlines.length === c.municipalityIds.length
            ? `для всех до ${formatDateTime(c.municipalityDeadlines[0]!.closesAt, c.timeZone)}`
            : `${c.municipalityDeadlines.length} — до ${[...new Set(c.municipalityDeadlines.map((d) => formatDateTime(d.closesAt, c.timeZone)))].join(', ')}`}{' '}
          (сроки по муниципалитетам — на их страницах).
        </p>
      ) : null}

      {canManage ? (
        <div className="actions-bar no-print">
          {c.state === 'draft' ? (
            <>
              <button type="button" className="button primary" onClick={() => setDialog('launch')}>
                Запустить кампанию
              </button>
              <button type="button" className="button ghost" onClick={() => setDialog('edit')}>
                Изменить
              </button>
            </>
          ) : null}
          {c.state === 'open' ? (
            <>
              <button type="button" className="button ghost" onClick={() => setDialog('extend')}>
                Продлить приём
              </button>
              <button type="button" className="button ghost" onClick={() => setDialog('close')}>
                Завершить приём
              </button>
              <button type="button" className="button ghost" onClick={() => setDialog('remind')}>
                Напомнить отстающим
              </button>
            </>
          ) : null}
          {c.state === 'closed' ? (
            <button type="button" className="button ghost" onClick={() => setDialog('reopen')}>
              Открыть приём заново
            </button>
          ) : null}
          {c.state !== 'draft' ? (
            <Link className="button ghost" to={`/campaigns/${id}/codes`}>
              Коды доступа и бланки
            </Link>
          ) : null}
          {c.state !== 'draft' ? (
            <a className="button ghost" href={`/api/campaigns/${id}/progress.xlsx`} download>
              Выгрузить заполнение (XLSX)
            </a>
          ) : null}
          <a
            className="button ghost"
            href={`/api/campaigns/${id}/backup`}
            download
            title="Один файл со справочником региона, анкетами, расчётами и проверкой экспертов: из него кампанию можно восстановить в другой установке"
          >
            Резервная копия
          </a>
        </div>
      ) : null}

      {gaps.data && gaps.data.length > 0 && c.state !== 'closed' && c.state !== 'published' ? (
        <Notice kind="warning">
          Нет муниципального координатора: {gaps.data.map((g) => g.name).join(', ')}. Без него некому заполнить муниципальную форму и
          раздать коды школам — <Link to="/users">создайте учётные записи</Link>.
        </Notice>
      ) : null}

      {c.state === 'closed' || c.state === 'published' ? <ResultsSection campaign={c} canManage={canManage} onChanged={refresh} /> : null}

      {c.state === 'draft' ? (
        <p className="empty">
          Черновик. После запуска анкеты фиксируются, для каждой школы и роли создаётся анкета и выдаются коды доступа.
        </p>
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
            <small className="muted">
              заполняется: {totals.inProgress} · не начато: {totals.notStarted}
            </small>
          </article>
          <article className="card">
            <p className="muted">Муниципальные формы</p>
            <p className="big-number">
              {totals.municipalFormsSubmitted} / {totals.municipalities}
            </p>
            <Meter part={totals.municipalFormsSubmitted} whole={totals.municipalities} label="Отправленные муниципальные формы" />
          </article>
        </div>
      ) : null}

      {progress.data && (progress.data.totals.municipalities > 1 || search) ? (
        <div className="filters">
          <SearchBox value={search} label="Поиск муниципалитета" onSearch={(value) => setParams({ search: value, page: null })} />
          <SelectField
            label="Порядок"
            value={order}
            options={orderOptions}
            onChange={(e) => setParams({ order: e.target.value === 'name' ? null : e.target.value, page: null })}
          />
        </div>
      ) : null}
      {progress.data && progress.data.total === 0 && search ? <p className="empty">Муниципалитеты не найдены.</p> : null}
      {progress.data && progress.data.total > 0 ? (
        <div className="table-wrap" aria-busy={progress.loading}>
          <table>
            <caption className="visually-hidden">Заполнение по муниципалитетам</caption>
            <thead>
              <tr>
                <th scope="col">Муниципалитет</th>
                <th scope="col">Школы с анкетами</th>
                <th scope="col">Анкеты отправлены</th>
                <th scope="col" className="num">
                  Заполняется
                </th>
                <th scope="col">Муниципальная форма</th>
              </tr>
            </thead>
            <tbody>
              {progress.data.municipalities.map((m) => (
                <tr key={m.municipalityId}>
                  <td>
                    <Link to={`/campaigns/${id}/municipalities/${m.municipalityId}`}>{m.name}</Link>
                    {canManage ? (
                      <small className="secondary-text no-print">
                        <Link to={`/campaigns/${id}/codes?municipalityId=${m.municipalityId}`}>коды и бланки</Link>
                      </small>
                    ) : null}
                  </td>
                  <td>
                    <Meter part={m.respondingSchools} whole={m.schools} label={`${m.name}: школы с анкетами`} />
                  </td>
                  <td>
                    <Meter part={m.submitted} whole={m.questionnaires} label={`${m.name}: анкеты`} />
                  </td>
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
          <Pager
            page={progress.data.page}
            pageSize={progress.data.pageSize}
            total={progress.data.total}
            onPage={(next) => setParams({ page: next })}
          />
        </div>
      ) : null}

      {dialog === 'edit' ? (
        <CampaignEditor
          campaign={c}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            refresh();
          }}
        />
      ) : null}
      {dialog === 'launch' ? (
        <ConfirmDialog
          title="Запустить кампанию?"
          text="Анкеты будут зафиксированы, для каждой школы выбранных муниципалитетов и каждой роли будет создана анкета и выдан код доступа. Коды и бланки для печати можно в любое время открыть на странице кампании и на страницах муниципалитетов."
          action="Запустить"
          run={() => api(`/api/campaigns/${id}/launch`, { method: 'POST' })}
          onDone={() => {
            setDialog(null);
            refresh();
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'close' ? (
        <ConfirmDialog
          title="Завершить приём анкет?"
          text="Респонденты больше не смогут сохранять и отправлять анкеты. Отправленные анкеты останутся доступны для просмотра."
          action="Завершить приём"
          run={() => api(`/api/campaigns/${id}/close`, { method: 'POST' })}
          onDone={() => {
            setDialog(null);
            refresh();
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'remind' ? <RemindersDialog campaign={c} onClose={() => setDialog(null)} /> : null}
      {dialog === 'extend' || dialog === 'reopen' ? (
        <DeadlineDialog
          campaign={c}
          mode={dialog}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            refresh();
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * A later deadline: extending a running campaign, or reopening a closed one (with a reason), for every
 * municipality or only the chosen ones. The date is the last day of acceptance, to its end.
 */
function DeadlineDialog({
  campaign,
  mode,
  onClose,
  onDone,
}: {
  campaign: Campaign;
  mode: 'extend' | 'reopen';
  onClose: () => void;
  onDone: () => void;
}) {
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [onlySome, setOnlySome] = useState(false);
  const [chosen, setChosen] = useState<number[]>([]);
  const municipalities = useApi<Page<Municipality>>(onlySome ? '/api/municipalities' : null, {
    regionId: campaign.regionId,
    pageSize: 200,
  });
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaign.id}/${mode}`, {
      method: 'POST',
      body: {
        closesAt: zonedTimeToUtc(date, '23:59:59', campaign.timeZone).toISOString(),
        ...(onlySome ? { municipalityIds: chosen } : {}),
        ...(mode === 'reopen' ? { reason } : {}),
      },
    });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  const candidates = (municipalities.data?.items ?? []).filter((m) => campaign.municipalityIds.includes(m.id));
  return (
    <Modal title={mode === 'reopen' ? 'Открыть приём анкет заново' : 'Продлить приём анкет'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        <p>
          {mode === 'reopen'
            ? `Приём завершён ${campaign.closedAt ? formatDateTime(campaign.closedAt, campaign.timeZone) : ''}. Респонденты снова смогут сохранять и отправлять анкеты; прежние расчёты останутся в истории, а новый расчёт после завершения отметит изменившиеся муниципалитеты.`
            : `Сейчас приём до ${formatDeadline(campaign.closesAt, campaign.timeZone)}.`}
        </p>
        <Field
          label="Новая дата окончания (включительно)"
          type="date"
          required
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={fieldErrors.closesAt}
        />
        {mode === 'reopen' ? (
          <Field label="Причина" required value={reason} onChange={(e) => setReason(e.target.value)} error={fieldErrors.reason} />
        ) : null}
        <label className="check">
          <input type="checkbox" checked={onlySome} onChange={() => setOnlySome(!onlySome)} />
          Только для отдельных муниципалитетов (остальные останутся {mode === 'reopen' ? 'закрытыми' : 'с прежним сроком'})
        </label>
        {onlySome ? (
          <fieldset className="checklist">
            <legend>Муниципалитеты</legend>
            {candidates.map((m) => (
              <label key={m.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(m.id)}
                  onChange={() => setChosen(chosen.includes(m.id) ? chosen.filter((id) => id !== m.id) : [...chosen, m.id])}
                />
                {m.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action={mode === 'reopen' ? 'Открыть заново' : 'Продлить'}
          pendingAction="Сохранение…"
          pending={pending}
          disabled={!date || (onlySome && !chosen.length) || (mode === 'reopen' && reason.trim().length < 3)}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

function ResultsSection({ campaign, canManage, onChanged }: { campaign: Campaign; canManage: boolean; onChanged: () => void }) {
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

function ExpertsDialog({
  campaign,
  current,
  onClose,
  onDone,
}: {
  campaign: Campaign;
  current: Array<{ id: number }>;
  onClose: () => void;
  onDone: () => void;
}) {
  const candidates = useApi<Page<User>>('/api/users', { role: 'expert', regionId: campaign.regionId, pageSize: 200 });
  const [chosen, setChosen] = useState<number[]>(current.map((e) => e.id));
  const { submit, pending, error } = useSubmit(async () => {
    await api(`/api/campaigns/${campaign.id}/experts`, { method: 'PUT', body: { userIds: chosen } });
    onDone();
  });
  const active = (candidates.data?.items ?? []).filter((u) => !u.disabled);
  return (
    <Modal title="Эксперты кампании" onClose={onClose}>
      {candidates.loading && !candidates.data ? <Loading /> : null}
      {candidates.data && active.length === 0 ? (
        <p>
          В регионе нет экспертов. <Link to="/users">Создайте учётные записи</Link> с ролью «Эксперт».
        </p>
      ) : null}
      <fieldset className="checklist">
        <legend>Эксперты региона</legend>
        {active.map((user) => (
          <label key={user.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(user.id)}
              onChange={() => setChosen(chosen.includes(user.id) ? chosen.filter((id) => id !== user.id) : [...chosen, user.id])}
            />
            {user.fullName} <span className="muted">({user.email})</span>
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={error} />
      <DialogActions action="Сохранить" pendingAction="Сохранение…" pending={pending} onAction={() => void submit()} onCancel={onClose} />
    </Modal>
  );
}
