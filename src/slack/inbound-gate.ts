// The door every Slack HTTP request passes before Bolt sees it. Bolt 5.1.0's HTTPReceiver verifies the
// signature but (a) accepts timestamps in the future, and (b) hands any correctly signed body to the app: a form
// whose `payload` is JSON `null` throws inside the receiver (`reading 'ssl_check'`) and a body without a user id
// reaches the listeners. So the gate reads the body once (bounded), verifies signature and timestamp in both
// directions, parses it exactly as Bolt will, and checks the shape of everything the listeners read. Only a
// request that passes goes on to Bolt (which re-verifies the buffered body); the rest get 401/400/413, or 200
// with nothing for well-formed requests we have no listener for (so Slack does not retry them).

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { ALL_ACTION_IDS, COMMAND_NAME } from './action-ids.js';

/** Slack's own rule is 5 minutes into the past; the gate applies it into the future too. */
export const MAX_CLOCK_SKEW_S = 5 * 60;
/** A block_actions payload carries the whole message (≤ 50 blocks of ≤ 3000 chars): far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,30}$/;
const MESSAGE_TS = /^\d{1,12}\.\d{1,9}$/;
const MAX_TEXT = 4000;
const MAX_ACTIONS = 5;

export type Dropped =
  | { kind: 'ok-nothing'; reason: string }
  | { kind: 'refuse'; status: 400 | 401 | 413; reason: string };
export type GateVerdict = { kind: 'forward' } | Dropped;

const refuse = (status: 400 | 401 | 413, reason: string): Dropped => ({ kind: 'refuse', status, reason });
const nothing = (reason: string): Dropped => ({ kind: 'ok-nothing', reason });
const FORWARD: GateVerdict = { kind: 'forward' };

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Slack's v0 signature over `v0:{ts}:{body}`, with the timestamp within ±MAX_CLOCK_SKEW_S of now. */
export function verifySignature(
  secret: string,
  timestamp: string | null,
  signature: string | null,
  rawBody: string,
  nowMs: number,
): string | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  const skew = Number(timestamp) - Math.floor(nowMs / 1000);
  if (skew < -MAX_CLOCK_SKEW_S) return 'timestamp too old';
  if (skew > MAX_CLOCK_SKEW_S) return 'timestamp in the future';
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return 'missing or malformed signature';
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return timingSafeEqual(expected, given) ? null : 'signature mismatch';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResponseUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 1000) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function checkCommand(body: Record<string, unknown>): GateVerdict {
  if (body.command !== COMMAND_NAME) return nothing('a command we do not serve');
  if (typeof body.user_id !== 'string' || !USER_ID.test(body.user_id)) return refuse(400, 'bad user_id');
  if (typeof body.channel_id !== 'string' || !CHANNEL_ID.test(body.channel_id))
    return refuse(400, 'bad channel_id');
  if (body.text !== undefined && (typeof body.text !== 'string' || body.text.length > MAX_TEXT))
    return refuse(400, 'bad text');
  if (!isResponseUrl(body.response_url)) return refuse(400, 'bad response_url');
  return FORWARD;
}

function stringAt(object: unknown, key: string): string | null {
  return isObject(object) && typeof object[key] === 'string' ? object[key] : null;
}

function checkBlockActions(payload: Record<string, unknown>): GateVerdict {
  const userId = stringAt(payload.user, 'id');
  if (!userId || !USER_ID.test(userId)) return refuse(400, 'bad user');
  const channelId = stringAt(payload.channel, 'id') ?? stringAt(payload.container, 'channel_id');
  if (!channelId || !CHANNEL_ID.test(channelId)) return refuse(400, 'bad channel');
  const messageTs = stringAt(payload.message, 'ts') ?? stringAt(payload.container, 'message_ts');
  if (!messageTs || !MESSAGE_TS.test(messageTs)) return refuse(400, 'bad message ts');
  if (!isResponseUrl(payload.response_url)) return refuse(400, 'bad response_url');
  const actions = payload.actions;
  if (!Array.isArray(actions) || actions.length === 0 || actions.length > MAX_ACTIONS)
    return refuse(400, 'bad actions');
  for (const action of actions) {
    if (!isObject(action) || typeof action.action_id !== 'string' || typeof action.type !== 'string')
      return refuse(400, 'bad action');
    if (typeof action.action_ts !== 'string' || !MESSAGE_TS.test(action.action_ts))
      return refuse(400, 'bad action_ts');
    if (action.value !== undefined && typeof action.value !== 'string') return refuse(400, 'bad value');
  }
  // Bolt routes a block_actions payload by its first action only: one that is not ours would reach no listener,
  // go unacknowledged and be answered 404 after 3 s. Acknowledge it here at once instead.
  const first = actions[0] as { action_id: string };
  return (ALL_ACTION_IDS as readonly string[]).includes(first.action_id)
    ? FORWARD
    : nothing('first action is not ours');
}

