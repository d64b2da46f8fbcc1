import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ExactSum, exactAdd, exactMerge, exactValue } from '../../src/aggregate/exact-sum.js';

const sumOf = (values: number[]): number => {
  const s: ExactSum = [];
  for (const v of values) exactAdd(s, v);
  return exactValue(s);
};

test('sums are exact where naive addition is not', () => {
  // naive: (1e16 + 1) rounds to 1e16, minus 1e16 gives 0; the exact sum is 1
  assert.equal(1e16 + 1 - 1e16, 0);
  assert.equal(sumOf([1e16, 1, -1e16]), 1);
  // ten 0.1s: naive 0.9999999999999999; the exact sum of the ten doubles rounds to 1
  assert.equal(sumOf(new Array(10).fill(0.1)), 1);
  // CPython's fsum([1e-16, 1, 1e16]) = 10000000000000002.0: the 1e-16 breaks the half-way tie up
  assert.equal(sumOf([1e-16, 1, 1e16]), 10000000000000002);
  assert.equal(sumOf([]), 0);
});

test('order and grouping of additions and merges do not change the value', () => {
  const values = [0.1, 1e20, -3.3, 7e-12, -1e20, 2.5, 1 / 3, 1e-300, 123456.789];
  const forward = sumOf(values);
  assert.equal(sumOf([...values].reverse()), forward);
  const left: ExactSum = [];
  const right: ExactSum = [];
  values.forEach((v, i) => {
    exactAdd(i % 2 === 0 ? left : right, v);
  });
  // a JSON round trip keeps the partials exact
  const merged: ExactSum = JSON.parse(JSON.stringify(right));
  exactMerge(merged, JSON.parse(JSON.stringify(left)));
  assert.equal(exactValue(merged), forward);
});

test('a non-finite value is refused', () => {
  assert.throws(() => exactAdd([], Number.NaN), RangeError);
});
