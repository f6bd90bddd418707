import { useState, type FormEvent } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { Municipality } from '@server/modules/directory/directory.schemas';
import type { MethodologyReference } from '@server/modules/methodology/methodology.schemas';
import type { MethodologyVersionSummary } from '@server/modules/methodology/versions.schemas';
import type { Page } from '@server/lib/paging';
import { DEFAULT_TIME_ZONE, dayInZone, zoneLabel, zoneName, zonedTimeToUtc } from '@server/lib/time-zones';
import type { Region } from '@server/modules/regions/regions.schemas';
import { DialogActions, ErrorNotice, Field, Loading, Modal, SelectField } from '../../components/ui';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

/** The campaign runs from the start of its first day to the end of its last, by the clocks of its region. */
const startOfDay = (value: string, timeZone: string) => zonedTimeToUtc(value, '00:00:00', timeZone).toISOString();
const endOfDay = (value: string, timeZone: string) => zonedTimeToUtc(value, '23:59:59', timeZone).toISOString();

export function CampaignEditor({
  campaign,
  onClose,
  onSaved,
}: {
  campaign?: Campaign;
  onClose: () => void;
  onSaved: (campaign: Campaign) => void;
}) {
  const me = useMe();
  const initialZone = campaign?.timeZone ?? me.region?.timeZone ?? DEFAULT_TIME_ZONE;
  const today = dayInZone(new Date(), initialZone);
  const [form, setForm] = useState({
    regionId: campaign ? String(campaign.regionId) : me.region ? String(me.region.id) : '',
    title: campaign?.title ?? `Оценка механизмов управления качеством образования — ${new Date().getFullYear()}`,
    year: String(campaign?.year ?? new Date().getFullYear()),
    methodologyId: campaign?.methodologyId ?? '',
    opensOn: campaign ? dayInZone(new Date(campaign.opensAt), initialZone) : today,
    closesOn: campaign
      ? dayInZone(new Date(campaign.closesAt), initialZone)
      : dayInZone(new Date(Date.now() + 30 * 86400_000), initialZone),
  });
  const [mechanisms, setMechanisms] = useState<string[] | null>(campaign?.mechanismCodes ?? null);
  const [allMunicipalities, setAllMunicipalities] = useState(!campaign);
  const [chosenMunicipalities, setChosenMunicipalities] = useState<number[]>(campaign?.municipalityIds ?? []);
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });

  const regions = useApi<Region[]>(me.role === 'admin' && !campaign ? '/api/regions' : null);
  const versions = useApi<MethodologyVersionSummary[]>('/api/methodologies');
  // A campaign runs on a published version only: the platform's or the campaign region's own (versions.service `usable`).
  const regionId = form.regionId ? Number(form.regionId) : null;
  const methodologies = {
    data: versions.data?.filter((version) => version.state === 'published' && (version.regionId === null || version.regionId === regionId)),
  };
  const methodologyId = form.methodologyId || methodologies.data?.[0]?.id || '';
  const methodology = useApi<MethodologyReference>(methodologyId ? `/api/methodologies/${methodologyId}` : null);
  const municipalities = useApi<Page<Municipality>>(form.regionId ? '/api/municipalities' : null, {
    regionId: form.regionId,
    pageSize: 200,
  });
  // A methodology asking kindergartens too counts them beside each municipality's schools.
  const askedKinds = new Set(methodology.data?.respondentRoles.map((role) => role.organisationKind) ?? []);
  const organisationCount = (m: Municipality) =>
    askedKinds.has('preschool')
      ? [askedKinds.has('school') ? `${m.schoolCount} ОО` : '', `${m.preschoolCount} ДОО`].filter(Boolean).join(', ')
      : String(m.schoolCount);
  const timeZone = campaign?.timeZone ?? regions.data?.find((r) => String(r.id) === form.regionId)?.timeZone ?? initialZone;
  const allMechanisms = methodology.data?.blocks.flatMap((block) => block.mechanisms.map((m) => m.code)) ?? [];
  const chosenMechanisms = mechanisms ?? allMechanisms;

  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    const body = {
      title: form.title,
      year: Number(form.year),
      methodologyId,
      mechanismCodes: chosenMechanisms,
      municipalityIds: allMunicipalities ? undefined : chosenMunicipalities,
      opensAt: startOfDay(form.opensOn, timeZone),
      closesAt: endOfDay(form.closesOn, timeZone),
    };
    const saved = campaign
      ? await api<Campaign>(`/api/campaigns/${campaign.id}`, { method: 'PATCH', body })
      : await api<Campaign>('/api/campaigns', {
          method: 'POST',
          body: { ...body, regionId: me.role === 'admin' ? Number(form.regionId) : undefined },
        });
    onSaved(saved);
  });

  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  return (
    <Modal title={campaign ? 'Изменить кампанию' : 'Новая кампания'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="form">
        {me.role === 'admin' && !campaign ? (
          <SelectField
            label="Регион"
            required
            value={form.regionId}
            placeholder="Выберите регион"
            options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            onChange={set('regionId')}
          />
        ) : null}
        <Field label="Название" required value={form.title} onChange={set('title')} error={fieldErrors.title} />
        <div className="form-row">
          <Field label="Год" type="number" required value={form.year} onChange={set('year')} error={fieldErrors.year} />
          <Field
            label="Начало приёма анкет"
            type="date"
            required
            value={form.opensOn}
            onChange={set('opensOn')}
            error={fieldErrors.opensAt}
          />
          <Field
            label="Окончание приёма"
            type="date"
            required
            value={form.closesOn}
            onChange={set('closesOn')}
            error={fieldErrors.closesAt}
            hint={`До 23:59 последнего дня ${zoneLabel(timeZone)} (часовой пояс региона: ${zoneName(timeZone)}).`}
          />
        </div>
        {methodologies.data && methodologies.data.length > 1 ? (
          <SelectField
            label="Методика"
            value={methodologyId}
            options={methodologies.data.map((m) => ({
              value: m.id,
              label: `${m.title} (${m.version})${m.regionId === null ? '' : ' — версия региона'}`,
            }))}
            onChange={(event) => {
              setForm({ ...form, methodologyId: event.target.value });
              setMechanisms(null);
            }}
          />
        ) : null}
        <fieldset className="checklist">
          <legend>Механизмы</legend>
          {methodology.loading && !methodology.data ? <Loading /> : null}
          {methodology.data?.blocks.map((block) => (
            <div key={block.code} className="checklist-group">
              <p className="checklist-title">{block.title}</p>
              {block.mechanisms.map((m) => (
                <label key={m.code} className="check">
                  <input
                    type="checkbox"
                    checked={chosenMechanisms.includes(m.code)}
                    onChange={() => setMechanisms(toggle(chosenMechanisms, m.code))}
                  />
                  {m.code}. {m.title}
                </label>
              ))}
            </div>
          ))}
          {fieldErrors.mechanismCodes ? <p className="field-error">{fieldErrors.mechanismCodes}</p> : null}
        </fieldset>
        <fieldset className="checklist">
          <legend>Муниципалитеты</legend>
          <label className="check">
            <input type="checkbox" checked={allMunicipalities} onChange={() => setAllMunicipalities(!allMunicipalities)} />
            Все муниципалитеты региона{municipalities.data ? ` (${municipalities.data.total})` : ''}
          </label>
          {!allMunicipalities ? (
            <div className="checklist-columns">
              {municipalities.data?.items.map((m) => (
                <label key={m.id} className="check">
                  <input
                    type="checkbox"
                    checked={chosenMunicipalities.includes(m.id)}
                    onChange={() => setChosenMunicipalities(toggle(chosenMunicipalities, m.id))}
                  />
                  {m.name} <span className="muted">({organisationCount(m)})</span>
                </label>
              ))}
            </div>
          ) : null}
          {fieldErrors.municipalityIds ? <p className="field-error">{fieldErrors.municipalityIds}</p> : null}
        </fieldset>
        {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
        <DialogActions
          action={campaign ? 'Сохранить' : 'Создать черновик'}
          pendingAction="Сохранение…"
          pending={pending}
          disabled={!methodologyId}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
