import { ApiError } from './api';

/**
 * Sends a file as the request body with upload progress (fetch cannot report it). Old links are slow:
 * a 5 MB spreadsheet can take a minute, and people need to see it moving.
 */
export function uploadFile<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', url);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'Нет связи с сервером. Проверьте подключение и повторите загрузку.'));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) return resolve(body as T);
      const error = (body as { error?: { code: string; message: string; details?: unknown } } | undefined)?.error;
      reject(
        error
          ? new ApiError(request.status, error.code, error.message, error.details)
          : new ApiError(
              request.status,
              'http_error',
              request.status === 413 ? 'Файл слишком большой.' : `Ошибка загрузки (${request.status}).`,
            ),
      );
    };
    request.send(file);
  });
}
