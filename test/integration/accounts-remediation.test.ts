// Fixes across accounts, through the real SDK clients and AssumeRole against moto_server: "Enable private DNS"
// changes the consumer's endpoint in the consumer's account (with that account's remediation role, in a session
// named after the person who clicked); a fix to the API's stage acts in the producer's account; with no
// remediation role for the consumer's account, nothing is sent and the user is told which variable is missing.

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  CONSUMER_ACCOUNT,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  REGION,
  seedCrossAccount,
} from '../../scripts/seed-scenarios.mjs';
import { AccountDirectory } from '../../src/aws/account-directory.js';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { type AccountsSettings, NO_ACCOUNTS } from '../../src/config.js';
import type { FixTarget } from '../../src/remediation/types.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();
const ACTOR = { userId: 'U0ONCALL1' };

function remediatorFor(accounts: AccountsSettings) {
  const settings = { endpoint: moto().url, maxAttempts: 1 };
  const directory = new AccountDirectory({ settings, accounts, stsRegion: REGION });
  return {
    directory,
    remediator: createRemediator(REGION, {
      aws: settings,
      accounts: directory.remediationAccounts(REGION, null),
    }),
  };
}

const WITH_REMEDIATION: AccountsSettings = {
  ...NO_ACCOUNTS,
  readRole: READ_ROLE,
  remediationRole: 'apigw-diagnose-remediate',
  accountIds: [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT],
};

function targetOf(seeded: { apiId: string; stage: string; vpceId: string }): FixTarget {
  return {
    apiId: seeded.apiId,
    region: REGION,
    stage: seeded.stage,
    vpceId: seeded.vpceId,
    accountId: PRODUCER_ACCOUNT,
    endpointAccountId: CONSUMER_ACCOUNT,
  };
}

describe('fixes across accounts', () => {
  it("enables private DNS on the consumer's endpoint, in the consumer's account, and says so in the dialog", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });
    const { remediator } = remediatorFor(WITH_REMEDIATION);
    // A spy, not a stand-in: it matches nothing, so every request goes on to moto; it records the AssumeRoles.
    const assumed: string[] = [];
    nock(moto().url, { allowUnmocked: true })
      .persist()
      .post('/', (body: unknown) => {
        // nock hands a form body over parsed, as an object of its fields.
        const form = new URLSearchParams(
          typeof body === 'string' ? body : { ...(body as Record<string, string>) },
        );
        if (form.get('Action') === 'AssumeRole')
          assumed.push(`${form.get('RoleArn')} ${form.get('SourceIdentity')}`);
        return false;
      })
      .reply(500);

    // Act
    const plan = await remediator.plan('enable-private-dns', targetOf(seeded));
    const result = await remediator.apply('enable-private-dns', targetOf(seeded), ACTOR);

    // Assess
    expect(plan.change).toMatch(new RegExp(`^In account ${CONSUMER_ACCOUNT}: Turn on private DNS`));
    expect(plan.risks.filter((r) => r.kind === 'will-be-refused' || r.kind === 'could-not-read')).toEqual([]);
    // moto accepts ModifyVpcEndpoint PrivateDnsEnabled but does not store it (the flag reads false after), so
    // the account is proven by the call itself: only the consumer's account has this endpoint to modify.
    expect(result).toMatchObject({ outcome: 'applied', fix: 'enable-private-dns' });
    // Read with the consumer's read role; changed with its remediation role, the clicking user recorded.
    expect(assumed).toEqual([
      `arn:aws:iam::${CONSUMER_ACCOUNT}:role/${READ_ROLE} null`,
      `arn:aws:iam::${CONSUMER_ACCOUNT}:role/apigw-diagnose-remediate slack-U0ONCALL1`,
    ]);
  });

  it('acts in no account the bot is not configured to read, whatever an old button says', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });
    const { remediator, directory } = remediatorFor(WITH_REMEDIATION);

    // Act
    const result = await remediator.apply(
      'enable-private-dns',
      { ...targetOf(seeded), endpointAccountId: '333333333333' },
      ACTOR,
    );

    // Assess
    expect(result).toMatchObject({
      outcome: 'aws-error',
      message: expect.stringContaining('is not one this bot reads'),
    });
    expect(directory.sessions.assumeRoleCalls()).toBe(0);
  });

  it("does not find the consumer's endpoint in the producer's account (the fix must be routed)", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });
    const { remediator } = remediatorFor(WITH_REMEDIATION);
    const { endpointAccountId: _consumer, ...producerOnly } = targetOf(seeded);

    // Act
    const result = await remediator.apply('enable-private-dns', producerOnly, ACTOR);

    // Assess
    expect(result.outcome).toBe('precheck-failed');
  });

  it("names the producer's account in the dialog of a fix to the API's stage", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const { remediator } = remediatorFor(WITH_REMEDIATION);

    // Act
    const plan = await remediator.plan('redeploy-stage', targetOf(seeded));

    // Assess
    expect(plan.change).toMatch(new RegExp(`^In account ${PRODUCER_ACCOUNT}: `));
    expect(plan.risks.filter((r) => r.kind === 'could-not-read')).toEqual([]);
  });

  it('changes nothing and names the missing variable when no remediation role is configured', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });
    const { remediator, directory } = remediatorFor({ ...WITH_REMEDIATION, remediationRole: null });
    const modify = nock(moto().url, { allowUnmocked: true })
      .post('/', /(^|&)Action=ModifyVpcEndpoint(&|$)/)
      .reply(500);

    // Act
    const result = await remediator.apply('enable-private-dns', targetOf(seeded), ACTOR);

    // Assess
    expect(result).toMatchObject({
      outcome: 'aws-error',
      message: expect.stringContaining('APIGW_DIAGNOSE_REMEDIATION_ROLE'),
    });
    expect(modify.isDone()).toBe(false);
    // The pre-checks read the consumer's account with its read role; no remediation role was asked for.
    expect(directory.sessions.assumeRoleCalls()).toBe(1);
  });
});
