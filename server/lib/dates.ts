import { DEFAULT_TIME_ZONE, formatInZone, zoneAbbreviation } from './time-zones';

/** «31 августа 2026 г. в 23:59 (мск)»: a deadline in the region's time zone, named against Moscow time. */
export const formatRussianDateTime = (date: Date, timeZone = DEFAULT_TIME_ZONE) =>
  `${formatInZone(date, timeZone)} ${zoneAbbreviation(timeZone, date)}`;
export const formatRussianDay = (date: Date, timeZone = DEFAULT_TIME_ZONE) => formatInZone(date, timeZone, false);
