import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidQuote, midOf, QuoteStream } from '../../src/analysis/quote-stream.js';
import { at, ev, leg, quote } from './analysis-test-rows.js';

test('a quote is valid only with bid > 0, offer > 0, offer >= bid and no sentinel', () => {
  assert.equal(isValidQuote(3330, 3345), true);
  assert.equal(isValidQuote(3340, 3340), true, 'a locked quote is valid');
  assert.equal(isValidQuote(3350, 3340), false, 'crossed');
  assert.equal(isValidQuote(0, 3340), false);
  assert.equal(isValidQuote(3330, 0), false);
  assert.equal(isValidQuote(null, 3340), false, 'INT64_MIN decodes to null');
  assert.equal(isValidQuote(-5, 3340), false);
});

test('midOf keeps a half unit exactly', () => {
  // (3330 + 3345) / 2 = 3337.5
  assert.equal(midOf(3330, 3345), 3337.5);
  assert.equal(midOf(3350, 3340), null);
});

test('mid_asof takes the latest valid quote at or before t and ignores crossed and sentinel quotes', () => {
  const stream = QuoteStream.build(
    [],
    [],
    [
      quote(at('10:00'), 3330, 3345), // mid 3337.5
      quote(at('10:01'), 3360, 3350), // crossed: ignored
      quote(at('10:02'), null, 3350), // INT64_MIN bid: ignored
      quote(at('10:03'), 3340, 3350), // mid 3345
    ],
  );
  assert.equal(stream.size, 2);
  assert.equal(stream.midAsof(at('09:59:59')), null, 'nothing before the first quote');
  assert.equal(stream.midAsof(at('10:00')), 3337.5, 'at t itself');
  assert.equal(stream.midAsof(at('10:02:30')), 3337.5, 'the crossed and sentinel quotes do not replace it');
  assert.equal(stream.midAsof(at('10:03')), 3345);
  assert.equal(stream.midAsof(at('15:00')), 3345);
});

test('snapshots on order events and trade legs enter the stream; an NBBO-file quote wins a tie', () => {
  const t = at('10:05');
  const stream = QuoteStream.build(
    [
      ev({ orderId: 1n, ts: at('10:04'), nationalBid: 3300, nationalOffer: 3310 }), // mid 3305
      ev({ orderId: 1n, ts: t, nationalBid: 3310, nationalOffer: 3320, sequence: 9n }), // mid 3315
    ],
    [leg({ orderId: 1n, tradeTime: t, price: 3315, quantity: 1, nationalBid: 3312, nationalOffer: 3318 })], // mid 3315
    [quote(t, 3320, 3331)], // mid 3325.5, same ts: comes after both snapshots
  );
  assert.equal(stream.midAsof(at('10:04')), 3305);
  assert.equal(stream.midAsof(t), 3325.5);
});

test('at equal timestamps snapshots follow (sequence, file order)', () => {
  const t = at('10:05');
  const stream = QuoteStream.build(
    [
      // listed out of order: sequence 2 is the later one whatever the file order says
      ev({ orderId: 1n, ts: t, sequence: 2n, nationalBid: 3400, nationalOffer: 3410 }), // mid 3405
      ev({ orderId: 2n, ts: t, sequence: 1n, nationalBid: 3300, nationalOffer: 3310 }), // mid 3305
    ],
    [],
    [],
  );
  assert.equal(stream.midAsof(t), 3405);
});
