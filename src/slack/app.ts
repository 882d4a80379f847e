// The Slack app factory: Bolt wiring only (receiver, client options, error handler, health route). The
// behaviour lives in the flows; the engine, remediator and store come in as dependencies.

import type { Server } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, type webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import { createRemediationService, type RemediatorFactory } from '../remediation/service.js';
import type { StateStore } from '../state/store.js';
import { boltLogger } from './bolt-logger.js';
import type { DiagnoseFunction } from './diagnosis-flow.js';
import { InFlight, Placeholders } from './in-flight.js';
import { gatedListener, MAX_BODY_BYTES } from './inbound-gate.js';
import { registerListeners } from './listeners/index.js';
import { offerKeyFrom } from './offer-token.js';
import { createSlackPoster, type SlackPoster } from './poster.js';
import { renderStopped } from './render/notices.js';
import { createSocketMode, portOf, type SocketMode, startHealthServer } from './socket-mode.js';
import { reportUnexpected } from './unexpected.js';

export interface SlackConnection {
  mode: 'http' | 'socket';
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
  /** Web API base URL (SLACK_API_URL), also for Socket Mode's `apps.connections.open`. */
  apiUrl: string;
  /** Socket Mode: how long a pong may take, and the pause before each reconnection (default 5 s). */
  socketPingTimeoutMs?: number;
  /** Known bot ids skip the auth.test call Bolt makes at start. */
  botId?: string;
  botUserId?: string;
  retryConfig?: webApi.RetryOptions;
}

export interface SlackAppDeps {
  slack: SlackConnection;
  diagnose: DiagnoseFunction;
  remediatorFor: RemediatorFactory;
  store: StateStore;
  logger: Logger;
  allowedUsers: ReadonlySet<string>;
  defaultRegion: string | null;
  probeFunction?: string | null;
  now?: () => number;
  planTimeoutMs?: number;
  lockTtlMs?: number;
  justAppliedWindowMs?: number;
  threadJoinWaitMs?: number;
}

export interface SlackBot {
  app: App;
  inFlight: InFlight;
  placeholders: Placeholders;
  /** Starts listening on `port` and `host` (Socket Mode: only `GET /healthz` there), then, in Socket Mode, connects. */
  start(port: number, host?: string): Promise<{ port: number }>;
  /** Stops accepting work, waits up to `drainMs` for running diagnoses and fixes, then disconnects. */
  stop(drainMs: number): Promise<{ drained: boolean }>;
}

/** Slack's own default waits up to ~30 min between retries: too long for someone waiting in a channel. */
const DEFAULT_RETRY: webApi.RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 };

const HEALTH_ROUTE: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
};

function errorChannel(body: Record<string, unknown> | undefined): {
  channelId: string | null;
  threadTs: string | null;
} {
  const channel = body?.channel as { id?: unknown } | undefined;
  const message = body?.message as { ts?: unknown } | undefined;
  const channelId =
    typeof body?.channel_id === 'string'
      ? body.channel_id
      : typeof channel?.id === 'string'
        ? channel.id
        : null;
  return { channelId, threadTs: typeof message?.ts === 'string' ? message.ts : null };
}

/** The part of the shutdown drain kept for the "stopped, run again" notes. */
const STOP_NOTE_BUDGET_MS = 3000;

/** Replaces every open "Diagnosing…" message with a short note, all at once, within `budgetMs`. */
async function noteStopped(
  poster: SlackPoster,
  placeholders: Placeholders,
  logger: Logger,
  budgetMs: number,
): Promise<void> {
  const open = placeholders.unfinished;
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budgetMs);
  });
  const notes = Promise.allSettled(
    open.map((p) => poster.update(p.channelId, p.ts, renderStopped(p.apiId))),
  ).then((results) => {
    const failed = results.filter((result) => result.status === 'rejected').length;
    logger.info({ noted: open.length - failed, failed }, 'told unfinished diagnoses that the bot stopped');
  });
  await Promise.race([notes, outOfTime]);
  clearTimeout(timer);
}

