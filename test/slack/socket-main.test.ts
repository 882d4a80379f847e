// `npm start` in Socket Mode, as a user runs it locally: the built bot (dist/main.js) with SLACK_APP_TOKEN and no
// signing secret connects through the Web API stand-in's `apps.connections.open`, serves envelopes and /healthz,
// and on SIGTERM closes the socket and exits 0 within its drain bound.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackApiStandIn, startSlackApi } from '../../scripts/slack-api-stand-in.mjs';
import { awsEnvFor, closedLoopbackUrl } from '../integration/built-cli.js';
import {
  type SocketModeStandIn,
  slashCommandPayload,
  startSocketModeStandIn,
} from '../support/socket-mode.js';

const MAIN_PATH = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

interface Bot {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startBuiltBot(env: NodeJS.ProcessEnv): Bot {
  // Fails (never skips) when the build is missing: `npm test` builds before vitest runs.
  if (!existsSync(MAIN_PATH)) throw new Error(`${MAIN_PATH} is missing: run npm run build first`);
  const child = spawn(process.execPath, [MAIN_PATH], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exit };
}

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the built bot in Socket Mode', () => {
  let socket: SocketModeStandIn;
  let slackApi: SlackApiStandIn;
  let bot: Bot;

  beforeAll(async () => {
    socket = await startSocketModeStandIn();
    slackApi = await startSlackApi(socket);
    bot = startBuiltBot({
      ...awsEnvFor(await closedLoopbackUrl()),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-1-A0000001-1-test',
      SLACK_API_URL: slackApi.url,
      PORT: '0',
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
    await socket.stop();
    await slackApi.stop();
  });

  it('connects, answers envelopes (hostile ones too) and /healthz, and on SIGTERM closes the socket and exits 0', async () => {
    const running = await until('the "running" line', () =>
      bot.lines.find((line) => line.msg === 'apigw-diagnose is running'),
    );
    await socket.waitForConnections(1);
    expect(running.mode).toBe('socket');
    const health = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(health.status).toBe(200);

    const usage = socket.deliver('slash_commands', slashCommandPayload({ text: 'help' }));
    const hostile = socket.deliver('interactive', null);
    expect((await socket.waitForAck(usage)).response_type).toBe('ephemeral');
    expect(await socket.waitForAck(hostile)).toEqual({});
    expect(socket.lateOrMissingAcks()).toEqual([]);

    bot.child.kill('SIGTERM');
    // The bound is main.ts's drain (20 s) and nothing is running: a stop far inside it.
    const exited = await Promise.race([
      bot.exit,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000)),
    ]);

    expect(exited).toEqual({ code: 0, signal: null });
    expect(bot.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['shutting down: finishing running work', 'stopped']),
    );
    await until('the socket to close', () => (socket.connected ? undefined : true));
    expect(socket.connections).toBe(1);
    expect(bot.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  }, 40_000);
});
