/** The aggregate tables of SPEC §5 from merged partials: one row per key of a dimension. */
import type { Config, ScenarioName } from '../config/types.js';
import { ALL_SCENARIOS } from '../config/types.js';
import type { Cell, Table } from './csv-table.js';
import { exactValue } from './exact-sum.js';
import { type AggregateSums, type Dimension, orderSizeLabels, type PartitionPartials } from './partials.js';

type Distinct = 'num_dates' | 'num_securities' | 'num_participants';

interface DimensionLayout {
  keyColumn: string;
  distinct: Distinct[];
}

const LAYOUT: Record<Dimension, DimensionLayout> = {
  by_security: { keyColumn: 'security_code', distinct: ['num_dates', 'num_participants'] },
  by_date: { keyColumn: 'trading_date', distinct: ['num_securities', 'num_participants'] },
  by_participant: { keyColumn: 'participant_id', distinct: ['num_dates', 'num_securities'] },
  by_time_of_day: { keyColumn: 'time_bucket', distinct: ['num_dates', 'num_securities', 'num_participants'] },
  by_order_size: {
    keyColumn: 'order_size_bucket',
    distinct: ['num_dates', 'num_securities', 'num_participants'],
  },
  by_group: { keyColumn: 'group', distinct: ['num_dates', 'num_securities', 'num_participants'] },
};

export function requestedScenarios(config: Config): ScenarioName[] {
  return ALL_SCENARIOS.filter((s) => config.simulation.scenarios.includes(s));
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function distinctCount(sums: AggregateSums, d: Distinct): number {
  if (d === 'num_dates') return sums.dates.length;
  if (d === 'num_securities') return sums.securities.length;
  return sums.participants.length;
}

/** Metric names and values shared by every aggregate row, in column order. */
function metrics(sums: AggregateSums, scenarios: readonly ScenarioName[]): [string, Cell][] {
  const out: [string, Cell][] = [
    ['orders', sums.orders],
    ['filled_orders', sums.filled_orders],
    ['order_qty', sums.order_qty],
    ['filled_qty', sums.filled_qty],
    ['fill_ratio', ratio(sums.day_matched, sums.order_qty)],
    ['mean_fill_ratio', ratio(exactValue(sums.fill_ratio_sum), sums.fill_ratio_count)],
    ['notional', sums.notional],
    ['vwap', ratio(Number(BigInt(sums.notional)), sums.filled_qty)],
    ['arrival_cost_bps', ratio(exactValue(sums.arrival_cost_weighted), sums.arrival_cost_weight)],
  ];
  for (const s of scenarios) {
    const sc = sums.scenarios[s];
    const withSavings = sc !== undefined && sc.savings_orders > 0;
    out.push([`sim_orders_${s}`, sc?.sim_orders ?? 0]);
    out.push([`savings_raw_${s}`, withSavings ? exactValue(sc.savings_raw) : null]);
    out.push([`savings_money_${s}`, withSavings ? exactValue(sc.savings_money) : null]);
    out.push([
      `savings_bps_${s}`,
      withSavings ? ratio(exactValue(sc.savings_bps_weighted), sc.savings_weight) : null,
    ]);
  }
  return out;
}

function keyOrder(dim: Dimension, config: Config): (a: string, b: string) => number {
  if (dim === 'by_security' || dim === 'by_participant') {
    // participant '' (none) first, then ids ascending
    return (a, b) => (a === '' ? -1 : 0) - (b === '' ? -1 : 0) || Number(a) - Number(b);
  }
  if (dim === 'by_order_size') {
    const labels = orderSizeLabels(config.aggregation.orderSizeEdges);
    return (a, b) => labels.indexOf(a) - labels.indexOf(b);
  }
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

export function dimensionTable(partials: PartitionPartials, dim: Dimension, config: Config): Table {
  const scenarios = requestedScenarios(config);
  const layout = LAYOUT[dim];
  const header = [
    layout.keyColumn,
    ...metrics(partials.global, scenarios).map(([name]) => name),
    ...layout.distinct,
  ];
  const keys = Object.keys(partials[dim]).sort(keyOrder(dim, config));
  const rows = keys.map((key) => {
    const sums = partials[dim][key];
    return [
      key,
      ...metrics(sums, scenarios).map(([, v]) => v),
      ...layout.distinct.map((d) => distinctCount(sums, d)),
    ];
  });
  return { header, rows };
}

export function globalSummaryTable(partials: PartitionPartials, config: Config): Table {
  const g = partials.global;
  const rows: Cell[][] = [
    ['partitions', partials.partitions.length],
    ...metrics(g, requestedScenarios(config)),
    ['num_dates', g.dates.length],
    ['num_securities', g.securities.length],
    ['num_participants', g.participants.length],
  ];
  return { header: ['metric', 'value'], rows };
}

export function scenarioSummaryTable(partials: PartitionPartials, config: Config): Table {
  const g = partials.global;
  const header = [
    'scenario',
    'orders',
    'sim_orders',
    'no_mid_orders',
    'sim_filled_qty',
    'sim_fill_ratio',
    'savings_orders',
    'savings_raw',
    'savings_money',
    'savings_bps',
    'mean_savings_bps',
  ];
  const rows = requestedScenarios(config).map((s): Cell[] => {
    const sc = g.scenarios[s];
    if (sc === undefined) return [s, g.orders, 0, 0, 0, null, 0, null, null, null, null];
    const withSavings = sc.savings_orders > 0;
    return [
      s,
      g.orders,
      sc.sim_orders,
      sc.no_mid_orders,
      sc.sim_filled_qty,
      ratio(sc.sim_filled_qty, g.order_qty),
      sc.savings_orders,
      withSavings ? exactValue(sc.savings_raw) : null,
      withSavings ? exactValue(sc.savings_money) : null,
      withSavings ? ratio(exactValue(sc.savings_bps_weighted), sc.savings_weight) : null,
      withSavings ? exactValue(sc.savings_bps_sum) / sc.savings_orders : null,
    ];
  });
  return { header, rows };
}
