// Socket Mode wiring: Bolt's receiver with its connection call (`apps.connections.open`) sent to the configured
// Web API URL, the inbound gate's shape check in front of every envelope, every envelope acknowledged, and the
// connection state that `/healthz` reports. Without the gate, Bolt 5.1.0 throws on an envelope whose payload is
// `null` and leaves any envelope no listener takes unacknowledged, so Slack would send it again and again.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger as BoltLogger, SocketModeReceiver } from '@slack/bolt';
import { listen } from '../listen.js';
import { checkParsed, type Dropped, type GateVerdict } from './inbound-gate.js';

/** What @slack/socket-mode hands its `slack_event` listeners for each envelope. */
interface Envelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id?: string;
  type?: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
}

type EnvelopeListener = (envelope: Envelope) => Promise<void>;

export interface EnvelopeGateOptions {
  /** Told of every envelope dropped by the shape check (only the reason and the envelope type, no content). */
  onDrop: (verdict: Dropped, envelopeType: string) => void;
  /** Told when an acknowledgement could not be sent (the connection closed first: Slack may send it again). */
  onAckFailed: (error: unknown, envelopeType: string) => void;
  onError: (error: unknown) => void;
}

export interface SocketModeOptions extends EnvelopeGateOptions {
  appToken: string;
  /** Web API base URL for `apps.connections.open`. */
  apiUrl: string;
  logger: BoltLogger;
  /** How long a pong may take before the socket is replaced; also the pause before each reconnection. */
  pingTimeoutMs?: number;
  onConnectionChange: (connected: boolean) => void;
}

export interface SocketMode {
  receiver: SocketModeReceiver;
  /** True between Slack's `hello` and the socket's close. */
  readonly connected: boolean;
}

/**
 * An envelope's body as the HTTP gate checks it, once its type says what it carries: a slash command arrives in
 * `slash_commands`, a click in `interactive`; Bolt itself would route any body by its content alone.
 */
export function checkEnvelope(type: string | undefined, body: unknown): GateVerdict {
  const isCommand = typeof body === 'object' && body !== null && 'command' in body;
  if (type === 'slash_commands' && !isCommand)
    return { kind: 'refuse', status: 400, reason: 'a slash_commands envelope without a command' };
  if (type === 'interactive' && isCommand)
    return { kind: 'refuse', status: 400, reason: 'an interactive envelope carrying a command' };
  if (type !== 'slash_commands' && type !== 'interactive' && type !== 'events_api')
    return { kind: 'ok-nothing', reason: `an envelope type we do not serve (${String(type)})` };
  return checkParsed(body);
}

/**
 * Puts the gate in front of Bolt's envelope listener: an envelope whose body fails the HTTP gate's shape check
 * never reaches Bolt, and any envelope nobody acknowledged is acknowledged once its handling ends. A failed
 * acknowledgement is reported, not thrown, so the work the envelope asked for still runs.
 */
export function gateEnvelopes(receiver: SocketModeReceiver, options: EnvelopeGateOptions): void {
  const { client } = receiver;
  const bolt = client.listeners('slack_event') as EnvelopeListener[];
  client.removeAllListeners('slack_event');
  const handle = async (envelope: Envelope) => {
    const type = String(envelope.type);
    let acked = false;
    const ack = async (response?: Record<string, unknown>) => {
      acked = true;
      try {
        await envelope.ack(response);
      } catch (error) {
        options.onAckFailed(error, type);
      }
    };
    const verdict = checkEnvelope(envelope.type, envelope.body);
    if (verdict.kind === 'forward') {
      for (const listener of bolt) await listener({ ...envelope, ack });
    } else {
      options.onDrop(verdict, type);
    }
    if (!acked) await ack();
  };
  client.on('slack_event', (envelope: Envelope) => {
    handle(envelope).catch(options.onError);
  });
}

export function createSocketMode(options: SocketModeOptions): SocketMode {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
    ...(options.pingTimeoutMs === undefined ? {} : { clientPingTimeout: options.pingTimeoutMs }),
  });
  gateEnvelopes(receiver, options);
  let connected = false;
  const set = (value: boolean) => {
    if (value === connected) return;
    connected = value;
    options.onConnectionChange(value);
  };
  receiver.client.on('connected', () => set(true));
  for (const lost of ['close', 'disconnecting', 'reconnecting', 'disconnected']) {
    receiver.client.on(lost, () => set(false));
  }
  return {
    receiver,
    get connected() {
      return connected;
    },
  };
}

/**
 * Socket Mode's only HTTP server: `GET /healthz` answers 200 while the socket is connected and 503 while it is
 * not (starting, or reconnecting after Slack closed it), with `{"ok":…,"socket":"connected"|"disconnected"}`.
 */
export async function startHealthServer(
  port: number,
  host: string | undefined,
  isConnected: () => boolean,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/healthz') {
      res.writeHead(404);
      res.end();
      return;
    }
    const connected = isConnected();
    res.writeHead(connected ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: connected, socket: connected ? 'connected' : 'disconnected' }));
  });
  await listen(server, port, host);
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
