import { useState } from 'react';
import { ApiError } from './api';

/** Runs a form action once at a time and keeps its error, with per-field messages from the server. */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (...args: A) => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await action(...args);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Не удалось выполнить действие. Повторите попытку.'));
    } finally {
      setPending(false);
    }
  };
  return { submit, pending, error, fieldErrors: error?.fieldErrors() ?? {}, clearError: () => setError(null) };
}
