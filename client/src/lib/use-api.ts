import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, withQuery } from './api';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads a GET endpoint and keeps the last good data while a new query is in flight (no flicker on paging). */
export function useApi<T>(path: string | null, query?: Record<string, string | number | boolean | null | undefined>): ApiState<T> {
  const key = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: key !== null });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    api<T>(key, { signal: controller.signal })
      .then((data) => request === latest.current && setState({ data, loading: false }))
      .catch((error: unknown) => {
        if ((error as Error).name === 'AbortError' || request !== latest.current) return;
        setState((previous) => ({
          data: previous.data,
          error: error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Не удалось загрузить данные.'),
          loading: false,
        }));
      });
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
