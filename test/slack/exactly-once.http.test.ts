// Each fix is applied once: replays and Slack retries of a click, concurrent clicks from one or two messages,
// and a second click just after the fix; a fix acts only on what its message offered; one incident thread per
// API under concurrent commands; shutdown leaves no "Diagnosing…" behind. Through Bolt's real HTTP receiver.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixResult } from '../../src/remediation/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import {
  blockActionsBody,
  buttonValue,
  offeredValue,
  sendSigned,
  slashCommandBody,
} from '../support/slack-requests.js';
import { healthyReport } from './fixtures.js';
import { type Harness, keepReport, recordingRemediator, startHarness } from './harness.js';

const VALUE = buttonValue({ probe: false, accountId: '123456789012' });

loopbackOnly();

/** A remediator whose apply waits for `release()`, then answers from `outcomes` (default: applied). */
function heldRemediator(outcomes: Array<FixResult['outcome']> = []) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const remediation = recordingRemediator({
    apply: async (fix, target, actor) => {
      remediation.applied.push({ fix, target, actor });
      await gate;
      const outcome = outcomes.shift() ?? 'applied';
      return outcome === 'already-done'
        ? { outcome, fix, summary: 'already on' }
        : { outcome: 'applied', fix, requestId: 'req-1', summary: 'done' };
    },
  });
  return { remediation, release: () => release() };
}

/** A click on a fix button of report `messageTs` (whose request the bot keeps, as when it posts a report). */
async function click(
  harness: Harness,
  fix: 'redeploy-stage' | 'enable-logging',
  messageTs: string,
  channelId = 'C0INCIDENT',
): Promise<string> {
  await keepReport(harness.store, messageTs, channelId);
  return blockActionsBody({
    actionId: fix,
    value: offeredValue(VALUE, fix, messageTs, channelId),
    messageTs,
    channelId,
  });
}

const ephemeralTexts = (harness: Harness) =>
  harness.slackApi.callsTo('chat.postEphemeral').map((call) => String(call.body.text));
const audits = (harness: Harness) =>
  harness.slackApi
    .callsTo('chat.postMessage')
    .filter((call) => / by U0ALLOWED1: /.test(String(call.body.text)));

interface FixHarnessSetup {
  outcomes?: Array<FixResult['outcome']>;
  /** true: apply waits for release(); otherwise it answers at once. */
  held?: boolean;
  justAppliedWindowMs?: number;
}

/** A fresh bot (own store) around a recording remediator; stopped, and the remediator released, afterwards. */
async function withFixHarness(
  setup: FixHarnessSetup,
  test: (harness: Harness, fixes: ReturnType<typeof heldRemediator>) => Promise<void>,
): Promise<void> {
  const fixes = heldRemediator(setup.outcomes);
  if (!setup.held) fixes.release();
  const harness = await startHarness({
    diagnose: async () => healthyReport(),
    remediatorFor: fixes.remediation.factory,
    ...(setup.justAppliedWindowMs === undefined ? {} : { justAppliedWindowMs: setup.justAppliedWindowMs }),
  });
  try {
    await test(harness, fixes);
  } finally {
    fixes.release();
    await harness.stop();
  }
}

