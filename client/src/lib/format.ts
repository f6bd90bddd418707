import { DEFAULT_TIME_ZONE, formatInZone, zoneLabel } from '@server/lib/time-zones';

// Dates are shown in a region's time zone, never the browser's: a campaign created from a browser set to UTC still
// closes at 23:59 of its region. Pages about a campaign pass its zone; the rest use Moscow time.

/** «31 августа 2026 г. в 23:59» in the zone. */
export const formatDateTime = (iso: string, timeZone = DEFAULT_TIME_ZONE) => formatInZone(new Date(iso), timeZone);
export const formatDate = (iso: string, timeZone = DEFAULT_TIME_ZONE) => formatInZone(new Date(iso), timeZone, false);
/** A deadline with its zone named: «31 августа 2026 г. в 23:59 по московскому времени». */
export const formatDeadline = (iso: string, timeZone: string) => `${formatDateTime(iso, timeZone)} ${zoneLabel(timeZone, new Date(iso))}`;

export const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** A file's size as people say it: «0 байт (файл пуст)», «512 байт», «12 КБ», «3,4 МБ» — never a rounded-up «1 КБ». */
export function formatFileSize(bytes: number): string {
  if (bytes === 0) return '0 байт (файл пуст)';
  if (bytes < 1024) return `${bytes} байт`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} КБ`;
  return `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toLocaleString('ru-RU')} МБ`;
}
