/**
 * Trading dates around the Australia/Sydney DST switches of 2024 (SPEC §3). Expected instants are
 * worked out by hand from the UTC offsets: AEST = UTC+10, AEDT = UTC+11 (from 02:00 AEST on Sunday
 * 2024-10-06; back to AEST at 03:00 AEDT on Sunday 2024-04-07).
 *
 * Day numbers: 2024-01-01 is day 19723 (54 years x 365 + 13 leap days, 1972..2020).
 *   2024-10-04 = 19723 + 274 (Jan..Sep: 31+29+31+30+31+30+31+31+30) + 3 = 20000, a Friday.
 *   2024-04-05 = 19723 + 91 (Jan..Mar: 31+29+31) + 4 = 19818, a Friday.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, parseDate, parseHhMm, TradingCalendar } from '../../src/time/trading-calendar.js';

const sydney = () => new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });

/** Floor of ns to seconds, the contract of the calendar (a fractional second would round up in a double). */
const secOf = (ns: bigint) => Number(ns / 1_000_000_000n);
const NS = 1_000_000_000n;

const FRI_OCT_4 = 20000;
const MON_OCT_7 = 20003;
const FRI_APR_5 = 19818;
const MON_APR_8 = 19821;

describe('day numbers used below', () => {
  it('match the hand arithmetic', () => {
    assert.equal(parseDate('2024-10-04'), FRI_OCT_4);
    assert.equal(parseDate('2024-04-05'), FRI_APR_5);
    assert.equal(formatDate(MON_OCT_7), '2024-10-07');
    assert.equal(formatDate(MON_APR_8), '2024-04-08');
  });
});

describe('TradingCalendar before the October switch (Friday 2024-10-04, AEST +10)', () => {
  // 2024-10-04 00:00 UTC = 20000 x 86400 = 1_728_000_000 s
  // 10:00 AEST = 00:00 UTC -> 1_728_000_000; 19:00 AEST = 09:00 UTC -> 1_728_000_000 + 32_400 = 1_728_032_400
  const cal = sydney();

  it('places 10:00 local at 00:00 UTC', () => {
    assert.equal(cal.epochOfLocal(FRI_OCT_4, parseHhMm('10:00')), 1_728_000_000);
    assert.equal(cal.offsetAt(1_728_000_000), 36_000);
  });

  it('keeps 09:59:59.999 and 10:00 on Friday', () => {
    // 09:59:59.999 = 1_728_000_000 s - 1 ms = 1_727_999_999_999_000_000 ns
    assert.equal(cal.tradingDay(secOf(1_727_999_999_999_000_000n)), FRI_OCT_4);
    assert.equal(cal.tradingDay(1_728_000_000), FRI_OCT_4);
  });

  it('keeps 18:59:59.999999999 on Friday and rolls 19:00 over the weekend to Monday 2024-10-07', () => {
    // 18:59:59.999999999 = 1_728_032_400 s - 1 ns
    assert.equal(cal.tradingDay(secOf(1_728_032_400n * NS - 1n)), FRI_OCT_4);
    assert.equal(cal.tradingDay(1_728_032_400), MON_OCT_7);
  });

  it('rolls Saturday and the switch Sunday to Monday', () => {
    // Saturday 2024-10-05 12:00 AEST = 02:00 UTC = 1_728_000_000 + 86_400 + 7_200 = 1_728_093_600
    assert.equal(cal.tradingDay(1_728_093_600), MON_OCT_7);
    // Sunday 2024-10-06 12:00 AEDT (after the 02:00 switch) = 01:00 UTC = 1_728_000_000 + 2 x 86_400 + 3_600 = 1_728_176_400
    assert.equal(cal.offsetAt(1_728_176_400), 39_600);
    assert.equal(cal.tradingDay(1_728_176_400), MON_OCT_7);
  });
});

describe('TradingCalendar after the October switch (Monday 2024-10-07, AEDT +11)', () => {
  // 2024-10-07 00:00 UTC = 20003 x 86400 = 1_728_259_200 s
  // 10:00 AEDT = 23:00 UTC on the 6th -> 1_728_259_200 - 3_600 = 1_728_255_600
  // 19:00 AEDT = 08:00 UTC on the 7th -> 1_728_259_200 + 28_800 = 1_728_288_000
  const cal = sydney();

  it('places 10:00 local at 23:00 UTC the day before', () => {
    assert.equal(cal.epochOfLocal(MON_OCT_7, parseHhMm('10:00')), 1_728_255_600);
  });

  it('dates 09:59:59.999 and 10:00 to Monday', () => {
    assert.equal(cal.tradingDay(secOf(1_728_255_600n * NS - 1_000_000n)), MON_OCT_7);
    assert.equal(cal.tradingDay(1_728_255_600), MON_OCT_7);
  });

  it('Sunday 18:59:59.999999999 AEDT is Monday too (weekend), Monday 19:00 is Tuesday', () => {
    // Sunday 18:59:59 AEDT = 07:59:59 UTC = 1_728_259_200 - 86_400 + 28_800 - 1 = 1_728_201_599
    assert.equal(cal.tradingDay(secOf(1_728_201_600n * NS - 1n)), MON_OCT_7);
    assert.equal(cal.tradingDay(secOf(1_728_288_000n * NS - 1n)), MON_OCT_7);
    assert.equal(cal.tradingDay(1_728_288_000), MON_OCT_7 + 1);
  });

  it('dates 08:30 UTC to Tuesday: 19:30 AEDT is past the cutoff (a fixed +10 would say 18:30, Monday)', () => {
    // 08:30 UTC on the 7th = 1_728_259_200 + 30_600
    assert.equal(cal.tradingDay(1_728_259_200 + 30_600), MON_OCT_7 + 1);
  });
});

