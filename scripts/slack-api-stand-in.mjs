// A loopback stand-in for the Slack Web API, shared by the tests and the sandbox (`npm run sandbox`): records
// every call (form-encoded or JSON, `blocks` and `attachments` decoded from their JSON strings) and answers `ok`
// with a fresh ts, as Slack does; auth.test answers with a bot identity. Point SLACK_API_URL / slackApiUrl at
// it; a response_url under it (`${url}response-url`) is recorded under that last path segment. Given a Socket
// Mode stand-in, `apps.connections.open` (app-level token only) answers with its WebSocket URL.

import { createServer } from 'node:http';
import { connectionsOpenAnswer } from './socket-mode-stand-in.mjs';

function decodeBody(raw, contentType) {
  const body = contentType.includes('application/json')
    ? JSON.parse(raw || '{}')
    : Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments']) {
    if (typeof body[key] === 'string') body[key] = JSON.parse(body[key]);
  }
  return body;
}

export async function startSlackApi(socketMode) {
  const calls = [];
  const failures = new Map();
  const waiters = [];
  let seq = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const body = decodeBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
      const failure = failures.get(method);
      let response;
      if (failure) {
        failures.delete(method);
        response = { ok: false, error: failure };
      } else if (method === 'apps.connections.open') {
        response = socketMode
          ? connectionsOpenAnswer(req.headers.authorization, socketMode)
          : { ok: false, error: 'not_allowed_token_type' };
      } else if (method === 'auth.test') {
        response = {
          ok: true,
          user_id: 'UBOT000001',
          bot_id: 'BBOT000001',
          team_id: 'T0000001',
          user: 'apigw-diagnose',
        };
      } else {
        seq += 1;
        const ts = typeof body.ts === 'string' ? body.ts : `1700000000.${String(seq).padStart(6, '0')}`;
        response = { ok: true, channel: body.channel ?? 'C0000001', ts, message_ts: ts };
      }
      calls.push({ method, body, response });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(response));
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const callsTo = (method) => calls.filter((call) => call.method === method);
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo,
    waitFor(method, count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out waiting for ${count} × ${method}; saw ${calls.map((c) => c.method).join(', ')}`,
              ),
            ),
          timeoutMs,
        );
        const check = () => {
          if (callsTo(method).length >= count) {
            clearTimeout(timer);
            resolve(callsTo(method));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    failNext(method, error) {
      failures.set(method, error);
    },
    reset() {
      calls.length = 0;
      failures.clear();
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
