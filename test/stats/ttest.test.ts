import assert from 'node:assert/strict';
import { test } from 'node:test';
import { oneSampleTTest } from '../../src/stats/ttest.js';

const close = (actual: number | null, expected: number, tol = 1e-9) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} != ${expected}`);

test('df = 1: the t distribution is Cauchy, so p and the interval have closed forms', () => {
  // x = [1, 3]: mean 2, sd = sqrt(((1-2)^2 + (3-2)^2)/1) = sqrt(2), se = sqrt(2)/sqrt(2) = 1, t = 2, df = 1.
  // Cauchy CDF F(t) = 1/2 + atan(t)/pi, so p = 2(1 - F(2)) = 1 - 2 atan(2)/pi = 0.29516723530086653...
  // t quantile(0.975, 1) = tan(pi (0.975 - 0.5)) = 12.706204736174...; interval 2 -/+ 12.7062...
  const r = oneSampleTTest([1, 3], 0.05);
  assert.equal(r.n, 2);
  assert.equal(r.df, 1);
  close(r.mean, 2);
  close(r.sd, Math.SQRT2);
  close(r.t, 2);
  close(r.p, 1 - (2 * Math.atan(2)) / Math.PI);
  close(r.p, 0.29516723530086653);
  const q = Math.tan(Math.PI * 0.475);
  close(r.ci_lower, 2 - q, 1e-8);
  close(r.ci_upper, 2 + q, 1e-8);
  close(r.d_z, 2 / Math.SQRT2);
  assert.equal(r.skipped_reason, null);
});

test('df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2)) gives p exactly', () => {
  // x = [1, 2, 6]: mean 3, deviations -2, -1, 3, Σd² = 14, var = 7, sd = sqrt(7), se = sqrt(7/3),
  // t = 3 / sqrt(7/3), t² = 27/7, so p = 1 - t/sqrt(2 + t²) = 1 - sqrt(27/41) = 0.18849...
  // t quantile(0.95, 2) (alpha 0.1) = 2.919985580353726 (solve F(q) = 0.95: q / sqrt(2+q²) = 0.9
  // -> q² = 0.81·2/0.19); interval 3 -/+ q·sqrt(7/3).
  const r = oneSampleTTest([1, 2, 6], 0.1);
  close(r.t, 3 / Math.sqrt(7 / 3));
  close(r.p, 1 - Math.sqrt(27 / 41));
  const q = Math.sqrt((0.81 * 2) / 0.19);
  close(q, 2.919985580353726);
  close(r.ci_lower, 3 - q * Math.sqrt(7 / 3), 1e-8);
  close(r.ci_upper, 3 + q * Math.sqrt(7 / 3), 1e-8);
  close(r.d_z, 3 / Math.sqrt(7));
});

test('a negative mean gives a negative t and the same two-sided p', () => {
  const r = oneSampleTTest([-1, -2, -6], 0.05);
  close(r.t, -3 / Math.sqrt(7 / 3));
  close(r.p, 1 - Math.sqrt(27 / 41));
});

test('skips fewer than two values and zero variance', () => {
  const one = oneSampleTTest([4], 0.05);
  assert.equal(one.skipped_reason, 'n < 2');
  assert.equal(one.mean, 4);
  assert.equal(one.p, null);
  assert.equal(oneSampleTTest([], 0.05).skipped_reason, 'n < 2');
  const flat = oneSampleTTest([2, 2, 2], 0.05);
  assert.equal(flat.skipped_reason, 'zero variance');
  assert.equal(flat.sd, 0);
  assert.equal(flat.t, null);
});
