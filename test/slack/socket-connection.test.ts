// Socket Mode under the things Slack does to a connection: envelopes sent again (not acknowledged in time, or
// replayed with retry_attempt > 0) still make one fix; `disconnect` (refresh_requested) and a dropped socket end
// in a new connection while running diagnoses and fixes finish and post; /healthz follows the socket; stopping
// replaces unfinished "Diagnosing…" messages and closes the socket for good.

import { describe, expect, it } from 'vitest';
import type { FixResult } from '../../src/remediation/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { buttonValue, offeredValue } from '../support/slack-requests.js';
import { blockActionsPayload, slashCommandPayload } from '../support/socket-mode.js';
import { healthyReport } from './fixtures.js';
import {
  type HarnessOptions,
  keepReport,
  recordingRemediator,
  SOCKET_APP_TOKEN,
  type SocketHarness,
  startSocketHarness,
} from './harness.js';

const VALUE = buttonValue({ probe: false, accountId: '123456789012' });

loopbackOnly();

/** A promise to hold work on, and its release. */
function gate() {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held, release: () => release() };
}

/** A remediator whose apply waits for the gate (open by default), then answers `applied`. */
function gatedRemediator(open = true) {
  const { held, release } = gate();
  if (open) release();
  const remediation = recordingRemediator({
    apply: async (fix, target, actor) => {
      remediation.applied.push({ fix, target, actor });
      await held;
      return { outcome: 'applied', fix, requestId: 'req-1', summary: 'done' } satisfies FixResult;
    },
  });
  return { remediation, release };
}

/** A Redeploy click on message `messageTs`, whose report request the bot keeps (as it does when it posts one). */
async function clickPayload(harness: SocketHarness, messageTs: string, channelId = 'C0INCIDENT') {
  await keepReport(harness.store, messageTs, channelId);
  return blockActionsPayload({
    actionId: 'redeploy-stage',
    value: offeredValue(VALUE, 'redeploy-stage', messageTs, channelId, SOCKET_APP_TOKEN),
    messageTs,
    channelId,
  });
}

const audits = (harness: SocketHarness) =>
  harness.slackApi
    .callsTo('chat.postMessage')
    .filter((call) => / by U0ALLOWED1: /.test(String(call.body.text)));

