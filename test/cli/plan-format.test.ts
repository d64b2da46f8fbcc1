/** The plan table and its JSON, on a hand-built plan. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPlan, type Plan } from '../../src/cli/commands/plan.js';

const partition = (
  trading_date: string,
  security_code: number,
  orders: number,
  trades: number,
  nbbo: number,
) => ({
  key: `${trading_date}/${security_code}`,
  day: 0,
  trading_date,
  security_code,
  orders,
  trades,
  nbbo,
  extents_first: 0,
  extents_count: 0,
});

describe('formatPlan', () => {
  it('aligns a table with counts right-aligned and a total row', () => {
    const plan: Plan = {
      storeDir: '/tmp/store-ab',
      scanned: true,
      partitions: [partition('2024-09-04', 5, 12, 3, 0), partition('2024-09-05', 110621, 8268, 4200, 2)],
      // 12 + 8268 = 8280 orders, 3 + 4200 = 4203 trades, 0 + 2 = 2 quotes
      totals: { partitions: 2, orders: 8280, trades: 4203, nbbo: 2 },
    };
    assert.equal(
      formatPlan(plan, false),
      [
        'partition store: /tmp/store-ab (scanned now; run will reuse it)',
        '',
        'trading_date  security_code  orders  trades  nbbo',
        '2024-09-04                5      12       3     0',
        '2024-09-05           110621    8268    4200     2',
        'TOTAL                2 jobs    8280    4203     2',
      ].join('\n'),
    );
  });

  it('says "1 job" and "existing, reused"; JSON carries the same numbers', () => {
    const plan: Plan = {
      storeDir: '/s',
      scanned: false,
      partitions: [partition('2024-09-05', 7, 1, 2, 3)],
      totals: { partitions: 1, orders: 1, trades: 2, nbbo: 3 },
    };
    const text = formatPlan(plan, false).split('\n');
    assert.equal(text[0], 'partition store: /s (existing, reused)');
    // 'TOTAL' padded to 12 (trading_date), 2 spaces, '1 job' padded to 13 (security_code): 7 + 2 + 8 spaces
    assert.equal(text.at(-1), `TOTAL${' '.repeat(17)}1 job       1       2     3`);
    assert.deepEqual(JSON.parse(formatPlan(plan, true)), {
      store_dir: '/s',
      scanned: false,
      totals: { partitions: 1, orders: 1, trades: 2, nbbo: 3 },
      partitions: [{ trading_date: '2024-09-05', security_code: 7, orders: 1, trades: 2, nbbo: 3 }],
    });
  });
});
