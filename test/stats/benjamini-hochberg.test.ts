import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benjaminiHochberg } from '../../src/stats/benjamini-hochberg.js';

const closeAll = (actual: number[], expected: number[]) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    assert.ok(Math.abs(a - expected[i]) <= 1e-12, `[${i}] ${a} != ${expected[i]}`);
  });
};

test('textbook example keeps the input order', () => {
  // sorted 0.005, 0.01, 0.03, 0.04 -> ·4/rank: 0.02, 0.02, 0.04, 0.04 (already monotone)
  closeAll(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
});

test('adjusted values are made monotone from the largest p down', () => {
  // 0.01·3/1 = 0.03, 0.011·3/2 = 0.0165, 0.5·3/3 = 0.5 -> the 0.03 is lowered to 0.0165
  closeAll(benjaminiHochberg([0.5, 0.011, 0.01]), [0.5, 0.0165, 0.0165]);
  // 0.04·3 = 0.12, 0.5·3/2 = 0.75, 0.9
  closeAll(benjaminiHochberg([0.5, 0.9, 0.04]), [0.75, 0.9, 0.12]);
});

test('an adjustment above 1 is pulled down by the larger p, and empty input gives empty output', () => {
  // 0.7·2/1 = 1.4 > 1 becomes min(1.4, 0.8·2/2) = 0.8
  closeAll(benjaminiHochberg([0.8, 0.7]), [0.8, 0.8]);
  assert.deepEqual(benjaminiHochberg([]), []);
});
