// Dates of a campaign are the region's dates: entered, shown and printed in its time zone, whatever the zone of
// the browser or the server. Zod-free and DOM-free: the server, the staff pages and the respondent pages share it.

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

/** Whether the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone });
    return /\//.test(timeZone) || timeZone === 'UTC';
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean) {
  const key = `${timeZone}|${withTime}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('ru-RU', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone,
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** «31 августа 2026 г., 23:59» (or without the time) as the clocks of the zone show it. */
export function formatInZone(date: Date, timeZone: string, withTime = true): string {
  return formatter(timeZone, withTime).format(date);
}

/** Minutes the zone is ahead of UTC at that moment. */
function offsetMinutes(date: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(date)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return Math.round((wall - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** How Russians name a zone: «по московскому времени», or «по местному времени (МСК+2)». */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const hours = (offsetMinutes(at, timeZone) - offsetMinutes(at, DEFAULT_TIME_ZONE)) / 60;
  if (hours === 0) return 'по московскому времени';
  return `по местному времени (МСК${hours > 0 ? '+' : '−'}${Math.abs(hours)})`;
}

/** The cities Russia's IANA zones are named after, as Russians write them. */
const russianZoneCities: Record<string, string> = {
  'Europe/Kaliningrad': 'Калининград',
  'Europe/Moscow': 'Москва',
  'Europe/Kirov': 'Киров',
  'Europe/Simferopol': 'Симферополь',
  'Europe/Volgograd': 'Волгоград',
  'Europe/Astrakhan': 'Астрахань',
  'Europe/Saratov': 'Саратов',
  'Europe/Ulyanovsk': 'Ульяновск',
  'Europe/Samara': 'Самара',
  'Asia/Yekaterinburg': 'Екатеринбург',
  'Asia/Omsk': 'Омск',
  'Asia/Novosibirsk': 'Новосибирск',
  'Asia/Barnaul': 'Барнаул',
  'Asia/Tomsk': 'Томск',
  'Asia/Novokuznetsk': 'Новокузнецк',
  'Asia/Krasnoyarsk': 'Красноярск',
  'Asia/Irkutsk': 'Иркутск',
  'Asia/Chita': 'Чита',
  'Asia/Yakutsk': 'Якутск',
  'Asia/Khandyga': 'Хандыга',
  'Asia/Vladivostok': 'Владивосток',
  'Asia/Ust-Nera': 'Усть-Нера',
  'Asia/Magadan': 'Магадан',
  'Asia/Sakhalin': 'Южно-Сахалинск',
  'Asia/Srednekolymsk': 'Среднеколымск',
  'Asia/Kamchatka': 'Петропавловск-Камчатский',
  'Asia/Anadyr': 'Анадырь',
};

/**
 * A zone's name for people instead of its IANA identifier: the city of a Russian zone («Киров»), otherwise the
 * runtime's Russian name of the zone («Всемирное координированное время»).
 */
export function zoneName(timeZone: string): string {
  const city = russianZoneCities[timeZone];
  if (city) return city;
  const part = new Intl.DateTimeFormat('ru-RU', { timeZone, timeZoneName: 'long' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** The short form for a line of text: «(мск)», «(мск+2)». */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const hours = (offsetMinutes(at, timeZone) - offsetMinutes(at, DEFAULT_TIME_ZONE)) / 60;
  return hours === 0 ? '(мск)' : `(мск${hours > 0 ? '+' : '−'}${Math.abs(hours)})`;
}

/** The moment a wall-clock time ('YYYY-MM-DD', 'HH:MM:SS') of the zone is. */
export function zonedTimeToUtc(day: string, time: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute, second);
  // The offset at the guessed moment, then again at the corrected one (they differ only around a clock change).
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** 'YYYY-MM-DD' of a moment in the zone, for a date input. */
export function dayInZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
