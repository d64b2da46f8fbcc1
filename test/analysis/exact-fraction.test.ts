import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floorFractionOf } from '../../src/analysis/exact-fraction.js';

test('0.57 × 100 is 57 (binary floating point gives 56.99999999999999)', () => {
  assert.equal(Math.floor(0.57 * 100), 56, 'the trap this function avoids');
  assert.equal(floorFractionOf(0.57, 100), 57);
});

test('floor of exact decimal products', () => {
  assert.equal(floorFractionOf(0.5, 1000), 500);
  assert.equal(floorFractionOf(0.5, 301), 150); // 150.5 -> 150
  assert.equal(floorFractionOf(0.29, 100), 29); // 0.29 * 100 = 28.999999999999996 in doubles
  assert.equal(floorFractionOf(1, 37), 37);
  assert.equal(floorFractionOf(0, 37), 0);
  assert.equal(floorFractionOf(0.333, 1000), 333);
  assert.equal(floorFractionOf(0.333, 999), 332); // 332.667 -> 332
});

test('exponent notation from String(f) is honoured', () => {
  // String(1e-7) = "1e-7": 1e-7 × 30_000_000 = 3
  assert.equal(floorFractionOf(1e-7, 30_000_000), 3);
  // String(1.5e-7) = "1.5e-7": 1.5e-7 × 10_000_001 = 1.5000001 -> 1
  assert.equal(floorFractionOf(1.5e-7, 10_000_001), 1);
});

test('negative or non-finite fractions and non-integer sizes are refused', () => {
  assert.throws(() => floorFractionOf(-0.5, 10), RangeError);
  assert.throws(() => floorFractionOf(Number.NaN, 10), RangeError);
  assert.throws(() => floorFractionOf(0.5, 10.5), RangeError);
});
