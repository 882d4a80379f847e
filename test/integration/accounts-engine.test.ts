// The engine across accounts, through the real SDK clients and the real AssumeRole path against moto_server: the
// API in a producer account, the caller's VPC and endpoint in a consumer account, the tool in its own (moto's
// default account). What must hold: a working cross-account set-up is not broken; a consumer-side fault is found
// and named with the consumer's account; an account the tool cannot read is said to be unreadable, never missing.

import { describe, expect, it } from 'vitest';
import {
  CONSUMER_ACCOUNT,
  ACCOUNT_ID as HOME_ACCOUNT,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  REGION,
  seedCrossAccount,
} from '../../scripts/seed-scenarios.mjs';
import { type AccountsSettings, NO_ACCOUNTS } from '../../src/config.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { createEngineWithAccounts } from '../../src/engine.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();

const BOTH_SIDES: AccountsSettings = {
  ...NO_ACCOUNTS,
  readRole: READ_ROLE,
  accountIds: [PRODUCER_ACCOUNT, CONSUMER_ACCOUNT],
};

function engine(accounts: AccountsSettings = BOTH_SIDES) {
  return createEngineWithAccounts({
    aws: { endpoint: moto().url, maxAttempts: 1 },
    defaultRegion: REGION,
    accounts,
  });
}

function urlRequest(url: string, apiId: string, extra: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return {
    apiId,
    region: REGION,
    stage: 'prod',
    urlForm: 'private-dns',
    url,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60_000,
    probe: false,
    ...extra,
  };
}

