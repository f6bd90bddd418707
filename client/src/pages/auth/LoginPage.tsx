import { useState, type FormEvent } from 'react';
import type { Me } from '@server/modules/auth/auth.schemas';
import { ErrorNotice, Field, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useSubmit } from '../../lib/use-submit';

export default function LoginPage({ expired }: { expired?: boolean }) {
  const { signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    const { user } = await api<{ user: Me }>('/api/auth/login', { method: 'POST', body: { email, password } });
    signedIn(user);
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };

  return (
    <div className="auth-page">
      <main className="auth-card">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            М
          </span>{' '}
          МУКО
        </h1>
        <p className="muted">Оценка муниципальных механизмов управления качеством образования</p>
        {expired ? <Notice kind="warning">Сеанс завершён. Войдите снова.</Notice> : null}
        <form onSubmit={onSubmit} noValidate>
          <Field
            label="Электронная почта"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldErrors.email}
          />
          <Field
            label="Пароль"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldErrors.password}
          />
          {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
          <button type="submit" className="button primary wide" disabled={pending}>
            {pending ? 'Вход…' : 'Войти'}
          </button>
        </form>
        <p className="muted small">
          Сотрудники школ и детских садов (директор, заместитель, педагог, заведующий, воспитатель) входят не здесь, а по коду доступа,
          который выдаёт муниципальный координатор.
        </p>
      </main>
    </div>
  );
}
