import { useState } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { Page } from '@server/lib/paging';
import type { User } from '@server/modules/users/users.schemas';
import { DialogActions, ErrorNotice, Loading, Modal } from '../../components/ui';
import { api } from '../../lib/api';
import { Link } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../../lib/use-submit';

/** The experts who review a closed campaign, chosen among the region's active experts. */
export function ExpertsDialog({
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
