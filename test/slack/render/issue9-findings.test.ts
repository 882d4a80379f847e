// The endpoint-access, custom-domain and DNS Firewall findings (issue 9) as a user sees them: the real checks' output, built into a
// report, rendered by the Slack summary and evidence renderers and by the CLI text renderer.

import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/cli/render-text.js';
import { noCalls } from '../../../src/diagnosis/call-counter.js';
import type { CheckOutcome } from '../../../src/diagnosis/checks/check.js';
import { customDomainCheck } from '../../../src/diagnosis/checks/custom-domain.js';
import { endpointAccessCheck } from '../../../src/diagnosis/checks/endpoint-access.js';
import type { RestApiInfo } from '../../../src/diagnosis/facts.js';
import { buildReport } from '../../../src/diagnosis/report.js';
import type { CheckId, Report, UrlForm } from '../../../src/diagnosis/types.js';
import { encodeButtonValue } from '../../../src/slack/button-value.js';
import { buttonValueFor } from '../../../src/slack/fix-offers.js';
import { renderEvidence } from '../../../src/slack/render/evidence.js';
import { renderSummary } from '../../../src/slack/render/summary.js';
import {
  buildFacts,
  callerVpc,
  DOMAIN_ARN,
  domainPolicyAllowing,
  endpoint,
  fetchedOk,
  NOW_MS,
  privateDomain,
  restApiInfo,
  seenFrom,
} from '../../diagnosis/checks/facts-builder.js';
import { firewallBlockFinding } from '../../support/new-layer-findings.js';
import { request } from '../fixtures.js';
import { expectWithinSlackLimits } from './limits.js';

function reportFor(api: Partial<RestApiInfo>, urlForm: UrlForm): Report {
  const facts = buildFacts({ restApi: fetchedOk(restApiInfo(api)), urlForm });
  return buildReport({
    target: {
      apiId: 'a1b2c3d4e5',
      region: 'us-east-1',
      stage: 'prod',
      accountId: null,
      urlForm,
      vpcId: 'vpc-1',
      vpcEndpointIds: [],
    },
    ran: [{ id: 'endpoint-access', outcome: endpointAccessCheck.run(facts), durationMs: 3 }],
    durationMs: 10,
    awsCalls: { ...noCalls(), apigateway: 1 },
  });
}

function slackText(report: Report): { summary: string; evidence: string } {
  const summary = renderSummary({
    report,
    requestedBy: 'U0ALLOWED1',
    runId: 'run1',
    offers: [],
    buttonValue: encodeButtonValue(buttonValueFor(report, request())),
  });
  expectWithinSlackLimits(summary);
  const evidence = renderEvidence(report);
  for (const message of evidence) expectWithinSlackLimits(message);
  return { summary: JSON.stringify(summary.blocks), evidence: JSON.stringify(evidence.map((m) => m.blocks)) };
}