describe('TradingCalendar around the April switch (AEDT +11 -> AEST +10 on Sunday 2024-04-07)', () => {
  // Friday 2024-04-05 00:00 UTC = 19818 x 86400 = 1_712_275_200 s
  //   10:00 AEDT = 23:00 UTC on the 4th -> 1_712_275_200 - 3_600 = 1_712_271_600
  //   19:00 AEDT = 08:00 UTC -> 1_712_275_200 + 28_800 = 1_712_304_000
  // Monday 2024-04-08 00:00 UTC = 19821 x 86400 = 1_712_534_400 s
  //   10:00 AEST = 00:00 UTC -> 1_712_534_400
  //   19:00 AEST = 09:00 UTC -> 1_712_534_400 + 32_400 = 1_712_566_800
  const cal = sydney();

  it('Friday: 10:00 at 23:00 UTC the day before, 19:00 rolls to Monday', () => {
    assert.equal(cal.epochOfLocal(FRI_APR_5, parseHhMm('10:00')), 1_712_271_600);
    assert.equal(cal.tradingDay(secOf(1_712_271_600n * NS - 1_000_000n)), FRI_APR_5);
    assert.equal(cal.tradingDay(1_712_271_600), FRI_APR_5);
    assert.equal(cal.tradingDay(secOf(1_712_304_000n * NS - 1n)), FRI_APR_5);
    assert.equal(cal.tradingDay(1_712_304_000), MON_APR_8);
  });

  it('the switch Sunday rolls to Monday on both sides of 03:00 AEDT', () => {
    // Sunday 02:30 AEDT = 15:30 UTC Saturday = 1_712_275_200 + 86_400 + 55_800 = 1_712_417_400 (offset +11)
    assert.equal(cal.offsetAt(1_712_417_400), 39_600);
    assert.equal(cal.tradingDay(1_712_417_400), MON_APR_8);
    // one hour later the clock reads 02:30 again, now AEST: 16:30 UTC = 1_712_421_000 (offset +10)
    assert.equal(cal.offsetAt(1_712_421_000), 36_000);
    assert.equal(cal.tradingDay(1_712_421_000), MON_APR_8);
  });

  it('Monday: 10:00 at 00:00 UTC, 19:00 at 09:00 UTC', () => {
    assert.equal(cal.epochOfLocal(MON_APR_8, parseHhMm('10:00')), 1_712_534_400);
    assert.equal(cal.epochOfLocal(MON_APR_8, parseHhMm('19:00')), 1_712_566_800);
    assert.equal(cal.tradingDay(secOf(1_712_534_400n * NS - 1_000_000n)), MON_APR_8);
    assert.equal(cal.tradingDay(secOf(1_712_566_800n * NS - 1n)), MON_APR_8);
    assert.equal(cal.tradingDay(1_712_566_800), MON_APR_8 + 1);
  });
});

describe('holidays roll on like weekends', () => {
  it('a Friday-evening event skips the weekend and a Monday holiday to Tuesday', () => {
    const cal = new TradingCalendar({
      timezone: 'Australia/Sydney',
      dayCutoff: '19:00',
      holidays: ['2024-10-07'],
    });
    // Friday 2024-10-04 19:00 AEST = 1_728_032_400 (above) -> Saturday -> Monday 7th (holiday) -> Tuesday 8th
    assert.equal(formatDate(cal.tradingDay(1_728_032_400)), '2024-10-08');
    // an event on the holiday itself, Monday 12:00 AEDT = 01:00 UTC = 1_728_259_200 + 3_600
    assert.equal(formatDate(cal.tradingDay(1_728_262_800)), '2024-10-08');
  });
});

describe('another zone', () => {
  it('New York: 19:00 EDT on Friday 2024-10-04 is 23:00 UTC and rolls to Monday', () => {
    const cal = new TradingCalendar({ timezone: 'America/New_York', dayCutoff: '19:00' });
    // EDT = UTC-4: 19:00 EDT = 23:00 UTC = 1_728_000_000 + 82_800 = 1_728_082_800
    assert.equal(cal.epochOfLocal(FRI_OCT_4, parseHhMm('19:00')), 1_728_082_800);
    assert.equal(cal.tradingDay(1_728_082_799), FRI_OCT_4);
    assert.equal(formatDate(cal.tradingDay(1_728_082_800)), '2024-10-07');
  });
});
