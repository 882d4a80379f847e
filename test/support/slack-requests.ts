// Requests shaped like Slack's, signed the way Slack signs them: v0=HMAC_SHA256(secret, "v0:{ts}:{rawBody}").

import { createHash, createHmac } from 'node:crypto';
import type { FixId } from '../../src/remediation/types.js';
import { type ButtonValue, decodeButtonValue, encodeButtonValue } from '../../src/slack/button-value.js';
import { offerKeyFrom, signOffer } from '../../src/slack/offer-token.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** false: send without signature headers. */
  signed?: boolean;
  /** Extra headers, e.g. Slack's `x-slack-retry-num` on a retry. */
  headers?: Record<string, string>;
}

export async function sendSigned(url: string, rawBody: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  if (options.signed !== false) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = sign(options.secret ?? SIGNING_SECRET, timestamp, rawBody);
  }
  return fetch(url, { method: 'POST', headers, body: rawBody });
}

export interface SlashCommand {
  text: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
}

export function slashCommandBody(command: SlashCommand): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0000001',
    team_domain: 'example',
    channel_id: command.channelId ?? 'C0INCIDENT',
    channel_name: 'incident',
    user_id: command.userId ?? 'U0ALLOWED1',
    user_name: 'maria.k',
    command: '/apigw-diagnose',
    text: command.text,
    api_app_id: 'A0000001',
    is_enterprise_install: 'false',
    response_url: command.responseUrl ?? 'https://hooks.slack.com/commands/T0000001/1/abc',
    trigger_id: '1.2.abc',
  }).toString();
}

export interface ButtonClickPayload {
  actionId: string;
  value: string;
  userId?: string;
  channelId?: string;
  messageTs: string;
  /** Slack's id of this click; each body gets a fresh one unless given (the same one = a replay). */
  actionTs?: string;
}

let clicks = 0;
function nextActionTs(): string {
  clicks += 1;
  return `1700000001.${String(clicks).padStart(6, '0')}`;
}

/**
 * The reference the value of a button on message `messageTs` of `channelId` carries in these tests; the test
 * keeps the report's request under it first (harness.ts keepReport), as the bot does when it posts the report.
 */
export function testRequestRef(channelId: string, messageTs: string): string {
  return createHash('sha256').update(`${channelId}\n${messageTs}`).digest('base64url').slice(0, 16);
}

/**
 * The value of a button on a report of the tests' API (a1b2c3d4e5, us-east-1, stage prod, no caller given,
 * 15-minute window, probe on), with `fields` changed.
 */
export function buttonValue(fields: Partial<ButtonValue> = {}): string {
  return encodeButtonValue({
    apiId: 'a1b2c3d4e5',
    region: 'us-east-1',
    stage: 'prod',
    vpcId: null,
    vpceId: null,
    securityGroupIds: [],
    urlForm: 'none',
    sinceMs: 900_000,
    probe: true,
    customDomain: null,
    ...fields,
  });
}

/**
 * A fix or Re-run button's value as the bot renders it into message `messageTs` of `channelId`: bound to both,
 * carrying the reference of that message's report request. `secret`: what the bot's offer key comes from (the
 * signing secret; in Socket Mode without one, the app token).
 */
export function offeredValue(
  value: string,
  fix: FixId | 'rerun',
  messageTs: string,
  channelId = 'C0INCIDENT',
  secret = SIGNING_SECRET,
): string {
  const decoded = decodeButtonValue(value);
  if (!decoded.ok) throw new Error(`not a button value: ${decoded.problem}`);
  decoded.value.requestRef = testRequestRef(channelId, messageTs);
  const unsigned = encodeButtonValue(decoded.value);
  const token = signOffer(offerKeyFrom(secret), { channelId, messageTs, fix, value: unsigned });
  return encodeButtonValue(decoded.value, token);
}

export function blockActionsBody(click: ButtonClickPayload): string {
  const channel = click.channelId ?? 'C0INCIDENT';
  const payload = {
    type: 'block_actions',
    user: { id: click.userId ?? 'U0ALLOWED1', username: 'maria.k', name: 'maria.k', team_id: 'T0000001' },
    api_app_id: 'A0000001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: click.messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: '1.2.def',
    team: { id: 'T0000001', domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'incident' },
    message: { type: 'message', ts: click.messageTs, text: 'report', bot_id: 'BBOT000001', blocks: [] },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0000001/1/abc',
    actions: [
      {
        action_id: click.actionId,
        block_id: 'diagnosis-actions',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: click.value,
        type: 'button',
        action_ts: click.actionTs ?? nextActionTs(),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
