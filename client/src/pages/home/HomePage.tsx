import type { Region } from '../../../../server/modules/regions/regions.schemas';
import { roleLabels } from '../../../../server/modules/auth/auth.schemas';
import { ErrorNotice, Loading } from '../../components/ui';
import { Link } from '../../lib/router';
import { useMe } from '../../lib/session';
import { useApi } from '../../lib/use-api';

export default function HomePage() {
  const me = useMe();
  const regions = useApi<Region[]>('/api/regions');
  const firstName = me.fullName.split(' ').slice(1, 3).join(' ') || me.fullName;

  return (
    <section className="page">
      <h1>Здравствуйте, {firstName}</h1>
      <p className="lead">
        {roleLabels[me.role]}
        {me.municipality ? ` · ${me.municipality.name}` : me.region ? ` · ${me.region.name}` : ''}
      </p>
      <ErrorNotice error={regions.error} />
      {regions.loading && !regions.data ? <Loading /> : null}
      <div className="cards">
        {regions.data?.map((region) => (
          <article key={region.id} className="card">
            <h2>{region.name}</h2>
            <p className="stat">
              <Link to={`/municipalities${me.role === 'admin' ? `?regionId=${region.id}` : ''}`}>
                <strong>{region.municipalityCount}</strong> муниципалитетов
              </Link>
            </p>
            <p className="stat">
              <Link to={`/schools${me.role === 'admin' ? `?regionId=${region.id}` : ''}`}>
                <strong>{region.schoolCount}</strong> школ
              </Link>
            </p>
          </article>
        ))}
      </div>
      <h2>Что дальше</h2>
      <ul className="next-steps">
        {me.role === 'regional_coordinator' || me.role === 'admin' ? (
          <>
            <li><Link to="/import">Загрузите муниципалитеты и школы</Link> из файла Excel или CSV — или проверьте уже загруженные.</li>
            <li><Link to="/users">Выдайте доступ</Link> муниципальным координаторам и экспертам.</li>
          </>
        ) : null}
        {me.role === 'municipal_coordinator' ? (
          <li><Link to="/schools">Проверьте список школ</Link> своего муниципалитета: по нему будут выданы коды доступа для анкетирования.</li>
        ) : null}
        {me.role === 'expert' ? <li><Link to="/municipalities">Муниципалитеты региона</Link> и их школы.</li> : null}
      </ul>
    </section>
  );
}