describe('endpoint-access findings in Slack and the CLI', () => {
  it('shows a disabled default endpoint as the primary cause with its evidence', () => {
    // Act
    const report = reportFor({ disableExecuteApiEndpoint: true }, 'private-dns');
    const { summary, evidence } = slackText(report);
    const text = renderText(report, { colour: false });

    // Assess
    expect(report.primaryCause).toBe('DEFAULT_ENDPOINT_DISABLED');
    expect(summary).toContain('DEFAULT_ENDPOINT_DISABLED');
    expect(summary).toContain('Endpoint access (default endpoint, TLS)');
    expect(evidence).toContain('disableExecuteApiEndpoint');
    expect(text).toContain('Primary cause: DEFAULT_ENDPOINT_DISABLED');
    expect(text).toContain('path=/disableExecuteApiEndpoint,value=false');
  });

  it('shows STRICT access mode with the vpce hostname URL and the TLS-1.3-only policy', () => {
    // Act
    const report = reportFor(
      { securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' },
      'vpce-hostname',
    );
    const { summary, evidence } = slackText(report);
    const text = renderText(report, { colour: false });

    // Assess
    expect(report.primaryCause).toBe('ENDPOINT_ACCESS_MODE_STRICT_SNI');
    expect(summary).toContain('ENDPOINT_ACCESS_MODE_STRICT_SNI');
    expect(evidence).toContain('SECURITY_POLICY_TLS13_ONLY');
    expect(evidence).toContain('SecurityPolicy_TLS13_1_3_2025_09');
    expect(text).toContain('SECURITY_POLICY_TLS13_ONLY');
    expect(text).toContain('endpointAccessMode');
  });

  it('shows an update still being applied as the most important warning', () => {
    // Act
    const report = reportFor({ apiStatus: 'UPDATING' }, 'private-dns');
    const { summary } = slackText(report);

    // Assess
    expect(report.verdict).toBe('degraded');
    expect(summary).toContain('API_STATUS_UPDATING');
  });
});

describe('custom-domain findings in Slack and the CLI', () => {
  it('shows a missing access association as the primary cause with the domain, endpoint and fix', () => {
    // Prepare: the real check on a private domain that is associated with another endpoint only.
    const domain = privateDomain({ routingMode: null });
    const facts = buildFacts({
      urlForm: 'custom-domain',
      ...seenFrom([callerVpc([endpoint()])]),
      customDomain: {
        name: 'api.example.internal',
        basePath: 'orders',
        domains: fetchedOk([domain]),
        domain: fetchedOk(domain),
        accessAssociations: fetchedOk([]),
        mappings: fetchedOk([{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }]),
        routingRules: null,
        associationCreations: null,
      },
    });
    const report = buildReport({
      target: {
        apiId: 'a1b2c3d4e5',
        region: 'us-east-1',
        stage: 'prod',
        accountId: null,
        urlForm: 'custom-domain',
        vpcId: 'vpc-1',
        vpcEndpointIds: ['vpce-0aaa'],
      },
      ran: [{ id: 'custom-domain', outcome: customDomainCheck.run(facts), durationMs: 3 }],
      durationMs: 10,
      awsCalls: { ...noCalls(), apigateway: 4 },
    });

    // Act
    const { summary, evidence } = slackText(report);
    const text = renderText(report, { colour: false });

    // Assess
    expect(report.primaryCause).toBe('DOMAIN_ACCESS_ASSOCIATION_MISSING');
    expect(summary).toContain('DOMAIN_ACCESS_ASSOCIATION_MISSING');
    expect(summary).toContain('Custom domain name');
    expect(evidence).toContain('DOMAIN_POLICY_DENIES_VPCE');
    expect(evidence).toContain('api.example.internal+abcd1234');
    expect(text).toContain('create-domain-name-access-association');
  });
});

function reportOf(id: CheckId, outcome: CheckOutcome): Report {
  return buildReport({
    target: {
      apiId: 'a1b2c3d4e5',
      region: 'us-east-1',
      stage: 'prod',
      accountId: null,
      urlForm: 'none',
      vpcId: 'vpc-1',
      vpcEndpointIds: ['vpce-0aaa'],
    },
    ran: [{ id, outcome, durationMs: 3 }],
    durationMs: 10,
    awsCalls: {
      apigateway: 1,
      ec2: 0,
      logs: 0,
      lambda: 0,
      cloudtrail: 1,
      sts: 0,
      route53resolver: 4,
      route53: 0,
    },
  });
}

describe('DNS Firewall and access-association findings in Slack and the CLI', () => {
  it('shows a DNS Firewall BLOCK as the primary cause with the rule group, rule and list', () => {
    // Prepare
    const found = firewallBlockFinding();
    const report = reportOf('dns-firewall', { status: 'fail', findings: [found] });

    // Act
    const { summary, evidence } = slackText(report);
    const text = renderText(report, { colour: false });

    // Assess
    expect(report.primaryCause).toBe('DNS_FIREWALL_BLOCKS');
    expect(summary).toContain('DNS_FIREWALL_BLOCKS');
    expect(summary).toContain('block-everything-else');
    expect(evidence).toContain('rslvr-frg-0123456789abcdef');
    expect(evidence).toContain('rslvr-fdl-0all');
    expect(text).toContain('create-firewall-rule');
  });

  it('shows an access association made minutes ago as the most important warning', () => {
    // Prepare
    const policy = domainPolicyAllowing('vpce-0aaa');
    const domain = privateDomain({ routingMode: null, policy });
    const facts = buildFacts({
      urlForm: 'custom-domain',
      ...seenFrom([callerVpc([endpoint()])]),
      customDomain: {
        name: domain.domainName,
        basePath: 'orders',
        domains: fetchedOk([domain]),
        domain: fetchedOk(domain),
        accessAssociations: fetchedOk([
          { arn: 'assoc', domainNameArn: DOMAIN_ARN, sourceType: 'VPCE', source: 'vpce-0aaa' },
        ]),
        mappings: fetchedOk([{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }]),
        routingRules: null,
        associationCreations: fetchedOk({
          startMs: NOW_MS - 900_000,
          endMs: NOW_MS,
          truncated: false,
          creations: [
            {
              eventId: 'ev-42',
              eventTime: new Date(NOW_MS - 180_000).toISOString(),
              actorArn: 'arn:aws:iam::123456789012:role/platform',
              domainNameArn: DOMAIN_ARN,
              source: 'vpce-0aaa',
            },
          ],
        }),
      },
    });
    const report = reportOf('custom-domain', customDomainCheck.run(facts));

    // Act
    const { summary, evidence } = slackText(report);
    const text = renderText(report, { colour: false });

    // Assess
    expect(report.verdict).toBe('degraded');
    expect(summary).toContain('DOMAIN_ACCESS_ASSOCIATION_NOT_READY');
    expect(evidence).toContain('ev-42');
    expect(text).toContain('created 3 minute(s) ago');
  });
});
