/**
 * analysePartition on the real ASX sample (final states of 2024-09-05, security 110621), read with
 * a tiny test-side CSV reader in place of the ingest. The sample has one row per order, so
 * arrival = final and day_matched = totalmatchedquantity.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analysePartition } from '../../src/analysis/analyse-partition.js';
import type { NbboQuote, OrderEvent, PartitionData, Side, TradeLeg } from '../../src/model/rows.js';
import { parseDate } from '../../src/time/trading-calendar.js';
import { testConfig } from './analysis-test-rows.js';

// this file runs as dist/test/analysis/*.js; the sample sits beside the repository
const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/asx-sample');
const present = existsSync(join(SAMPLE, 'orders_final_2024-09-05_110621.csv'));
const INT64_MIN = '-9223372036854775808';

/** Rows as header -> field maps; the sample has no quoted fields. */
function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(join(SAMPLE, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  return lines.slice(1).map((line) => {
    const fields = line.split(',');
    return Object.fromEntries(header.map((h, i) => [h, fields[i].trim()]));
  });
}

const num = (text: string): number | null => (text === '' || text === INT64_MIN ? null : Number(text));
const int = (text: string): number => {
  const v = num(text);
  assert.ok(v !== null, `empty required field`);
  return v;
};

function loadPartition(): { data: PartitionData; finals: Record<string, string>[] } {
  const finals = readCsv('orders_final_2024-09-05_110621.csv');
  const orders: OrderEvent[] = finals.map((r, i) => ({
    orderId: BigInt(r.order_id),
    ts: BigInt(r.timestamp),
    securityCode: int(r.security_code),
    price: int(r.price),
    side: int(r.side) as Side,
    quantity: int(r.quantity),
    leaves: int(r.leavesquantity),
    matched: int(r.totalmatchedquantity),
    orderType: int(r.exchangeordertype),
    participantId: num(r.participantid),
    sequence: r.sequence === '' ? null : BigInt(r.sequence),
    changeReason: num(r.changereason),
    nationalBid: num(r.national_bid),
    nationalOffer: num(r.national_offer),
    minimumQuantity: num(r.minimumquantity),
    midtick: num(r.midtick),
    fileOrder: i,
  }));
  const ids = new Set(finals.map((r) => r.order_id));
  // like the ingest: only the legs of universe orders of this partition
  const trades: TradeLeg[] = readCsv('trades.csv')
    .filter((r) => ids.has(r.orderid) && r.tradedate === '2024-09-05')
    .map((r, i) => ({
      orderId: BigInt(r.orderid),
      tradeTime: BigInt(r.tradetime),
      securityCode: int(r.securitycode),
      price: int(r.tradeprice),
      quantity: int(r.quantity),
      side: int(r.side) as Side,
      tradeDate: parseDate(r.tradedate),
      dealSource: num(r.dealsource),
      participantId: num(r.participantid),
      nationalBid: num(r.nationalbidpricesnapshot),
      nationalOffer: num(r.nationalofferpricesnapshot),
      matchGroupId: r.matchgroupid === '' ? null : BigInt(r.matchgroupid),
      fileOrder: 2 ** 40 + i,
    }));
  const quotes: NbboQuote[] = readCsv('nbbo.csv').map((r, i) => ({
    ts: BigInt(r.timestamp),
    securityCode: int(r.orderbookid),
    bid: num(r.bidprice),
    offer: num(r.offerprice),
    fileOrder: 2 * 2 ** 40 + i,
  }));
  return { data: { day: parseDate('2024-09-05'), securityCode: 110621, orders, trades, quotes }, finals };
}

test('ASX sample 2024-09-05: sweeps reconcile with their trades; groups and ids match the final states', {
  skip: present ? false : `sample absent at ${SAMPLE}`,
}, () => {
  const { data, finals } = loadPartition();
  const result = analysePartition(data, testConfig({ hoursEnabled: false, scenarios: ['A', 'B', 'C', 'R'] }));

  // ids: exactly the input ids, in ascending order, exact as strings (19 digits, above 2^53)
  const inputIds = finals.map((r) => BigInt(r.order_id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(
    result.orders.map((o) => o.order_id.toString()),
    inputIds.map(String),
  );
  assert.equal(new Set(inputIds).size, finals.length, 'one row per order in the sample');

  // every sweep's Σ leg quantity equals its totalmatchedquantity
  const legQty = new Map<string, number>();
  for (const t of data.trades)
    legQty.set(String(t.orderId), (legQty.get(String(t.orderId)) ?? 0) + t.quantity);
  const sweeps = finals.filter((r) => (Number(r.exchangeordertype) & 2048) !== 0);
  const directMismatches = sweeps.filter(
    (r) => (legQty.get(r.order_id) ?? 0) !== Number(r.totalmatchedquantity),
  );
  const flagged = result.orders.filter((o) => o.is_sweep && o.qty_mismatch);
  assert.equal(flagged.length, directMismatches.length);
  assert.equal(flagged.length, 0, 'the sample reconciles');
  assert.equal(result.orders.filter((o) => o.is_sweep).length, sweeps.length);
  assert.equal(result.trades.length, data.trades.length);

  // group counts of the subjects (every sweep: hours disabled, all participants) against the final states
  const direct = { G1: 0, G2: 0, G3: 0 };
  for (const r of sweeps) {
    const matched = Number(r.totalmatchedquantity);
    const leaves = Number(r.leavesquantity);
    if (matched === 0) direct.G3 += 1;
    else if (leaves === 0) direct.G1 += 1;
    else direct.G2 += 1;
  }
  assert.deepEqual(
    result.metrics.map((m) => m.order_count),
    [direct.G1, direct.G2, direct.G3, sweeps.length],
  );
  const totalMatched = sweeps.reduce((s, r) => s + Number(r.totalmatchedquantity), 0);
  assert.equal(result.metrics[3].quantity_traded, totalMatched);

  // A, B, C and R per sweep
  assert.equal(result.simulation.length, sweeps.length * 4);
});
