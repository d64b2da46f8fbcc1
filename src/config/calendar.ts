/**
 * The trading calendar a config describes. Building one creates an Intl.DateTimeFormat (~2 ms,
 * which showed in the per-partition profile), so calendars are shared per (zone, cutoff,
 * holidays); a calendar is only a cache of UTC offsets, safe to share.
 */
import { TradingCalendar } from '../time/trading-calendar.js';
import type { Config } from './types.js';

const calendars = new Map<string, TradingCalendar>();

export function calendarOf(config: Pick<Config, 'timezone' | 'dayCutoff' | 'holidays'>): TradingCalendar {
  const key = `${config.timezone}|${config.dayCutoff}|${config.holidays.join(',')}`;
  let calendar = calendars.get(key);
  if (calendar === undefined) {
    calendar = new TradingCalendar({
      timezone: config.timezone,
      dayCutoff: config.dayCutoff,
      holidays: config.holidays,
    });
    calendars.set(key, calendar);
  }
  return calendar;
}
