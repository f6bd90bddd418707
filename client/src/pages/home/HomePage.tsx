import { plural } from '@server/lib/plural';
import type { Page } from '@server/lib/paging';
import type { Campaign } from '@server/modules/campaigns/campaigns.schemas';
import type { School } from '@server/modules/directory/directory.schemas';
import type { Region } from '@server/modules/regions/regions.schemas';
import { roleLabels } from '@server/modules/auth/auth-labels';
import { ErrorNotice, Loading } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';
import { PhaseBadge } from '../campaigns/PhaseBadge';

const kindergartens = (count: number) => plural(count, 'детский сад', 'детских сада', 'детских садов');

export default function HomePage() {
  const me = useMe();
  // A district's coordinator sees the district's own figures, not the whole region's.
  const district = me.role === 'municipal_coordinator' ? me.municipality : null;
  const regions = useApi<Region[]>(district ? null : '/api/regions');
  const districtSchools = useApi<Page<School>>(district ? '/api/schools' : null, { kind: 'school', pageSize: 1 });
  const districtPreschools = useApi<Page<School>>(district ? '/api/schools' : null, { kind: 'preschool', pageSize: 1 });
  const campaigns = useApi<Campaign[]>('/api/campaigns');
  const firstName = me.fullName.split(' ').slice(1, 3).join(' ') || me.fullName;
  // What needs attention: running campaigns, those awaiting review, and the latest published results.
  const current = (campaigns.data ?? []).filter((c) => c.state !== 'published').slice(0, 6);
  const published = (campaigns.data ?? []).filter((c) => c.state === 'published').slice(0, 2);

  return (
    <section className="page">
      <h1>Здравствуйте, {firstName}</h1>
      <p className="lead">
        {roleLabels[me.role]}
        {me.municipality ? ` · ${me.municipality.name}` : me.region ? ` · ${me.region.name}` : ''}
      </p>
      <ErrorNotice error={regions.error ?? districtSchools.error ?? campaigns.error} />

      <h2>Кампании в работе</h2>
      {campaigns.loading && !campaigns.data ? <Loading /> : null}
      {campaigns.data && current.length === 0 ? (
        <p className="muted">
          Сейчас нет идущих кампаний. <Link to="/campaigns">Все кампании</Link>
        </p>
      ) : null}
      <div className="cards">
        {current.map((campaign) => (
          <article key={campaign.id} className="card">
            <h3>
              <Link to={`/campaigns/${campaign.id}`}>{campaign.title}</Link>
            </h3>
            <p>
              <PhaseBadge phase={campaign.phase} />
            </p>
            <p className="muted small">
              {formatDate(campaign.opensAt, campaign.timeZone)} — {formatDate(campaign.closesAt, campaign.timeZone)}
            </p>
            {campaign.state === 'closed' && me.role !== 'municipal_coordinator' ? (
              <p>
                <Link to={`/campaigns/${campaign.id}/results`}>{me.role === 'expert' ? 'Проверить уровни' : 'Результаты и проверка'}</Link>
              </p>
            ) : null}
            {me.role === 'municipal_coordinator' && me.municipality && campaign.state === 'open' ? (
              <p>
                <Link to={`/campaigns/${campaign.id}/municipal-form/${me.municipality.id}`}>Муниципальная форма</Link>
                {' · '}
                <Link to={`/campaigns/${campaign.id}/municipalities/${me.municipality.id}`}>
                  {districtPreschools.data?.total ? 'Заполнение по организациям' : 'Заполнение по школам'}
                </Link>
              </p>
            ) : null}
          </article>
        ))}
      </div>

      {published.length ? (
        <>
          <h2>Опубликованные результаты</h2>
          <ul className="next-steps">
            {published.map((campaign) => (
              <li key={campaign.id}>
                <Link
                  to={
                    me.role === 'municipal_coordinator' && me.municipality
                      ? `/campaigns/${campaign.id}/results/${me.municipality.id}`
                      : `/campaigns/${campaign.id}/results`
                  }
                >
                  {campaign.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Справочник</h2>
      {(regions.loading && !regions.data) || (districtSchools.loading && !districtSchools.data) ? <Loading /> : null}
      <div className="cards">
        {district && districtSchools.data ? (
          <article className="card">
            <h3>{district.name}</h3>
            <p className="stat">
              <Link to="/schools?kind=school">
                <strong>{districtSchools.data.total}</strong> {plural(districtSchools.data.total, 'школа', 'школы', 'школ')}
              </Link>
            </p>
            {districtPreschools.data?.total ? (
              <p className="stat">
                <Link to="/schools?kind=preschool">
                  <strong>{districtPreschools.data.total}</strong> {kindergartens(districtPreschools.data.total)}
                </Link>
              </p>
            ) : null}
          </article>
        ) : null}
        {regions.data?.map((region) => (
          <article key={region.id} className="card">
            <h3>{region.name}</h3>
            <p className="stat">
              <Link to={`/municipalities${me.role === 'admin' ? `?regionId=${region.id}` : ''}`}>
                <strong>{region.municipalityCount}</strong> муниципалитетов
              </Link>
            </p>
            <p className="stat">
              <Link to={`/schools?kind=school${me.role === 'admin' ? `&regionId=${region.id}` : ''}`}>
                <strong>{region.schoolCount}</strong> {plural(region.schoolCount, 'школа', 'школы', 'школ')}
              </Link>
            </p>
            {region.preschoolCount ? (
              <p className="stat">
                <Link to={`/schools?kind=preschool${me.role === 'admin' ? `&regionId=${region.id}` : ''}`}>
                  <strong>{region.preschoolCount}</strong> {kindergartens(region.preschoolCount)}
                </Link>
              </p>
            ) : null}
          </article>
        ))}
      </div>
      {me.role === 'regional_coordinator' || me.role === 'admin' ? (
        <>
          <h2>Что дальше</h2>
          <ul className="next-steps">
            <li>
              <Link to="/import">Загрузите муниципалитеты и школы</Link> из файла Excel или CSV — или проверьте уже загруженные.
            </li>
            <li>
              <Link to="/users">Выдайте доступ</Link> муниципальным координаторам и экспертам.
            </li>
            <li>
              <Link to="/campaigns">Создайте кампанию</Link>: механизмы, муниципалитеты и сроки; после запуска раздайте коды доступа школам.
            </li>
          </ul>
        </>
      ) : null}
    </section>
  );
}
