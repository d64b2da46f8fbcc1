import assert from 'node:assert/strict';
import { test } from 'node:test';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { wilcoxonSignedRank } from '../../src/stats/wilcoxon.js';

const close = (actual: number | null, expected: number, tol = 1e-9) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

test('tied pair with a zero: z = -sqrt(2) so p = erfc(1)', () => {
  // [2, 0, 2]: the zero is dropped (n = 2, n_zero = 1); |x| tie -> ranks 1.5, 1.5; W+ = 3, W- = 0,
  // T = 0; mean = 2·3/4 = 1.5; se² = 2·3·5/24 - (2³-2)/48 = 1.25 - 0.125 = 1.125;
  // z = -1.5/sqrt(1.125) = -sqrt(2); p = 2Φ(-sqrt 2) = erfc(1) = 0.15729920705028513 (table value).
  const r = wilcoxonSignedRank([2, 0, 2]);
  assert.equal(r.n, 2);
  assert.equal(r.n_zero, 1);
  assert.equal(r.statistic, 0);
  close(r.z, -Math.SQRT2);
  close(r.p, 0.15729920705028513);
  assert.deepEqual(wilcoxonSignedRank([-2, 0, -2]), r);
});

test('symmetric sample: W+ = W-, z = 0, p = 1', () => {
  // [1, -1, 2, -2, 0]: n = 4, ranks 1.5, 1.5, 3.5, 3.5; W+ = 1.5 + 3.5 = 5 = W-; mean = 4·5/4 = 5
  const r = wilcoxonSignedRank([1, -1, 2, -2, 0]);
  assert.equal(r.statistic, 5);
  assert.equal(r.z, 0);
  assert.equal(r.p, 1);
});

test('ties and a zero, written out', () => {
  // [1, -2, 0, 3, 3, -4, 5] -> drop 0: n = 6, n_zero = 1; |x| = 1 2 3 3 4 5 -> ranks 1 2 3.5 3.5 5 6;
  // W+ = 1 + 3.5 + 3.5 + 6 = 14, W- = 2 + 5 = 7, T = 7; mean = 6·7/4 = 10.5;
  // se² = 6·7·13/24 - 6/48 = 22.75 - 0.125 = 22.625; z = -3.5/sqrt(22.625) = -0.735826...
  const r = wilcoxonSignedRank([1, -2, 0, 3, 3, -4, 5]);
  assert.equal(r.n, 6);
  assert.equal(r.n_zero, 1);
  assert.equal(r.statistic, 7);
  const z = -3.5 / Math.sqrt(22.625);
  close(r.z, z);
  close(r.p, 2 * normalCdf(z, 0, 1));
});

test("scipy's documented example (Fisher's data), method='approx'", () => {
  // no ties: n = 15, W- = 10 + 14 = 24 = T, mean = 15·16/4 = 60, se = sqrt(15·16·31/24) = sqrt(310),
  // z = -36/sqrt(310) = -2.04466...; scipy's docs print pvalue 0.04088813291185591
  const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
  const r = wilcoxonSignedRank(d);
  assert.equal(r.statistic, 24);
  close(r.z, -36 / Math.sqrt(310));
  close(r.p, 0.04088813291185591);
});

test('fewer than two non-zero values is skipped', () => {
  const r = wilcoxonSignedRank([0, 0, 3]);
  assert.equal(r.skipped_reason, 'n < 2');
  assert.equal(r.n, 1);
  assert.equal(r.n_zero, 2);
  assert.equal(r.p, null);
});
