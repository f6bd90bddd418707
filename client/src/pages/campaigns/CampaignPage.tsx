import { useState } from 'react';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import { ErrorNotice, Loading, Notice } from '../../components/ui';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { CampaignActions, CampaignDialogs, type CampaignDialog } from './CampaignActions';
import { ProgressSection, useCampaignProgress } from './CampaignProgress';
import { PhaseBadge } from './PhaseBadge';
import { ResultsSection } from './ResultsSection';
import { HelpLink } from '../../components/HelpLink';

const canManageRole = (role: string) => role === 'admin' || role === 'regional_coordinator';

export default function CampaignPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const id = Number(matchPath('/campaigns/:id', pathname)?.id);
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const progressView = useCampaignProgress(id, Boolean(campaign.data && campaign.data.state !== 'draft'));
  const { progress } = progressView;
  const gaps = useApi<Array<{ municipalityId: number; name: string }>>(
    canManageRole(me.role) && campaign.data ? `/api/campaigns/${id}/coordinator-gaps` : null,
  );
  const [dialog, setDialog] = useState<CampaignDialog | null>(null);
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

      {canManage ? <CampaignActions campaign={c} onOpen={setDialog} /> : null}

      {gaps.data && gaps.data.length > 0 && c.state !== 'closed' && c.state !== 'published' ? (
        <Notice kind="warning">
          Нет муниципального координатора: {gaps.data.map((g) => g.name).join(', ')}. Без него некому заполнить муниципальную форму и
          раздать коды организациям — <Link to="/users">создайте учётные записи</Link>.
        </Notice>
      ) : null}

      {c.state === 'closed' || c.state === 'published' ? <ResultsSection campaign={c} canManage={canManage} onChanged={refresh} /> : null}

      {c.state === 'draft' ? (
        <p className="empty">
          Черновик. После запуска анкеты фиксируются, для каждой организации (школы или детского сада) и каждой роли её типа создаётся
          анкета и выдаются коды доступа.
        </p>
      ) : null}

      <ProgressSection campaignId={id} canManage={canManage} view={progressView} />

      <CampaignDialogs
        campaign={c}
        dialog={dialog}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          refresh();
        }}
      />
    </section>
  );
}
