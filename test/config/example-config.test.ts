/** The example config `init` writes is valid, equals the defaults, and shows every key. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { exampleConfigYaml } from '../../src/config/example-config.js';
import { defaultConfig, parseConfigText } from '../../src/config/load-config.js';
import { configFileSchema } from '../../src/config/schema.js';
import { knownKeysAt } from '../../src/config/schema-keys.js';

describe('exampleConfigYaml', () => {
  it('parses to defaultConfig() apart from inputs and the source file', () => {
    // defaultConfig() resolves tmp/ and out/ against the working directory, so place the file there
    const file = path.join(process.cwd(), 'sweepscope.yaml');
    const parsed = parseConfigText(exampleConfigYaml(), file);
    assert.deepEqual(parsed.inputs, {
      orders: [path.join(process.cwd(), 'data/orders*.csv.gz')],
      trades: [path.join(process.cwd(), 'data/trades*.csv.gz')],
      nbbo: [path.join(process.cwd(), 'data/nbbo*.csv.gz')],
    });
    assert.deepEqual({ ...parsed, inputs: defaultConfig().inputs, sourceFile: null }, defaultConfig());
  });

  it('writes the given inputs, one path as a scalar, several as a list, none as []', () => {
    const text = exampleConfigYaml({ orders: ['orders.csv.gz'], trades: ['t1.csv', 't 2.csv'], nbbo: [] });
    const parsed = parseConfigText(text, '/demo/sweepscope.yaml');
    assert.deepEqual(parsed.inputs, {
      orders: ['/demo/orders.csv.gz'],
      trades: ['/demo/t1.csv', '/demo/t 2.csv'],
      nbbo: [],
    });
  });

  it('shows every key of every section', () => {
    const doc = parseDocument(exampleConfigYaml()).toJS() as Record<string, unknown>;
    const topKeys = knownKeysAt(configFileSchema, []);
    assert.deepEqual(Object.keys(doc).sort(), [...topKeys].sort());
    for (const section of [
      'inputs',
      'processing',
      'data_selection',
      'simulation',
      'output',
      'columns',
      'aggregation',
    ]) {
      const keys = knownKeysAt(configFileSchema, [section]);
      assert.ok(keys.length > 0, section);
      assert.deepEqual(Object.keys(doc[section] as object).sort(), [...keys].sort(), section);
    }
    const selection = doc.data_selection as Record<string, object>;
    assert.deepEqual(
      Object.keys(selection.date_range).sort(),
      knownKeysAt(configFileSchema, ['data_selection', 'date_range']).sort(),
    );
    assert.deepEqual(
      Object.keys(selection.trading_hours).sort(),
      knownKeysAt(configFileSchema, ['data_selection', 'trading_hours']).sort(),
    );
  });

  it('comments every key that has a value on its line', () => {
    // section headers ("processing:") hold no value of their own; every "key: value" line teaches
    const uncommented = exampleConfigYaml()
      .split('\n')
      .filter((line) => /^\s*[a-z_]+:\s*[^\s#]/.test(line) && !line.includes('#'));
    assert.deepEqual(uncommented, []);
  });
});
