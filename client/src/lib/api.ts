/** A failed API call, carrying the server's Russian message and, for forms, per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field messages from a validation error, keyed by the field path ("email", "regionId"). */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    if (Array.isArray(this.details)) {
      for (const item of this.details as Array<{ path?: string; message?: string }>) {
        if (item.path && item.message && !result[item.path]) result[item.path] = item.message;
      }
    }
    return result;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let onUnauthorized: (() => void) | undefined;
/** The staff shell registers what to do when the session ends mid-work (back to the login page). */
export function setUnauthorizedHandler(handler: (() => void) | undefined) {
  onUnauthorized = handler;
}

export async function parseError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    if (body?.error?.message) return new ApiError(response.status, body.error.code ?? 'error', body.error.message, body.error.details);
  } catch {
    // not our JSON: a proxy or the network answered
  }
  if (response.status === 413) return new ApiError(413, 'payload_too_large', 'Слишком большой файл или запрос.');
  if (response.status >= 500)
    return new ApiError(response.status, 'server_error', 'Сервер временно недоступен. Повторите попытку через минуту.');
  return new ApiError(response.status, 'http_error', `Ошибка запроса (${response.status}).`);
}

export function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return apiAnswer<T>(
    path,
    fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers:
        options.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    }),
  );
}

/** Reads an API call's answer; also one sent before the application ran (the respondent page's inline script). */
export async function apiAnswer<T>(path: string, request: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await request;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Нет связи с сервером. Проверьте подключение к интернету и повторите.');
  }
  if (response.status === 401 && onUnauthorized && path !== '/api/auth/login') onUnauthorized();
  if (!response.ok) throw await parseError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
