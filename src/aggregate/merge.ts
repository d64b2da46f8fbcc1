/**
 * Merging partition partials. Every sum is exact (integers, bigint strings, exact-sum lists) and
 * every set a sorted union, so any order or grouping of merges gives the same aggregates; the
 * inputs are still folded in (security_code, trading_date) order so merged lists read naturally.
 */
import { ALL_SCENARIOS } from '../config/types.js';
import { exactMerge } from './exact-sum.js';
import {
  type AggregateSums,
  DIMENSIONS,
  emptyAggregateSums,
  emptyPartials,
  emptyScenarioSums,
  insertSorted,
  type PartitionPartials,
  type ScenarioSums,
} from './partials.js';

function mergeScenario(into: ScenarioSums, from: ScenarioSums): void {
  into.sim_orders += from.sim_orders;
  into.no_mid_orders += from.no_mid_orders;
  into.sim_filled_qty += from.sim_filled_qty;
  into.savings_orders += from.savings_orders;
  exactMerge(into.savings_raw, from.savings_raw);
  exactMerge(into.savings_money, from.savings_money);
  exactMerge(into.savings_bps_weighted, from.savings_bps_weighted);
  into.savings_weight += from.savings_weight;
  exactMerge(into.savings_bps_sum, from.savings_bps_sum);
}

function mergeSums(into: AggregateSums, from: AggregateSums): void {
  into.orders += from.orders;
  into.filled_orders += from.filled_orders;
  into.order_qty += from.order_qty;
  into.day_matched += from.day_matched;
  into.filled_qty += from.filled_qty;
  exactMerge(into.fill_ratio_sum, from.fill_ratio_sum);
  into.fill_ratio_count += from.fill_ratio_count;
  into.notional = (BigInt(into.notional) + BigInt(from.notional)).toString();
  exactMerge(into.arrival_cost_weighted, from.arrival_cost_weighted);
  into.arrival_cost_weight += from.arrival_cost_weight;
  for (const s of ALL_SCENARIOS) {
    const other = from.scenarios[s];
    if (other === undefined) continue;
    let mine = into.scenarios[s];
    if (mine === undefined) {
      mine = emptyScenarioSums();
      into.scenarios[s] = mine;
    }
    mergeScenario(mine, other);
  }
  for (const d of from.dates) insertSorted(into.dates, d);
  for (const c of from.securities) insertSorted(into.securities, c);
  for (const p of from.participants) insertSorted(into.participants, p);
}

function firstPartition(p: PartitionPartials): { security_code: number; trading_date: string } {
  return p.partitions[0] ?? { security_code: Number.POSITIVE_INFINITY, trading_date: '' };
}

export function mergePartials(list: readonly PartitionPartials[]): PartitionPartials {
  const ordered = [...list].sort((a, b) => {
    const x = firstPartition(a);
    const y = firstPartition(b);
    return (
      x.security_code - y.security_code ||
      (x.trading_date < y.trading_date ? -1 : x.trading_date > y.trading_date ? 1 : 0)
    );
  });
  const merged = emptyPartials([]);
  for (const p of ordered) {
    merged.partitions.push(...p.partitions);
    mergeSums(merged.global, p.global);
    for (const dim of DIMENSIONS) {
      for (const [key, sums] of Object.entries(p[dim])) {
        let mine = merged[dim][key];
        if (mine === undefined) {
          mine = emptyAggregateSums();
          merged[dim][key] = mine;
        }
        mergeSums(mine, sums);
      }
    }
  }
  merged.partitions.sort(
    (a, b) =>
      a.security_code - b.security_code ||
      (a.trading_date < b.trading_date ? -1 : a.trading_date > b.trading_date ? 1 : 0),
  );
  for (const dim of DIMENSIONS) {
    const sorted: Record<string, AggregateSums> = {};
    for (const key of Object.keys(merged[dim]).sort()) sorted[key] = merged[dim][key];
    merged[dim] = sorted;
  }
  return merged;
}
