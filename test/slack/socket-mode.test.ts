// The Slack contract of app.http.test.ts, over Socket Mode: Bolt's real SocketModeReceiver connected to the
// loopback Socket Mode stand-in, which sends `hello` and envelopes built like Slack's and records each
// acknowledgement. Every envelope of every test here must be acknowledged within Slack's 3 s.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../scripts/slack-api-stand-in.mjs';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { buttonValue, offeredValue } from '../support/slack-requests.js';
import { blockActionsPayload, slashCommandPayload } from '../support/socket-mode.js';
import { brokenReport, healthyReport } from './fixtures.js';
import {
  keepReport,
  recordingRemediator,
  SOCKET_APP_TOKEN,
  type SocketHarness,
  startSocketHarness,
} from './harness.js';

const VALUE = buttonValue();

loopbackOnly();

interface Button {
  action_id: string;
  value: string;
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string } };
}

/** The buttons of a message the bot posted or updated. */
function buttonsOf(call: RecordedCall | undefined): Button[] {
  const blocks = (call?.body.blocks ?? []) as Array<{ elements?: unknown[] }>;
  return blocks.flatMap((block) => (block.elements ?? []) as Button[]).filter((e) => 'action_id' in e);
}

describe('Slack app over Socket Mode (stubbed diagnosis)', () => {
  let harness: SocketHarness;
  const requests: DiagnosisRequest[] = [];
  let nextReports: Report[] = [];
  const remediation = recordingRemediator();

  beforeAll(async () => {
    harness = await startSocketHarness({
      diagnose: async (request) => {
        requests.push(request);
        return nextReports.shift() ?? healthyReport();
      },
      remediatorFor: remediation.factory,
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => {
    // Slack's rule for every envelope the test sent: acknowledged, within 3 s of its delivery.
    expect(harness.socket.lateOrMissingAcks()).toEqual([]);
    harness.slackApi.reset();
    harness.socket.reset();
    requests.length = 0;
    nextReports = [];
    remediation.applied.length = 0;
  });

  const command = (text: string, channelId: string, userId?: string) =>
    harness.socket.deliver(
      'slash_commands',
      slashCommandPayload({ text, channelId, ...(userId ? { userId } : {}) }),
    );
  const click = (payload: Parameters<typeof blockActionsPayload>[0]) =>
    harness.socket.deliver('interactive', blockActionsPayload(payload));

  it('connects with the app token through apps.connections.open and says so on /healthz', async () => {
    const response = await fetch(`${harness.baseUrl}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, socket: 'connected' });
    expect(harness.socket.connections).toBe(1);
    expect(harness.socket.refusedConnections).toBe(0);
    // The Web API stand-in hands out a socket URL only to an app-level token (xapp-…), as Slack does.
    expect(harness.slackApi.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it('answers bad input in the acknowledgement, ephemerally, and runs nothing', async () => {
    const id = command('not-an-api --bogus', 'C0USAGE01');

    const ack = await harness.socket.waitForAck(id);

    expect(ack.response_type).toBe('ephemeral');
    expect(JSON.stringify(ack)).toContain('Usage');
    expect(requests).toHaveLength(0);
    expect(harness.slackApi.calls.filter((call) => call.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('acks empty, then posts one channel message updated in place and the evidence in its thread', async () => {
    nextReports = [brokenReport()];

    const id = command('a1b2c3d4e5 --stage prod', 'C0FIRST01');
    const ack = await harness.socket.waitForAck(id);
    await harness.slackApi.waitFor('chat.postMessage', 2);

    expect(ack).toEqual({});
    const posts = harness.slackApi.callsTo('chat.postMessage');
    const updates = harness.slackApi.callsTo('chat.update');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(posts[0]?.body.blocks)).toContain('Diagnosing');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body.ts).toBe(posts[0]?.response.ts);
    expect(JSON.stringify(updates[0]?.body.blocks)).toContain('POLICY_DENIES_VPCE');
    expect(posts[1]?.body.thread_ts).toBe(posts[0]?.response.ts);
    expect(requests).toEqual([expect.objectContaining({ apiId: 'a1b2c3d4e5', stage: 'prod' })]);
  });

  it('posts a re-run of the same API in the same channel into the existing thread', async () => {
    nextReports = [brokenReport(), healthyReport()];
    command('a1b2c3d4e5', 'C0RERUN01');
    const [first] = await harness.slackApi.waitFor('chat.postMessage', 2);

    command('a1b2c3d4e5', 'C0RERUN01');
    await harness.slackApi.waitFor('chat.postMessage', 4);
    await harness.slackApi.waitFor('chat.update', 3);

    const posts = harness.slackApi.callsTo('chat.postMessage');
    expect(posts.filter((post) => post.body.thread_ts === undefined)).toHaveLength(1);
    expect(posts.slice(2).every((post) => post.body.thread_ts === first?.response.ts)).toBe(true);
    expect(JSON.stringify(harness.slackApi.callsTo('chat.update'))).toContain(
      'What changed since the last run',
    );
  });

  it('renders a fix button with a confirm dialog; its click, as Slack sends it after the dialog, applies once', async () => {
    nextReports = [brokenReport()];
    command('a1b2c3d4e5', 'C0FIX0001');
    const [report] = await harness.slackApi.waitFor('chat.update', 1);
    const button = buttonsOf(report).find((b) => b.action_id === 'enable-logging');
    expect(button?.confirm?.title.text).toBeTruthy();
    expect(button?.confirm?.text.text).toContain('Would run enable-logging.');
    harness.slackApi.reset();

    const id = click({
      actionId: 'enable-logging',
      value: button?.value ?? '',
      channelId: 'C0FIX0001',
      messageTs: String(report?.body.ts),
    });
    await harness.socket.waitForAck(id);
    // An applied fix re-runs the diagnosis into the message: two updates (the message and the re-run note).
    await harness.slackApi.waitFor('chat.update', 2);

    expect(remediation.applied).toEqual([
      expect.objectContaining({
        fix: 'enable-logging',
        actor: expect.objectContaining({ userId: 'U0ALLOWED1' }),
      }),
    ]);
    const audits = harness.slackApi
      .callsTo('chat.postMessage')
      .filter((post) => / by U0ALLOWED1: /.test(String(post.body.text)));
    expect(audits.map((audit) => [audit.body.thread_ts, audit.body.text])).toEqual([
      [report?.body.ts, 'Enable execution logging by U0ALLOWED1: applied'],
    ]);
  });

  it('refuses a fix to a user not on the allow-list, ephemerally, and changes nothing', async () => {
    const messageTs = '1700000000.000001';
    await keepReport(harness.store, messageTs);
    const id = click({
      actionId: 'redeploy-stage',
      value: offeredValue(VALUE, 'redeploy-stage', messageTs, 'C0INCIDENT', SOCKET_APP_TOKEN),
      userId: 'U0STRANGER',
      messageTs,
    });

    const [refusal] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(await harness.socket.waitForAck(id)).toEqual({});
    expect(refusal?.body.user).toBe('U0STRANGER');
    expect(String(refusal?.body.text)).toContain('Not allowed');
    expect(remediation.applied).toHaveLength(0);
  });

  it('refuses a button signed with another key (the signing secret is not the key here): notice, no change', async () => {
    const messageTs = '1700000000.000002';
    await keepReport(harness.store, messageTs);
    click({
      actionId: 'redeploy-stage',
      value: offeredValue(VALUE, 'redeploy-stage', messageTs),
      messageTs,
    });

    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('was not offered by this message');
    expect(remediation.applied).toHaveLength(0);
  });

  it('re-runs the diagnosis into the thread of the message whose Re-run was clicked', async () => {
    await keepReport(harness.store, '1700000000.000003');
    click({
      actionId: 'rerun',
      value: offeredValue(VALUE, 'rerun', '1700000000.000003', 'C0INCIDENT', SOCKET_APP_TOKEN),
      userId: 'U0STRANGER',
      messageTs: '1700000000.000003',
    });

    await harness.slackApi.waitFor('chat.update', 2);

    expect(harness.slackApi.callsTo('chat.postMessage')[0]?.body.thread_ts).toBe('1700000000.000003');
    expect(harness.slackApi.callsTo('chat.update').some((u) => u.body.ts === '1700000000.000003')).toBe(true);
    expect(requests).toHaveLength(1);
  });
});
