/**
 * TradingCalendar.tradingDay caches its last answer with the span of instants it holds for. These
 * tests query in orders that hit, leave and re-enter a span: a cutoff that falls inside a 15-minute
 * offset bucket, the two Australia/Sydney DST switches of 2024, and a holiday.
 * Day numbers as in trading-calendar.test.ts: 2024-10-04 = 20000 (Friday), 2024-04-05 = 19818
 * (Friday).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseHhMm, SECONDS_PER_DAY, TradingCalendar } from '../../src/time/trading-calendar.js';

const FRI_OCT_4 = 20000;
const MON_OCT_7 = 20003;
const TUE_OCT_8 = 20004;
const FRI_APR_5 = 19818;
const MON_APR_8 = 19821;
const TUE_APR_9 = 19822;

it('a cutoff inside an offset bucket splits it, in either query order', () => {
  const cal = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:05' });
  // Friday 19:05 AEST = 09:05 UTC = 20000 x 86400 + 32_700 = 1_728_032_700, inside the bucket
  // that starts at 09:00 UTC (1_728_032_400)
  const cutoff = 1_728_032_700;
  const queries = [cutoff - 1, cutoff, cutoff - 1, cutoff - 300, cutoff + 599, cutoff, cutoff - 1];
  assert.deepEqual(
    queries.map((t) => cal.tradingDay(t)),
    [FRI_OCT_4, MON_OCT_7, FRI_OCT_4, FRI_OCT_4, MON_OCT_7, MON_OCT_7, FRI_OCT_4],
  );
});

it('the cutoff moves with the UTC offset across both DST switches', () => {
  const cal = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
  // April: Friday 19:00 AEDT (+11) = 08:00 UTC = 19818 x 86400 + 28_800 = 1_712_304_000;
  // Monday 19:00 AEST (+10) = 09:00 UTC = 19821 x 86400 + 32_400 = 1_712_566_800
  const aprFri = 1_712_304_000;
  const aprMon = 1_712_566_800;
  // October: Friday 19:00 AEST = 1_728_032_400; Monday 19:00 AEDT = 08:00 UTC
  // = 20003 x 86400 + 28_800 = 1_728_288_000
  const octFri = 1_728_032_400;
  const octMon = 1_728_288_000;
  const queries = [
    aprFri - 1,
    aprFri,
    aprMon - 1,
    aprMon,
    aprMon - 1,
    octFri - 1,
    octFri,
    octMon - 1,
    octMon,
  ];
  assert.deepEqual(
    queries.map((t) => cal.tradingDay(t)),
    [FRI_APR_5, MON_APR_8, MON_APR_8, TUE_APR_9, MON_APR_8, FRI_OCT_4, MON_OCT_7, MON_OCT_7, TUE_OCT_8],
  );
  // an hour before Monday's cutoff in October is 18:00 AEDT but would be 19:00 at AEST: Monday
  assert.equal(cal.tradingDay(octMon - 3600), MON_OCT_7);
});

it('a span never reaches over an offset change that falls on a trading day', () => {
  // Sydney switches on Sundays, where the weekend roll hides a stale offset; Asia/Jerusalem
  // switched on Friday 2024-03-29 at 02:00 IST (+2) = 00:00 UTC to IDT (+3). 2024-03-29 = 19723
  // + 31 + 29 + 28 = 19811, Monday 2024-04-01 = 19814.
  const cal = new TradingCalendar({ timezone: 'Asia/Jerusalem', dayCutoff: '19:00' });
  // Thursday 20:00 IST = 18:00 UTC = 19810 x 86400 + 64_800 = 1_711_648_800: Friday, and before
  // the switch Friday's cutoff would be 17:00 UTC
  assert.equal(cal.tradingDay(1_711_648_800), 19_811);
  // Friday 16:30 UTC = 19:30 IDT: past the cutoff, rolled over the weekend to Monday
  // (19811 x 86400 + 59_400 = 1_711_729_800)
  assert.equal(cal.tradingDay(1_711_729_800), 19_814);
  // Friday 15:59:59 UTC = 18:59:59 IDT is still Friday
  assert.equal(cal.tradingDay(1_711_727_999), 19_811);
  // backwards: Friday 10:00 UTC (19811 x 86400 + 36_000 = 1_711_706_400) is Friday; at IDT
  // Thursday's cutoff would be 16:00 UTC, but Thursday 16:30 UTC (19810 x 86400 + 59_400 =
  // 1_711_643_400) is 18:30 IST, still Thursday 19810
  assert.equal(cal.tradingDay(1_711_706_400), 19_811);
  assert.equal(cal.tradingDay(1_711_643_400), 19_810);
});

it('a sweep forwards then backwards agrees with the local date and time of day', () => {
  // Thursday 2024-10-03 00:00 UTC to Wednesday 2024-10-09 (the October switch, a weekend, a
  // holiday on Tuesday 2024-10-08), every 7 minutes 13 seconds so instants land all over buckets
  const cal = new TradingCalendar({
    timezone: 'Australia/Sydney',
    dayCutoff: '19:05',
    holidays: ['2024-10-08'],
  });
  const reference = new TradingCalendar({
    timezone: 'Australia/Sydney',
    dayCutoff: '19:05',
    holidays: ['2024-10-08'],
  });
  const cutoff = parseHhMm('19:05');
  const byRule = (t: number) => {
    const fresh = reference.localDay(t) + (reference.localSecondOfDay(t) >= cutoff ? 1 : 0);
    return reference.rollToTradingDay(fresh);
  };
  const start = (FRI_OCT_4 - 1) * SECONDS_PER_DAY;
  const instants: number[] = [];
  for (let t = start; t < start + 6 * SECONDS_PER_DAY; t += 433) instants.push(t);
  const days = new Set<number>();
  for (const t of [...instants, ...instants.reverse()]) {
    const day = cal.tradingDay(t);
    assert.equal(day, byRule(t), `instant ${t}`);
    days.add(day);
  }
  // Thursday 10-03 (19999), Friday, Monday, Wednesday 10-09 (20005); never Tuesday the holiday
  assert.deepEqual(
    [...days].sort((a, b) => a - b),
    [19_999, FRI_OCT_4, MON_OCT_7, 20_005],
  );
});
