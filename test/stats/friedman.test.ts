import assert from 'node:assert/strict';
import { test } from 'node:test';
import { friedmanTest } from '../../src/stats/friedman.js';

const close = (actual: number | null, expected: number, tol = 1e-9) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

test("scipy's documented example; with df = 2 the chi-square survival is exp(-x/2)", () => {
  // blocks (before, immediately after, five minutes after); within-block ranks give rank sums
  // 10, 21, 11; ssbn = 100 + 441 + 121 = 662; stat = 12/(7·3·4)·662 - 3·7·4 = 662/7 - 84 = 10.571428...
  const before = [72, 96, 88, 92, 74, 76, 82];
  const after = [120, 120, 132, 120, 101, 96, 112];
  const later = [76, 95, 104, 96, 84, 72, 76];
  const r = friedmanTest(
    before.map((b, i) => [b, after[i], later[i]]),
    3,
  );
  assert.equal(r.n, 7);
  assert.equal(r.df, 2);
  close(r.statistic, 662 / 7 - 84);
  close(r.p, Math.exp(-(662 / 7 - 84) / 2));
  close(r.p, 0.005063414171757498);
});

test('ties within a block use average ranks and the tie correction', () => {
  // blocks (1,1,2) -> ranks 1.5 1.5 3; (3,1,2) -> 3 1 2; sums 4.5 2.5 5; ssbn = 20.25 + 6.25 + 25 = 51.5
  // raw = 12/(2·3·4)·51.5 - 3·2·4 = 25.75 - 24 = 1.75; c = 1 - 2·(4-1)/(2·3·(9-1)) = 1 - 6/48 = 0.875
  // stat = 1.75/0.875 = 2; p = exp(-1)
  const r = friedmanTest(
    [
      [1, 1, 2],
      [3, 1, 2],
    ],
    3,
  );
  close(r.statistic, 2);
  close(r.p, Math.exp(-1));
});

test('skips k < 3, n < 2 and blocks that are all ties', () => {
  assert.equal(
    friedmanTest(
      [
        [1, 2],
        [2, 1],
        [3, 4],
      ],
      2,
    ).skipped_reason,
    'k < 3',
  );
  assert.equal(friedmanTest([[1, 2, 3]], 3).skipped_reason, 'n < 2');
  const flat = friedmanTest(
    [
      [1, 1, 1],
      [2, 2, 2],
    ],
    3,
  );
  assert.equal(flat.skipped_reason, 'zero variance');
  assert.equal(flat.statistic, null);
});
