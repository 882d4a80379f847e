// Signed Slack requests for the benchmarks: Slack signs `v0:{timestamp}:{raw body}` with the app's signing secret.

import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { connectionsOpenAnswer } from './socket-mode-stand-in.mjs';

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(secret, timestamp, body) {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A slash command as Slack's HTTP POST would carry it, signed now with `secret`. */
export function signedSlashCommand(
  secret,
  { channelId, userId, text, responseUrl = 'https://hooks.slack.com/commands/T0000001/1/abc' },
) {
  const body = new URLSearchParams({
    team_id: 'T0000001',
    channel_id: channelId,
    user_id: userId,
    command: '/apigw-diagnose',
    text,
    response_url: responseUrl,
    trigger_id: '1.2.abc',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = slackSignature(secret, ts, body);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
  };
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A loopback stand-in for the Slack Web API that answers every method with `ok` and a fresh message ts, and
 * records `{ method, body }` (the form fields) of each call in `calls`. Given a Socket Mode stand-in,
 * `apps.connections.open` answers with its WebSocket URL.
 */
export async function startSlackStandIn(socketMode = null) {
  const calls = [];
  let seq = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      seq += 1;
      const method = String(req.url).split('/').pop();
      calls.push({ method, body: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString())) });
      res.writeHead(200, { 'content-type': 'application/json' });
      if (method === 'apps.connections.open') {
        const answer = socketMode
          ? connectionsOpenAnswer(req.headers.authorization, socketMode)
          : { ok: false, error: 'not_allowed_token_type' };
        res.end(JSON.stringify(answer));
        return;
      }
      res.end(
        JSON.stringify({ ok: true, ts: `1700000000.${String(seq).padStart(6, '0')}`, channel: 'C0BENCH01' }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, calls, url: `http://127.0.0.1:${server.address().port}/api/` };
}
