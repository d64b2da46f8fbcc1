/**
 * The ingest's scan threads run below normal priority exactly when some input is .gz
 * (thread-priority.ts), seen from outside: the process's threads' nice values read from /proc
 * while an ingest runs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ingest } from '../../src/ingest/ingest.js';
import { SCAN_WORKER_NICENESS } from '../../src/ingest/thread-priority.js';
import { ORDERS_HEADER, tempDir, testConfig, writeText } from './fixtures.js';

const linux = process.platform === 'linux';
const tmp = tempDir('scan-priority');
after(tmp.cleanup);

/** The highest nice value any thread of this process had while `run` ran (polled every ms). */
async function highestNiceDuring(run: () => Promise<unknown>): Promise<number> {
  let highest = Number.NEGATIVE_INFINITY;
  const poll = () => {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // fields after "(comm)": state is the 3rd field of stat, nice the 19th
        const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        highest = Math.max(highest, nice);
      } catch {
        // the thread ended between the listing and the read
      }
    }
  };
  const timer = setInterval(poll, 1);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  poll();
  return highest;
}

/** 20,000 Centre Point order events: enough for the scan threads to live a while. */
function ordersText(): string {
  const rows = [ORDERS_HEADER];
  for (let i = 0; i < 20_000; i++)
    rows.push(
      `${1000 + i},1725499800${String(i).padStart(9, '0')},110621,3330,1,100,100,0,2048,7,${i},6,3320,3340,0,2`,
    );
  return `${rows.join('\n')}\n`;
}

for (const gzip of [true, false]) {
  test(`scan threads run ${gzip ? `${SCAN_WORKER_NICENESS} below normal with .gz input` : 'at normal priority with plain input'}`, {
    skip: !linux && 'per-thread nice is Linux only',
  }, async () => {
    const base = getPriority(process.pid);
    const file = join(tmp.dir, gzip ? 'orders.csv.gz' : 'orders.csv');
    writeText(file, ordersText(), gzip);
    const config = testConfig(join(tmp.dir, gzip ? 'gz' : 'plain'), {
      inputs: { orders: [file], trades: [], nbbo: [] },
    });
    const highest = await highestNiceDuring(() => ingest(config, { force: true }));
    assert.equal(highest, gzip ? Math.min(19, base + SCAN_WORKER_NICENESS) : base);
  });
}