describe('a private API consumed from another account', () => {
  it('is healthy when both sides are right, with the producer and the consumer named in the target', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const { run } = engine();

    // Act
    const report = await run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.verdict).toBe('healthy');
    expect(report.target).toMatchObject({
      accountId: PRODUCER_ACCOUNT,
      consumerAccountIds: [CONSUMER_ACCOUNT],
      vpcId: seeded.vpcId,
      vpcEndpointIds: [seeded.vpceId],
    });
    for (const id of ['vpc-endpoint', 'private-dns', 'security-groups', 'network-acls', 'resource-policy']) {
      expect(report.checks.find((c) => c.id === id)?.status).toBe('pass');
    }
  });

  it("finds private DNS off on the consumer's endpoint and names the consumer's account", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { privateDns: false } });

    // Act
    const report = await engine().run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(report.verdict).toBe('broken');
    expect(report.primaryCause).toBe('PRIVATE_DNS_DISABLED');
    expect(report.findings.find((f) => f.code === 'PRIVATE_DNS_DISABLED')).toMatchObject({
      accountId: CONSUMER_ACCOUNT,
      resources: expect.arrayContaining([seeded.vpceId]),
      remediations: ['enable-private-dns'],
    });
    // Associating the consumer's endpoint with the API is a change to the API, in the producer's account.
    expect(report.findings.find((f) => f.code === 'VPCE_NOT_ASSOCIATED')?.accountId).toBe(PRODUCER_ACCOUNT);
  });

  it("finds the consumer endpoint's security group shut to 443, in the consumer's account", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { network: { ingressPort: 8443 } });

    // Act
    const report = await engine().run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(report.primaryCause).toBe('SG_ENDPOINT_NO_INGRESS_443');
    expect(report.findings.find((f) => f.code === 'SG_ENDPOINT_NO_INGRESS_443')?.accountId).toBe(
      CONSUMER_ACCOUNT,
    );
  });

  it("finds the producer's policy not naming the consumer endpoint, in the producer's account", async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { allowVpce: 'vpce-0aaaaaaaaaaaaaaaa' });

    // Act: the caller names its endpoint; the policy names another, so only --vpce says who the caller is.
    const report = await engine().run(urlRequest(seeded.url, seeded.apiId, { vpceId: seeded.vpceId }));

    // Assess
    expect(report.verdict).toBe('broken');
    expect(report.primaryCause).toBe('POLICY_DENIES_VPCE');
    expect(report.findings.find((f) => f.code === 'POLICY_DENIES_VPCE')?.accountId).toBe(PRODUCER_ACCOUNT);
    expect(report.target.consumerAccountIds).toEqual([CONSUMER_ACCOUNT]);
  });

  it('says the consumer endpoint is not visible, never VPCE_MISSING, when its account is not configured', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const producerOnly = { ...BOTH_SIDES, accountIds: [PRODUCER_ACCOUNT] };

    // Act
    const report = await engine(producerOnly).run(urlRequest(seeded.url, seeded.apiId));

    // Assess: the producer side is judged; the consumer side is said to be unexamined.
    expect(report.findings.map((f) => f.code)).not.toContain('VPCE_MISSING');
    expect(report.findings.find((f) => f.code === 'VPCE_NOT_VISIBLE')).toMatchObject({
      severity: 'warning',
      evidence: {
        vpceId: seeded.vpceId,
        accountsSearched: expect.arrayContaining([HOME_ACCOUNT, PRODUCER_ACCOUNT]),
      },
    });
    expect(report.verdict).toBe('inconclusive');
    expect(report.primaryCause).toBeNull();
    expect(report.target.accountId).toBe(PRODUCER_ACCOUNT);
  });

  it('says a caller VPC named with --vpc in an unconfigured account is not visible, reading nothing in its name', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const producerOnly = { ...BOTH_SIDES, accountIds: [PRODUCER_ACCOUNT] };

    // Act
    const report = await engine(producerOnly).run(
      urlRequest(seeded.url, seeded.apiId, { vpcId: seeded.vpcId }),
    );

    // Assess: never VPCE_MISSING, and no caller-side check passes on another account's (empty) answers.
    expect(report.findings.map((f) => f.code)).not.toContain('VPCE_MISSING');
    expect(report.findings.find((f) => f.code === 'VPCE_NOT_VISIBLE')).toMatchObject({
      severity: 'warning',
      evidence: { vpcId: seeded.vpcId, source: 'vpc-flag' },
    });
    for (const id of ['private-dns', 'dns-rules', 'dns-firewall', 'security-groups', 'network-acls']) {
      expect(report.checks.find((c) => c.id === id)?.status).not.toBe('pass');
    }
    expect(report.verdict).toBe('inconclusive');
  });

  it('counts requests through the unreadable endpoint in the logs as evidence that its side works', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url, { logsNameEndpoint: true });
    const producerOnly = { ...BOTH_SIDES, accountIds: [PRODUCER_ACCOUNT] };

    // Act
    const report = await engine(producerOnly).run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(report.findings.find((f) => f.code === 'VPCE_NOT_VISIBLE')).toMatchObject({
      severity: 'info',
      evidence: { logEventsNamingEndpoint: 1 },
    });
    expect(report.verdict).toBe('healthy');
  });

  it('with only its own account configured, reports the API as not found there (the search is explicit)', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);

    // Act
    const report = await engine(NO_ACCOUNTS).run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(report.primaryCause).toBe('API_NOT_FOUND');
    expect(report.target.accountId).toBe(HOME_ACCOUNT);
  });

  it('locates the API by searching every account once, then goes straight there, assuming each role once', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const built = engine();

    // Act
    const first = await built.run(urlRequest(seeded.url, seeded.apiId));
    const assumedAfterFirst = built.directory?.sessions.assumeRoleCalls();
    const second = await built.run(urlRequest(seeded.url, seeded.apiId));

    // Assess
    expect(first.verdict).toBe('healthy');
    expect(second.verdict).toBe('healthy');
    // GetRestApi in both configured accounts (and the home account) the first time; only in the producer's then.
    expect(first.stats.awsCalls.apigateway - second.stats.awsCalls.apigateway).toBe(2);
    expect(assumedAfterFirst).toBe(2);
    expect(built.directory?.sessions.assumeRoleCalls()).toBe(2);
  });

  it('reads the API directly in the account named with --account', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);

    // Act
    const report = await engine().run(urlRequest(seeded.url, seeded.apiId, { accountId: PRODUCER_ACCOUNT }));

    // Assess
    expect(report.verdict).toBe('healthy');
    expect(report.target.accountId).toBe(PRODUCER_ACCOUNT);
  });

  it('refuses --account for an account the tool is not configured to read, and reads nothing there', async () => {
    // Prepare
    const seeded = await seedCrossAccount(moto().url);
    const built = engine();

    // Act
    const report = await built.run(urlRequest(seeded.url, seeded.apiId, { accountId: '999999999999' }));

    // Assess
    expect(report.checks.find((c) => c.id === 'api')).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('APIGW_DIAGNOSE_ACCOUNTS'),
    });
    expect(report.verdict).toBe('inconclusive');
    expect(built.directory?.sessions.assumeRoleCalls()).toBe(0);
  });
});
