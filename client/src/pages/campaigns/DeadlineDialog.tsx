import { useState, type FormEvent } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { Page } from '@server/lib/paging';
import type { Municipality } from '@server/modules/directory/directory.schemas';
import { zonedTimeToUtc } from '@server/lib/time-zones';
import { DialogActions, ErrorNotice, Field, Modal } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

/**
 * A later deadline: extending a running campaign, or reopening a closed one (with a reason), for every
 * municipality or only the chosen ones. The date is the last day of acceptance, to its end.
 */
export function DeadlineDialog({
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
