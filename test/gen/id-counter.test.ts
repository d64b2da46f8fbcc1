import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdCounter } from '../../src/gen/id-counter.js';

describe('IdCounter', () => {
  it('starts at the given id and steps exactly above 2^53', () => {
    const ids = new IdCounter('7901232681961407641');
    assert.equal(ids.next(400), '7901232681961407641');
    // 7901232681961407641 + 400
    assert.equal(ids.next(), '7901232681961408041');
    assert.equal(BigInt(ids.next()), 7901232681961408042n);
  });

  it('carries into the leading digits and keeps the low part zero-padded', () => {
    const ids = new IdCounter('7901232999999999999');
    assert.equal(ids.next(2), '7901232999999999999');
    // 7901232999999999999 + 2 = 7901233000000000001
    assert.equal(ids.next(), '7901233000000000001');
  });
});
