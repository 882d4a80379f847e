// Two replicas of the bot (two Bolt apps, each behind its own HTTP receiver) sharing one DynamoDB state table on
// moto_server, with the real engine and remediator: concurrent clicks split between them, Slack retries and
// replays, and concurrent commands, still make exactly one change and open one thread.
// moto_server missing on PATH fails the suite (startMoto rejects with how to install it); it never skips.

import { APIGatewayClient, GetDeploymentsCommand } from '@aws-sdk/client-api-gateway';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedScenario } from '../../scripts/seed-scenarios.mjs';
import { DynamoDbStateStore } from '../../src/aws/dynamodb-state-store.js';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { createEngine } from '../../src/engine.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { blockActionsBody, sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { createStateTable } from '../support/state-table.js';
import { buttonOf, type Harness, startHarness } from './harness.js';

/** moto lacks some reads (CloudTrail LookupEvents): one attempt each, as test/setup/env.ts sets for the CLI. */
const ONE_ATTEMPT = { maxAttempts: 1 };

const REGION = 'us-east-1';
let moto: MotoServer;
let apiGateway: APIGatewayClient;
let dynamo: DynamoDBClient;
const replicas: Harness[] = [];
let tables = 0;

loopbackOnly();

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.url;
  apiGateway = new APIGatewayClient({ region: REGION, maxAttempts: 1 });
  dynamo = new DynamoDBClient({ region: REGION, endpoint: moto.url, maxAttempts: 1 });
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  apiGateway?.destroy();
  dynamo?.destroy();
  await moto?.stop();
  delete process.env.AWS_ENDPOINT_URL;
});

/** Two replicas on one fresh state table, as two containers with the same STATE_TABLE would be. */
async function startReplicas(): Promise<[Harness, Harness]> {
  tables += 1;
  const tableName = `apigw-diagnose-replicas-${tables}`;
  await createStateTable(dynamo, tableName);
  const start = () =>
    startHarness({
      diagnose: createEngine({ aws: ONE_ATTEMPT, defaultRegion: null }),
      remediatorFor: (region, options) => createRemediator(region, { aws: ONE_ATTEMPT, ...options }),
      allowedUsers: ['U0ALLOWED1'],
      store: new DynamoDbStateStore({ client: dynamo, tableName }),
    });
  const pair: [Harness, Harness] = [await start(), await start()];
  replicas.push(...pair);
  return pair;
}

async function deploymentCount(apiId: string): Promise<number> {
  return ((await apiGateway.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? []).length;
}

describe('two replicas sharing a DynamoDB state table (moto_server)', () => {
  it('twenty concurrent redeploy clicks split between the replicas, then retries and replays: one deployment', async () => {
    const [a, b] = await startReplicas();
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    await sendSigned(
      a.eventsUrl,
      slashCommandBody({ text: `${seeded.apiId} --vpc ${seeded.vpcId}`, channelId: 'C0REPL001' }),
    );
    const [report] = await a.slackApi.waitFor('chat.update', 1, 30_000);
    const messageTs = String(report?.body.ts);
    const value = buttonOf(report, 'redeploy-stage');
    const before = await deploymentCount(seeded.apiId);
    const click = () =>
      blockActionsBody({
        actionId: 'redeploy-stage',
        value,
        channelId: 'C0REPL001',
        messageTs,
        userId: 'U0ALLOWED1',
      });
    const first = click();

    await Promise.all([
      sendSigned(a.eventsUrl, first),
      ...Array.from({ length: 19 }, (_, n) => sendSigned(n % 2 === 0 ? b.eventsUrl : a.eventsUrl, click())),
    ]);
    await Promise.any([
      a.slackApi.waitFor('chat.update', 3, 30_000),
      b.slackApi.waitFor('chat.update', 2, 30_000),
    ]);
    for (const retry of ['1', '2', '3']) {
      await sendSigned(b.eventsUrl, first, { headers: { 'x-slack-retry-num': retry } });
    }
    const told = b.slackApi.callsTo('chat.postEphemeral').length;
    await sendSigned(b.eventsUrl, click());
    const ephemeral = await b.slackApi.waitFor('chat.postEphemeral', told + 1, 30_000);

    expect((await deploymentCount(seeded.apiId)) - before).toBe(1);
    expect(String(ephemeral[told]?.body.text)).toMatch(/^Redeploy stage was just applied at /);
  }, 60_000);

  it('re-runs on one replica the report another posted: the same URL and path, and with nothing changed, no change', async () => {
    const [a, b] = await startReplicas();
    const seeded = await seedScenario('route-not-found', moto.url);
    await sendSigned(
      a.eventsUrl,
      slashCommandBody({ text: `${seeded.target} ${seeded.args.join(' ')}`, channelId: 'C0REPL003' }),
    );
    const [report] = await a.slackApi.waitFor('chat.update', 1, 30_000);
    await a.slackApi.waitFor('chat.postMessage', 2, 30_000);
    expect(JSON.stringify(report?.body.blocks)).toContain('ROUTE_NOT_FOUND');

    await sendSigned(
      b.eventsUrl,
      blockActionsBody({
        actionId: 'rerun',
        value: buttonOf(report, 'rerun'),
        channelId: 'C0REPL003',
        messageTs: String(report?.body.ts),
        userId: 'U0SOMEONE1',
      }),
    );
    const updates = await b.slackApi.waitFor('chat.update', 2, 30_000);

    const again = JSON.stringify(updates.find((update) => update.body.ts === report?.body.ts)?.body.blocks);
    expect(again).toContain('ROUTE_NOT_FOUND');
    expect(again).toContain('no change — verdict still *Broken*, same findings');
    expect(again).not.toContain('Fixed');
  }, 60_000);

  it('opens one incident thread for the same command sent to both replicas at once', async () => {
    const [a, b] = await startReplicas();
    const seeded = await seedScenario('healthy', moto.url);
    const command = slashCommandBody({
      text: `${seeded.apiId} --vpc ${seeded.vpcId}`,
      channelId: 'C0REPL002',
    });

    await Promise.all([
      ...Array.from({ length: 3 }, () => sendSigned(a.eventsUrl, command)),
      ...Array.from({ length: 3 }, () => sendSigned(b.eventsUrl, command)),
    ]);
    // The replica that wins the thread claim updates its message once, each joiner twice (the thread's message and
    // its re-run note): 1 + 5 × 2 updates in all, split between the replicas by whichever won.
    const updates = () => a.slackApi.callsTo('chat.update').length + b.slackApi.callsTo('chat.update').length;
    const deadline = Date.now() + 45_000;
    while (updates() < 11 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(updates()).toBe(11);

    const roots = [
      ...a.slackApi.callsTo('chat.postMessage'),
      ...b.slackApi.callsTo('chat.postMessage'),
    ].filter((post) => post.body.thread_ts === undefined);
    expect(roots).toHaveLength(1);
  }, 90_000);
});
