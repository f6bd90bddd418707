import { roleLabels } from '@server/modules/auth/auth-labels';
import { useMe } from '../../lib/session';
import { PasswordForm } from './PasswordForm';

export default function AccountPage() {
  const me = useMe();
  return (
    <section className="page">
      <h1>Учётная запись</h1>
      <dl className="facts">
        <dt>ФИО</dt>
        <dd>{me.fullName}</dd>
        <dt>Электронная почта</dt>
        <dd>{me.email}</dd>
        <dt>Роль</dt>
        <dd>{roleLabels[me.role]}</dd>
        {me.region ? (
          <>
            <dt>Регион</dt>
            <dd>{me.region.name}</dd>
          </>
        ) : null}
        {me.municipality ? (
          <>
            <dt>Муниципалитет</dt>
            <dd>{me.municipality.name}</dd>
          </>
        ) : null}
      </dl>
      <h2>Сменить пароль</h2>
      <PasswordForm onChanged={() => undefined} />
    </section>
  );
}
