/**
 * The trading-hours window and the in-scope overlap rule (SPEC §3: half-open [start, end), default
 * 10:00-16:00 local), across the October 2024 Sydney DST switch. Offsets: AEST +10, AEDT +11.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDate, TradingCalendar } from '../../src/time/trading-calendar.js';
import { overlapsTradingHours, tradingHoursWindow } from '../../src/time/trading-hours.js';

const NS = 1_000_000_000n;
const cal = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
const hours = { start: '10:00', end: '16:00', enabled: true };

describe('tradingHoursWindow', () => {
  it('Friday 2024-10-04 (AEST): 10:00-16:00 local = 00:00-06:00 UTC', () => {
    // 2024-10-04 00:00 UTC = 20000 x 86400 = 1_728_000_000 s; 16:00 AEST = 06:00 UTC = +21_600 s
    const w = tradingHoursWindow(cal, parseDate('2024-10-04'), hours);
    assert.equal(w.startNs, 1_728_000_000n * NS);
    assert.equal(w.endNs, 1_728_021_600n * NS);
  });

  it('Monday 2024-10-07 (AEDT): 10:00-16:00 local = 23:00 (day before) - 05:00 UTC', () => {
    // 2024-10-07 00:00 UTC = 20003 x 86400 = 1_728_259_200 s; 10:00 AEDT = -3_600 s; 16:00 AEDT = 05:00 UTC = +18_000 s
    const w = tradingHoursWindow(cal, parseDate('2024-10-07'), hours);
    assert.equal(w.startNs, 1_728_255_600n * NS);
    assert.equal(w.endNs, 1_728_277_200n * NS);
  });

  it('is computed from the configured times even when filtering is disabled (benchmark floor)', () => {
    // 10:30 AEST on 2024-10-04 = 00:30 UTC = 1_728_000_000 + 1_800
    const w = tradingHoursWindow(cal, parseDate('2024-10-04'), {
      start: '10:30',
      end: '16:00',
      enabled: false,
    });
    assert.equal(w.startNs, 1_728_001_800n * NS);
  });
});

describe('overlapsTradingHours (closed life [first, last] against [start, end))', () => {
  // Monday 2024-10-07 window, AEDT: [1_728_255_600 s, 1_728_277_200 s)
  const w = tradingHoursWindow(cal, parseDate('2024-10-07'), hours);
  const start = w.startNs;
  const end = w.endNs;

  it('an order living only until 09:59:59.999 is out; one whose last event is at 10:00 is in', () => {
    assert.equal(overlapsTradingHours(start - 3_600n * NS, start - 1_000_000n, w), false);
    assert.equal(overlapsTradingHours(start - 3_600n * NS, start, w), true);
  });

  it('an order arriving at 16:00 is out (end is exclusive); one arriving 1 ns before is in', () => {
    assert.equal(overlapsTradingHours(end, end + 60n * NS, w), false);
    assert.equal(overlapsTradingHours(end - 1n, end + 60n * NS, w), true);
  });

  it('an order spanning the whole session (reloaded the evening before) is in', () => {
    // arrives Sunday 19:30 AEDT (previous evening), lives past the close
    assert.equal(overlapsTradingHours(start - 52_200n * NS, end + 3_600n * NS, w), true);
  });

  it('an order wholly inside is in; one wholly after 16:00 is out', () => {
    assert.equal(overlapsTradingHours(start + 60n * NS, start + 120n * NS, w), true);
    assert.equal(overlapsTradingHours(end + 1n, end + 2n, w), false);
  });
});
