/**
 * Progress rendering: plain throttled lines when stderr is not a terminal (driven by a fake clock,
 * so nothing here depends on real time), and cli-progress bars on a (fake) terminal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress } from '../../src/cli/progress.js';

const MiB = 1024 * 1024;

function capture(isTTY = false) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 160,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    // cli-progress moves the cursor and clears lines through these on a TTY
    cursorTo(_x: number, _y?: number, cb?: () => void) {
      cb?.();
      return true;
    },
    moveCursor(_dx: number, _dy: number, cb?: () => void) {
      cb?.();
      return true;
    },
    clearLine(_dir: number, cb?: () => void) {
      cb?.();
      return true;
    },
    clearScreenDown(cb?: () => void) {
      cb?.();
      return true;
    },
    on() {
      return stream;
    },
    removeListener() {
      return stream;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('plain progress lines (not a TTY)', () => {
  it('prints a scan line at most every 2 s per phase, then one final line', () => {
    const out = capture();
    const c = clock();
    const p = createProgress({ stream: out.stream, tty: false, now: c.now });
    p.scan({ phase: 'orders', file: '/d/o1.csv', bytesDone: 0, bytesTotal: 60 * MiB });
    p.scan({ phase: 'orders', file: '/d/o2.csv', bytesDone: 0, bytesTotal: 40 * MiB });
    c.advance(1999);
    p.scan({ phase: 'orders', file: '/d/o1.csv', bytesDone: 15 * MiB, bytesTotal: 60 * MiB });
    assert.equal(out.text(), '', 'nothing before 2 s');
    c.advance(1);
    p.scan({ phase: 'orders', file: '/d/o2.csv', bytesDone: 5 * MiB, bytesTotal: 40 * MiB });
    // both files of the phase add up: 15 + 5 = 20 MiB of 100 MiB = 20.0 %; 20 MiB / 2 s = 10 MiB/s;
    // ETA = (100 - 20) MiB / 10 MiB/s = 8 s
    assert.equal(out.text(), '[scan orders] 20.0 MB / 100.0 MB (20.0%), 10.0 MB/s, ETA 8s\n');
    c.advance(1000);
    p.scan({ phase: 'orders', file: '/d/o1.csv', bytesDone: 60 * MiB, bytesTotal: 60 * MiB });
    assert.equal(out.text().split('\n').length, 2, 'still one line 1 s later');
    c.advance(1000);
    p.scan({ phase: 'orders', file: '/d/o2.csv', bytesDone: 40 * MiB, bytesTotal: 40 * MiB });
    // at 4 s: 100 MiB / 4 s = 25 MiB/s, nothing left
    c.advance(1000);
    p.scanDone('orders');
    p.scanDone('orders');
    // final at 5 s: 100 MiB / 5 s = 20 MiB/s
    assert.deepEqual(out.text().split('\n').slice(1), [
      '[scan orders] 100.0 MB / 100.0 MB (100.0%), 25.0 MB/s, ETA 0s',
      '[scan orders] done: 100.0 MB in 5s, 20.0 MB/s (2 files)',
      '',
    ]);
  });

  it('throttles each phase on its own clock', () => {
    const out = capture();
    const c = clock();
    const p = createProgress({ stream: out.stream, tty: false, now: c.now });
    p.scan({ phase: 'orders', file: '/d/o.csv', bytesDone: 0, bytesTotal: 10 * MiB });
    c.advance(1500);
    p.scan({ phase: 'trades', file: '/d/t.csv', bytesDone: 0, bytesTotal: 10 * MiB });
    c.advance(500);
    p.scan({ phase: 'orders', file: '/d/o.csv', bytesDone: 4 * MiB, bytesTotal: 10 * MiB });
    p.scan({ phase: 'trades', file: '/d/t.csv', bytesDone: 1 * MiB, bytesTotal: 10 * MiB });
    // orders started 2 s ago (4 MiB / 2 s = 2 MiB/s, 6 MiB left = 3 s); trades only 0.5 s ago: no line
    assert.equal(out.text(), '[scan orders] 4.0 MB / 10.0 MB (40.0%), 2.0 MB/s, ETA 3s\n');
  });

  it('reports jobs with rate and ETA, skipped jobs excluded from the rate, and one final line', () => {
    const out = capture();
    const c = clock();
    const p = createProgress({ stream: out.stream, tty: false, now: c.now });
    p.jobs({ total: 20, done: 0, failed: 0, skipped: 4 });
    c.advance(2000);
    p.jobs({ total: 20, done: 3, failed: 1, skipped: 4 });
    // 4 jobs ran in 2 s = 2.0 jobs/s; 16 to run, 4 ran, 12 left / 2 = 6 s
    assert.equal(out.text(), '[jobs] 8/20 (3 done, 1 failed, 4 skipped), 2.0 jobs/s, ETA 6s\n');
    c.advance(6000);
    p.jobs({ total: 20, done: 15, failed: 1, skipped: 4 });
    p.close();
    assert.equal(out.text().split('\n')[1], '[jobs] finished: 15 done, 1 failed, 4 skipped of 20 in 8s');
    assert.equal(out.text().split('\n').length, 3, 'close adds nothing after the final line');
  });

  it('close ends an unfinished job phase with a final line, and notes print as they come', () => {
    const out = capture();
    const c = clock();
    const p = createProgress({ stream: out.stream, tty: false, now: c.now });
    p.note('reusing partition store /tmp/store-1');
    p.jobs({ total: 3, done: 0, failed: 0, skipped: 0 });
    c.advance(3000);
    p.jobs({ total: 3, done: 1, failed: 0, skipped: 0 });
    p.close();
    assert.deepEqual(out.text().split('\n'), [
      'reusing partition store /tmp/store-1',
      // 1 job in 3 s = 0.3 jobs/s (1/3 rounded), 2 left: 6 s
      '[jobs] 1/3 (1 done, 0 failed, 0 skipped), 0.3 jobs/s, ETA 6s',
      '[jobs] finished: 1 done, 0 failed, 0 skipped of 3 in 3s',
      '',
    ]);
  });
});

describe('progress bars (TTY)', () => {
  it('draws one bar per input file and one for jobs, notes above them', () => {
    const out = capture(true);
    const c = clock();
    const p = createProgress({ stream: out.stream, now: c.now });
    p.scan({ phase: 'orders', file: '/data/orders_1.csv.gz', bytesDone: 0, bytesTotal: 8 * MiB });
    p.scan({ phase: 'trades', file: '/data/trades_1.csv.gz', bytesDone: 0, bytesTotal: 4 * MiB });
    c.advance(1000);
    p.scan({ phase: 'orders', file: '/data/orders_1.csv.gz', bytesDone: 8 * MiB, bytesTotal: 8 * MiB });
    p.scanDone('orders');
    p.note('reusing partition store /tmp/s');
    p.jobs({ total: 4, done: 2, failed: 1, skipped: 0 });
    p.close();
    const text = out.text();
    // 8 MiB in 1 s = 8.0 MB/s
    assert.match(text, /orders: orders_1\.csv\.gz\s+\|=+\| 100% 8\.0 MB 8\.0 MB\/s ETA 0s/);
    assert.match(text, /trades: trades_1\.csv\.gz\s+\|-+\|\s+0% 0 B\/4\.0 MB/);
    assert.match(text, /jobs\s+\|[=-]+\|\s+75% 3\/4 \(1 failed, 0 skipped\)/);
    assert.ok(text.includes('reusing partition store /tmp/s\n'));
  });

  it('prints a note before any bar at once, and close without bars writes nothing else', () => {
    const out = capture(true);
    const p = createProgress({ stream: out.stream });
    p.note('no partition store matches: scanning');
    p.close();
    assert.equal(out.text(), 'no partition store matches: scanning\n');
  });
});
