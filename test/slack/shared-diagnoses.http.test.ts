import { describe, expect, it } from 'vitest';
import { shareDiagnoses } from '../../src/diagnosis/shared-diagnoses.js';
import type { Report } from '../../src/diagnosis/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { brokenReport } from './fixtures.js';
import { startHarness } from './harness.js';

loopbackOnly();

describe('many responders, one API (Slack over HTTP, shared diagnoses as main.ts wires them)', () => {
  it('answers ten concurrent commands for one API from ten channels with one diagnosis and ten reports', async () => {
    // Prepare: the engine stand-in holds its run until every command has been acknowledged.
    let engineRuns = 0;
    let release: (report: Report) => void = () => {};
    const held = new Promise<Report>((resolve) => {
      release = resolve;
    });
    const shared = shareDiagnoses(
      async () => {
        engineRuns += 1;
        return held;
      },
      { reuseMs: 10_000 },
    );
    const harness = await startHarness({ diagnose: shared.diagnose });
    try {
      const channels = Array.from({ length: 10 }, (_, i) => `C0SHARE${String(i).padStart(2, '0')}`);

      // Act
      const acks = await Promise.all(
        channels.map((channelId) =>
          sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId })),
        ),
      );
      await harness.slackApi.waitFor('chat.postMessage', channels.length);
      release(brokenReport());
      await harness.slackApi.waitFor('chat.update', channels.length);

      // Assess
      expect(acks.map((ack) => ack.status)).toEqual(channels.map(() => 200));
      expect(engineRuns).toBe(1);
      const updated = harness.slackApi.callsTo('chat.update');
      expect(new Set(updated.map((update) => update.body.channel))).toEqual(new Set(channels));
      expect(
        updated.every((update) => JSON.stringify(update.body.blocks).includes('POLICY_DENIES_VPCE')),
      ).toBe(true);
    } finally {
      release(brokenReport());
      await harness.stop();
    }
  });
});
