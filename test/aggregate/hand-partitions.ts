/** A hand-computed two-partition example shared by the aggregation tests. */
import type { PartitionResult } from '../../src/model/results.js';
import { orderRow, simulationRow, TS_1030 } from '../output/sample-result.js';

const MIN = 60_000_000_000n;
const DAY = 1440n * MIN;

/** Two partitions, three subjects (o1, o2, o5), one non-sweep and one out-of-scope order. */
export function handPartitions(): PartitionResult[] {
  const p1: PartitionResult = {
    trading_date: '2024-09-05',
    security_code: 100,
    orders: [
      orderRow({
        order_id: 1n,
        security_code: 100,
        participant_id: 7,
        order_size: 500,
        day_matched: 200,
        filled_qty: 200,
        notional: 668_000n,
        fill_ratio: 0.4,
        arrival_cost_bps: 10,
      }),
      orderRow({
        order_id: 2n,
        security_code: 100,
        participant_id: 8,
        order_size: 50,
        day_matched: 50,
        filled_qty: 50,
        notional: 167_000n,
        fill_ratio: 1,
        arrival_cost_bps: 20,
        group: 'G1_FULLY_FILLED',
        benchmark_ts: TS_1030 + 15n * MIN,
      }),
      orderRow({ order_id: 3n, security_code: 100, is_sweep: false, order_type: 64 }),
      orderRow({ order_id: 4n, security_code: 100, in_scope: false }),
    ],
    trades: [],
    metrics: [],
    simulation: [
      simulationRow({
        order_id: 1n,
        security_code: 100,
        scenario: 'A',
        savings_bps: 4,
        sim_filled_qty: 500,
        filled_qty: 200,
        savings_raw: 500,
        savings_money: 0.5,
      }),
      simulationRow({
        order_id: 2n,
        security_code: 100,
        scenario: 'A',
        savings_bps: 1,
        sim_filled_qty: 50,
        filled_qty: 50,
        savings_raw: 25,
        savings_money: 0.025,
      }),
      simulationRow({ order_id: 3n, security_code: 100, scenario: 'A', savings_bps: 99, is_sweep: false }),
    ],
    matches: [],
  };
  const p2: PartitionResult = {
    trading_date: '2024-09-06',
    security_code: 200,
    orders: [
      orderRow({
        order_id: 5n,
        trading_date: '2024-09-06',
        security_code: 200,
        participant_id: 7,
        order_size: 2000,
        day_matched: 0,
        filled_qty: 0,
        notional: 0n,
        vwap: null,
        fill_ratio: 0,
        arrival_cost_bps: null,
        group: 'G3_NOT_EXECUTED',
        benchmark_ts: TS_1030 + DAY + 40n * MIN,
      }),
    ],
    trades: [],
    metrics: [],
    simulation: [
      simulationRow({
        order_id: 5n,
        trading_date: '2024-09-06',
        security_code: 200,
        scenario: 'A',
        status: 'no_mid',
        mid: null,
        sim_filled_qty: null,
        sim_vwap: null,
        sim_fill_ratio: null,
        savings_raw: null,
        savings_bps: null,
        savings_money: null,
        filled_qty: 0,
      }),
    ],
    matches: [],
  };
  return [p1, p2];
}
