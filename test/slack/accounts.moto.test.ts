// The bot across accounts, end to end: signed requests through Bolt's real HTTP receiver, the real engine and
// remediator reading a producer and a consumer account through assumed roles against moto_server, and the local
// Slack Web API stand-in. The report names both sides; "Enable private DNS" acts in the consumer's account and its
// dialog says so; a re-run goes straight to the API's account.

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CONSUMER_ACCOUNT,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  REGION,
  seedCrossAccount,
} from '../../scripts/seed-scenarios.mjs';
import type { RecordedCall } from '../../scripts/slack-api-stand-in.mjs';
import { AccountDirectory } from '../../src/aws/account-directory.js';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { type AccountsSettings, NO_ACCOUNTS } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { loopbackOnly } from '../support/loopback-only.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { saveRecording } from '../support/slack-recording.js';
import { blockActionsBody, sendSigned, slashCommandBody } from '../support/slack-requests.js';
import { type Harness, startHarness } from './harness.js';

const ACCOUNTS: AccountsSettings = {
  ...NO_ACCOUNTS,
  readRole: READ_ROLE,
  remediationRole: 'apigw-diagnose-remediate',
  accountIds: [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT],
};

let moto: MotoServer;
let harness: Harness;
let directory: AccountDirectory;

loopbackOnly();

beforeAll(async () => {
  moto = await startMoto();
  const aws = { endpoint: moto.url, maxAttempts: 1 };
  harness = await startHarness({
    // Through the current test's directory: a moto reset forgets the credentials a directory keeps.
    diagnose: (request, options) =>
      createEngine({ aws, defaultRegion: REGION, accounts: ACCOUNTS, directory })(request, options),
    remediatorFor: (region, options) =>
      createRemediator(region, { aws, accounts: directory.remediationAccounts(region, null), ...options }),
    allowedUsers: ['U0ALLOWED1'],
  });
});

afterAll(async () => {
  await harness?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  harness.slackApi.reset();
  directory = new AccountDirectory({
    settings: { endpoint: moto.url, maxAttempts: 1 },
    accounts: ACCOUNTS,
    stsRegion: REGION,
  });
});
afterEach(() => {
  const dir = process.env.SLACK_RECORDING_DIR;
  if (dir) saveRecording(dir, expect.getState().currentTestName ?? 'test', harness.slackApi.calls);
});

type Element = { action_id: string; value: string; confirm?: { text: { text: string } } };

function button(update: RecordedCall | undefined, actionId: string): Element {
  const blocks = (update?.body.blocks ?? []) as Array<{ elements?: Element[] }>;
  const found = blocks.flatMap((block) => block.elements ?? []).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${JSON.stringify(blocks).slice(0, 500)}`);
  return found;
}

async function diagnoseInSlack(text: string, channelId: string): Promise<RecordedCall> {
  const response = await sendSigned(harness.eventsUrl, slashCommandBody({ text, channelId }));
  expect(response.status).toBe(200);
  const [update] = await harness.slackApi.waitFor('chat.update', 1, 30_000);
  return update as RecordedCall;
}

describe('the Slack bot across accounts', () => {
  it("reports the consumer's private DNS off, naming both accounts, and fixes it in the consumer's account", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto.url, { network: { privateDns: false } });

    // Act
    const update = await diagnoseInSlack(seeded.url, 'C0ACCOUNTS1');
    const enable = button(update, 'enable-private-dns');
    const modify = nock(moto.url, { allowUnmocked: true })
      .post('/', /(^|&)Action=ModifyVpcEndpoint(&|$)/)
      .reply(
        200,
        '<ModifyVpcEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-modify-1</requestId><return>true</return></ModifyVpcEndpointResponse>',
      );
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'enable-private-dns',
        value: enable.value,
        userId: 'U0ALLOWED1',
        channelId: 'C0ACCOUNTS1',
        messageTs: String(update.body.ts),
      }),
    );
    await harness.slackApi.waitFor('chat.postMessage', 4, 30_000);
    // The re-run after the fix updates the channel message: wait for it, so it does not outlive the test.
    const [, rerun] = await harness.slackApi.waitFor('chat.update', 2, 30_000);

    // Assess: the message names the API's account and the caller's, and the primary cause's account.
    const summary = JSON.stringify(update.body.blocks);
    expect(summary).toContain('PRIVATE_DNS_DISABLED');
    expect(summary).toContain(`account \`${PRODUCER_ACCOUNT}\``);
    expect(summary).toContain(`in account \`${CONSUMER_ACCOUNT}\``);
    expect(enable.confirm?.text.text).toContain(`In account ${CONSUMER_ACCOUNT}`);
    // The change was sent once (moto does not keep the flag, so nock answers the write as AWS would).
    expect(modify.isDone()).toBe(true);
    const audit = harness.slackApi
      .callsTo('chat.postMessage')
      .find((post) => /^Enable private DNS by/.test(String(post.body.text)));
    expect(audit?.body.text).toBe('Enable private DNS by U0ALLOWED1: applied');
    // The automatic re-run went straight to the API's account and read the consumer's side again.
    expect(JSON.stringify(rerun?.body.blocks)).toContain(`account \`${CONSUMER_ACCOUNT}\``);
  });

  it('re-runs straight in the account the first run found the API in', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto.url);
    const update = await diagnoseInSlack(seeded.url, 'C0ACCOUNTS2');
    const rerun = button(update, 'rerun');
    harness.slackApi.reset();

    // Act
    await sendSigned(
      harness.eventsUrl,
      blockActionsBody({
        actionId: 'rerun',
        value: rerun.value,
        userId: 'U0SOMEONE1',
        channelId: 'C0ACCOUNTS2',
        messageTs: String(update.body.ts),
      }),
    );
    const [again] = await harness.slackApi.waitFor('chat.update', 1, 30_000);

    // Assess
    expect(JSON.parse(rerun.value)).toMatchObject({ n: PRODUCER_ACCOUNT });
    expect(JSON.stringify(again?.body.blocks)).toContain('Healthy');
  });
});
