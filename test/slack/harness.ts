// Starts the real Bolt app against the loopback Slack API stand-in: HTTPReceiver on 127.0.0.1 (port 0), or
// Socket Mode connected to the Socket Mode stand-in (its /healthz on 127.0.0.1, port 0).

import { Writable } from 'node:stream';
import { type RecordedCall, type SlackApiStandIn, startSlackApi } from '../../scripts/slack-api-stand-in.mjs';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { createLogger } from '../../src/log.js';
import type { RemediatorFactory } from '../../src/remediation/service.js';
import type { Remediator } from '../../src/remediation/types.js';
import { createSlackApp, type SlackBot } from '../../src/slack/app.js';
import type { DiagnoseFunction } from '../../src/slack/diagnosis-flow.js';
import { keepRequest } from '../../src/slack/report-request.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/store.js';
import { SIGNING_SECRET, testRequestRef } from '../support/slack-requests.js';
import { type SocketModeStandIn, startSocketModeStandIn } from '../support/socket-mode.js';

export interface Harness {
  eventsUrl: string;
  store: StateStore;
  baseUrl: string;
  slackApi: SlackApiStandIn;
  bot: SlackBot;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  diagnose: DiagnoseFunction;
  remediatorFor?: RemediatorFactory;
  allowedUsers?: string[];
  /** Replicas share one store; default: a fresh in-memory store. */
  store?: StateStore;
  justAppliedWindowMs?: number;
}

export const NO_REMEDIATOR: RemediatorFactory = () => {
  throw new Error('no remediator in this test');
};

/** The bot's log lines, parsed, and the stream that collects them. */
function capturedLogs() {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  return { logs, logger: createLogger({ level: 'debug', destination }) };
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const slackApi = await startSlackApi();
  const store = options.store ?? new MemoryStateStore();
  const { logs, logger } = capturedLogs();
  const bot = createSlackApp({
    slack: {
      mode: 'http',
      botToken: 'xoxb-test-token',
      signingSecret: SIGNING_SECRET,
      appToken: null,
      apiUrl: slackApi.url,
      botId: 'BBOT000001',
      botUserId: 'UBOT000001',
      retryConfig: { retries: 0 },
    },
    ...botDeps(options, store),
    logger,
  });
  const { port } = await bot.start(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    eventsUrl: `${baseUrl}/slack/events`,
    store,
    baseUrl,
    slackApi,
    bot,
    logs,
    async stop() {
      await bot.stop(5000);
      await slackApi.stop();
    },
  };
}

export const SOCKET_APP_TOKEN = 'xapp-1-A0000001-1-test';

export interface SocketHarness {
  /** Base URL of the health server (GET /healthz), the bot's only HTTP server in Socket Mode. */
  baseUrl: string;
  slackApi: SlackApiStandIn;
  socket: SocketModeStandIn;
  store: StateStore;
  bot: SlackBot;
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The bot in Socket Mode, as `npm start` runs it with SLACK_APP_TOKEN and no signing secret (fix buttons are
 * then signed with a key from the app token). Resolves once Slack's `hello` has arrived.
 */
export async function startSocketHarness(options: HarnessOptions): Promise<SocketHarness> {
  const socket = await startSocketModeStandIn();
  const slackApi = await startSlackApi(socket);
  const store = options.store ?? new MemoryStateStore();
  const { logs, logger } = capturedLogs();
  const bot = createSlackApp({
    slack: {
      mode: 'socket',
      botToken: 'xoxb-test-token',
      signingSecret: null,
      appToken: SOCKET_APP_TOKEN,
      apiUrl: slackApi.url,
      botId: 'BBOT000001',
      botUserId: 'UBOT000001',
      retryConfig: { retries: 0 },
      // Reconnections wait this long (the SDK's default is 5 s); a pong slower than this means a reconnection, so
      // it stays far above what a busy test machine stalls for.
      socketPingTimeoutMs: 3000,
    },
    ...botDeps(options, store),
    logger,
  });
  const { port } = await bot.start(0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    slackApi,
    socket,
    store,
    bot,
    logs,
    async stop() {
      await bot.stop(5000);
      await socket.stop();
      await slackApi.stop();
    },
  };
}

function botDeps(options: HarnessOptions, store: StateStore) {
  return {
    diagnose: options.diagnose,
    remediatorFor: options.remediatorFor ?? NO_REMEDIATOR,
    store,
    ...(options.justAppliedWindowMs === undefined
      ? {}
      : { justAppliedWindowMs: options.justAppliedWindowMs }),
    allowedUsers: new Set(options.allowedUsers ?? ['U0ALLOWED1']),
    defaultRegion: 'us-east-1',
  };
}

/** The request of a report the tests click buttons on without posting it first. */
export const KEPT_REQUEST: DiagnosisRequest = {
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  urlForm: 'none',
  url: null,
  vpcId: null,
  vpceId: null,
  callerSecurityGroupIds: [],
  customDomain: null,
  sinceMs: 900_000,
  probe: false,
  accountId: '123456789012',
};

/**
 * Keeps a report request for message `messageTs` of `channelId` under the reference offeredValue puts in its
 * buttons, as the bot does when it posts a report: buttons of a message the test did not post then work.
 */
export async function keepReport(
  store: StateStore,
  messageTs: string,
  channelId = 'C0INCIDENT',
  request: DiagnosisRequest = KEPT_REQUEST,
): Promise<void> {
  await keepRequest(store, testRequestRef(channelId, messageTs), { channelId, messageTs, request });
}

/** A remediator that records what it was asked and answers from a script. */
export function recordingRemediator(answer: Partial<Remediator> = {}) {
  const applied: Array<{ fix: string; target: unknown; actor: unknown }> = [];
  const undone: Array<{ fix: string; record: string }> = [];
  const remediator: Remediator = {
    undo:
      answer.undo ??
      (async (fix, _target, record) => {
        undone.push({ fix, record });
        return { outcome: 'applied', fix, requestId: 'req-undo', summary: `${fix} undone` };
      }),
    plan: answer.plan ?? (async (fix) => ({ fix, change: `Would run ${fix}.`, risks: [] })),
    apply:
      answer.apply ??
      (async (fix, target, actor) => {
        applied.push({ fix, target, actor });
        return { outcome: 'applied', fix, requestId: 'req-1', summary: `${fix} done` };
      }),
  };
  return { remediator, applied, undone, factory: (() => remediator) as RemediatorFactory };
}

/** The value of the button `actionId` in a posted or updated message, as a user's click would send it back. */
export function buttonOf(message: RecordedCall | undefined, actionId: string): string {
  const blocks = (message?.body.blocks ?? []) as Array<{
    elements?: Array<{ action_id: string; value: string }>;
  }>;
  const button = blocks
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button`);
  return button.value;
}
