import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isInt64MinSplit,
  PARSE_NEGATIVE,
  PARSE_NOT_INTEGER,
  PARSE_OK,
  PARSE_OUT_OF_RANGE,
  parse64,
  parseIsoDate,
  parseUnsigned,
  split64,
} from '../../src/ingest/field-parsers.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');
function p64(s: string, signed: boolean): [number, number, number] {
  const st = parse64(bytes(s), 0, s.length, signed);
  return [st, split64.high, split64.low];
}

test('parse64 splits exactly at 1e9, also above 2^53', () => {
  // 18446744073709551615 = 18446744073 * 1e9 + 709551615 (UINT64_MAX)
  assert.deepEqual(p64('18446744073709551615', false), [PARSE_OK, 18446744073, 709551615]);
  // 9007199254740993 = 2^53 + 1 = 9007199 * 1e9 + 254740993 (not representable as a double)
  assert.deepEqual(p64('9007199254740993', false), [PARSE_OK, 9007199, 254740993]);
  assert.deepEqual(p64('000000000000000000042', false), [PARSE_OK, 0, 42]);
  assert.deepEqual(p64('7', false), [PARSE_OK, 0, 7]);
});

test('parse64 rejects uint64 >= 2^64, int64 out of range, signs and junk', () => {
  assert.equal(p64('18446744073709551616', false)[0], PARSE_OUT_OF_RANGE); // 2^64
  assert.equal(p64('123456789012345678901', false)[0], PARSE_OUT_OF_RANGE);
  assert.equal(p64('9223372036854775808', true)[0], PARSE_OUT_OF_RANGE); // 2^63
  assert.equal(p64('-9223372036854775809', true)[0], PARSE_OUT_OF_RANGE);
  assert.equal(p64('-5', false)[0], PARSE_NEGATIVE);
  assert.equal(p64('12a4', false)[0], PARSE_NOT_INTEGER);
  assert.equal(p64('-', true)[0], PARSE_NOT_INTEGER);
});

test('negative int64 values split with floor division; INT64_MIN is recognised', () => {
  // -5 = -1 * 1e9 + 999999995
  assert.deepEqual(p64('-5', true), [PARSE_OK, -1, 999_999_995]);
  // -3000000000 = -3 * 1e9 + 0
  assert.deepEqual(p64('-3000000000', true), [PARSE_OK, -3, 0]);
  // -9223372036854775808 = -9223372037 * 1e9 + 145224192
  assert.deepEqual(p64('-9223372036854775808', true), [PARSE_OK, -9223372037, 145224192]);
  assert.equal(isInt64MinSplit(), true);
  p64('-9223372036854775807', true);
  assert.equal(isInt64MinSplit(), false);
});

test('parseUnsigned takes up to 15 digits and encodes failures as -1 - status', () => {
  assert.equal(parseUnsigned(bytes('999999999999999'), 0, 15), 999_999_999_999_999);
  assert.equal(parseUnsigned(bytes('0000000000000000012'), 0, 19), 12);
  assert.equal(parseUnsigned(bytes('1000000000000000'), 0, 16), -1 - PARSE_OUT_OF_RANGE);
  assert.equal(parseUnsigned(bytes('-12'), 0, 3), -1 - PARSE_NEGATIVE);
  assert.equal(parseUnsigned(bytes('1.5'), 0, 3), -1 - PARSE_NOT_INTEGER);
});

test('parseIsoDate validates calendar dates', () => {
  // 2024-09-05: Date.UTC(2024, 8, 5) / 86400000 = 19971
  assert.equal(parseIsoDate(bytes('2024-09-05'), 0, 10), 19971);
  assert.equal(parseIsoDate(bytes('1970-01-01'), 0, 10), 0);
  assert.equal(parseIsoDate(bytes('2024-02-29'), 0, 10), 19782);
  assert.equal(parseIsoDate(bytes('2023-02-29'), 0, 10), -1);
  assert.equal(parseIsoDate(bytes('2024-13-01'), 0, 10), -1);
  assert.equal(parseIsoDate(bytes('2024-9-05'), 0, 9), -1);
});

test('parseIsoDate answers repeats from its cache and never caches an invalid date', () => {
  // 2024-02-29 = 19782 (above); the next day 19783; 2023-02-28 = 19782 - 366 = 19416
  const sequence = [
    '2024-02-29',
    '2024-02-29',
    '2023-02-29',
    '2024-02-29',
    '2024-03-01',
    '2023-02-28',
    '2023-02-29',
  ];
  assert.deepEqual(
    sequence.map((d) => parseIsoDate(bytes(d), 0, 10)),
    [19782, 19782, -1, 19782, 19783, 19416, -1],
  );
  // the same date at another offset of another buffer
  assert.equal(parseIsoDate(bytes('x,2024-03-01'), 2, 12), 19783);
});