/** Resolves once the bot has logged `msg` `count` times (or rejects after `timeoutMs`). */
async function logged(harness: SocketHarness, msg: string, count = 1, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (harness.logs.filter((line) => line.msg === msg).length < count) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${count} × log "${msg}"`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the first /healthz status that `wanted` accepts, polling (or rejects after `timeoutMs`). */
async function healthUntil(harness: SocketHarness, wanted: (status: number) => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${harness.baseUrl}/healthz`);
    const body = (await response.json()) as Record<string, unknown>;
    if (wanted(response.status)) return { status: response.status, body };
    if (Date.now() > until) throw new Error(`/healthz stayed ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withSocketHarness(
  options: HarnessOptions,
  test: (harness: SocketHarness) => Promise<void>,
): Promise<void> {
  const harness = await startSocketHarness(options);
  try {
    await test(harness);
    expect(harness.socket.lateOrMissingAcks()).toEqual([]);
  } finally {
    await harness.stop();
  }
}

const ALREADY_HANDLED = 'click already handled (retry or replay): not acting again';

describe('exactly-once fixes over Socket Mode', () => {
  it('acts once on a click envelope Slack sends again five times (same envelope_id, retry_attempt 1–5)', async () => {
    const { remediation } = gatedRemediator();
    await withSocketHarness(
      { diagnose: async () => healthyReport(), remediatorFor: remediation.factory },
      async (harness) => {
        const payload = await clickPayload(harness, '1700000000.000101');
        const id = harness.socket.deliver('interactive', payload);
        await harness.slackApi.waitFor('chat.update', 1);

        for (let attempt = 1; attempt <= 5; attempt++) {
          harness.socket.deliver('interactive', payload, { envelopeId: id, retryAttempt: attempt });
        }
        await logged(harness, ALREADY_HANDLED, 5);
        await harness.socket.waitForAllAcks();

        expect(harness.socket.deliveries.map((d) => [d.envelopeId, d.attempt])).toEqual(
          [0, 1, 2, 3, 4, 5].map((attempt) => [id, attempt]),
        );
        expect(harness.socket.deliveries.every((d) => d.ack !== null)).toBe(true);
        expect(remediation.applied).toHaveLength(1);
        expect(audits(harness)).toHaveLength(1);
        expect(harness.slackApi.callsTo('chat.postEphemeral')).toHaveLength(0);
      },
    );
  });

  it('acts once when the acknowledgement is lost and Slack delivers the envelope again on a new connection', async () => {
    const { remediation } = gatedRemediator();
    await withSocketHarness(
      { diagnose: async () => healthyReport(), remediatorFor: remediation.factory },
      async (harness) => {
        const id = harness.socket.deliverAndLoseAck(
          'interactive',
          await clickPayload(harness, '1700000000.000102'),
        );

        await harness.socket.waitForAck(id);
        await logged(harness, ALREADY_HANDLED, 1);
        await harness.slackApi.waitFor('chat.update', 1);

        const deliveries = harness.socket.deliveries.filter((d) => d.envelopeId === id);
        expect(deliveries.map((d) => [d.connection, d.attempt, d.lost, d.ack !== null])).toEqual([
          [1, 0, true, false],
          [2, 1, false, true],
        ]);
        expect(remediation.applied).toHaveLength(1);
        expect(audits(harness)).toHaveLength(1);
      },
    );
  });

  it('applies once when twenty click envelopes arrive together, and the others hear "already running"', async () => {
    const { remediation, release } = gatedRemediator(false);
    await withSocketHarness(
      { diagnose: async () => healthyReport(), remediatorFor: remediation.factory },
      async (harness) => {
        try {
          const clicks = [];
          for (let n = 0; n < 20; n++) clicks.push(await clickPayload(harness, '1700000000.000103'));
          for (const click of clicks) harness.socket.deliver('interactive', click);
          const ephemerals = await harness.slackApi.waitFor('chat.postEphemeral', 19);
          release();
          await harness.slackApi.waitFor('chat.update', 1);

          expect(remediation.applied).toHaveLength(1);
          expect(ephemerals.every((call) => String(call.body.text).includes('already running'))).toBe(true);
          expect(audits(harness)).toHaveLength(1);
        } finally {
          release();
        }
      },
    );
  });
});

describe('Socket Mode connection life', () => {
  it('reconnects after Slack asks for a refresh; /healthz says 503 while disconnected, 200 once reconnected', async () => {
    await withSocketHarness({ diagnose: async () => healthyReport() }, async (harness) => {
      harness.socket.requestRefresh('refresh_requested');

      const down = await healthUntil(harness, (status) => status !== 200);
      await harness.socket.waitForConnections(2);
      const up = await healthUntil(harness, (status) => status === 200);
      const id = harness.socket.deliver('slash_commands', slashCommandPayload({ text: 'a1b2c3d4e5' }));
      await harness.slackApi.waitFor('chat.update', 1);

      expect(down).toEqual({ status: 503, body: { ok: false, socket: 'disconnected' } });
      expect(up.body).toEqual({ ok: true, socket: 'connected' });
      expect(harness.socket.deliveries.find((d) => d.envelopeId === id)?.connection).toBe(2);
      expect(harness.slackApi.callsTo('apps.connections.open')).toHaveLength(2);
    });
  });

  it('reconnects after the socket drops without a close handshake', async () => {
    await withSocketHarness({ diagnose: async () => healthyReport() }, async (harness) => {
      harness.socket.drop();

      await harness.socket.waitForConnections(2);
      await healthUntil(harness, (status) => status === 200);
      const id = harness.socket.deliver('slash_commands', slashCommandPayload({ text: 'a1b2c3d4e5' }));

      expect(await harness.socket.waitForAck(id)).toEqual({});
      await harness.slackApi.waitFor('chat.update', 1);
    });
  });

  it('finishes and posts a diagnosis that was running when Slack refreshed the connection', async () => {
    const diagnosis = gate();
    await withSocketHarness(
      {
        diagnose: async () => {
          await diagnosis.held;
          return healthyReport();
        },
      },
      async (harness) => {
        harness.socket.deliver(
          'slash_commands',
          slashCommandPayload({ text: 'a1b2c3d4e5', channelId: 'C0REFRESH' }),
        );
        const [placeholder] = await harness.slackApi.waitFor('chat.postMessage', 1);

        harness.socket.requestRefresh();
        await harness.socket.waitForConnections(2);
        diagnosis.release();
        const [report] = await harness.slackApi.waitFor('chat.update', 1);

        expect(report?.body.ts).toBe(placeholder?.response.ts);
        expect(JSON.stringify(report?.body.blocks)).toContain('Healthy');
        expect(harness.slackApi.callsTo('chat.update')).toHaveLength(1);
      },
    );
  });

  it('finishes and posts a fix that was running when the socket dropped, and applies it once', async () => {
    const { remediation, release } = gatedRemediator(false);
    await withSocketHarness(
      { diagnose: async () => healthyReport(), remediatorFor: remediation.factory },
      async (harness) => {
        try {
          const id = harness.socket.deliver('interactive', await clickPayload(harness, '1700000000.000104'));
          await harness.socket.waitForAck(id);
          await logged(harness, 'applying fix');

          harness.socket.drop();
          await harness.socket.waitForConnections(2);
          release();
          await harness.slackApi.waitFor('chat.update', 1);

          expect(remediation.applied).toHaveLength(1);
          expect(audits(harness).map((audit) => audit.body.thread_ts)).toEqual(['1700000000.000104']);
        } finally {
          release();
        }
      },
    );
  });
});

describe('stopping in Socket Mode', () => {
  it('replaces a "Diagnosing…" message that will not finish in the drain, closes the socket and /healthz', async () => {
    const harness = await startSocketHarness({ diagnose: () => new Promise(() => {}) });
    try {
      harness.socket.deliver(
        'slash_commands',
        slashCommandPayload({ text: 'a1b2c3d4e5', channelId: 'C0STOP001' }),
      );
      const [placeholder] = await harness.slackApi.waitFor('chat.postMessage', 1);

      const { drained } = await harness.bot.stop(400);

      const note = harness.slackApi
        .callsTo('chat.update')
        .find((u) => u.body.ts === placeholder?.response.ts);
      expect(drained).toBe(false);
      expect(String(note?.body.text)).toBe(
        'Stopped before the diagnosis of a1b2c3d4e5 finished; run it again.',
      );
      await expect(fetch(`${harness.baseUrl}/healthz`)).rejects.toThrow();
      expect(harness.socket.lateOrMissingAcks()).toEqual([]);
    } finally {
      await harness.socket.stop();
      await harness.slackApi.stop();
    }
  });

  it('lets a running fix finish and post before it stops', async () => {
    const { remediation, release } = gatedRemediator(false);
    const harness = await startSocketHarness({
      diagnose: async () => healthyReport(),
      remediatorFor: remediation.factory,
    });
    try {
      const id = harness.socket.deliver('interactive', await clickPayload(harness, '1700000000.000105'));
      await harness.socket.waitForAck(id);
      await logged(harness, 'applying fix');

      const stopping = harness.bot.stop(10_000);
      release();
      const { drained } = await stopping;

      expect(drained).toBe(true);
      expect(remediation.applied).toHaveLength(1);
      expect(audits(harness)).toHaveLength(1);
    } finally {
      release();
      await harness.socket.stop();
      await harness.slackApi.stop();
    }
  });
});
