// Hostile and malformed requests through Bolt's real HTTP receiver (behind the request gate): none reaches a
// listener, none crashes the process, each gets the status the gate promises, and the bot keeps serving.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { loopbackOnly } from '../support/loopback-only.js';
import {
  blockActionsBody,
  SIGNING_SECRET,
  sendSigned,
  sign,
  slashCommandBody,
} from '../support/slack-requests.js';
import { healthyReport } from './fixtures.js';
import { type Harness, recordingRemediator, startHarness } from './harness.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });

function clickPayload(): Record<string, unknown> {
  const body = new URLSearchParams(
    blockActionsBody({ actionId: 'redeploy-stage', value: '{}', messageTs: '1700000000.000001' }),
  );
  return JSON.parse(body.get('payload') ?? '{}') as Record<string, unknown>;
}

function without(key: string, from = clickPayload()): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = from;
  return rest;
}

async function sendJson(url: string, body: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
    },
    body,
  });
}

loopbackOnly();

describe('hostile Slack requests', () => {
  let harness: Harness;
  const chatCalls = () => harness.slackApi.calls.filter((call) => call.method.startsWith('chat.'));
  const requests: DiagnosisRequest[] = [];
  const remediation = recordingRemediator();

  beforeAll(async () => {
    harness = await startHarness({
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
    requests.length = 0;
  });

  const signedForm: Array<[string, string, number]> = [
    ['a form whose payload is JSON null', form({ payload: 'null' }), 400],
    ['a form whose payload is a JSON array', payload([1, 2]), 400],
    ['a form whose payload is a JSON string', payload('block_actions'), 400],
    ['a form whose payload is not JSON', form({ payload: '{"type":' }), 400],
    ['a form with two payloads', 'payload=%7B%7D&payload=%7B%7D', 400],
    ['a click without a user', payload(without('user')), 400],
    ['a click whose user is a string', payload({ ...clickPayload(), user: 'U0ALLOWED1' }), 400],
    ['a click whose user id is a number', payload({ ...clickPayload(), user: { id: 42 } }), 400],
    ['a click without channel or container', payload(without('container', without('channel'))), 400],
    ['a click without actions', payload(without('actions')), 400],
    ['a click whose actions is an object', payload({ ...clickPayload(), actions: { action_id: 'x' } }), 400],
    ['a click with an empty actions list', payload({ ...clickPayload(), actions: [] }), 400],
    [
      'a click whose action value is a number',
      payload({
        ...clickPayload(),
        actions: [{ action_id: 'redeploy-stage', type: 'button', value: 7, action_ts: '1.2' }],
      }),
      400,
    ],
    ['a click without response_url', payload(without('response_url')), 400],
    [
      'a click whose response_url is not a URL',
      payload({ ...clickPayload(), response_url: 'javascript:1' }),
      400,
    ],
    [
      'a command without user_id',
      form({
        command: '/apigw-diagnose',
        text: 'a1b2c3d4e5',
        channel_id: 'C0X00001',
        response_url: 'https://hooks.slack.com/x',
      }),
      400,
    ],
    [
      'a command without channel_id',
      form({
        command: '/apigw-diagnose',
        text: 'a1b2c3d4e5',
        user_id: 'U0ALLOWED1',
        response_url: 'https://hooks.slack.com/x',
      }),
      400,
    ],
    [
      'a command without response_url',
      form({ command: '/apigw-diagnose', text: 'a1b2c3d4e5', user_id: 'U0ALLOWED1', channel_id: 'C0X00001' }),
      400,
    ],
    ['a command with two texts', `${slashCommandBody({ text: 'a1b2c3d4e5' })}&text=x`, 400],
    [
      'a click on an action id we never rendered',
      payload({
        ...clickPayload(),
        actions: [{ action_id: 'delete-everything', type: 'button', value: '{}', action_ts: '1.2' }],
      }),
      200,
    ],
    [
      'a click whose first of several actions is not ours (Bolt routes the first only)',
      payload({
        ...clickPayload(),
        actions: [
          { action_id: 'delete-everything', type: 'button', value: '{}', action_ts: '1.2' },
          { action_id: 'redeploy-stage', type: 'button', value: '{}', action_ts: '1.2' },
        ],
      }),
      200,
    ],
    ['an interaction type we do not serve', payload({ ...clickPayload(), type: 'view_submission' }), 200],
    [
      'another slash command',
      form({
        command: '/other',
        text: 'x',
        user_id: 'U0ALLOWED1',
        channel_id: 'C0X00001',
        response_url: 'https://hooks.slack.com/x',
      }),
      200,
    ],
  ];

  it.each(signedForm)('answers %s and runs nothing', async (_name, body, status) => {
    const response = await sendSigned(harness.eventsUrl, body);

    expect(response.status).toBe(status);
    expect(await response.text()).toBe('');
    expect(requests).toHaveLength(0);
    expect(remediation.applied).toHaveLength(0);
    expect(chatCalls()).toHaveLength(0);
  });

  const signedJson: Array<[string, string, number]> = [
    ['JSON null', 'null', 400],
    ['a JSON number', '42', 400],
    ['malformed JSON', '{"command":', 400],
    [
      'a JSON command without a user id',
      JSON.stringify({
        command: '/apigw-diagnose',
        text: 'a1b2c3d4e5',
        channel_id: 'C0X00001',
        response_url: 'https://hooks.slack.com/x',
      }),
      400,
    ],
    [
      'a JSON command whose text is an object',
      JSON.stringify({
        command: '/apigw-diagnose',
        text: {},
        user_id: 'U0ALLOWED1',
        channel_id: 'C0X00001',
        response_url: 'https://hooks.slack.com/x',
      }),
      400,
    ],
    [
      'an event we did not subscribe to',
      JSON.stringify({ type: 'event_callback', event: { type: 'message' } }),
      200,
    ],
  ];

  it.each(signedJson)(
    'answers a signed JSON body, %s, with %i and runs nothing',
    async (_name, body, status) => {
      const response = await sendJson(harness.eventsUrl, body);

      expect(response.status).toBe(status);
      expect(requests).toHaveLength(0);
      expect(chatCalls()).toHaveLength(0);
    },
  );

  it('refuses a correctly signed request dated 10 minutes in the future with 401', async () => {
    const future = Math.floor(Date.now() / 1000) + 10 * 60;

    const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text: 'a1b2c3d4e5' }), {
      timestamp: future,
    });

    expect(response.status).toBe(401);
    expect(requests).toHaveLength(0);
  });

  it('refuses a body over 1 MiB with 413 without reading it into a listener', async () => {
    const huge = slashCommandBody({ text: 'a'.repeat(1024 * 1024 + 10) });

    const response = await sendSigned(harness.eventsUrl, huge);

    expect(response.status).toBe(413);
    expect(requests).toHaveLength(0);
  });

  it('answers Slack’s unsigned SSL check with 200, even with a smuggled payload', async () => {
    const response = await sendSigned(harness.eventsUrl, form({ ssl_check: '1', payload: 'null' }), {
      signed: false,
    });

    expect(response.status).toBe(200);
    expect(chatCalls()).toHaveLength(0);
  });

  it('keeps serving after a burst of hostile requests: a real command still gets its diagnosis', async () => {
    await Promise.all(signedForm.map(([, body]) => sendSigned(harness.eventsUrl, body)));

    const response = await sendSigned(
      harness.eventsUrl,
      slashCommandBody({ text: 'a1b2c3d4e5', channelId: 'C0ALIVE01' }),
    );
    await harness.slackApi.waitFor('chat.update', 1);

    expect(response.status).toBe(200);
    expect(requests).toHaveLength(1);
  });
});
