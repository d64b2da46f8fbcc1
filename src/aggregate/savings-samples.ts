/**
 * The per-order savings_bps samples the statistics run on, gathered from the partitions'
 * simulation files in (security_code, trading_date, order_id) order: per scenario values, and
 * Friedman blocks (orders with a savings value in every requested scenario, in scenario order).
 */
import type { ScenarioName } from '../config/types.js';
import type { SavingsValue } from '../output/simulation-reader.js';

export interface SavingsSample {
  byScenario: Map<ScenarioName, number[]>;
  blocks: number[][];
}

export function emptySample(): SavingsSample {
  return { byScenario: new Map(), blocks: [] };
}

/**
 * Adds one partition's rows (sorted by order_id, scenario) to every sample that covers it. The
 * files hold rows of in-scope orders only; `sweepsOnly` (subjects: sweeps) also drops non-sweeps.
 */
export function addPartitionSavings(
  targets: readonly SavingsSample[],
  rows: readonly SavingsValue[],
  scenarios: readonly ScenarioName[],
  sweepsOnly: boolean,
): void {
  let i = 0;
  while (i < rows.length) {
    const id = rows[i].order_id;
    const perScenario = new Map<ScenarioName, number>();
    for (; i < rows.length && rows[i].order_id === id; i++) {
      const { scenario, savings_bps, is_sweep } = rows[i];
      if (savings_bps === null || !scenarios.includes(scenario) || (sweepsOnly && !is_sweep)) continue;
      perScenario.set(scenario, savings_bps);
    }
    for (const s of scenarios) {
      const v = perScenario.get(s);
      if (v === undefined) continue;
      for (const t of targets) {
        let list = t.byScenario.get(s);
        if (list === undefined) {
          list = [];
          t.byScenario.set(s, list);
        }
        list.push(v);
      }
    }
    if (perScenario.size === scenarios.length) {
      const block = scenarios.map((s) => perScenario.get(s) as number);
      for (const t of targets) t.blocks.push(block);
    }
  }
}
