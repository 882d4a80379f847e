// Hostile and malformed envelopes over Socket Mode, the counterpart of hostile-input.http.test.ts: each is
// acknowledged (so Slack does not send it again), none reaches a listener, none changes anything, the
// connection stays up, and the bot keeps serving. The shape check is the HTTP gate's (inbound-gate.ts).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { buttonValue, offeredValue } from '../support/slack-requests.js';
import { blockActionsPayload, slashCommandPayload } from '../support/socket-mode.js';
import { healthyReport } from './fixtures.js';
import { recordingRemediator, SOCKET_APP_TOKEN, type SocketHarness, startSocketHarness } from './harness.js';

const VALUE = buttonValue({ probe: false });
const MESSAGE_TS = '1700000000.000001';

/** A click on a real, correctly signed fix offer: only the field under test makes it hostile. */
function clickPayload(): Record<string, unknown> {
  return blockActionsPayload({
    actionId: 'redeploy-stage',
    value: offeredValue(VALUE, 'redeploy-stage', MESSAGE_TS, 'C0INCIDENT', SOCKET_APP_TOKEN),
    messageTs: MESSAGE_TS,
  });
}

function without(key: string, from = clickPayload()): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = from;
  return rest;
}

const firstAction = () => (clickPayload().actions as Array<Record<string, unknown>>)[0];
const command = (fields: Record<string, unknown>) => ({
  ...slashCommandPayload({ text: 'a1b2c3d4e5' }),
  ...fields,
});

loopbackOnly();

describe('hostile Socket Mode envelopes', () => {
  let harness: SocketHarness;
  const requests: DiagnosisRequest[] = [];
  const remediation = recordingRemediator();
  const chatCalls = () => harness.slackApi.calls.filter((call) => call.method.startsWith('chat.'));

  beforeAll(async () => {
    harness = await startSocketHarness({
      diagnose: async (request) => {
        requests.push(request);
        return healthyReport();
      },
      remediatorFor: remediation.factory,
    });
  });
  afterAll(async () => harness.stop());
  afterEach(() => {
    harness.slackApi.reset();
    harness.socket.reset();
    requests.length = 0;
    remediation.applied.length = 0;
  });

  const envelopes: Array<[string, string, unknown]> = [
    ['a null payload', 'interactive', null],
    ['a null slash command payload', 'slash_commands', null],
    ['an array payload', 'interactive', [clickPayload()]],
    ['a string payload', 'interactive', 'block_actions'],
    ['a click without a user', 'interactive', without('user')],
    ['a click whose user is a string', 'interactive', { ...clickPayload(), user: 'U0ALLOWED1' }],
    ['a click whose user id is a number', 'interactive', { ...clickPayload(), user: { id: 42 } }],
    ['a click without channel or container', 'interactive', without('container', without('channel'))],
    ['a click without actions', 'interactive', without('actions')],
    ['a click with an empty actions list', 'interactive', { ...clickPayload(), actions: [] }],
    ['a click with six actions', 'interactive', { ...clickPayload(), actions: Array(6).fill(firstAction()) }],
    [
      'a click on an action id we never rendered',
      'interactive',
      { ...clickPayload(), actions: [{ ...firstAction(), action_id: 'delete-everything' }] },
    ],
    [
      'a click whose first of several actions is not ours (Bolt routes the first only)',
      'interactive',
      { ...clickPayload(), actions: [{ ...firstAction(), action_id: 'delete-everything' }, firstAction()] },
    ],
    [
      'a click whose action value is a number',
      'interactive',
      { ...clickPayload(), actions: [{ ...firstAction(), value: 7 }] },
    ],
    [
      'a click whose response_url is not a URL',
      'interactive',
      { ...clickPayload(), response_url: 'javascript:1' },
    ],
    ['an interaction type we do not serve', 'interactive', { ...clickPayload(), type: 'view_submission' }],
    ['a command without user_id', 'slash_commands', without('user_id', command({}))],
    ['a command without channel_id', 'slash_commands', without('channel_id', command({}))],
    ['a command whose text is an object', 'slash_commands', command({ text: {} })],
    ['a command with 5000 characters of text', 'slash_commands', command({ text: 'x'.repeat(5000) })],
    ['a command with 1.1 MB of text', 'slash_commands', command({ text: 'a'.repeat(1_100_000) })],
    ['another slash command', 'slash_commands', command({ command: '/other' })],
    [
      'an event we did not subscribe to',
      'events_api',
      { type: 'event_callback', event: { type: 'message' } },
    ],
    ['an envelope type Slack does not send', 'something_else', clickPayload()],
    ['a click in a slash_commands envelope', 'slash_commands', clickPayload()],
    ['a command in an interactive envelope', 'interactive', command({})],
  ];

  it.each(envelopes)('acknowledges %s and runs nothing', async (_name, type, payload) => {
    const id = harness.socket.deliver(type, payload);

    expect(await harness.socket.waitForAck(id)).toEqual({});
    expect(harness.socket.lateOrMissingAcks()).toEqual([]);
    expect(requests).toHaveLength(0);
    expect(remediation.applied).toHaveLength(0);
    expect(chatCalls()).toHaveLength(0);
    expect(harness.socket.connected).toBe(true);
  });

  it('logs each drop with its reason, never the payload', async () => {
    const id = harness.socket.deliver('interactive', without('user'));
    await harness.socket.waitForAck(id);

    const drop = harness.logs.findLast((line) => line.msg === 'dropped a Slack envelope at the gate');
    expect(drop).toMatchObject({ envelopeType: 'interactive', reason: 'bad user' });
    expect(JSON.stringify(drop)).not.toContain('redeploy-stage');
  });

  it('ignores frames that are not envelopes (not JSON, no envelope_id) and stays connected', async () => {
    harness.socket.sendRaw('{"type":');
    harness.socket.sendRaw('[]');
    const id = harness.socket.deliver('interactive', null);
    await harness.socket.waitForAck(id);

    expect(harness.socket.connected).toBe(true);
    expect(harness.socket.connections).toBe(1);
    expect(chatCalls()).toHaveLength(0);
  });

  it('keeps serving after a burst of hostile envelopes: a real command still gets its diagnosis', async () => {
    const ids = envelopes.map(([, type, payload]) => harness.socket.deliver(type, payload));
    await Promise.all(ids.map((id) => harness.socket.waitForAck(id)));

    const id = harness.socket.deliver(
      'slash_commands',
      slashCommandPayload({ text: 'a1b2c3d4e5', channelId: 'C0ALIVE01' }),
    );
    await harness.slackApi.waitFor('chat.update', 1);

    expect(await harness.socket.waitForAck(id)).toEqual({});
    expect(requests).toHaveLength(1);
    expect(remediation.applied).toHaveLength(0);
    expect(harness.socket.lateOrMissingAcks()).toEqual([]);
    expect(harness.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