describe('exactly-once fixes', () => {
  it('acts once on a click replayed five times, with and without X-Slack-Retry-Num', async () => {
    await withFixHarness({}, async (harness, { remediation }) => {
      const body = await click(harness, 'redeploy-stage', '1700000000.000101');

      const statuses = [(await sendSigned(harness.eventsUrl, body)).status];
      await harness.slackApi.waitFor('chat.update', 1);
      for (const retry of ['1', '2', undefined, '3', undefined]) {
        const headers = retry
          ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' }
          : undefined;
        statuses.push((await sendSigned(harness.eventsUrl, body, headers ? { headers } : {})).status);
      }

      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(remediation.applied).toHaveLength(1);
      expect(audits(harness)).toHaveLength(1);
      expect(ephemeralTexts(harness)).toEqual([]);
    });
  });

  it('applies once when twenty clicks arrive together, and the others hear "already running"', async () => {
    await withFixHarness({ held: true }, async (harness, { remediation, release }) => {
      const clicks = await Promise.all(
        Array.from({ length: 20 }, () => click(harness, 'redeploy-stage', '1700000000.000102')),
      );

      await Promise.all(clicks.map((body) => sendSigned(harness.eventsUrl, body)));
      await harness.slackApi.waitFor('chat.postEphemeral', 19);
      release();
      await harness.slackApi.waitFor('chat.update', 1);

      expect(remediation.applied).toHaveLength(1);
      expect(ephemeralTexts(harness).every((text) => text.includes('already running'))).toBe(true);
    });
  });

  it('shares one lock between two messages (two channels) for the same API and stage', async () => {
    await withFixHarness({ held: true }, async (harness, { remediation, release }) => {
      const first = await click(harness, 'redeploy-stage', '1700000000.000103', 'C0CHANONE');
      const second = await click(harness, 'redeploy-stage', '1700000000.000104', 'C0CHANTWO');

      await Promise.all([sendSigned(harness.eventsUrl, first), sendSigned(harness.eventsUrl, second)]);
      await harness.slackApi.waitFor('chat.postEphemeral', 1);
      release();
      await harness.slackApi.waitFor('chat.update', 1);

      expect(remediation.applied).toHaveLength(1);
    });
  });

  it('answers a second redeploy click just after the first finished with "just applied at …"', async () => {
    await withFixHarness({}, async (harness, { remediation }) => {
      await sendSigned(harness.eventsUrl, await click(harness, 'redeploy-stage', '1700000000.000105'));
      await harness.slackApi.waitFor('chat.update', 1);

      await sendSigned(harness.eventsUrl, await click(harness, 'redeploy-stage', '1700000000.000105'));
      const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

      expect(String(notice?.body.text)).toMatch(/^Redeploy stage was just applied at \d{4}-\d\d-\d\dT/);
      expect(remediation.applied).toHaveLength(1);
      expect(audits(harness)).toHaveLength(1);
    });
  });

  it('within the window, says "just applied" when the state read shows logging on, and applies when it is off again', async () => {
    await withFixHarness(
      { outcomes: ['applied', 'already-done', 'applied'] },
      async (harness, { remediation }) => {
        await sendSigned(harness.eventsUrl, await click(harness, 'enable-logging', '1700000000.000106'));
        await harness.slackApi.waitFor('chat.update', 1);
        await sendSigned(harness.eventsUrl, await click(harness, 'enable-logging', '1700000000.000106'));
        const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);
        await sendSigned(harness.eventsUrl, await click(harness, 'enable-logging', '1700000000.000106'));
        // Each applied fix re-runs the diagnosis into the message: two updates (the message and the re-run note).
        await harness.slackApi.waitFor('chat.update', 4);

        expect(String(notice?.body.text)).toContain('was just applied at');
        expect(remediation.applied).toHaveLength(3);
        expect(audits(harness).map((audit) => String(audit.body.text))).toEqual([
          'Enable execution logging by U0ALLOWED1: applied',
          'Enable execution logging by U0ALLOWED1: applied',
        ]);
      },
    );
  });

  it('applies a fix again once the "just applied" window is over', async () => {
    await withFixHarness({ justAppliedWindowMs: 1 }, async (harness, { remediation }) => {
      await sendSigned(harness.eventsUrl, await click(harness, 'redeploy-stage', '1700000000.000107'));
      await harness.slackApi.waitFor('chat.update', 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await sendSigned(harness.eventsUrl, await click(harness, 'redeploy-stage', '1700000000.000107'));
      await harness.slackApi.waitFor('chat.update', 4);

      expect(remediation.applied).toHaveLength(2);
    });
  });
});

