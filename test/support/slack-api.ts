// A loopback stand-in for the Slack Web API: records every call (form-encoded or JSON, `blocks` decoded from
// its JSON string) and answers `ok` with a fresh ts, as Slack does. Point SLACK_API_URL / slackApiUrl at it.
// Given a Socket Mode stand-in, `apps.connections.open` (app-level token only) answers with its WebSocket URL.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectionsOpenAnswer, type SocketModeStandIn } from '../../scripts/socket-mode-stand-in.mjs';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface SlackApiStandIn {
  /** Base URL ending in `/api/`. */
  url: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves when `count` calls to `method` have been recorded (or rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Answers the next call to `method` with this error instead of ok. */
  failNext(method: string, error: string): void;
  reset(): void;
  stop(): Promise<void>;
}

function decodeBody(raw: string, contentType: string): Record<string, unknown> {
  const body: Record<string, unknown> = contentType.includes('application/json')
    ? (JSON.parse(raw || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments']) {
    if (typeof body[key] === 'string') body[key] = JSON.parse(body[key] as string);
  }
  return body;
}

export async function startSlackApi(
  socketMode?: Pick<SocketModeStandIn, 'connectionUrl'>,
): Promise<SlackApiStandIn> {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, string>();
  const waiters: Array<() => void> = [];
  let seq = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const body = decodeBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
      const failure = failures.get(method);
      let response: Record<string, unknown>;
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const callsTo = (method: string) => calls.filter((call) => call.method === method);
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
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
