import { useState } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { CampaignEditor } from './CampaignEditor';
import { PhaseBadge } from './PhaseBadge';
import { RestoreBackup } from './RestoreBackup';

export default function CampaignsPage() {
  const me = useMe();
  const canManage = me.role === 'admin' || me.role === 'regional_coordinator';
  const list = useApi<Campaign[]>('/api/campaigns');
  const [creating, setCreating] = useState(false);
  const [restoring, setRestoring] = useState(false);

  return (
    <section className="page">
      <div className="page-header">
        <h1>Кампании</h1>
        {canManage ? (
          <div className="actions-bar">
            {me.role === 'admin' ? (
              <button type="button" className="button ghost" onClick={() => setRestoring(true)}>
                Загрузить из резервной копии
              </button>
            ) : null}
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              Новая кампания
            </button>
          </div>
        ) : null}
      </div>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data?.length === 0 ? (
        <p className="empty">Кампаний пока нет.{canManage ? ' Создайте первую: выберите механизмы, муниципалитеты и сроки.' : ''}</p>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Кампания</th>
                <th scope="col">Год</th>
                <th scope="col">Сроки</th>
                <th scope="col">Состояние</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={`/campaigns/${campaign.id}`}>{campaign.title}</Link>
                    <small className="secondary-text">
                      {campaign.regionName} · механизмов: {campaign.mechanismCodes.length} · муниципалитетов:{' '}
                      {campaign.municipalityIds.length}
                    </small>
                  </td>
                  <td>{campaign.year}</td>
                  <td>
                    {formatDate(campaign.opensAt, campaign.timeZone)} — {formatDate(campaign.closesAt, campaign.timeZone)}
                  </td>
                  <td>
                    <PhaseBadge phase={campaign.phase} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {restoring ? (
        <RestoreBackup onClose={() => setRestoring(false)} onRestored={(summary) => navigate(`/campaigns/${summary.campaignId}`)} />
      ) : null}
      {creating ? (
        <CampaignEditor onClose={() => setCreating(false)} onSaved={(campaign) => navigate(`/campaigns/${campaign.id}`)} />
      ) : null}
    </section>
  );
}
