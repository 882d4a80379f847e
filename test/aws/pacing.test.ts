import { describe, expect, it } from 'vitest';
import { Pacer, TokenBucket } from '../../src/aws/pacing.js';
import { manualClock } from '../support/clock.js';

describe('TokenBucket', () => {
  it('lets a burst go at once, then spaces each further call by 1/rate in the order asked', () => {
    const time = manualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 3 }, time.now);

    const waits = Array.from({ length: 6 }, () => bucket.reserve());

    expect(waits).toEqual([0, 0, 0, 250, 500, 750]);
  });

  it('refills at its rate, never beyond the burst', () => {
    const time = manualClock(0);
    const bucket = new TokenBucket({ ratePerSecond: 2, burst: 2 }, time.now);
    bucket.reserve();
    bucket.reserve();

    time.advance(10_000);
    const waits = Array.from({ length: 3 }, () => bucket.reserve());

    expect(waits).toEqual([0, 0, 500]);
  });
});

describe('Pacer', () => {
  it('keeps one budget per Region and service, and does not pace services without a limit', async () => {
    const time = manualClock(0);
    const slept: number[] = [];
    const pacer = new Pacer({ apigateway: { ratePerSecond: 10, burst: 1 } }, time.now, async (ms) => {
      slept.push(ms);
    });

    await pacer.take('us-east-1', 'apigateway');
    await pacer.take('eu-west-1', 'apigateway');
    await pacer.take('us-east-1', 'sts');
    await pacer.take('us-east-1', 'apigateway');

    expect(slept).toEqual([100]);
  });
});
