import { useSession } from '../../lib/session';
import { PasswordForm } from './PasswordForm';

/** Shown instead of everything else while the user still has a temporary password. */
export default function ChangePasswordPage() {
  const { refresh, logout } = useSession();
  return (
    <div className="auth-page">
      <main className="auth-card">
        <h1>Смена пароля</h1>
        <p>Вы вошли с временным паролем. Придумайте свой пароль, чтобы продолжить работу.</p>
        <PasswordForm onChanged={refresh} />
        <button type="button" className="button ghost" onClick={() => void logout()}>
          Выйти
        </button>
      </main>
    </div>
  );
}
