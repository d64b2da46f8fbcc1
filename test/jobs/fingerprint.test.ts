import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { analysisFingerprint, canonicalJson, configHash } from '../../src/jobs/fingerprint.js';

function edited(edit: (c: Config) => void): Config {
  const c = defaultConfig();
  edit(c);
  return c;
}

describe('analysisFingerprint', () => {
  const base = analysisFingerprint(defaultConfig());

  it('is stable for the same store and config', () => {
    assert.equal(analysisFingerprint(defaultConfig()), base);
    assert.match(base, /^[0-9a-f]{64}$/);
  });

  const relevant: [string, (c: Config) => void][] = [
    ['participant ids', (c) => (c.dataSelection.participantIds = [7])],
    [
      'trading hours',
      (c) => (c.dataSelection.tradingHours = { ...c.dataSelection.tradingHours, start: '10:15' }),
    ],
    [
      'trading hours disabled',
      (c) => (c.dataSelection.tradingHours = { ...c.dataSelection.tradingHours, enabled: false }),
    ],
    ['scenarios', (c) => (c.simulation.scenarios = ['A', 'B'])],
    ['dark fraction', (c) => (c.simulation.darkFraction = 0.57)],
    ['price impact', (c) => (c.simulation.priceImpactPercent = 0.1)],
    ['subjects', (c) => (c.simulation.subjects = 'all')],
    ['output format', (c) => (c.output.format = 'parquet')],
    ['price scale', (c) => (c.priceScale = { default: 100, bySecurity: {} })],
    ['per-security price scale', (c) => (c.priceScale = { default: 1000, bySecurity: { '110621': 100 } })],
    ['time zone', (c) => (c.timezone = 'Australia/Perth')],
    ['time buckets (shape partials.json)', (c) => (c.aggregation.timeBucketMinutes = 15)],
    ['order size edges (shape partials.json)', (c) => (c.aggregation.orderSizeEdges = [10, 100])],
  ];
  for (const [what, edit] of relevant) {
    it(`changes with ${what}`, () => assert.notEqual(analysisFingerprint(edited(edit)), base));
  }

  const irrelevant: [string, (c: Config) => void][] = [
    ['worker count', (c) => (c.processing.maxWorkers = 7)],
    [
      'job timeout and retries',
      (c) => {
        c.processing.jobTimeoutS = 5;
        c.processing.jobRetries = 0;
      },
    ],
    ['alpha (applied when aggregating)', (c) => (c.aggregation.alpha = 0.01)],
    ['output folder', (c) => (c.output.outputDir = '/elsewhere')],
  ];
  for (const [what, edit] of irrelevant) {
    it(`ignores ${what}`, () => assert.equal(analysisFingerprint(edited(edit)), base));
  }

  it('treats participant ids as a set', () => {
    const a = analysisFingerprint(edited((c) => (c.dataSelection.participantIds = [3, 1, 2])));
    const b = analysisFingerprint(edited((c) => (c.dataSelection.participantIds = [1, 2, 3])));
    assert.equal(a, b);
  });
});

describe('configHash', () => {
  it('ignores where the config came from but not what it says', () => {
    const a = configHash(edited((c) => (c.sourceFile = '/a/sweepscope.yaml')));
    const b = configHash(edited((c) => (c.sourceFile = '/b/other.yaml')));
    assert.equal(a, b);
    assert.notEqual(
      configHash(edited((c) => (c.processing.maxWorkers = 3))),
      configHash(edited((c) => (c.processing.maxWorkers = 4))),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }), '{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
