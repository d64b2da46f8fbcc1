import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStamp, parseStamp } from '../../src/jobs/commit-stamp.js';
import { partitionContentHash } from '../../src/jobs/partition-content-hash.js';
import type { OrderEvent, PartitionData, TradeLeg } from '../../src/model/rows.js';

function order(id: bigint, fileOrder: number, over: Partial<OrderEvent> = {}): OrderEvent {
  return {
    orderId: id,
    ts: 1_725_496_200_000_000_000n,
    securityCode: 110621,
    price: 3000,
    side: 1,
    quantity: 100,
    leaves: 100,
    matched: 0,
    orderType: 2048,
    participantId: 7,
    sequence: null,
    changeReason: 6,
    nationalBid: 2990,
    nationalOffer: 3010,
    minimumQuantity: null,
    midtick: null,
    fileOrder,
    ...over,
  };
}

function trade(id: bigint, fileOrder: number): TradeLeg {
  return {
    orderId: id,
    tradeTime: 1_725_496_300_000_000_000n,
    securityCode: 110621,
    price: 3000,
    quantity: 40,
    side: 1,
    tradeDate: null,
    dealSource: 47,
    participantId: 7,
    nationalBid: null,
    nationalOffer: null,
    matchGroupId: 9n,
    fileOrder,
  };
}

function partition(orders: OrderEvent[], trades: TradeLeg[] = []): PartitionData {
  return { day: 19971, securityCode: 110621, orders, trades, quotes: [] };
}

const a = 7901232681961407641n;
const b = 7901232681961407642n;

describe('partitionContentHash', () => {
  const base = partitionContentHash(partition([order(a, 10), order(b, 20)], [trade(a, 5)]));

  it('ignores file positions as long as the relative order is the same', () => {
    // as if a new input file sorted before this one: every fileOrder moves by one file stride
    const shift = 2 ** 40;
    const shifted = partitionContentHash(
      partition([order(a, 10 + shift), order(b, 20 + shift)], [trade(a, 5 + shift)]),
    );
    assert.equal(shifted, base);
  });

  it('follows file order, not array order', () => {
    assert.equal(partitionContentHash(partition([order(b, 20), order(a, 10)], [trade(a, 5)])), base);
  });

  it('changes when the relative order of rows changes', () => {
    assert.notEqual(partitionContentHash(partition([order(a, 30), order(b, 20)], [trade(a, 5)])), base);
  });

  it('changes with any field value, a row more, or a row moving between kinds', () => {
    assert.notEqual(
      partitionContentHash(partition([order(a, 10, { leaves: 99 }), order(b, 20)], [trade(a, 5)])),
      base,
    );
    assert.notEqual(
      partitionContentHash(partition([order(a, 10, { midtick: 1 }), order(b, 20)], [trade(a, 5)])),
      base,
    );
    assert.notEqual(
      partitionContentHash(partition([order(a, 10), order(b, 20)], [trade(a, 5), trade(b, 6)])),
      base,
    );
    assert.notEqual(partitionContentHash(partition([order(a, 10), order(b, 20)], [])), base);
    // an id differing only above 2^53 must still count
    assert.notEqual(partitionContentHash(partition([order(a + 1n, 10), order(b, 20)], [trade(a, 5)])), base);
  });

  it('changes with the partition key', () => {
    const other: PartitionData = { ...partition([order(a, 10), order(b, 20)], [trade(a, 5)]), day: 19972 };
    assert.notEqual(partitionContentHash(other), base);
  });
});

describe('commit stamp', () => {
  it('round-trips and rejects what is not a stamp', () => {
    const stamp = { analysis: 'x', content: 'y', store: 'z' };
    assert.equal(formatStamp(stamp), '{"analysis":"x","content":"y","store":"z"}\n');
    assert.deepEqual(parseStamp(formatStamp(stamp)), stamp);
    assert.equal(parseStamp(null), null);
    assert.equal(parseStamp(''), null);
    assert.equal(parseStamp('{"analysis":"x"}'), null);
  });
});
