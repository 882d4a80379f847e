// End to end through Bolt's real HTTP receiver, the real engine and the real remediator, against moto_server.
// moto_server missing on PATH fails the suite (startMoto rejects with how to install it); it never skips.

import {
  APIGatewayClient,
  GetDeploymentsCommand,
  GetRestApiCommand,
  GetStageCommand,
  UpdateAccountCommand,
  UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedScenario } from '../../scripts/seed-scenarios.mjs';
import type { RecordedCall } from '../../scripts/slack-api-stand-in.mjs';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { parseArgs } from '../../src/command/parse.js';
import { policyJsonText } from '../../src/diagnosis/policy/index.js';
import { createEngine } from '../../src/engine.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { saveRecording } from '../support/slack-recording.js';
import { blockActionsBody, sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { type Harness, startHarness } from './harness.js';

/** moto lacks some reads (CloudTrail LookupEvents): one attempt each, as test/setup/env.ts sets for the CLI. */
const ONE_ATTEMPT = { maxAttempts: 1 };

const REGION = 'us-east-1';
let moto: MotoServer;
let apiGateway: APIGatewayClient;
let harness: Harness;

loopbackOnly();

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.url;
  apiGateway = new APIGatewayClient({ region: REGION, maxAttempts: 1 });
  harness = await startHarness({
    diagnose: createEngine({ aws: ONE_ATTEMPT, defaultRegion: null }),
    remediatorFor: (region, options) => createRemediator(region, { aws: ONE_ATTEMPT, ...options }),
    allowedUsers: ['U0ALLOWED1'],
  });
});

afterAll(async () => {
  await harness?.stop();
  apiGateway?.destroy();
  await moto?.stop();
  delete process.env.AWS_ENDPOINT_URL;
});

beforeEach(async () => {
  await moto.reset();
  harness.slackApi.reset();
});
afterEach(() => {
  const dir = process.env.SLACK_RECORDING_DIR;
  if (dir) saveRecording(dir, expect.getState().currentTestName ?? 'test', harness.slackApi.calls);
});

