/**
 * The generated dumps hang together the way the analysis expects real ones to (SPEC §2, §3):
 * event logs obey the leaves/matched arithmetic, trade legs add up to each order-day's matched
 * quantity, executions have two opposite legs, Centre Point legs print at the NBBO mid.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type GenSummary, generate } from '../../src/gen/generate.js';
import { formatDate, TradingCalendar } from '../../src/time/trading-calendar.js';
import { isValidQuote, NbboAsOf, readTable, type Table } from './generated-files.js';

const cal = new TradingCalendar({ timezone: 'Australia/Sydney', dayCutoff: '19:00' });
const CP_MASK = 64 | 256 | 2048 | 4096;
const EXTERNAL_ID_PREFIX = '7906';

function tradingDate(tsNs: string): string {
  return formatDate(cal.tradingDay(Number(BigInt(tsNs) / 1_000_000_000n)));
}

describe('generated market consistency', () => {
  let dir: string;
  let summary: GenSummary;
  let orders: Table;
  let trades: Table;
  let nbbo: Table;
  /** order id -> its events in file order */
  const logs = new Map<string, Record<string, string>[]>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gen-consistency-'));
    summary = await generate({ outDir: dir, securities: 2, days: 5, ordersPerDay: 1500, seed: 7 });
    orders = readTable(join(dir, 'orders.csv'));
    trades = readTable(join(dir, 'trades.csv'));
    nbbo = readTable(join(dir, 'nbbo.csv'));
    for (const e of orders.rows) {
      let log = logs.get(e.order_id);
      if (!log) logs.set(e.order_id, (log = []));
      log.push(e);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every order with unique 19-digit ids above 2^53, one entry event each', () => {
    assert.equal(orders.ragged.length, 0);
    assert.equal(logs.size, summary.orders);
    // 2 securities × 5 days × 1500 orders per day
    assert.equal(summary.orders, 15_000);
    for (const [id, log] of logs) {
      assert.match(id, /^\d{19}$/);
      assert.ok(BigInt(id) > 2n ** 53n);
      assert.equal(log[0].changereason, '6', `order ${id} starts with an entry`);
      assert.equal(log.filter((e) => e.changereason === '6').length, 1);
    }
  });

  it('keeps rows in timestamp order with a strictly increasing sequence', () => {
    for (const table of [orders, trades, nbbo]) {
      const tsColumn = table === trades ? 'tradetime' : 'timestamp';
      for (let i = 1; i < table.rows.length; i++) {
        assert.ok(BigInt(table.rows[i][tsColumn]) >= BigInt(table.rows[i - 1][tsColumn]));
        assert.ok(Number(table.rows[i].sequence) > Number(table.rows[i - 1].sequence));
      }
    }
  });

  it('obeys the event-log arithmetic: fills move leaves into matched, cancels and purges keep leaves, reloads carry matched', () => {
    const seen = {
      fill: 0,
      amend: 0,
      cancel: 0,
      systemCancel: 0,
      purge: 0,
      reload: 0,
      centrePointReloadCarryingFills: 0,
      amendBelowMatched: 0,
    };
    for (const [id, log] of logs) {
      const type = log[0].exchangeordertype;
      for (let i = 0; i < log.length; i++) {
        const e = log[i];
        assert.equal(e.exchangeordertype, type, `order ${id}: order_type is constant`);
        assert.ok(Number(e.leavesquantity) >= 0);
        if (Number(e.quantity) < Number(e.totalmatchedquantity)) seen.amendBelowMatched++;
        if (i === 0) {
          assert.equal(e.totalmatchedquantity, '0');
          assert.equal(e.leavesquantity, e.quantity);
          continue;
        }
        const prev = log[i - 1];
        const dLeaves = Number(prev.leavesquantity) - Number(e.leavesquantity);
        const dMatched = Number(e.totalmatchedquantity) - Number(prev.totalmatchedquantity);
        assert.ok(
          !['1', '9'].includes(prev.changereason) &&
            !(prev.changereason === '3' && prev.leavesquantity === '0'),
          `order ${id}: no event after its exit`,
        );
        switch (e.changereason) {
          case '3':
            seen.fill++;
            assert.ok(dMatched > 0);
            assert.equal(dLeaves, dMatched, `order ${id}: a fill of ${dMatched} lowers leaves by as much`);
            break;
          case '4':
          case '5':
            seen.amend++;
            assert.equal(dMatched, 0);
            break;
          case '1':
          case '9':
          case '24':
            if (e.changereason === '1') seen.cancel++;
            else if (e.changereason === '9') seen.systemCancel++;
            else seen.purge++;
            assert.equal(dLeaves, 0, `order ${id}: exit keeps the open quantity`);
            assert.equal(dMatched, 0);
            break;
          case '30':
            seen.reload++;
            if ((Number(type) & CP_MASK) !== 0 && e.totalmatchedquantity !== '0')
              seen.centrePointReloadCarryingFills++;
            assert.equal(prev.changereason, '24', `order ${id}: a reload follows a purge`);
            assert.equal(dMatched, 0, `order ${id}: the reload carries earlier matched quantity`);
            assert.equal(dLeaves, 0);
            assert.notEqual(tradingDate(e.timestamp), tradingDate(prev.timestamp));
            assert.notEqual(
              tradingDate(e.timestamp),
              e.date,
              'an evening reload opens the next trading date',
            );
            break;
          default:
            assert.fail(`order ${id}: unexpected change reason ${e.changereason}`);
        }
      }
    }
    for (const [what, n] of Object.entries(seen)) assert.ok(n > 0, `the data has some ${what} events`);
  });

  it('adds trade legs up to each order-day matched quantity', () => {
    const legQty = new Map<string, number>();
    let external = 0;
    for (const leg of trades.rows) {
      if (!logs.has(leg.orderid)) {
        assert.ok(
          leg.orderid.startsWith(EXTERNAL_ID_PREFIX),
          `leg order ${leg.orderid} is an order or an outside contra`,
        );
        external++;
        continue;
      }
      assert.equal(leg.tradedate, tradingDate(leg.tradetime));
      const key = `${leg.orderid}|${leg.tradedate}`;
      legQty.set(key, (legQty.get(key) ?? 0) + Number(leg.quantity));
    }
    assert.ok(external > 0);
    let orderDays = 0;
    let withFills = 0;
    for (const [id, log] of logs) {
      // matched before the day = matched on the order's last event of an earlier trading date
      let carried = 0;
      let day = '';
      let last = 0;
      const check = () => {
        orderDays++;
        if (last - carried > 0) withFills++;
        assert.equal(legQty.get(`${id}|${day}`) ?? 0, last - carried, `order ${id} on ${day}`);
      };
      for (const e of log) {
        const d = tradingDate(e.timestamp);
        if (d !== day) {
          if (day !== '') {
            check();
            carried = last;
          }
          day = d;
        }
        last = Number(e.totalmatchedquantity);
      }
      check();
    }
    assert.ok(withFills > 1000, `${withFills} of ${orderDays} order-days have fills`);
  });

  it('pairs legs: two per match group, opposite sides, one price, quantity and time', () => {
    const groups = new Map<string, Record<string, string>[]>();
    for (const leg of trades.rows) {
      let g = groups.get(leg.matchgroupid);
      if (!g) groups.set(leg.matchgroupid, (g = []));
      g.push(leg);
    }
    assert.equal(groups.size * 2, trades.rows.length);
    for (const [group, legs] of groups) {
      assert.equal(legs.length, 2, `match group ${group}`);
      const [a, b] = legs;
      assert.deepEqual([a.side, b.side].sort(), ['1', '2']);
      assert.equal(a.tradeprice, b.tradeprice);
      assert.equal(a.quantity, b.quantity);
      assert.equal(a.tradetime, b.tradetime);
      assert.equal(a.dealsource, b.dealsource);
      assert.notEqual(a.orderid, b.orderid);
    }
  });

  it('prints Centre Point legs at the NBBO mid and continuous lit legs at the bid or offer', () => {
    const asOf = new NbboAsOf(nbbo);
    const bySource = new Map<string, number>();
    for (const leg of trades.rows) {
      const ds = Number(leg.dealsource);
      bySource.set(leg.dealsource, (bySource.get(leg.dealsource) ?? 0) + 1);
      const twiceMid = asOf.twiceMidAt(leg.securitycode, BigInt(leg.tradetime));
      assert.notEqual(twiceMid, null);
      const price = BigInt(leg.tradeprice);
      if (ds >= 46 && ds <= 52) {
        assert.equal(2n * price, twiceMid, `CP leg ${leg.matchgroupid} at the mid`);
      }
      if (
        (ds === 1 || ds === 44) &&
        isValidQuote(leg.nationalbidpricesnapshot, leg.nationalofferpricesnapshot)
      ) {
        assert.ok(
          leg.tradeprice === leg.nationalbidpricesnapshot ||
            leg.tradeprice === leg.nationalofferpricesnapshot,
          `lit leg ${leg.matchgroupid} at the touch`,
        );
      }
    }
    for (const ds of ['1', '20', '47', '50'])
      assert.ok((bySource.get(ds) ?? 0) > 0, `deal source ${ds} occurs`);
  });

  it('trades marketable lit orders on entry, often against several resting orders in turn', () => {
    const legsByOrderAndTime = new Map<string, Record<string, string>[]>();
    const groups = new Map<string, Record<string, string>[]>();
    for (const leg of trades.rows) {
      const key = `${leg.orderid}|${leg.tradetime}`;
      legsByOrderAndTime.set(key, [...(legsByOrderAndTime.get(key) ?? []), leg]);
      groups.set(leg.matchgroupid, [...(groups.get(leg.matchgroupid) ?? []), leg]);
    }
    let marketable = 0;
    let tradedOnEntry = 0;
    let threeOrMoreContras = 0;
    for (const [id, log] of logs) {
      const entry = log[0];
      const fillsAtEntry = log.filter((e) => e.changereason === '3' && e.timestamp === entry.timestamp);
      const sod = cal.localSecondOfDay(Number(BigInt(entry.timestamp) / 1_000_000_000n));
      if (sod < 10 * 3600 || sod >= 16 * 3600) {
        assert.equal(fillsAtEntry.length, 0, `order ${id} entered outside the continuous session`);
        continue;
      }
      // both securities are open by 10:01 (the second opens at 10:00:37)
      if (sod < 10 * 3600 + 60) continue;
      if ((Number(entry.exchangeordertype) & CP_MASK) !== 0) continue;
      if (!isValidQuote(entry.national_bid, entry.national_offer)) continue;
      const touch = entry.side === '1' ? entry.national_offer : entry.national_bid;
      const price = BigInt(entry.price);
      const atOrThrough = entry.side === '1' ? price >= BigInt(touch) : price <= BigInt(touch);
      if (price !== 0n && !atOrThrough) continue;
      marketable++;
      if (fillsAtEntry.length > 0) tradedOnEntry++;
      // one leg of `id` per fill event, each its own match with a different contra, at the touch
      const legs = legsByOrderAndTime.get(`${id}|${entry.timestamp}`) ?? [];
      assert.equal(legs.length, fillsAtEntry.length, `order ${id}: a leg per fill on entry`);
      const contras = new Set<string>();
      for (const leg of legs) {
        assert.equal(leg.tradeprice, touch, `order ${id} trades at the far touch on entry`);
        const other = (groups.get(leg.matchgroupid) ?? []).find((l) => l.orderid !== id);
        assert.ok(other, `match group ${leg.matchgroupid} has a contra leg`);
        contras.add(other.orderid);
      }
      assert.equal(contras.size, legs.length, `order ${id}: never the same contra twice in one instant`);
      if (contras.size >= 3) threeOrMoreContras++;
    }
    assert.ok(marketable > 500, `${marketable} marketable lit entries`);
    // whatever the resting book cannot fill trades outside the dump with chance 0.6, so at least
    // 60 % of marketable entries trade at once
    assert.ok(tradedOnEntry > 0.6 * marketable, `${tradedOnEntry} of ${marketable} traded on entry`);
    assert.ok(threeOrMoreContras > 10, `${threeOrMoreContras} entries took 3 or more contras`);
  });

  it('writes about half as many trade bytes as order bytes', () => {
    const bytes = (kind: string) => summary.files.find((f) => f.kind === kind)?.bytes ?? 0;
    const ratio = bytes('trades') / bytes('orders');
    assert.ok(ratio > 0.45 && ratio < 0.55, `trades/orders bytes = ${ratio}`);
  });

  it('mixes in Centre Point types, sweeps (some dual-posted), minimum quantities and market orders', () => {
    const entries = orders.rows.filter((e) => e.changereason === '6');
    const types = new Set(entries.map((e) => Number(e.exchangeordertype)));
    for (const t of [0, 64, 66, 256, 2048, 2050, 4096, 4098]) assert.ok(types.has(t), `type ${t} occurs`);
    const cpRows = orders.rows.filter((e) => (Number(e.exchangeordertype) & CP_MASK) !== 0).length;
    const share = cpRows / orders.rows.length;
    assert.ok(share > 0.08 && share < 0.18, `Centre Point rows are ${share} of order rows`);
    assert.equal(entries.filter((e) => (Number(e.exchangeordertype) & 2048) !== 0).length, summary.sweeps);
    assert.ok(entries.some((e) => e.midtick === '1' && (Number(e.exchangeordertype) & 2048) !== 0));
    assert.ok(entries.some((e) => Number(e.minimumquantity) > 0));
    assert.ok(entries.some((e) => e.price === '0'));
  });

  it('has crossed, locked, zero and INT64_MIN quotes in the NBBO file and invalid snapshots on orders', () => {
    const q = nbbo.rows;
    assert.ok(
      q.some((r) => BigInt(r.bidprice) > BigInt(r.offerprice) && BigInt(r.offerprice) > 0n),
      'crossed',
    );
    assert.ok(
      q.some((r) => r.bidprice === r.offerprice),
      'locked',
    );
    assert.ok(
      q.some((r) => r.bidprice === '0' || r.offerprice === '0'),
      'zero',
    );
    assert.ok(
      q.some((r) => r.bidprice === '-9223372036854775808' || r.offerprice === '-9223372036854775808'),
      'sentinel',
    );
    assert.ok(
      orders.rows.some((r) => !isValidQuote(r.national_bid, r.national_offer)),
      'invalid order snapshot',
    );
  });

  it('times events mostly in 10:00-16:00 local, some before the open and a few after the close', () => {
    const buckets = { preOpen: 0, session: 0, afterClose: 0 };
    for (const e of orders.rows) {
      const sod = cal.localSecondOfDay(Number(BigInt(e.timestamp) / 1_000_000_000n));
      assert.ok(sod >= 7 * 3600 && sod < 21 * 3600, `event at ${sod} s after local midnight`);
      if (sod < 10 * 3600) buckets.preOpen++;
      else if (sod < 16 * 3600) buckets.session++;
      else buckets.afterClose++;
    }
    assert.ok(buckets.session > 0.85 * orders.rows.length, JSON.stringify(buckets));
    assert.ok(buckets.preOpen > 0 && buckets.afterClose > 0, JSON.stringify(buckets));
  });
});