export function createSlackApp(deps: SlackAppDeps): SlackBot {
  const { slack, logger } = deps;
  const inFlight = new InFlight();
  const placeholders = new Placeholders();
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: slack.apiUrl,
    retryConfig: slack.retryConfig ?? DEFAULT_RETRY,
  };
  const identity = {
    ...(slack.botId ? { botId: slack.botId } : {}),
    ...(slack.botUserId ? { botUserId: slack.botUserId } : {}),
  };
  const receiverLogger = boltLogger(logger);

  let app: App;
  let socket: SocketMode | null = null;
  if (slack.mode === 'socket') {
    if (!slack.appToken) throw new Error('Socket Mode needs an app token');
    // Envelopes pass the same shape check as HTTP bodies (see socket-mode.ts), and every one is acknowledged.
    socket = createSocketMode({
      appToken: slack.appToken,
      apiUrl: slack.apiUrl,
      logger: receiverLogger,
      ...(slack.socketPingTimeoutMs === undefined ? {} : { pingTimeoutMs: slack.socketPingTimeoutMs }),
      onDrop: (verdict, envelopeType) =>
        logger.warn({ envelopeType, reason: verdict.reason }, 'dropped a Slack envelope at the gate'),
      onAckFailed: (err, envelopeType) =>
        logger.warn(
          { err, envelopeType },
          'could not acknowledge a Slack envelope (connection closed): the work runs; Slack may send it again',
        ),
      onError: (err) => logger.error({ err }, 'the envelope gate failed'),
      onConnectionChange: (connected) =>
        connected
          ? logger.info('Socket Mode connected')
          : logger.warn('Socket Mode connection closed: reconnecting unless stopping'),
    });
    app = new App({
      token: slack.botToken,
      receiver: socket.receiver,
      logger: receiverLogger,
      clientOptions,
      extendedErrorHandler: true,
      deferInitialization: true,
      ...identity,
    });
  } else {
    if (!slack.signingSecret) throw new Error('HTTP mode needs a signing secret');
    const receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      customRoutes: [HEALTH_ROUTE],
      logger: receiverLogger,
      bodyLimit: MAX_BODY_BYTES,
    });
    // Bolt 5.1.0 lets some signed but malformed bodies crash inside its receiver and accepts future
    // timestamps: every request to the events endpoint passes our gate first (see inbound-gate.ts).
    receiver.requestListener = gatedListener(receiver.requestListener, {
      signingSecret: slack.signingSecret,
      endpoint: '/slack/events',
      now: deps.now ?? Date.now,
      onDrop: (verdict, path) =>
        logger.warn(
          { path, status: verdict.kind === 'refuse' ? verdict.status : 200, reason: verdict.reason },
          'dropped a Slack request at the gate',
        ),
      onError: (err) => logger.error({ err }, 'the request gate failed'),
    });
    app = new App({
      token: slack.botToken,
      receiver,
      logger: receiverLogger,
      clientOptions,
      extendedErrorHandler: true,
      deferInitialization: true,
      ...identity,
    });
  }

  const poster = createSlackPoster(app.client);
  // The remediation service decides everything about a fix except its user interface; Slack renders its answers.
  const now = deps.now ?? Date.now;
  const remediation = createRemediationService({
    remediatorFor: deps.remediatorFor,
    store: deps.store,
    logger,
    allowedUsers: deps.allowedUsers,
    lockTtlMs: deps.lockTtlMs ?? 5 * 60 * 1000,
    justAppliedWindowMs: deps.justAppliedWindowMs ?? 60 * 1000,
    planTimeoutMs: deps.planTimeoutMs ?? 5000,
    now,
  });
  registerListeners(app, {
    slack: poster,
    diagnose: deps.diagnose,
    remediation,
    store: deps.store,
    logger,
    inFlight,
    defaultRegion: deps.defaultRegion,
    probeFunction: deps.probeFunction ?? null,
    // Every replica shares these secrets, so any of them can verify a button another one rendered.
    offerKey: offerKeyFrom(slack.signingSecret ?? slack.appToken ?? slack.botToken),
    now,
    placeholders,
    ...(deps.threadJoinWaitMs === undefined ? {} : { threadJoinWaitMs: deps.threadJoinWaitMs }),
  });

  // Whatever escapes a listener (or Bolt's own middleware) still reaches the user, with a correlation id.
  app.error(async ({ error, body }: { error: Error; body?: unknown }) => {
    const where = errorChannel(body as Record<string, unknown> | undefined);
    await reportUnexpected(poster, logger, error, { ...where, doing: 'handling your request' });
  });

  let healthServer: Server | null = null;
  return {
    app,
    inFlight,
    placeholders,
    async start(port, host) {
      await app.init();
      if (socket) {
        // Health first: while the socket connects (or reconnects), /healthz already says it is not connected.
        const connection = socket;
        healthServer = await startHealthServer(port, host, () => connection.connected);
        await app.start();
        return { port: portOf(healthServer) };
      }
      const server = (await app.start({ port, ...(host ? { host } : {}) })) as Server;
      return { port: portOf(server) };
    },
    async stop(drainMs) {
      // Close the door first (new commands are refused), then let the running work finish. The last part of
      // the drain is kept for telling every still-open "Diagnosing…" message that there will be no report.
      const noteBudgetMs = Math.min(STOP_NOTE_BUDGET_MS, Math.floor(drainMs / 4));
      const draining = inFlight.drain(drainMs - noteBudgetMs);
      await app.stop();
      healthServer?.close();
      const drained = await draining;
      if (!drained) await noteStopped(poster, placeholders, logger, noteBudgetMs);
      return { drained };
    },
  };
}