async function deploymentIds(apiId: string): Promise<string[]> {
  const items = (await apiGateway.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? [];
  return items.map((deployment) => deployment.id ?? '').sort();
}

function buttonValue(update: RecordedCall | undefined, actionId: string): string {
  const blocks = (update?.body.blocks ?? []) as Array<{
    type: string;
    elements?: Array<{ action_id: string; value: string }>;
  }>;
  const button = blocks
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 500)}`);
  return button.value;
}

/** The request the slash command text makes (the CLI grammar is Slack's). */
function parsedRequest(text: string) {
  const parsed = parseArgs(text.split(' '), { defaultRegion: REGION });
  if (parsed.kind !== 'diagnose') throw new Error(`not a diagnosis: ${text}`);
  return parsed.request;
}

/** Runs the slash command and returns the finished channel message (the chat.update of the report). */
async function diagnoseInSlack(text: string, channelId: string): Promise<RecordedCall> {
  const started = Date.now();
  const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text, channelId }));
  expect(response.status).toBe(200);
  const [update] = await harness.slackApi.waitFor('chat.update', 1, 30_000);
  if (process.env.REPORT_TIMINGS) process.stdout.write(`command → report: ${Date.now() - started} ms\n`);
  return update as RecordedCall;
}

describe('Slack fixes against moto_server', () => {
  it('diagnoses a policy that denies the endpoint into an edit to make, with no Redeploy button', async () => {
    const seeded = await seedScenario('policy-denies-vpce', moto.url);

    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0008');
    await harness.slackApi.waitFor('chat.postMessage', 2);

    const summary = JSON.stringify(update.body.blocks);
    expect(summary).toContain('POLICY_DENIES_VPCE');
    // Redeploying would ship the same denying policy: the button would change nothing.
    expect(() => buttonValue(update, 'redeploy-stage')).toThrow(/no redeploy-stage button/);
    expect(summary).toContain('*Fix:* Edit Statement[1] of the resource policy: add `');
    expect(summary).toContain(':point_right: Button: *Allow endpoint in policy* below');
    expect(buttonValue(update, 'allow-endpoint-in-policy')).toContain(seeded.apiId);
  });

  /** The saved resource policy, as GetRestApi returns it. */
  async function savedPolicy(apiId: string): Promise<string | undefined> {
    return (await apiGateway.send(new GetRestApiCommand({ restApiId: apiId }))).policy;
  }

  /** The confirm text of a button of the channel message. */
  function confirmOf(update: RecordedCall, actionId: string): string {
    const blocks = update.body.blocks as Array<{
      elements?: Array<{ action_id: string; confirm?: { text: { text: string } } }>;
    }>;
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
    return button?.confirm?.text.text ?? '';
  }

  it('allow-endpoint-in-policy shows its diff, saves and redeploys the edit, and its Undo restores the policy exactly', async () => {
    const seeded = await seedScenario('policy-denies-vpce', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0009');
    const original = await savedPolicy(seeded.apiId);
    const deploymentsBefore = await deploymentIds(seeded.apiId);
    const vpceId = JSON.parse(buttonValue(update, 'allow-endpoint-in-policy')).e as string;

    // The dialog shows the edit itself.
    expect(confirmOf(update, 'allow-endpoint-in-policy')).toContain(
      `+ "${vpceId}" in aws:SourceVpce of Statement[1] StringNotEquals`,
    );
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'allow-endpoint-in-policy',
        value: buttonValue(update, 'allow-endpoint-in-policy'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0009',
        messageTs: String(update.body.ts),
      }),
    );
    await harness.slackApi.waitFor('chat.update', 2, 30_000);

    // Saved, redeployed, and the re-run no longer finds the denial.
    expect(await savedPolicy(seeded.apiId)).toContain(vpceId);
    expect((await deploymentIds(seeded.apiId)).length).toBe(deploymentsBefore.length + 1);
    const rerun = harness.slackApi.callsTo('chat.update').filter((u) => u.body.ts === update.body.ts)[1];
    expect(JSON.stringify(rerun?.body.blocks)).toContain(
      ":white_check_mark: Fixed: The resource policy denies the caller's VPC endpoint (`POLICY_DENIES_VPCE`)",
    );
    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((post) => /^Allow endpoint in policy by/.test(String(post.body.text)));
    expect(JSON.stringify(audit?.body.blocks)).toContain('<@U0ALLOWED1> ran *Allow endpoint in policy*');

    // Undo from the audit line: the policy as it was, redeployed, and the re-run finds the denial again.
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'undo',
        value: buttonValue(audit, 'undo'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0009',
        messageTs: String(audit?.response.ts),
      }),
    );
    await harness.slackApi.waitFor('chat.update', 4, 30_000);

    // The seed saves the escaped form GetRestApi returns; moto keeps what it is sent, AWS escapes what it stores.
    expect(policyJsonText((await savedPolicy(seeded.apiId)) ?? '')).toBe(policyJsonText(original ?? ''));
    expect((await deploymentIds(seeded.apiId)).length).toBe(deploymentsBefore.length + 2);
    const undoAudit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((post) => /^Allow endpoint in policy \(undo\) by/.test(String(post.body.text)));
    expect(undoAudit?.body.thread_ts).toBe(update.body.ts);
    const reruns = harness.slackApi.callsTo('chat.update').filter((u) => u.body.ts === update.body.ts);
    expect(JSON.stringify(reruns.at(-1)?.body.blocks)).toContain(
      '*Primary cause:* The resource policy denies',
    );
  });

  it('allow-endpoint-in-policy refuses, changing nothing, when the policy changed after the report was posted', async () => {
    const seeded = await seedScenario('policy-denies-vpce', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0010');
    // Someone else edits the policy (names its first statement) after the report was posted.
    const policy = JSON.parse(policyJsonText((await savedPolicy(seeded.apiId)) ?? ''));
    policy.Statement[0].Sid = 'AllowAll';
    await apiGateway.send(
      new UpdateRestApiCommand({
        restApiId: seeded.apiId,
        patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify(policy) }],
      }),
    );
    const before = await savedPolicy(seeded.apiId);
    const deploymentsBefore = await deploymentIds(seeded.apiId);

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'allow-endpoint-in-policy',
        value: buttonValue(update, 'allow-endpoint-in-policy'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0010',
        messageTs: String(update.body.ts),
      }),
    );
    await harness.slackApi.waitFor('chat.update', 2, 30_000);

    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((post) => /^Allow endpoint in policy by/.test(String(post.body.text)));
    expect(JSON.stringify(audit?.body.blocks)).toContain('changed since this report was posted');
    expect(await savedPolicy(seeded.apiId)).toBe(before);
    expect(await deploymentIds(seeded.apiId)).toEqual(deploymentsBefore);
  });

  it('diagnoses a deployed policy that differs from the saved one into a summary with a Redeploy button and a thread of evidence', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);

    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0001');
    await harness.slackApi.waitFor('chat.postMessage', 2);

    expect(JSON.stringify(update.body.blocks)).toContain('LOG_ANONYMOUS_NOT_AUTHORIZED');
    expect(buttonValue(update, 'redeploy-stage')).toContain(seeded.apiId);
    const thread = harness.slackApi
      .callsTo('chat.postMessage')
      .filter((post) => post.body.thread_ts === update.body.ts);
    expect(JSON.stringify(thread.map((post) => post.body.blocks))).toContain('Resource policy');
  });

  it('redeploy-stage by an allowed user creates exactly one deployment and posts an audit line', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0002');
    const before = await deploymentIds(seeded.apiId);

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'redeploy-stage',
        value: buttonValue(update, 'redeploy-stage'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0002',
        messageTs: String(update.body.ts),
      }),
    );
    // First run: placeholder + evidence; the click: audit line, re-run progress reply, re-run evidence.
    await harness.slackApi.waitFor('chat.postMessage', 5, 30_000);

    const after = await deploymentIds(seeded.apiId);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((post) => /^Redeploy stage by/.test(String(post.body.text)));
    const auditText = JSON.stringify(audit?.body.blocks);
    expect(audit?.body.thread_ts).toBe(update.body.ts);
    expect(auditText).toContain('<@U0ALLOWED1> ran *Redeploy stage*');
    expect(auditText).toMatch(/<!date\^\d+\^/);
    expect(auditText).toMatch(/AWS request id: `[^`]+`/);
    expect(auditText).toContain('Done:');
  });

  it('shows the Redeploy plan read from AWS in the confirm dialog: what ships since the deployed one, and no non-risk', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const [deployed] = await deploymentIds(seeded.apiId);

    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0006');

    const blocks = (update.body.blocks ?? []) as Array<{
      type: string;
      elements?: Array<{ action_id: string; confirm?: { text: { text: string } } }>;
    }>;
    const redeploy = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'redeploy-stage');
    const confirm = redeploy?.confirm?.text.text ?? '';
    expect(confirm).toContain(`Create a new deployment of API ${seeded.apiId}`);
    expect(confirm).toContain('not only the resource policy');
    expect(confirm).toContain(`since deployment ${deployed}`);
    expect(confirm).not.toMatch(/roll back|\(\+\d+ more\)/i);
    expect(confirm.length).toBeLessThanOrEqual(300);
  });

  it("counts the Redeploy plan's reads (GetStage, and GetRestApi for an untagged stage's owner) in the posted report's AWS calls, on top of the diagnosis's own", async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const command = `${seeded.apiId} --vpc ${seeded.vpcId}`;
    const alone = await createEngine({ aws: ONE_ATTEMPT, defaultRegion: null })({
      ...parsedRequest(command),
      region: REGION,
    });
    const diagnosisCalls = Object.values(alone.stats.awsCalls).reduce((sum, n) => sum + n, 0);

    const update = await diagnoseInSlack(command, 'C0MOTO0010');

    expect(buttonValue(update, 'redeploy-stage')).toContain(seeded.apiId);
    expect(JSON.stringify(update.body.blocks)).toContain(` ${diagnosisCalls + 2} AWS calls `);
  });

  it('after a fix, updates the channel message in place and repeats only changed or failing evidence', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0007');

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'redeploy-stage',
        value: buttonValue(update, 'redeploy-stage'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0007',
        messageTs: String(update.body.ts),
      }),
    );
    const posts = await harness.slackApi.waitFor('chat.postMessage', 5, 30_000);

    const roots = posts.filter((post) => post.body.thread_ts === undefined);
    expect(roots).toHaveLength(1);
    const mainUpdates = harness.slackApi.callsTo('chat.update').filter((u) => u.body.ts === update.body.ts);
    expect(mainUpdates).toHaveLength(2);
    expect(JSON.stringify(mainUpdates[1]?.body.blocks)).toContain('What changed since the last run');
    const firstEvidence = JSON.stringify(posts[1]?.body.blocks);
    const rerunEvidence = JSON.stringify(posts[4]?.body.blocks);
    expect(firstEvidence).toContain('Check 1/19 · REST API');
    expect(rerunEvidence).toContain('Evidence of this re-run');
    expect(rerunEvidence).toContain('Execution logs');
    expect(rerunEvidence).not.toContain('REST API');
  });

  it('redeploy-stage by a user not on the list changes nothing in AWS', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0003');
    const before = await deploymentIds(seeded.apiId);

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'redeploy-stage',
        value: buttonValue(update, 'redeploy-stage'),
        userId: 'U0STRANGER',
        channelId: 'C0MOTO0003',
        messageTs: String(update.body.ts),
      }),
    );
    const [refusal] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(refusal?.body.user).toBe('U0STRANGER');
    expect(await deploymentIds(seeded.apiId)).toEqual(before);
  });

  it('enable-logging by an allowed user sets the stage loggingLevel to INFO', async () => {
    const seeded = await seedScenario('execution-logging-disabled', moto.url);
    await apiGateway.send(
      new UpdateAccountCommand({
        patchOperations: [
          { op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/apigw-logs' },
        ],
      }),
    );
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0004');

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'enable-logging',
        value: buttonValue(update, 'enable-logging'),
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0004',
        messageTs: String(update.body.ts),
      }),
    );
    await harness.slackApi.waitFor('chat.postMessage', 5, 30_000);

    const stage = await apiGateway.send(
      new GetStageCommand({ restApiId: seeded.apiId, stageName: seeded.stage ?? 'prod' }),
    );
    expect(stage.methodSettings?.['*/*']?.loggingLevel).toBe('INFO');
  });

  it('a forged button value changes nothing in AWS', async () => {
    const seeded = await seedScenario('log-anonymous-not-authorized', moto.url);
    const update = await diagnoseInSlack(`${seeded.apiId} --vpc ${seeded.vpcId}`, 'C0MOTO0005');
    const before = await deploymentIds(seeded.apiId);
    const forged = buttonValue(update, 'redeploy-stage').replace(/"s":"[^"]*"/, '"s":"prod\\"; DROP"');

    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'redeploy-stage',
        value: forged,
        userId: 'U0ALLOWED1',
        channelId: 'C0MOTO0005',
        messageTs: String(update.body.ts),
      }),
    );
    const [notice] = await harness.slackApi.waitFor('chat.postEphemeral', 1);

    expect(String(notice?.body.text)).toContain('Invalid button');
    expect(await deploymentIds(seeded.apiId)).toEqual(before);
  });
});
