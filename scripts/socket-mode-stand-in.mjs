// A loopback stand-in for Slack's Socket Mode side, shared by the tests (through test/support/socket-mode.ts)
// and `npm run stress`. The Web API stand-in answers `apps.connections.open` with `connectionUrl()`: a
// `ws://127.0.0.1:…/link/?ticket=…` URL, one ticket per call, as Slack hands out. On each connection the
// server sends `hello`; `deliver` sends an envelope built like Slack's
// (`{ envelope_id, type, payload, accepts_response_payload, retry_attempt, retry_reason }`) and every
// acknowledgement (`{ envelope_id, payload }`) is recorded against its delivery, with how long it took.
// Slack's rule: an envelope must be acknowledged within 3 s. An envelope not acknowledged when its connection
// closes is delivered again, `retry_attempt` one higher, on the next connection, as Slack does.

import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

/** Slack's acknowledgement deadline for Socket Mode envelopes. */
export const ACK_DEADLINE_MS = 3000;

/** The `apps.connections.open` answer for an `Authorization` header: Slack accepts app-level tokens only. */
export function connectionsOpenAnswer(authorization, standIn) {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer xapp-'))
    return { ok: false, error: 'not_allowed_token_type' };
  return { ok: true, url: standIn.connectionUrl() };
}

export async function startSocketModeStandIn() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address();
  const tickets = new Set();
  /** Every delivery of an envelope: { envelopeId, type, attempt, connection, sentAt, ackedAfterMs, ack, lost }. */
  const deliveries = [];
  const envelopes = new Map();
  const unknownAcks = [];
  const waiters = new Set();
  let current = null;
  let connectionCount = 0;
  let refusedConnections = 0;

  const wake = () => {
    for (const check of [...waiters]) check();
  };
  const waitUntil = (done, what, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = done();
        if (value === undefined || value === false) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`socket stand-in: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const send = (connection, envelope) => {
    const delivery = {
      envelopeId: envelope.envelope_id,
      type: envelope.type,
      attempt: envelope.retry_attempt,
      connection: connection.id,
      sentAt: performance.now(),
      ackedAfterMs: null,
      ack: null,
      lost: false,
      loseAck: false,
    };
    deliveries.push(delivery);
    connection.socket.send(JSON.stringify(envelope));
    return delivery;
  };

  const redeliver = (connection) => {
    for (const [envelopeId, envelope] of envelopes) {
      const latest = deliveries.findLast((d) => d.envelopeId === envelopeId);
      if (!latest?.lost) continue;
      envelope.retry_attempt += 1;
      envelope.retry_reason = 'timeout';
      send(connection, envelope);
    }
  };

  server.on('connection', (socket, request) => {
    const ticket = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket');
    if (!ticket || !tickets.delete(ticket)) {
      refusedConnections += 1;
      socket.close(4001, 'invalid ticket');
      return;
    }
    connectionCount += 1;
    const connection = { id: connectionCount, socket, open: true };
    current = connection;
    socket.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const delivery = deliveries.find(
        (d) => d.envelopeId === message.envelope_id && d.connection === connection.id && d.ack === null,
      );
      if (!delivery) {
        unknownAcks.push(message);
      } else if (delivery.loseAck) {
        // The acknowledgement never reaches Slack: the connection fails just before it arrives.
        socket.terminate();
      } else {
        delivery.ack = message.payload ?? {};
        delivery.ackedAfterMs = performance.now() - delivery.sentAt;
      }
      wake();
    });
    socket.on('close', () => {
      connection.open = false;
      for (const d of deliveries) if (d.connection === connection.id && d.ack === null) d.lost = true;
      if (current === connection) current = null;
      wake();
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-stand-in', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0000001' },
      }),
    );
    redeliver(connection);
    wake();
  });

  const openConnection = () => {
    if (!current?.open) throw new Error('socket stand-in: no open connection');
    return current;
  };

  return {
    connectionUrl() {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=A0000001`;
    },
    get connections() {
      return connectionCount;
    },
    get refusedConnections() {
      return refusedConnections;
    },
    get connected() {
      return current?.open === true;
    },
    deliveries,
    unknownAcks,
    /** Resolves once `count` connections have been opened (and each greeted with `hello`). */
    waitForConnections(count, timeoutMs) {
      return waitUntil(
        () => connectionCount >= count && current?.open === true,
        `${count} connection(s)`,
        timeoutMs,
      );
    },
    /**
     * Sends an envelope on the open connection; returns its envelope_id. `type`: slash_commands, interactive or
     * events_api; `options.envelopeId` re-sends under a known id, `options.retryAttempt` marks a retry.
     */
    deliver(type, payload, options = {}) {
      const envelope = {
        envelope_id: options.envelopeId ?? randomUUID(),
        type,
        payload,
        accepts_response_payload: type === 'slash_commands',
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryAttempt ? (options.retryReason ?? 'timeout') : '',
      };
      envelopes.set(envelope.envelope_id, envelope);
      send(openConnection(), envelope);
      return envelope.envelope_id;
    },
    /** Sends a raw text frame (not necessarily JSON, not necessarily an envelope). */
    sendRaw(text) {
      openConnection().socket.send(text);
    },
    /** Resolves with the acknowledgement payload of the envelope's latest delivery. */
    waitForAck(envelopeId, timeoutMs) {
      return waitUntil(
        () => deliveries.findLast((d) => d.envelopeId === envelopeId && d.ack !== null)?.ack,
        `the ack of ${envelopeId}`,
        timeoutMs,
      );
    },
    /** Resolves once every delivery that was not lost with its connection has been acknowledged. */
    waitForAllAcks(timeoutMs) {
      return waitUntil(() => deliveries.every((d) => d.lost || d.ack !== null), 'every ack', timeoutMs);
    },
    /**
     * The envelopes Slack would count as unanswered: no delivery acknowledged, or the acknowledged delivery
     * answered after ACK_DEADLINE_MS. Each entry: { envelopeId, type, ackedAfterMs }.
     */
    lateOrMissingAcks() {
      const out = [];
      for (const envelopeId of envelopes.keys()) {
        const acked = deliveries.find((d) => d.envelopeId === envelopeId && d.ack !== null);
        if (!acked || acked.ackedAfterMs > ACK_DEADLINE_MS) {
          const type = envelopes.get(envelopeId).type;
          out.push({ envelopeId, type, ackedAfterMs: acked?.ackedAfterMs ?? null });
        }
      }
      return out;
    },
    /** Slack's routine rotation: a `disconnect` message (`refresh_requested`, `warning`, …); the client closes. */
    requestRefresh(reason = 'refresh_requested') {
      openConnection().socket.send(
        JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-stand-in' } }),
      );
    },
    /** Cuts the open connection without a close handshake, as a network failure would. */
    drop() {
      openConnection().socket.terminate();
    },
    /**
     * Sends the envelope, and when its acknowledgement comes back, cuts the connection instead of taking it: the
     * bot handled the envelope, Slack never heard so, and delivers it again on the next connection.
     */
    deliverAndLoseAck(type, payload) {
      const id = this.deliver(type, payload);
      deliveries[deliveries.length - 1].loseAck = true;
      return id;
    },
    /** Forgets what was delivered (connections stay). */
    reset() {
      deliveries.length = 0;
      unknownAcks.length = 0;
      envelopes.clear();
    },
    stop() {
      for (const client of server.clients) client.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