/** The shape of a parsed body: what the listeners read must be there, with the right types. */
export function checkParsed(body: unknown): GateVerdict {
  if (!isObject(body)) return refuse(400, 'body is not an object');
  if (body.type === 'block_actions') return checkBlockActions(body);
  if (body.type === 'url_verification')
    return typeof body.challenge === 'string' ? FORWARD : refuse(400, 'bad challenge');
  if (body.command !== undefined) return checkCommand(body);
  return nothing(`not a command or interaction we serve (${String(body.type)})`);
}

/** The body as Bolt 5.1.0 parses it (HTTPModuleFunctions.parseHTTPRequestBody), then its shape. */
export function checkBody(contentType: string | null, rawBody: string): GateVerdict {
  let body: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(rawBody);
      if (Array.isArray(form.payload)) return refuse(400, 'payload given more than once');
      body = form.payload === undefined ? form : JSON.parse(form.payload);
      if (form.payload !== undefined && !isObject(body)) return refuse(400, 'payload is not a JSON object');
    } else {
      body = JSON.parse(rawBody);
    }
  } catch {
    return refuse(400, 'malformed body');
  }
  return checkParsed(body);
}

/** Past this many bytes an oversized body is no longer drained for a clean 413: the connection is cut. */
const MAX_DISCARD_BYTES = 16 * MAX_BODY_BYTES;

/**
 * Reads the body up to `limit` bytes; null when it is larger. The rest of an oversized body is read and thrown
 * away (so the client gets its 413 rather than a reset connection), up to MAX_DISCARD_BYTES.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > MAX_DISCARD_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('close', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface GateOptions {
  signingSecret: string;
  endpoint: string;
  now: () => number;
  /** Told of every refused or dropped request (no body content, only the reason). */
  onDrop: (verdict: Dropped, path: string) => void;
  onError: (error: unknown) => void;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/** Wraps Bolt's request listener: the events endpoint goes through the gate, other routes go straight on. */
export function gatedListener(boltListener: RequestListener, options: GateOptions): RequestListener {
  const gate = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) {
      options.onDrop(refuse(413, 'body too large'), options.endpoint);
      answer(res, 413);
      return;
    }
    const text = raw.toString('utf8');
    const contentType = header(req, 'content-type');
    // Slack's unsigned SSL check: answered here, nothing of its body goes further.
    if (contentType === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1') {
      answer(res, 200);
      return;
    }
    const problem = verifySignature(
      options.signingSecret,
      header(req, 'x-slack-request-timestamp'),
      header(req, 'x-slack-signature'),
      text,
      options.now(),
    );
    const verdict = problem ? refuse(401, problem) : checkBody(contentType, text);
    if (verdict.kind !== 'forward') {
      options.onDrop(verdict, options.endpoint);
      answer(res, verdict.kind === 'refuse' ? verdict.status : 200);
      return;
    }
    // Bolt reuses an already buffered body (bufferIncomingMessage checks `rawBody`), so it parses these bytes.
    (req as IncomingMessage & { rawBody: Buffer }).rawBody = raw;
    boltListener(req, res);
  };
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== options.endpoint) {
      boltListener(req, res);
      return;
    }
    gate(req, res).catch((error: unknown) => {
      options.onError(error);
      answer(res, 500);
    });
  };
}