describe('fix buttons are bound to the message that offered them', () => {
  let harness: Harness;
  const remediation = recordingRemediator();

  beforeAll(async () => {
    harness = await startHarness({
      diagnose: async () => healthyReport(),
      remediatorFor: remediation.factory,
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => {
    harness.slackApi.reset();
    remediation.applied.length = 0;
  });

  const crafted: Array<[string, () => { actionId: string; value: string; messageTs: string }]> = [
    [
      'a value offered by another message',
      () => ({
        actionId: 'redeploy-stage',
        value: offeredValue(VALUE, 'redeploy-stage', '1.1'),
        messageTs: '1.2',
      }),
    ],
    [
      'a redeploy offer sent with the enable-logging action id',
      () => ({
        actionId: 'enable-logging',
        value: offeredValue(VALUE, 'redeploy-stage', '1.3'),
        messageTs: '1.3',
      }),
    ],
    [
      'an offer edited to name another API, token kept',
      () => ({
        actionId: 'redeploy-stage',
        value: offeredValue(VALUE, 'redeploy-stage', '1.4').replace('a1b2c3d4e5', 'zzzzzzzzzz'),
        messageTs: '1.4',
      }),
    ],
    [
      "a value without a token (the Re-run button's)",
      () => ({ actionId: 'redeploy-stage', value: VALUE, messageTs: '1.5' }),
    ],
  ];

  it.each(crafted)('refuses %s and changes nothing', async (_name, make) => {
    const response = await sendSigned(harness.eventsUrl, blockActionsBody(make()));
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(response.status).toBe(200);
    expect(String(notice?.body.text)).toContain('was not offered by this message');
    expect(remediation.applied).toHaveLength(0);
  });

  it('refuses a correctly signed click dated 10 minutes in the future with 401', async () => {
    const future = Math.floor(Date.now() / 1000) + 600;

    const response = await sendSigned(harness.eventsUrl, await click(harness, 'redeploy-stage', '1.6'), {
      timestamp: future,
    });

    expect(response.status).toBe(401);
    expect(remediation.applied).toHaveLength(0);
  });
});

describe('incident threads and shutdown', () => {
  it('opens one thread for fifty identical commands at once; the others report into it', async () => {
    const harness = await startHarness({ diagnose: async () => healthyReport() });
    try {
      const command = slashCommandBody({ text: 'a1b2c3d4e5 --stage prod', channelId: 'C0BURST01' });

      await Promise.all(Array.from({ length: 50 }, () => sendSigned(harness.eventsUrl, command)));
      await harness.slackApi.waitFor('chat.update', 99, 30_000);

      const roots = harness.slackApi
        .callsTo('chat.postMessage')
        .filter((post) => post.body.thread_ts === undefined);
      expect(roots).toHaveLength(1);
      const replies = harness.slackApi
        .callsTo('chat.postMessage')
        .filter((post) => /Re-running/.test(String(post.body.text)));
      expect(replies).toHaveLength(49);
      expect(replies.every((reply) => reply.body.thread_ts === roots[0]?.response.ts)).toBe(true);
    } finally {
      await harness.stop();
    }
  }, 40_000);

  it('on stop, replaces a "Diagnosing…" message that will not finish in the drain with a "run again" note', async () => {
    const harness = await startHarness({ diagnose: () => new Promise(() => {}) });
    try {
      await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0STOP001' }));
      const [placeholder] = await harness.slackApi.waitFor('chat.postMessage', 1);

      const { drained } = await harness.bot.stop(400);

      const note = harness.slackApi
        .callsTo('chat.update')
        .find((u) => u.body.ts === placeholder?.response.ts);
      expect(drained).toBe(false);
      expect(String(note?.body.text)).toBe(
        'Stopped before the diagnosis of a1b2c3d4e5 finished; run it again.',
      );
    } finally {
      await harness.slackApi.stop();
    }
  });
});
