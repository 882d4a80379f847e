import { describe, expect, it } from 'vitest';
import { dnsRulesCheck } from '../../../src/diagnosis/checks/dns-rules.js';
import { authorityFor, domainMatches } from '../../../src/diagnosis/dns/resolution.js';
import type {
  DnsLayer,
  DnsRecordInfo,
  HostedZoneRef,
  HostedZonesRead,
  ResolverRuleInfo,
  ResolverRulesRead,
  ZoneRecordsLookup,
} from '../../../src/diagnosis/facts.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import { dnsStep, probeOutput } from '../../probe/probe-output-fixtures.js';
import {
  API_ID,
  buildFacts,
  callerVpc,
  endpoint,
  fetchedFailed,
  fetchedOk,
  restApiInfo,
  seenFrom,
} from './facts-builder.js';

const NAME = `${API_ID}.execute-api.us-east-1.amazonaws.com`;

function rule(domainName: string, overrides: Partial<ResolverRuleInfo> = {}): ResolverRuleInfo {
  return {
    id: `rslvr-rr-${domainName || 'root'}`,
    name: null,
    domainName,
    ruleType: 'FORWARD',
    targetIps: ['10.9.0.2'],
    ownerId: '123456789012',
    shareStatus: 'NOT_SHARED',
    ...overrides,
  };
}

function zone(name: string, overrides: Partial<HostedZoneRef> = {}): HostedZoneRef {
  return { id: `Z-${name}`, name, owningAccount: '123456789012', owningService: null, ...overrides };
}

function layer(
  rules: ResolverRuleInfo[],
  zones: HostedZoneRef[] = [],
  extra: Partial<ResolverRulesRead> = {},
  zoneRecords: ZoneRecordsLookup[] = [],
): DnsLayer {
  return {
    vpcId: 'vpc-1',
    resolverRules: fetchedOk<ResolverRulesRead>({
      rules,
      associationCount: rules.length,
      unreadRuleIds: [],
      truncated: false,
      ...extra,
    }),
    hostedZones: fetchedOk<HostedZonesRead>({ zones, truncated: false }),
    zoneRecords,
  };
}

/** The records of `zone` read for `name`: exactly these record sets. */
function records(zoneName: string, name: string, exact: DnsRecordInfo[]): ZoneRecordsLookup {
  return { zoneId: `Z-${zoneName}`, name, records: fetchedOk({ exact, wildcard: [], truncated: false }) };
}

const ENDPOINT_DNS = 'vpce-0aaa-1b2c3d4e.execute-api.us-east-1.vpce.amazonaws.com';
const aliasTo = (name: string, target: string): DnsRecordInfo => ({
  name,
  type: 'A',
  values: [],
  aliasTarget: target,
});

/** A caller VPC with (or without) an in-region execute-api endpoint whose private DNS is on. */
function facts(
  dnsLayer: DnsLayer,
  options: { privateDns?: boolean; urlForm?: UrlForm; url?: string | null } = {},
) {
  const endpoints = options.privateDns === false ? [] : [endpoint()];
  return buildFacts({
    ...seenFrom([callerVpc(endpoints)]),
    urlForm: options.urlForm ?? 'private-dns',
    request: { url: options.url ?? null },
    dnsLayers: [dnsLayer],
  });
}

describe('domainMatches / authorityFor', () => {
  it.each([
    ['amazonaws.com', NAME, true],
    ['', NAME, true],
    [NAME, NAME, true],
    ['zonaws.com', NAME, false],
    ['execute-api.us-west-2.amazonaws.com', NAME, false],
  ])('%s matches %s: %s', (domain, name, expected) => {
    expect(domainMatches(domain, name)).toBe(expected);
  });

  it('gives the name to the most specific domain, a Resolver rule winning a tie with a zone', () => {
    const endpointZone = 'execute-api.us-east-1.amazonaws.com';
    expect(authorityFor(NAME, [rule('amazonaws.com')], [], endpointZone)).toEqual({
      kind: 'endpoint-zone',
      domain: endpointZone,
    });
    expect(authorityFor(NAME, [rule(endpointZone)], [], endpointZone)).toMatchObject({ kind: 'rule' });
    expect(
      authorityFor(NAME, [rule('amazonaws.com'), rule(endpointZone, { ruleType: 'SYSTEM' })], [], null),
    ).toMatchObject({ kind: 'rule', rule: { ruleType: 'SYSTEM' } });
    expect(authorityFor(NAME, [], [zone('us-east-1.amazonaws.com')], null)).toMatchObject({ kind: 'zone' });
    expect(authorityFor(NAME, [], [], null)).toEqual({ kind: 'default' });
  });
});

