// `npm run bench` (the bot as deployed): starts the built bot (`npm start`'s command, HTTP mode) as its own process
// against the Slack stand-in and moto_server, and prints the time from spawning it to the first 200 from
// /healthz, its peak resident memory once idle, and its peak after BENCH_APIS (default 50) `/apigw-diagnose`
// commands for as many different APIs at once (goal: ≤ 200 MB). The peak is the child's own (getrusage), read
// through a hook given to it with --import that writes process.resourceUsage() when sent SIGUSR2.
//
//   npm run build && BENCH_APIS=50 node scripts/bench-bot.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { startMoto } from './moto-server.mjs';
import { offlineAwsEnv } from './offline-aws-env.mjs';
import { REGION, STAGE } from './seed-scenarios.mjs';
import { signedSlashCommand, startSlackStandIn } from './slack-requests.mjs';

const APIS = Number(process.env.BENCH_APIS ?? 50);
const SECRET = 'bench-signing-secret';
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const GOAL_MB = 200;
/** The node flags of `npm start` (the Dockerfile's CMD has the same): the bot is measured as it is run. */
const START_FLAGS = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts.start.split(' ')
  .filter((word) => word.startsWith('--'));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
const usageFile = join(dir, 'usage.json');
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
   process.on('SIGUSR2', () => writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify(process.resourceUsage())));`,
)}`;

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(condition, timeoutMs, stepMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return true;
}

/** Private REST APIs with one GET method deployed to STAGE: distinct APIs, each a diagnosis of its own. */
async function seedApis(endpoint, count) {
  const client = new APIGatewayClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  const ids = [];
  for (let i = 0; i < count; i++) {
    const api = await client.send(
      new CreateRestApiCommand({ name: `bench-${i}`, endpointConfiguration: { types: ['PRIVATE'] } }),
    );
    const { items } = await client.send(new GetResourcesCommand({ restApiId: api.id }));
    const root = items?.find((item) => item.path === '/');
    const method = { restApiId: api.id, resourceId: root?.id, httpMethod: 'GET' };
    await client.send(new PutMethodCommand({ ...method, authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ ...method, type: 'MOCK' }));
    await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: STAGE }));
    ids.push(api.id);
  }
  return ids;
}

/** The child's peak RSS so far, in MB. */
async function peakRssMb(child) {
  rmSync(usageFile, { force: true });
  child.kill('SIGUSR2');
  await waitUntil(async () => {
    try {
      JSON.parse(readFileSync(usageFile, 'utf8'));
      return true;
    } catch {
      return false;
    }
  }, 5000);
  return Math.round(JSON.parse(readFileSync(usageFile, 'utf8')).maxRSS / 1024);
}

async function main() {
  const moto = await startMoto();
  const slack = await startSlackStandIn();
  let child;
  try {
    const apiIds = await seedApis(moto.url, APIS);
    const port = await freePort();
    const started = performance.now();
    child = spawn(process.execPath, [...START_FLAGS, '--import', HOOK, MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
        PORT: String(port),
        LOG_LEVEL: 'silent',
        ...offlineAwsEnv(moto.url),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const healthy = await waitUntil(
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.ok,
          () => false,
        ),
      60_000,
      10,
    );
    if (!healthy) throw new Error('the bot did not answer /healthz within 60 s');
    const startupMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleMb = await peakRssMb(child);

    const loadStarted = performance.now();
    const url = `http://127.0.0.1:${port}/slack/events`;
    const statuses = await Promise.all(
      apiIds.map(async (apiId, i) => {
        const request = signedSlashCommand(SECRET, {
          channelId: `C0API${String(i).padStart(4, '0')}`,
          userId: `U0API${String(i).padStart(4, '0')}`,
          text: `${apiId} --region ${REGION} --stage ${STAGE} --no-probe`,
        });
        const response = await fetch(url, { method: 'POST', ...request });
        await response.text();
        return response.status;
      }),
    );
    const reported = () =>
      new Set(
        slack.calls
          .filter(
            (call) =>
              call.method === 'chat.update' &&
              /healthy|degraded|broken|inconclusive/i.test(call.body.text ?? ''),
          )
          .map((call) => call.body.channel),
      ).size;
    const allPosted = await waitUntil(() => reported() >= APIS, 120_000);
    const loadMs = performance.now() - loadStarted;
    const loadedMb = await peakRssMb(child);

    console.log(
      `apigw-diagnose bot — node ${START_FLAGS.join(' ')} dist/main.js (HTTP mode), node ${process.version}`,
    );
    console.log(`start-up to the first /healthz 200   ${Math.round(startupMs)} ms`);
    console.log(`peak RSS, idle after start-up         ${idleMb} MB (goal: well under ${GOAL_MB} MB)`);
    console.log(
      `peak RSS, ${APIS} different APIs at once   ${loadedMb} MB (goal ≤ ${GOAL_MB} MB); ` +
        `reports ${reported()}/${APIS} in ${Math.round(loadMs)} ms, non-200 acks: ${statuses.filter((s) => s !== 200).length}`,
    );
    if (!allPosted || loadedMb > GOAL_MB) process.exitCode = 1;
  } finally {
    child?.kill('SIGTERM');
    slack.server.close();
    await moto.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench-bot: ${error.message}`);
  process.exitCode = 1;
});
