import { useState, type FormEvent } from 'react';
import { organisationNoun } from '@server/modules/campaigns/campaign-labels';
import type { Campaign, CampaignSchool } from '@server/modules/campaigns/campaigns.schemas';
import { DialogActions, ErrorNotice, Field, Modal, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

/**
 * The organisations (schools, kindergartens: the kinds the campaign asks) of one municipality that are not (or no
 * longer) in the campaign: those imported after the launch join it here with questionnaires and codes, excluded ones
 * come back; the region also excludes one.
 */
export function CampaignSchools({
  campaign,
  municipalityId,
  canExclude,
  onChanged,
}: {
  campaign: Campaign;
  municipalityId: number;
  canExclude: boolean;
  onChanged: () => void;
}) {
  const schools = useApi<CampaignSchool[]>(`/api/campaigns/${campaign.id}/schools`, { municipalityId });
  const [excluding, setExcluding] = useState(false);
  const open = campaign.state === 'open';
  const add = useSubmit(async (schoolIds: number[]) => {
    await api(`/api/campaigns/${campaign.id}/schools`, { method: 'POST', body: { schoolIds } });
    schools.reload();
    onChanged();
  });
  if (!schools.data) return <ErrorNotice error={schools.error} />;
  const missing = schools.data.filter((school) => school.status === 'missing');
  const excluded = schools.data.filter((school) => school.status === 'excluded');
  const participating = schools.data.filter((school) => school.status === 'in');
  const noun = organisationNoun(schools.data.map((school) => school.kind));
  if (!missing.length && !excluded.length && !(canExclude && (open || campaign.state === 'closed'))) return null;

  return (
    <article className="card no-print" aria-labelledby="campaign-schools-title">
      <h2 id="campaign-schools-title">{noun.many} в кампании</h2>
      {missing.length ? (
        <Notice kind="warning">
          Не участвуют в кампании (загружены после запуска): {missing.map((school) => school.shortName).join(', ')}.{' '}
          {open ? (
            <button
              type="button"
              className="button small primary"
              disabled={add.pending}
              onClick={() => void add.submit(missing.map((school) => school.schoolId))}
            >
              {addLabel(missing)}
            </button>
          ) : (
            'Добавить их можно, пока идёт приём анкет.'
          )}
        </Notice>
      ) : null}
      {excluded.length ? (
        <ul className="plain-list">
          {excluded.map((school) => (
            <li key={school.schoolId}>
              <strong>{school.shortName}</strong> — исключение{school.excludedAt ? ` от ${formatDate(school.excludedAt)}` : ''}:{' '}
              {school.exclusionReason}. Ответы сохранены, в заполнении и расчёте не учитывается.{' '}
              {open ? (
                <button type="button" className="link-button" disabled={add.pending} onClick={() => void add.submit([school.schoolId])}>
                  вернуть в кампанию
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={add.error} />
      {canExclude && participating.length && (open || campaign.state === 'closed') ? (
        <button type="button" className="button ghost small" onClick={() => setExcluding(true)}>
          Исключить {noun.toOne} из кампании…
        </button>
      ) : null}
      {excluding ? (
        <ExcludeDialog
          campaignId={campaign.id}
          schools={participating}
          onClose={() => setExcluding(false)}
          onDone={() => {
            setExcluding(false);
            schools.reload();
            onChanged();
          }}
        />
      ) : null}
    </article>
  );
}

/** «Добавить школу в кампанию», «Добавить детские сады (2) в кампанию», «Добавить организации (3) в кампанию». */
function addLabel(missing: CampaignSchool[]) {
  const noun = organisationNoun(missing.map((school) => school.kind));
  return missing.length === 1 ? `Добавить ${noun.toOne} в кампанию` : `Добавить ${noun.many.toLowerCase()} (${missing.length}) в кампанию`;
}

function ExcludeDialog({
  campaignId,
  schools,
  onClose,
  onDone,
}: {
  campaignId: number;
  schools: CampaignSchool[];
  onClose: () => void;
  onDone: () => void;
}) {
  const noun = organisationNoun(schools.map((school) => school.kind));
  const [schoolId, setSchoolId] = useState(String(schools[0]?.schoolId ?? ''));
  const [reason, setReason] = useState('');
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api(`/api/campaigns/${campaignId}/exclusions`, { method: 'POST', body: { schoolId: Number(schoolId), reason } });
    onDone();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <Modal title={`Исключить ${noun.toOne} из кампании`} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p>
          Если организация закрыта или присоединена к другой. Её ответы сохранятся, коды перестанут действовать, а сама она не будет
          учитываться в заполнении и в расчёте уровней; в обосновании уровня муниципалитета она будет названа с причиной.
        </p>
        <label className="field">
          <span>{noun.one}</span>
          <select value={schoolId} onChange={(event) => setSchoolId(event.target.value)}>
            {schools.map((school) => (
              <option key={school.schoolId} value={school.schoolId}>
                {school.shortName}
              </option>
            ))}
          </select>
        </label>
        <Field label="Причина" required value={reason} onChange={(event) => setReason(event.target.value)} error={fieldErrors.reason} />
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action="Исключить"
          pendingAction="Сохранение…"
          pending={pending}
          disabled={reason.trim().length < 3}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}

/** After a directory import: each running campaign of the region that new organisations of its kinds are not in, with one button to add them. */
export function LateSchoolsOffer() {
  const campaigns = useApi<Campaign[]>('/api/campaigns');
  const running = (campaigns.data ?? []).filter((campaign) => campaign.state === 'open');
  return (
    <>
      {running.map((campaign) => (
        <LateSchoolsOfCampaign key={campaign.id} campaign={campaign} />
      ))}
    </>
  );
}

function LateSchoolsOfCampaign({ campaign }: { campaign: Campaign }) {
  const schools = useApi<CampaignSchool[]>(`/api/campaigns/${campaign.id}/schools`);
  const [added, setAdded] = useState<number | null>(null);
  const missing = (schools.data ?? []).filter((school) => school.status === 'missing');
  const noun = organisationNoun(missing.map((school) => school.kind));
  const add = useSubmit(async () => {
    const result = await api<{ added: number }>(`/api/campaigns/${campaign.id}/schools`, {
      method: 'POST',
      body: { schoolIds: missing.map((school) => school.schoolId) },
    });
    setAdded(result.added);
  });
  if (added !== null)
    return (
      <Notice kind="success">
        В кампанию «{campaign.title}» добавлено {noun.ofMany.toLowerCase()}: {added}. Их коды доступа — на страницах муниципалитетов
        кампании.
      </Notice>
    );
  if (!missing.length) return null;
  return (
    <Notice kind="warning">
      Идёт кампания «{campaign.title}»: новые {noun.many.toLowerCase()} в ней не участвуют (
      {missing.map((school) => school.shortName).join(', ')}).{' '}
      <button type="button" className="button small primary" disabled={add.pending} onClick={() => void add.submit()}>
        {addLabel(missing)}
      </button>
      <ErrorNotice error={add.error} />
    </Notice>
  );
}
