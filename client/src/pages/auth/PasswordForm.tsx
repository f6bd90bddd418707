import { useState, type FormEvent } from 'react';
import { ErrorNotice, Field, Notice } from '../../components/ui';
import { api } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';

/** Change of one's own password; shared by the forced first-login screen and the account page. */
export function PasswordForm({ onChanged }: { onChanged: () => Promise<void> | void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== newPassword;
  const { submit, pending, error, fieldErrors } = useSubmit(async () => {
    await api('/api/me/password', { method: 'POST', body: { currentPassword, newPassword } });
    setCurrent('');
    setNew('');
    setRepeat('');
    setDone(true);
    await onChanged();
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    void submit();
  };

  return (
    <form onSubmit={onSubmit} noValidate className="form narrow">
      <Field
        label="Текущий пароль"
        type="password"
        autoComplete="current-password"
        required
        value={currentPassword}
        onChange={(e) => setCurrent(e.target.value)}
        error={fieldErrors.currentPassword}
      />
      <Field
        label="Новый пароль"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
        error={fieldErrors.newPassword}
        hint="Не короче 10 символов, не только цифры; распространённые пароли (qwertyuiop, password123…) не подойдут."
      />
      <Field
        label="Новый пароль ещё раз"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={mismatch ? 'Пароли не совпадают' : undefined}
      />
      {error && !Object.keys(fieldErrors).length ? <ErrorNotice error={error} /> : null}
      {done ? <Notice kind="success">Пароль изменён. На других устройствах потребуется войти заново.</Notice> : null}
      <button type="submit" className="button primary" disabled={pending || mismatch || !newPassword}>
        {pending ? 'Сохранение…' : 'Сменить пароль'}
      </button>
    </form>
  );
}
