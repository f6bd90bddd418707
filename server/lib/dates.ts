const moscow = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Moscow',
});
const moscowDay = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' });

/** «31 августа 2026 г., 23:59 (мск)»: deadlines are announced in Moscow time across Russia. */
export const formatRussianDateTime = (date: Date) => `${moscow.format(date)} (мск)`;
export const formatRussianDay = (date: Date) => moscowDay.format(date);
/** «31 августа 2026 г., 23:59 по московскому времени»: the deadline as a sentence of a message states it. */
export const formatRussianDeadline = (date: Date) => `${moscow.format(date)} по московскому времени`;
