// DNS Firewall through the whole engine and the real SDK clients. moto has no DNS Firewall (it answers every
// Firewall call with an HTML 500), so the seeded healthy API lives in moto and nock answers the four Route 53
// Resolver DNS Firewall calls with AWS's wire shapes; every other call goes through to moto.

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { REGION, seedScenario } from '../../scripts/seed-scenarios.mjs';
import { createAwsPorts } from '../../src/aws/ports.js';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };

async function seeded(): Promise<{ request: DiagnosisRequest; vpcId: string }> {
  const scenario = await seedScenario('healthy', moto().url);
  const request: DiagnosisRequest = {
    apiId: scenario.apiId,
    region: REGION,
    stage: scenario.stage,
    urlForm: 'none',
    url: null,
    vpcId: scenario.vpcId,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60_000,
    probe: false,
  };
  return { request, vpcId: scenario.vpcId };
}

/** Answers one Route 53 Resolver operation on moto's address (persist: the calls run concurrently with moto's). */
function resolverCall(operation: string) {
  return nock(moto().url, { allowUnmocked: true })
    .persist()
    .post('/')
    .matchHeader('x-amz-target', `Route53Resolver.${operation}`);
}

/** A VPC with one rule group: an ALLOW rule for `allowed` at priority 100 (when given), then BLOCK `*.amazonaws.com`. */
function firewallOf(vpcId: string, allowed: string[] | null) {
  const rules = [
    ...(allowed
      ? [{ Action: 'ALLOW', FirewallDomainListId: 'rslvr-fdl-allow', Name: 'allow-apis', Priority: 100 }]
      : []),
    {
      Action: 'BLOCK',
      BlockResponse: 'NXDOMAIN',
      FirewallDomainListId: 'rslvr-fdl-aws',
      Name: 'no-aws-endpoints',
      Priority: 500,
    },
  ].map((rule) => ({
    ...rule,
    FirewallRuleGroupId: 'rslvr-frg-egress',
    CreationTime: '2026-05-25T21:44:00Z',
  }));
  return [
    resolverCall('ListFirewallRuleGroupAssociations').reply(
      200,
      {
        FirewallRuleGroupAssociations: [
          {
            Id: 'rslvr-frgassoc-1',
            Name: 'egress-baseline',
            FirewallRuleGroupId: 'rslvr-frg-egress',
            VpcId: vpcId,
            Priority: 101,
            Status: 'COMPLETE',
            MutationProtection: 'DISABLED',
          },
        ],
      },
      JSON_11,
    ),
    resolverCall('ListFirewallRules').reply(200, { FirewallRules: rules }, JSON_11),
    resolverCall('ListFirewallDomainLists').reply(
      200,
      {
        FirewallDomainLists: [
          { Id: 'rslvr-fdl-aws', Name: 'aws-endpoints' },
          { Id: 'rslvr-fdl-allow', Name: 'allowed-apis' },
        ],
      },
      JSON_11,
    ),
    resolverCall('ListFirewallDomains').reply(
      200,
      (_uri, body) => {
        const listId = (body as { FirewallDomainListId?: string }).FirewallDomainListId;
        return { Domains: listId === 'rslvr-fdl-allow' ? (allowed ?? []) : ['*.amazonaws.com.'] };
      },
      JSON_11,
    ),
  ];
}

function run(request: DiagnosisRequest): Promise<Report> {
  return diagnose(request, createAwsPorts(REGION, { endpoint: moto().url, maxAttempts: 1 }));
}

describe('the engine with a DNS Firewall rule group on the caller VPC (nock-backed, moto for the rest)', () => {
  it('makes the BLOCK of *.amazonaws.com the primary cause of an otherwise healthy API', async () => {
    // Prepare
    const { request, vpcId } = await seeded();
    const scopes = firewallOf(vpcId, null);

    // Act
    const report = await run(request);

    // Assess
    for (const scope of scopes) scope.done();
    expect(report.verdict).toBe('broken');
    expect(report.primaryCause).toBe('DNS_FIREWALL_BLOCKS');
    expect(report.findings.find((f) => f.code === 'DNS_FIREWALL_BLOCKS')?.evidence).toMatchObject({
      vpcId,
      ruleGroupId: 'rslvr-frg-egress',
      ruleName: 'no-aws-endpoints',
      rulePriority: 500,
      domainListName: 'aws-endpoints',
      matchedDomain: '*.amazonaws.com',
      blockResponse: 'NXDOMAIN',
    });
    expect(report.checks.find((c) => c.id === 'dns-firewall')?.status).toBe('fail');
  });

  it('stays healthy when an ALLOW rule with a lower priority number lets *.execute-api through', async () => {
    // Prepare
    const { request, vpcId } = await seeded();
    firewallOf(vpcId, [`*.execute-api.${REGION}.amazonaws.com.`]);

    // Act
    const report = await run(request);

    // Assess
    expect(report.verdict).toBe('healthy');
    expect(report.checks.find((c) => c.id === 'dns-firewall')).toMatchObject({
      status: 'pass',
      reason: expect.stringContaining('is allowed by rule allow-apis (priority 100)'),
    });
  });

  it('never passes when the rules cannot be read: names the IAM action, verdict not healthy', async () => {
    // Prepare
    const { request, vpcId } = await seeded();
    resolverCall('ListFirewallRuleGroupAssociations').reply(
      200,
      {
        FirewallRuleGroupAssociations: [
          {
            Id: 'a',
            FirewallRuleGroupId: 'rslvr-frg-egress',
            VpcId: vpcId,
            Priority: 101,
            Status: 'COMPLETE',
          },
        ],
      },
      JSON_11,
    );
    resolverCall('ListFirewallDomainLists').reply(200, { FirewallDomainLists: [] }, JSON_11);
    resolverCall('ListFirewallRules').reply(
      400,
      { __type: 'AccessDeniedException', Message: 'User is not authorized' },
      JSON_11,
    );

    // Act
    const report = await run(request);

    // Assess
    expect(report.checks.find((c) => c.id === 'dns-firewall')?.status).toBe('error');
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        code: 'AWS_PERMISSION_MISSING',
        evidence: expect.objectContaining({ action: 'route53resolver:ListFirewallRules' }),
      }),
    );
    expect(report.verdict).toBe('inconclusive');
  });
});
