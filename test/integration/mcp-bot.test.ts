// The bot as deployed (`node dist/main.js`, HTTP mode, Slack's Web API stood in on loopback): with
// APIGW_DIAGNOSE_MCP_TOKEN it serves the MCP endpoint on its own port over the bot's engine; without it, it
// serves none.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedScenario } from '../../scripts/seed-scenarios.mjs';
import { type SlackApiStandIn, startSlackApi } from '../../scripts/slack-api-stand-in.mjs';
import { motoWithNock } from '../support/moto.js';
import { awsEnvFor } from './built-cli.js';

const BOT_PATH = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const TOKEN = 'bot-mcp-token-0123456789abcdef0123456789';

const moto = motoWithNock();
let slack: SlackApiStandIn;
let bots: ChildProcess[] = [];
let clients: Client[] = [];

beforeAll(async () => {
  if (!existsSync(BOT_PATH)) throw new Error(`${BOT_PATH} is missing: run npm run build first`);
  slack = await startSlackApi();
});
afterAll(async () => {
  await slack.stop();
});
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const bot of bots) bot.kill('SIGTERM');
  clients = [];
  bots = [];
});

/** Starts the built bot and resolves with its start-up log line (which names the ports). */
function startBot(extraEnv: Record<string, string>): Promise<Record<string, unknown>> {
  const bot = spawn(process.execPath, [BOT_PATH], {
    env: {
      ...awsEnvFor(moto().url),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'test-signing-secret',
      SLACK_API_URL: slack.url,
      PORT: '0',
      APIGW_DIAGNOSE_MCP_PORT: '0',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bots.push(bot);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    bot.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('apigw-diagnose is running')) continue;
        resolve(JSON.parse(line) as Record<string, unknown>);
      }
    });
    bot.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    bot.on('exit', (code) => reject(new Error(`the bot exited (${code}) before running:\n${out}\n${err}`)));
  });
}

describe('the bot with an MCP token', () => {
  it('serves the tools on their own port, over the bot engine', async () => {
    // Prepare
    const seeded = await seedScenario('policy-denies-vpce', moto().url);
    const started = await startBot({ APIGW_DIAGNOSE_MCP_TOKEN: TOKEN });
    const mcpPort = started.mcpPort as number;
    expect(mcpPort).toEqual(expect.any(Number));
    expect(mcpPort).not.toBe(started.port);
    const client = new Client({ name: 'remote-agent', version: '1.0.0' });
    clients.push(client);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${mcpPort}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );

    // Act
    const result = await client.callTool({
      name: 'diagnose_private_api',
      arguments: {
        target: seeded.target,
        vpcId: seeded.args[seeded.args.indexOf('--vpc') + 1],
        probe: false,
      },
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      verdict: 'broken',
      primaryCause: { code: 'POLICY_DENIES_VPCE' },
    });
  });
});

describe('the bot without an MCP token', () => {
  it('serves no MCP endpoint', async () => {
    // Act
    const started = await startBot({});

    // Assess
    expect(started.mcpPort).toBeNull();
  });
});
