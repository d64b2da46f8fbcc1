/** The logger: readable single lines by default, pino JSON lines with json: true, levels honoured. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger, formatLogLine } from '../../src/util/logger.js';

function sink() {
  const lines: string[] = [];
  return { stream: { write: (l: string) => void lines.push(l) }, lines };
}

describe('createLogger', () => {
  it('writes one human line per record: time, level, message, fields', () => {
    const s = sink();
    const log = createLogger({ stream: s.stream });
    log.info({ partitions: 4, storeDir: '/tmp/my store' }, 'reusing partition store');
    assert.equal(s.lines.length, 1);
    assert.match(
      s.lines[0],
      /^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}reusing partition store partitions=4 storeDir="\/tmp\/my store"\n$/,
    );
  });

  it('drops records below the level', () => {
    const s = sink();
    const log = createLogger({ level: 'warn', stream: s.stream });
    log.info('hidden');
    log.warn('shown');
    assert.equal(s.lines.length, 1);
    assert.match(s.lines[0], / WARN {2}shown\n$/);
  });

  it('writes pino JSON lines with json: true', () => {
    const s = sink();
    const log = createLogger({ json: true, stream: s.stream });
    log.info({ job: '2024-10-01/110621' }, 'job done');
    const record = JSON.parse(s.lines[0]);
    assert.equal(record.level, 30);
    assert.equal(record.msg, 'job done');
    assert.equal(record.job, '2024-10-01/110621');
    assert.equal(typeof record.time, 'number');
    assert.equal(record.pid, undefined, 'no pid/hostname noise');
  });
});

describe('formatLogLine', () => {
  it('prints an error message inline and its stack indented below', () => {
    const line = formatLogLine({
      level: 50,
      time: Date.UTC(2024, 9, 4, 1, 2, 3, 45),
      msg: 'job failed',
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (a.js:1:1)\n    at g (b.js:2:2)' },
    });
    assert.equal(line, '01:02:03.045 ERROR job failed err=boom\n  at f (a.js:1:1)\n  at g (b.js:2:2)\n');
  });
});