describe('dns-rules check', () => {
  it('passes, naming who answers, when only a less specific FORWARD rule exists beside the endpoint private DNS', () => {
    // Act
    const outcome = dnsRulesCheck.run(facts(layer([rule('amazonaws.com')])));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('the private DNS of vpce-0aaa');
  });

  it('fails when a FORWARD rule for the execute-api domain captures the private-DNS name, naming rule, targets and fix', () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(layer([rule('execute-api.us-east-1.amazonaws.com', { name: 'all-aws' })])),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    const [found] = outcome.findings;
    expect(found).toMatchObject({
      code: 'DNS_RESOLVER_RULE_FORWARDS',
      severity: 'error',
      evidence: {
        resolverRuleId: 'rslvr-rr-execute-api.us-east-1.amazonaws.com',
        domainName: 'execute-api.us-east-1.amazonaws.com',
        targetIps: ['10.9.0.2'],
        vpcId: 'vpc-1',
      },
    });
    expect(found?.detail).toContain('--rule-type SYSTEM');
    expect(found?.detail).toContain('inbound endpoint');
  });

  it('is info, not error, for a forwarded name the caller does not use privately (the alias is a public record)', () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(layer([rule('')]), {
        privateDns: false,
        urlForm: 'vpce-alias',
        url: `https://${API_ID}-vpce-0aaa.execute-api.us-east-1.amazonaws.com/prod/`,
      }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'DNS_RESOLVER_RULE_FORWARDS', severity: 'info', evidence: { domainName: '.' } },
    ]);
  });

  it('fails on a private hosted zone for a broad AWS domain that has no record for the name (NXDOMAIN)', () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(layer([], [zone('amazonaws.com')], {}, [records('amazonaws.com', NAME, [])]), {
        privateDns: false,
      }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'DNS_PRIVATE_ZONE_SHADOWS',
        severity: 'error',
        evidence: { hostedZoneId: 'Z-amazonaws.com', answer: 'no-answer' },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('NXDOMAIN');
    expect(outcome.findings[0]?.detail).toContain('disassociate-vpc-from-hosted-zone');
  });

  it("passes a zone for the API's own name whose alias record leads to the endpoint: the set-up working", () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(layer([], [zone(NAME)], {}, [records(NAME, NAME, [aliasTo(NAME, ENDPOINT_DNS)])])),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('vpce-0aaa');
  });

  it("fails, naming zone and record, when the zone for the API's own name points somewhere else", () => {
    // Prepare
    const elsewhere: DnsRecordInfo = {
      name: NAME,
      type: 'CNAME',
      values: ['old-lb.example.com'],
      aliasTarget: null,
    };

    // Act
    const outcome = dnsRulesCheck.run(facts(layer([], [zone(NAME)], {}, [records(NAME, NAME, [elsewhere])])));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'DNS_PRIVATE_ZONE_SHADOWS',
        severity: 'error',
        evidence: { record: elsewhere, answer: 'elsewhere' },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('old-lb.example.com');
  });

  it("reports could-not-run, naming the action, when the deciding zone's records could not be read", () => {
    // Prepare
    const denied: ZoneRecordsLookup = {
      zoneId: `Z-${NAME}`,
      name: NAME,
      records: fetchedFailed('access-denied', {
        action: 'route53:ListResourceRecordSets',
        operation: 'ListResourceRecordSets',
        message: 'denied',
      }),
    };

    // Act
    const outcome = dnsRulesCheck.run(facts(layer([], [zone(NAME)], {}, [denied])));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toMatchObject([
      { code: 'AWS_PERMISSION_MISSING', evidence: { action: 'route53:ListResourceRecordSets' } },
    ]);
  });

  it("ignores a zone an AWS service manages (the endpoint's own private DNS zone)", () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(
        layer(
          [],
          [
            zone('execute-api.us-east-1.amazonaws.com', {
              owningAccount: null,
              owningService: 'vpce.amazonaws.com',
            }),
          ],
        ),
      ),
    );

    // Assess
    expect(outcome.status).toBe('pass');
  });

  it('says in the evidence when the lists were truncated', () => {
    // Act
    const outcome = dnsRulesCheck.run(
      facts(layer([rule('execute-api.us-east-1.amazonaws.com')], [], { truncated: true })),
    );

    // Assess
    expect(outcome.findings[0]?.evidence.resolverRulesTruncated).toContain('first pages');
  });

  it('reports error and AWS_PERMISSION_MISSING naming the action when the rules could not be read', () => {
    // Prepare
    const denied: DnsLayer = {
      ...layer([]),
      resolverRules: fetchedFailed('access-denied', {
        action: 'route53resolver:ListResolverRuleAssociations',
        operation: 'ListResolverRuleAssociations',
        message: 'denied',
      }),
    };

    // Act
    const outcome = dnsRulesCheck.run(facts(denied));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toMatchObject([
      {
        code: 'AWS_PERMISSION_MISSING',
        evidence: { action: 'route53resolver:ListResolverRuleAssociations' },
      },
    ]);
  });

  it.each([
    ['inside the VPC where the model predicts the front door: DNS_LIVE_ANSWER_DIFFERS', ['10.0.1.10'], true],
    ['public, as the model predicts: nothing here (the probe check reports it)', ['3.5.1.1'], false],
  ])('compares a live answer %s', (_name, addresses, differs) => {
    // Prepare: private DNS off and no rule or zone, so the model says public DNS answers the private name.
    const base = facts(layer([]), { privateDns: false });
    const probed = {
      ...base,
      vpcs: fetchedOk([
        { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null },
      ]),
      probe: {
        state: 'ran' as const,
        vpcId: 'vpc-1',
        functionName: 'apigw-diagnose-probe-vpc-1',
        ms: 300,
        result: probeOutput({ dns: [dnsStep({ name: NAME, role: 'private-dns', addresses })] }),
        endpointAddresses: ['10.0.1.10'],
      },
    };

    // Act
    const outcome = dnsRulesCheck.run(probed);

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(differs ? ['DNS_LIVE_ANSWER_DIFFERS'] : []);
  });

  it('is skipped for a public API and when the caller VPC is unknown', () => {
    expect(
      dnsRulesCheck.run(buildFacts({ restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })) }))
        .status,
    ).toBe('skipped');
    expect(dnsRulesCheck.run(buildFacts({})).status).toBe('skipped');
  });
});
