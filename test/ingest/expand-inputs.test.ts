import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { expandInputs } from '../../src/ingest/expand-inputs.js';
import { tempDir, writeText } from './fixtures.js';

const tmp = tempDir('expand');
after(tmp.cleanup);
const d = tmp.dir;
mkdirSync(join(d, 'a/b/c'), { recursive: true });
for (const f of ['o1.csv', 'o2.csv.gz', 'o10.csv', 'x.txt', '.hidden.csv', 'a/o3.csv', 'a/b/c/o4.csv']) {
  writeText(join(d, f), 'h\n1\n');
}

test('a glob with * matches inside one folder, sorted, no dotfiles', () => {
  const files = expandInputs('orders', [join(d, 'o*.csv')]);
  assert.deepEqual(
    files.map((f) => f.path),
    [join(d, 'o1.csv'), join(d, 'o10.csv')],
  );
  assert.equal(files[0].size, 4);
  assert.ok(files[0].mtimeMs > 0);
});

test('? matches one character, ** any folders, lists are merged and de-duplicated', () => {
  assert.deepEqual(
    expandInputs('orders', [join(d, 'o?.csv*')]).map((f) => f.path),
    [join(d, 'o1.csv'), join(d, 'o2.csv.gz')],
  );
  assert.deepEqual(
    expandInputs('orders', [join(d, '**/o*.csv'), join(d, 'o1.csv')]).map((f) => f.path),
    [join(d, 'a/b/c/o4.csv'), join(d, 'a/o3.csv'), join(d, 'o1.csv'), join(d, 'o10.csv')],
  );
});

test('a pattern without a match is INPUT_NOT_FOUND naming it', () => {
  assert.throws(() => expandInputs('trades', [join(d, 'o1.csv'), join(d, 'nope*.csv')]), {
    code: 'INPUT_NOT_FOUND',
    message: `no trades input matches ${join(d, 'nope*.csv')}`,
  });
  assert.throws(() => expandInputs('trades', [join(d, 'missing.csv')]), { code: 'INPUT_NOT_FOUND' });
});
