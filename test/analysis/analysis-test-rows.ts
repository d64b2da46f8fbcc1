/**
 * Builders for the analysis tests: rows with neutral defaults, local Sydney times on the test
 * trading date, and a complete Config. Not a test file itself.
 */
import assert from 'node:assert/strict';
import { defaultConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import type { NbboQuote, OrderEvent, TradeLeg } from '../../src/model/rows.js';

/** Thursday 2024-09-05, days since epoch (Date.UTC(2024, 8, 5) / 86_400_000 = 19971). */
export const TEST_DAY = 19971;
export const TEST_DATE = '2024-09-05';
export const TEST_SECURITY = 110621;
/** 2024-09-05 10:00 AEST (UTC+10) = 2024-09-05T00:00:00Z = 1_725_494_400 s */
const TEN_AM_SEC = 1_725_494_400;

/** epoch ns of local "HH:MM[:SS]" on 2024-09-05 (AEST, UTC+10); `dayOffset` -1 is the evening before. */
export function at(hhmmss: string, dayOffset = 0): bigint {
  const [h, m, s = 0] = hhmmss.split(':').map(Number);
  const sec = TEN_AM_SEC + dayOffset * 86_400 + (h - 10) * 3600 + m * 60 + s;
  return BigInt(sec) * 1_000_000_000n;
}

let nextFileOrder = 0;

export function ev(fields: Partial<OrderEvent> & Pick<OrderEvent, 'orderId' | 'ts'>): OrderEvent {
  return {
    securityCode: TEST_SECURITY,
    price: 0,
    side: 1,
    quantity: 0,
    leaves: 0,
    matched: 0,
    orderType: 2048,
    participantId: 7,
    sequence: null,
    changeReason: null,
    nationalBid: null,
    nationalOffer: null,
    minimumQuantity: null,
    midtick: 2,
    fileOrder: nextFileOrder++,
    ...fields,
  };
}

export function leg(
  fields: Partial<TradeLeg> & Pick<TradeLeg, 'orderId' | 'tradeTime' | 'price' | 'quantity'>,
): TradeLeg {
  return {
    securityCode: TEST_SECURITY,
    side: 1,
    tradeDate: null,
    dealSource: null,
    participantId: null,
    nationalBid: null,
    nationalOffer: null,
    matchGroupId: null,
    fileOrder: nextFileOrder++,
    ...fields,
  };
}

export function quote(ts: bigint, bid: number | null, offer: number | null): NbboQuote {
  return { ts, securityCode: TEST_SECURITY, bid, offer, fileOrder: nextFileOrder++ };
}

export function testConfig(
  overrides: {
    participantIds?: number[];
    hoursEnabled?: boolean;
    scenarios?: Config['simulation']['scenarios'];
    subjects?: Config['simulation']['subjects'];
    darkFraction?: number;
  } = {},
): Config {
  const config = defaultConfig();
  config.dataSelection.participantIds = overrides.participantIds ?? [];
  config.dataSelection.tradingHours.enabled = overrides.hoursEnabled ?? true;
  config.simulation.scenarios = overrides.scenarios ?? ['A', 'B', 'C'];
  config.simulation.subjects = overrides.subjects ?? 'sweeps';
  config.simulation.darkFraction = overrides.darkFraction ?? 0.5;
  return config;
}

/** |actual - expected| within 1e-9 relative: for reals whose hand value is a rounded decimal or a fraction. */
export function assertClose(actual: number | null, expected: number, what: string): void {
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`,
  );
}
