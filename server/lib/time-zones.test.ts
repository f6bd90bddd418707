import { describe, expect, it } from 'vitest';
import { dayInZone, formatInZone, isTimeZone, zoneAbbreviation, zoneLabel, zoneName, zonedTimeToUtc } from './time-zones';

describe('region time zones', () => {
  it('turns a wall-clock time of the zone into the moment, whatever the zone of this process', () => {
    expect(zonedTimeToUtc('2026-12-31', '23:59:59', 'Europe/Moscow').toISOString()).toBe('2026-12-31T20:59:59.000Z');
    expect(zonedTimeToUtc('2026-12-31', '23:59:59', 'Asia/Yekaterinburg').toISOString()).toBe('2026-12-31T18:59:59.000Z');
    expect(zonedTimeToUtc('2027-01-10', '00:00:00', 'Europe/Kaliningrad').toISOString()).toBe('2027-01-09T22:00:00.000Z');
    // A zone with a clock change: both sides of it.
    expect(zonedTimeToUtc('2026-07-01', '12:00:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(zonedTimeToUtc('2026-12-01', '12:00:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T11:00:00.000Z');
  });

  it('names a zone in Russian, not by its IANA identifier', () => {
    expect(zoneName('Europe/Kirov')).toBe('Киров');
    expect(zoneName('Asia/Yekaterinburg')).toBe('Екатеринбург');
    expect(zoneName('UTC')).toMatch(/^[А-Яа-яЁё ,]+$/);
  });

  it('shows a moment as the zone shows it, and names the zone against Moscow', () => {
    const deadline = new Date('2026-12-31T20:59:59Z');
    expect(formatInZone(deadline, 'Europe/Moscow')).toBe('31 декабря 2026 г. в 23:59');
    expect(formatInZone(deadline, 'Asia/Yekaterinburg')).toBe('1 января 2027 г. в 01:59');
    expect(formatInZone(deadline, 'Europe/Kirov', false)).toBe('31 декабря 2026 г.');
    expect(dayInZone(deadline, 'Asia/Vladivostok')).toBe('2027-01-01');
    expect(zoneLabel('Europe/Moscow', deadline)).toBe('по московскому времени');
    expect(zoneLabel('Europe/Kirov', deadline)).toBe('по московскому времени');
    expect(zoneLabel('Asia/Yekaterinburg', deadline)).toBe('по местному времени (МСК+2)');
    expect(zoneLabel('Europe/Kaliningrad', deadline)).toBe('по местному времени (МСК−1)');
    expect(zoneAbbreviation('Asia/Novosibirsk', deadline)).toBe('(мск+4)');
  });

  it('knows real zones only', () => {
    expect(isTimeZone('Europe/Kirov')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
