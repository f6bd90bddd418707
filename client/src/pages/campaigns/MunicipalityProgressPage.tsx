import { useState } from 'react';
import { RESPONDENT_ROLES } from '@db/schema/values';
import type { Campaign, IssuedCodesResponse } from '@server/modules/campaigns/campaigns.schemas';
import { respondentRoleLabels, responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import type { MunicipalityDetail } from '@server/modules/progress/progress.schemas';
import { ErrorNotice, Loading } from '../../components/ui';
import { api, ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { IssuedCodesPanel } from './IssuedCodes';
import { Meter } from './CampaignPage';

export default function MunicipalityProgressPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const params = matchPath('/campaigns/:id/municipalities/:municipalityId', pathname)!;
  const [id, municipalityId] = [Number(params.id), Number(params.municipalityId)];
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const detail = useApi<MunicipalityDetail>(`/api/campaigns/${id}/progress/${municipalityId}`);
  const [issued, setIssued] = useState<IssuedCodesResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const canIssue = me.role !== 'expert' && campaign.data?.state === 'open';

  const reissue = async (body: { responseIds?: number[]; municipalityId?: number }) => {
    setError(null);
    try {
      setIssued(await api<IssuedCodesResponse>(`/api/campaigns/${id}/access-codes`, { method: 'POST', body }));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Не удалось выдать код.'));
    }
  };

  if (detail.error)
    return (
      <section className="page">
        <ErrorNotice error={detail.error} />
      </section>
    );
  if (!detail.data || !campaign.data)
    return (
      <section className="page">
        <Loading />
      </section>
    );
  const questionnaires = detail.data.schools.flatMap((s) => s.questionnaires);
  const submitted = questionnaires.filter((q) => q.status === 'submitted').length;

  return (
    <section className="page">
      <p className="muted small no-print">
        <Link to={`/campaigns/${id}`}>← {campaign.data.title}</Link>
      </p>
      <div className="page-header">
        <h1>{detail.data.name}</h1>
        <div className="actions-bar">
          <Link className="button ghost" to={`/campaigns/${id}/municipal-form/${municipalityId}`}>
            Муниципальная форма
          </Link>
          <a className="button ghost" href={`/api/campaigns/${id}/progress.xlsx?municipalityId=${municipalityId}&unfinished=1`} download>
            Список неотправленных (XLSX)
          </a>
          {canIssue ? (
            <button type="button" className="button ghost" onClick={() => void reissue({ municipalityId })}>
              Перевыпустить все коды
            </button>
          ) : null}
        </div>
      </div>
      <div className="summary-grid">
        <article className="card">
          <p className="muted">Отправлено анкет</p>
          <Meter part={submitted} whole={questionnaires.length} label="Отправлено анкет" />
        </article>
      </div>
      <ErrorNotice error={error} />
      {issued ? <IssuedCodesPanel issued={issued} onDismiss={() => setIssued(null)} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Школа</th>
              {RESPONDENT_ROLES.map((role) => (
                <th scope="col" key={role}>
                  {respondentRoleLabels[role]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {detail.data.schools.map((school) => (
              <tr key={school.schoolId}>
                <td>
                  <span className="primary-text">{school.shortName}</span>
                  <small className="secondary-text">{school.code}</small>
                </td>
                {RESPONDENT_ROLES.map((role) => {
                  const q = school.questionnaires.find((item) => item.respondentRole === role);
                  if (!q) return <td key={role}>—</td>;
                  return (
                    <td key={role}>
                      <span className={`status-dot ${q.status}`}>{responseStatusLabels[q.status]}</span>
                      {q.updatedAt ? <small className="secondary-text">{formatDateTime(q.updatedAt)}</small> : null}
                      {canIssue ? (
                        <button
                          type="button"
                          className="link-button small no-print"
                          onClick={() => void reissue({ responseIds: [q.responseId] })}
                        >
                          новый код
                        </button>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
