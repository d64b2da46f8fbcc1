/** Seeded random partitions (3 securities × 2 dates) for the brute-force aggregation tests. */
import type { ScenarioName } from '../../src/config/types.js';
import type { Group, OrderResult, PartitionResult, SimulationRow } from '../../src/model/results.js';
import { orderRow, simulationRow, TS_1030 } from '../output/sample-result.js';

/** mulberry32: a tiny deterministic PRNG in [0, 1) */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SECURITIES = [100, 200, 300];
export const DATES = ['2024-09-05', '2024-09-06'];
const SCENARIOS: ScenarioName[] = ['A', 'B', 'C', 'R'];
const SIZES = [0, 50, 100, 101, 999, 1000, 1001, 10000, 10001, 20000];
/** 10:00 AEST of 2024-09-05 */
const OPEN = TS_1030 - 1_800_000_000_000n;
const DAY_NS = 86_400_000_000_000n;

export function randomPartitions(seed: number, ordersPerPartition: number): PartitionResult[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const partitions: PartitionResult[] = [];
  SECURITIES.forEach((security_code, si) => {
    DATES.forEach((trading_date, di) => {
      const orders: OrderResult[] = [];
      const simulation: SimulationRow[] = [];
      for (let i = 0; i < ordersPerPartition; i++) {
        const order_id = 2n ** 60n + BigInt((si * 10 + di) * 1000 + i);
        const order_size = rnd() < 0.5 ? SIZES[int(SIZES.length)] : 1 + int(30000);
        const day_matched = int(order_size + 1);
        const leaves = order_size - day_matched;
        const price = 3000 + int(500);
        const group: Group =
          day_matched === 0 ? 'G3_NOT_EXECUTED' : leaves === 0 ? 'G1_FULLY_FILLED' : 'G2_PARTIALLY_FILLED';
        const o = orderRow({
          order_id,
          trading_date,
          security_code,
          participant_id: rnd() < 0.1 ? null : 1 + int(5),
          side: rnd() < 0.5 ? 1 : 2,
          is_sweep: rnd() < 0.7,
          in_scope: rnd() < 0.85,
          order_size,
          day_matched,
          final_matched: day_matched,
          final_leaves: leaves,
          filled_qty: day_matched,
          notional: BigInt(day_matched) * BigInt(price),
          vwap: day_matched > 0 ? price : null,
          fill_ratio: order_size > 0 ? day_matched / order_size : null,
          arrival_cost_bps: rnd() < 0.2 ? null : (rnd() - 0.5) * 40,
          group,
          benchmark_ts:
            OPEN + BigInt(di) * DAY_NS + BigInt(int(360 * 60)) * 1_000_000_000n + BigInt(int(1e9)),
        });
        orders.push(o);
        if (!o.in_scope) continue;
        for (const scenario of SCENARIOS) {
          const noMid = scenario !== 'R' && rnd() < 0.1;
          const sim = int(order_size + 1);
          const hasSavings = !noMid && sim > 0 && o.filled_qty > 0;
          const bps = hasSavings ? (rnd() < 0.05 ? 0 : Math.round((rnd() - 0.5) * 3000) / 100) : null;
          simulation.push(
            simulationRow({
              order_id,
              trading_date,
              security_code,
              scenario,
              status: noMid ? 'no_mid' : 'ok',
              mid: noMid ? null : 3337.5,
              sim_filled_qty: noMid ? null : sim,
              savings_bps: bps,
              savings_raw: bps === null ? null : bps * 3.3,
              savings_money: bps === null ? null : (bps * 3.3) / 1000,
              filled_qty: o.filled_qty,
              order_size,
              participant_id: o.participant_id,
              is_sweep: o.is_sweep,
              benchmark_ts: o.benchmark_ts,
            }),
          );
        }
      }
      partitions.push({
        trading_date,
        security_code,
        orders,
        trades: [],
        metrics: [],
        simulation,
        matches: [],
      });
    });
  });
  return partitions;
}
