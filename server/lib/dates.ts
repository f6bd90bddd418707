import { DEFAULT_TIME_ZONE, formatInZone, zoneAbbreviation, zoneLabel } from './time-zones';

/** «31 августа 2026 г. в 23:59 (мск)»: a deadline in the region's time zone, named against Moscow time. */
export const formatRussianDateTime = (date: Date, timeZone = DEFAULT_TIME_ZONE) =>
  `${formatInZone(date, timeZone)} ${zoneAbbreviation(timeZone, date)}`;
export const formatRussianDay = (date: Date, timeZone = DEFAULT_TIME_ZONE) => formatInZone(date, timeZone, false);
/** «31 августа 2026 г. в 23:59 по московскому времени»: the deadline as a sentence of a message states it. */
export const formatRussianDeadline = (date: Date, timeZone = DEFAULT_TIME_ZONE) =>
  `${formatInZone(date, timeZone)} ${zoneLabel(timeZone, date)}`;
