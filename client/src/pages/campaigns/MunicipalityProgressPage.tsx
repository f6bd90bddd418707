import { ORGANISATION_KINDS, type OrganisationKind } from '@db/schema/values';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import { organisationNoun, responseStatusLabels } from '@server/modules/campaigns/campaign-labels';
import type { MunicipalityDetail } from '@server/modules/progress/progress.schemas';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { Link, matchPath, useLocation } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { Meter } from './Meter';
import { CampaignSchools } from './CampaignSchools';

export default function MunicipalityProgressPage() {
  const me = useMe();
  const { pathname } = useLocation();
  const params = matchPath('/campaigns/:id/municipalities/:municipalityId', pathname)!;
  const [id, municipalityId] = [Number(params.id), Number(params.municipalityId)];
  const campaign = useApi<Campaign>(`/api/campaigns/${id}`);
  const detail = useApi<MunicipalityDetail>(`/api/campaigns/${id}/progress/${municipalityId}`);
  const canReadCodes = me.role !== 'expert';
  const codesPage = (schoolId?: number) =>
    `/campaigns/${id}/codes?municipalityId=${municipalityId}${schoolId ? `&schoolId=${schoolId}` : ''}`;

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
  const { timeZone } = campaign.data;
  const { roles, schools } = detail.data;
  // One table per kind of organisation the campaign asks, each with its kind's roles as columns.
  const kinds = ORGANISATION_KINDS.filter((kind) => roles.some((role) => role.organisationKind === kind));
  // Excluded organisations stay listed, marked, but leave the figures, as on the campaign page.
  const questionnairesOf = (kind?: OrganisationKind) =>
    schools
      .filter((school) => school.exclusionReason === null && (kind === undefined || school.kind === kind))
      .flatMap((school) => school.questionnaires);
  const submittedOf = (kind?: OrganisationKind) => questionnairesOf(kind).filter((q) => q.status === 'submitted').length;

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
          {canReadCodes ? (
            <Link className="button ghost" to={codesPage()}>
              Коды доступа и бланки
            </Link>
          ) : null}
        </div>
      </div>
      <p className="lead">
        Приём анкет до{' '}
        {formatDeadline(
          campaign.data.municipalityDeadlines.find((d) => d.municipalityId === municipalityId)?.closesAt ?? campaign.data.closesAt,
          campaign.data.timeZone,
        )}
        {campaign.data.municipalityDeadlines.some((d) => d.municipalityId === municipalityId) ? ' (продлён для муниципалитета)' : ''}.
      </p>
      <div className="summary-grid">
        <article className="card">
          <p className="muted">Отправлено анкет</p>
          <Meter part={submittedOf()} whole={questionnairesOf().length} label="Отправлено анкет" />
        </article>
        {kinds.length > 1
          ? kinds.map((kind) => (
              <article className="card" key={kind}>
                <p className="muted">{organisationNoun([kind]).many}: отправлено анкет</p>
                <Meter
                  part={submittedOf(kind)}
                  whole={questionnairesOf(kind).length}
                  label={`${organisationNoun([kind]).many}: отправлено анкет`}
                />
              </article>
            ))
          : null}
      </div>
      {canReadCodes && campaign.data.state !== 'draft' ? (
        <CampaignSchools
          campaign={campaign.data}
          municipalityId={municipalityId}
          canExclude={me.role === 'admin' || me.role === 'regional_coordinator'}
          onChanged={detail.reload}
        />
      ) : null}
      {kinds.map((kind) => {
        const noun = organisationNoun([kind]);
        const columns = roles.filter((role) => role.organisationKind === kind);
        return (
          <div className="table-wrap" key={kind}>
            <table>
              {kinds.length > 1 ? <caption>{noun.many}</caption> : null}
              <thead>
                <tr>
                  <th scope="col">{noun.one}</th>
                  {columns.map(({ role, label }) => (
                    <th scope="col" key={role}>
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {schools
                  .filter((school) => school.kind === kind)
                  .map((school) => (
                    <tr key={school.schoolId} className={school.exclusionReason === null ? undefined : 'row-muted'}>
                      <td>
                        <span className="primary-text">{school.shortName}</span>
                        {school.exclusionReason === null ? null : (
                          <small className="secondary-text">Исключение из кампании: {school.exclusionReason}</small>
                        )}
                        <small className="secondary-text">
                          {school.code}
                          {canReadCodes ? (
                            <>
                              {' · '}
                              <Link to={codesPage(school.schoolId)} className="no-print">
                                коды {noun.ofOne}
                              </Link>
                            </>
                          ) : null}
                        </small>
                      </td>
                      {columns.map(({ role }) => {
                        const q = school.questionnaires.find((item) => item.respondentRole === role);
                        if (!q) return <td key={role}>—</td>;
                        return (
                          <td key={role}>
                            <span className={`status-dot ${q.status}`}>{responseStatusLabels[q.status]}</span>
                            {q.updatedAt ? <small className="secondary-text">{formatDateTime(q.updatedAt, timeZone)}</small> : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
