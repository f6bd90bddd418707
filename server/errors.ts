/** An expected failure with a status, a stable code for clients and a Russian message for people. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Требуется вход в систему.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Недостаточно прав для этого действия.') => new AppError(403, 'forbidden', message);
export const notFound = (message = 'Запись не найдена.') => new AppError(404, 'not_found', message);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'conflict', message, details);
export const unprocessable = (message: string, details?: unknown) => new AppError(422, 'unprocessable', message, details);
/** A respondent's session ended by leaving or by time: the answers are kept, the code opens a new one. */
export const respondentSessionEnded = () =>
  new AppError(401, 'unauthorized', 'Сеанс анкеты завершён. Введите код доступа снова — ответы сохранены.');
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', message, { retryAfterSeconds });
