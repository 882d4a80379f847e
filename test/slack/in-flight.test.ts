import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/slack/in-flight.js';
import { sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { healthyReport } from './fixtures.js';
import { startHarness } from './harness.js';

describe('InFlight', () => {
  it('reports drained when the running work finishes within the bound', async () => {
    const inFlight = new InFlight();
    let finish: () => void = () => {};
    const work = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));

    const drained = inFlight.drain(5000);
    finish();

    expect(await drained).toBe(true);
    await work;
    expect(inFlight.size).toBe(0);
    expect(inFlight.isClosing).toBe(true);
  });

  it('gives up after the bound when work never finishes', async () => {
    const inFlight = new InFlight();
    void inFlight.track(() => new Promise<void>(() => {}));

    expect(await inFlight.drain(20)).toBe(false);
  });
});

describe('graceful stop', () => {
  it('lets a running diagnosis publish its report before the app stops', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const harness = await startHarness({
      diagnose: async () => {
        await gate;
        return healthyReport();
      },
    });
    await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5' }));
    await harness.slackApi.waitFor('chat.postMessage', 1);

    const stopping = harness.bot.stop(5000);
    release();
    const { drained } = await stopping;

    expect(drained).toBe(true);
    expect(harness.slackApi.callsTo('chat.update')).toHaveLength(1);
    await expect(fetch(`${harness.baseUrl}/healthz`)).rejects.toThrow();
    await harness.slackApi.stop();
  });
});
