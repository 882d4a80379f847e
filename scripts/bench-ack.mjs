#!/usr/bin/env node
// Measures how fast the Slack app acknowledges slash commands: starts the built app (dist/) with a stub
// diagnosis and a loopback Slack Web API stand-in, sends signed slash commands to Bolt's HTTP receiver on
// 127.0.0.1 and prints the median and p99 time to the HTTP response (the ack). Usage:
//   npm run build && node scripts/bench-ack.mjs [count=200]

import { createLogger } from '../dist/log.js';
import { createSlackApp } from '../dist/slack/app.js';
import { MemoryStateStore } from '../dist/state/memory-store.js';
import { percentile, signedSlashCommand, startSlackStandIn } from './slack-requests.mjs';

const COUNT = Math.max(100, Number(process.argv[2] ?? 200));
const SECRET = 'bench-signing-secret';

function stubReport(apiId) {
  return {
    schemaVersion: 1,
    target: {
      apiId,
      region: 'us-east-1',
      stage: 'prod',
      accountId: null,
      urlForm: 'none',
      vpcId: null,
      vpcEndpointIds: [],
    },
    verdict: 'healthy',
    primaryCause: null,
    findings: [],
    checks: [{ id: 'api', status: 'pass', durationMs: 1 }],
    stats: { durationMs: 1, awsCalls: { apigateway: 0, ec2: 0, logs: 0, lambda: 0 } },
  };
}

function signedCommand(index) {
  return signedSlashCommand(SECRET, {
    channelId: `C0BENCH${String(index % 50).padStart(2, '0')}`,
    userId: 'U0BENCH001',
    text: 'a1b2c3d4e5 --region us-east-1 --stage prod',
  });
}

const slack = await startSlackStandIn();
const bot = createSlackApp({
  slack: {
    mode: 'http',
    botToken: 'xoxb-bench',
    signingSecret: SECRET,
    appToken: null,
    apiUrl: slack.url,
    botId: 'BBENCH0001',
    botUserId: 'UBENCH0001',
    retryConfig: { retries: 0 },
  },
  diagnose: async (request) => stubReport(request.apiId),
  remediatorFor: () => {
    throw new Error('no remediation in the benchmark');
  },
  store: new MemoryStateStore(),
  logger: createLogger({ level: 'silent' }),
  allowedUsers: new Set(),
  defaultRegion: 'us-east-1',
});
const { port } = await bot.start(0, '127.0.0.1');
const url = `http://127.0.0.1:${port}/slack/events`;

// Warm-up: JIT, first connection.
for (let i = 0; i < 10; i += 1)
  await fetch(url, { method: 'POST', ...signedCommand(i) }).then((r) => r.text());

const latencies = [];
let failures = 0;
for (let i = 0; i < COUNT; i += 1) {
  const request = signedCommand(i);
  const started = process.hrtime.bigint();
  const response = await fetch(url, { method: 'POST', ...request });
  await response.text();
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (response.status !== 200) failures += 1;
}
await bot.stop(10_000);
slack.server.close();

latencies.sort((a, b) => a - b);
const median = percentile(latencies, 50);
const p99 = percentile(latencies, 99);
console.log(
  `ack latency over ${COUNT} signed slash commands on loopback: median ${median.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${latencies.at(-1).toFixed(2)} ms, non-200: ${failures}`,
);
process.exit(failures === 0 ? 0 : 1);
