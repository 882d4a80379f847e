// The BUILT command-line tool across accounts, configured the way a user configures it (APIGW_DIAGNOSE_* variables),
// against moto_server: the API in a producer account, the caller in a consumer account, both read through the
// real AssumeRole path. A malformed account variable stops the tool with exit 2 naming the variable, before any
// AWS call.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  CONSUMER_ACCOUNT,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  seedCrossAccount,
} from '../../scripts/seed-scenarios.mjs';
import { motoWithNock } from '../support/moto.js';
import { assertCliBuilt, awsEnvFor, closedLoopbackUrl, runBuiltCli } from './built-cli.js';

const moto = motoWithNock();

beforeAll(() => {
  assertCliBuilt();
});

function accountsEnv(
  endpoint: string,
  accounts = `${PRODUCER_ACCOUNT},${CONSUMER_ACCOUNT}`,
): NodeJS.ProcessEnv {
  return { ...awsEnvFor(endpoint), APIGW_DIAGNOSE_ROLE: READ_ROLE, APIGW_DIAGNOSE_ACCOUNTS: accounts };
}

describe('the CLI across accounts', () => {
  it("reports the consumer's private DNS off with both accounts, as JSON and as text", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });
    const env = accountsEnv(moto().url);

    // Act
    const json = await runBuiltCli([seeded.url, '--no-probe', '--json'], env);
    const text = await runBuiltCli([seeded.url, '--no-probe'], env);

    // Assess
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.target).toMatchObject({
      accountId: PRODUCER_ACCOUNT,
      consumerAccountIds: [CONSUMER_ACCOUNT],
    });
    expect(report.primaryCause).toBe('PRIVATE_DNS_DISABLED');
    expect(report.findings[0]).toMatchObject({ code: 'PRIVATE_DNS_DISABLED', accountId: CONSUMER_ACCOUNT });
    expect(text.stdout).toContain(
      `API in account ${PRODUCER_ACCOUNT}; caller VPC in account ${CONSUMER_ACCOUNT}`,
    );
    expect(text.stdout).toContain(`[account ${CONSUMER_ACCOUNT}]`);
  });

  it('reads the API straight in the account named with --account', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);

    // Act
    const run = await runBuiltCli(
      [seeded.url, '--no-probe', '--json', '--account', PRODUCER_ACCOUNT],
      accountsEnv(moto().url),
    );

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.verdict).toBe('healthy');
    expect(report.checks.find((c: { id: string }) => c.id === 'api').reason).toContain(
      'named with --account',
    );
  });

  it.each([
    ['APIGW_DIAGNOSE_ACCOUNTS', { APIGW_DIAGNOSE_ROLE: READ_ROLE, APIGW_DIAGNOSE_ACCOUNTS: '1234' }],
    ['APIGW_DIAGNOSE_ROLE', { APIGW_DIAGNOSE_ACCOUNTS: PRODUCER_ACCOUNT }],
    ['APIGW_DIAGNOSE_EXTERNAL_ID', { APIGW_DIAGNOSE_ROLE: READ_ROLE, APIGW_DIAGNOSE_EXTERNAL_ID: 'x' }],
  ])('stops with exit 2 naming %s when it is malformed, before any AWS call', async (name, variables) => {
    // Prepare: nothing listens at this endpoint, so any AWS call would fail differently (exit 3).
    const env = { ...awsEnvFor(await closedLoopbackUrl()), ...variables };

    // Act
    const run = await runBuiltCli(['a1b2c3d4e5', '--region', 'us-east-1'], env);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`apigw-diagnose: ${name} `);
    expect(run.stdout).toBe('');
  });
});
