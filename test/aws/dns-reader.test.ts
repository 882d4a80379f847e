import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normaliseDomain, SdkDnsReader } from '../../src/aws/dns-reader.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';

const RESOLVER_URL = 'https://route53resolver.us-east-1.amazonaws.com';
const ROUTE53_URL = 'https://route53.amazonaws.com';
const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const XML = { 'content-type': 'text/xml' };
const VPC = 'vpc-0caller';

function reader(): SdkDnsReader {
  const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
  return new SdkDnsReader(
    new Route53ResolverClient({ region: 'us-east-1', maxAttempts: 1, credentials }),
    new Route53Client({ region: 'us-east-1', maxAttempts: 1, credentials }),
  );
}

function resolver(operation: string, body?: nock.DataMatcherMap) {
  return nock(RESOLVER_URL, { reqheaders: { 'x-amz-target': `Route53Resolver.${operation}` } }).post(
    '/',
    body,
  );
}

const FORWARD_RULE = {
  Id: 'rslvr-rr-0forward',
  Name: 'to-onprem',
  DomainName: 'amazonaws.com.',
  RuleType: 'FORWARD',
  Status: 'COMPLETE',
  TargetIps: [
    { Ip: '10.9.0.2', Port: 53 },
    { Ip: '10.9.0.3', Port: 5353 },
  ],
  OwnerId: '123456789012',
  ShareStatus: 'NOT_SHARED',
};

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkDnsReader.resolverRules', () => {
  it("joins the VPC's rule associations with the listed rules, both asked at once", async () => {
    // Prepare
    const associations = resolver('ListResolverRuleAssociations', {
      Filters: [{ Name: 'VPCId', Values: [VPC] }],
      MaxResults: 100,
    }).reply(
      200,
      {
        ResolverRuleAssociations: [
          { Id: 'rslvr-rrassoc-1', ResolverRuleId: 'rslvr-rr-0forward', VPCId: VPC, Status: 'COMPLETE' },
        ],
      },
      JSON_11,
    );
    const rules = resolver('ListResolverRules', { MaxResults: 100 }).reply(
      200,
      {
        ResolverRules: [
          FORWARD_RULE,
          { ...FORWARD_RULE, Id: 'rslvr-rr-0other', DomainName: 'corp.example.' },
        ],
      },
      JSON_11,
    );

    // Act
    const read = await reader().resolverRules(VPC);

    // Assess
    associations.done();
    rules.done();
    expect(read).toEqual({
      rules: [
        {
          id: 'rslvr-rr-0forward',
          name: 'to-onprem',
          domainName: 'amazonaws.com',
          ruleType: 'FORWARD',
          targetIps: ['10.9.0.2', '10.9.0.3:5353'],
          ownerId: '123456789012',
          shareStatus: 'NOT_SHARED',
        },
      ],
      associationCount: 1,
      unreadRuleIds: [],
      truncated: false,
    });
  });

  it('fetches an associated rule the listing did not show (shared through RAM) with GetResolverRule', async () => {
    // Prepare
    const associations = resolver('ListResolverRuleAssociations').reply(
      200,
      { ResolverRuleAssociations: [{ ResolverRuleId: 'rslvr-rr-0shared', VPCId: VPC }] },
      JSON_11,
    );
    const rules = resolver('ListResolverRules').reply(200, { ResolverRules: [] }, JSON_11);
    const get = resolver('GetResolverRule', { ResolverRuleId: 'rslvr-rr-0shared' }).reply(
      200,
      {
        ResolverRule: {
          ...FORWARD_RULE,
          Id: 'rslvr-rr-0shared',
          DomainName: '.',
          ShareStatus: 'SHARED_WITH_ME',
        },
      },
      JSON_11,
    );

    // Act
    const read = await reader().resolverRules(VPC);

    // Assess
    associations.done();
    rules.done();
    get.done();
    expect(read.rules).toMatchObject([
      { id: 'rslvr-rr-0shared', domainName: '', shareStatus: 'SHARED_WITH_ME' },
    ]);
  });

  it('reads at most two pages of associations and says the list was truncated', async () => {
    // Prepare
    const page = (token: string | undefined, next: string) =>
      resolver('ListResolverRuleAssociations', {
        Filters: [{ Name: 'VPCId', Values: [VPC] }],
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      }).reply(200, { ResolverRuleAssociations: [], NextToken: next }, JSON_11);
    const first = page(undefined, 'p2');
    const second = page('p2', 'p3');
    const rules = resolver('ListResolverRules').reply(200, { ResolverRules: [] }, JSON_11);

    // Act
    const read = await reader().resolverRules(VPC);

    // Assess
    first.done();
    second.done();
    rules.done();
    expect(read.truncated).toBe(true);
  });

  it('reports AccessDenied with the IAM action the call needs', async () => {
    // Prepare
    resolver('ListResolverRuleAssociations').reply(
      400,
      { __type: 'AccessDeniedException', Message: 'User is not authorized' },
      JSON_11,
    );
    resolver('ListResolverRules').reply(200, { ResolverRules: [] }, JSON_11);

    // Act
    const error = await reader()
      .resolverRules(VPC)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'route53resolver:ListResolverRuleAssociations',
      operation: 'ListResolverRuleAssociations',
    });
  });
});

describe('SdkDnsReader.hostedZones', () => {
  it('lists the private hosted zones associated with the VPC (REST-XML), names without the trailing dot', async () => {
    // Prepare
    const scope = nock(ROUTE53_URL)
      .get('/2013-04-01/hostedzonesbyvpc')
      .query({ vpcid: VPC, vpcregion: 'us-east-1', maxitems: '100' })
      .reply(
        200,
        `<?xml version="1.0"?>
<ListHostedZonesByVPCResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <HostedZoneSummaries>
    <HostedZoneSummary><HostedZoneId>Z0AMAZONAWS</HostedZoneId><Name>AmazonAWS.com.</Name><Owner><OwningAccount>123456789012</OwningAccount></Owner></HostedZoneSummary>
    <HostedZoneSummary><HostedZoneId>Z0MANAGED</HostedZoneId><Name>execute-api.us-east-1.amazonaws.com.</Name><Owner><OwningService>vpce.amazonaws.com</OwningService></Owner></HostedZoneSummary>
  </HostedZoneSummaries>
  <MaxItems>100</MaxItems>
</ListHostedZonesByVPCResponse>`,
        XML,
      );

    // Act
    const read = await reader().hostedZones(VPC, 'us-east-1');

    // Assess
    scope.done();
    expect(read).toEqual({
      zones: [
        { id: 'Z0AMAZONAWS', name: 'amazonaws.com', owningAccount: '123456789012', owningService: null },
        {
          id: 'Z0MANAGED',
          name: 'execute-api.us-east-1.amazonaws.com',
          owningAccount: null,
          owningService: 'vpce.amazonaws.com',
        },
      ],
      truncated: false,
    });
  });

  it('reports AccessDenied as route53:ListHostedZonesByVPC', async () => {
    // Prepare
    nock(ROUTE53_URL)
      .get('/2013-04-01/hostedzonesbyvpc')
      .query(true)
      .reply(
        403,
        `<?xml version="1.0"?>
<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: route53:ListHostedZonesByVPC</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
        XML,
      );

    // Act
    const error = await reader()
      .hostedZones(VPC, 'us-east-1')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'access-denied', action: 'route53:ListHostedZonesByVPC' });
  });
});

describe('SdkDnsReader.zoneRecords', () => {
  const rrsets = (sets: string, truncated = false) => `<?xml version="1.0"?>
<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
  <ResourceRecordSets>${sets}</ResourceRecordSets>
  <IsTruncated>${truncated}</IsTruncated>
  <MaxItems>50</MaxItems>
</ListResourceRecordSetsResponse>`;

  it("reads the name's own record sets from its place in the zone (one call): an alias to the endpoint", async () => {
    // Prepare: the tutorial's consumer record: an alias A record to the endpoint's DNS name; the next name follows.
    const scope = nock(ROUTE53_URL)
      .get('/2013-04-01/hostedzone/Z0PRIV/rrset')
      .query({ name: 'api.example.com', maxitems: '50' })
      .reply(
        200,
        rrsets(`
    <ResourceRecordSet><Name>api.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z7HUB4ZQ5BWMT</HostedZoneId><DNSName>vpce-0abc-1b2c3d4e.execute-api.us-east-1.vpce.amazonaws.com.</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>
    <ResourceRecordSet><Name>www.api.example.com.</Name><Type>CNAME</Type><TTL>300</TTL><ResourceRecords><ResourceRecord><Value>elsewhere.example.com</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>`),
        XML,
      );

    // Act
    const read = await reader().zoneRecords('Z0PRIV', 'example.com', 'api.example.com');

    // Assess
    scope.done();
    expect(read).toEqual({
      exact: [
        {
          name: 'api.example.com',
          type: 'A',
          values: [],
          aliasTarget: 'vpce-0abc-1b2c3d4e.execute-api.us-east-1.vpce.amazonaws.com',
        },
      ],
      wildcard: [],
      truncated: false,
    });
  });

  it('falls back to the covering wildcard (Route 53 lists it as \\052) when the name has no record', async () => {
    // Prepare
    const scope = nock(ROUTE53_URL)
      .get('/2013-04-01/hostedzone/Z0PRIV/rrset')
      .query({ name: 'api.example.com', maxitems: '50' })
      .reply(200, rrsets(''), XML)
      .get('/2013-04-01/hostedzone/Z0PRIV/rrset')
      .query({ name: 'example.com', maxitems: '50' })
      .reply(
        200,
        rrsets(
          '<ResourceRecordSet><Name>example.com.</Name><Type>SOA</Type><TTL>900</TTL><ResourceRecords><ResourceRecord><Value>ns-1.awsdns-1.org. hostmaster.example.com. 1 7200 900 1209600 86400</Value></ResourceRecord></ResourceRecords></ResourceRecordSet><ResourceRecordSet><Name>\\052.example.com.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.0.1.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>',
        ),
        XML,
      );

    // Act
    const read = await reader().zoneRecords('Z0PRIV', 'example.com.', 'api.example.com');

    // Assess
    scope.done();
    expect(read.exact).toEqual([]);
    expect(read.wildcard).toEqual([
      { name: '*.example.com', type: 'A', values: ['10.0.1.10'], aliasTarget: null },
    ]);
  });

  it('reports AccessDenied as route53:ListResourceRecordSets', async () => {
    // Prepare
    nock(ROUTE53_URL)
      .get('/2013-04-01/hostedzone/Z0PRIV/rrset')
      .query(true)
      .reply(
        403,
        `<?xml version="1.0"?>
<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>r-2</RequestId></ErrorResponse>`,
        XML,
      );

    // Act
    const error = await reader()
      .zoneRecords('Z0PRIV', 'example.com', 'api.example.com')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ kind: 'access-denied', action: 'route53:ListResourceRecordSets' });
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['Example.COM.', 'example.com'],
    ['.', ''],
    ['\\052.example.com.', '*.example.com'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDomain(input)).toBe(expected);
  });
});

// ---- DNS Firewall: moto has none, so its wire shapes are pinned here. The answers are shaped like the AWS CLI
// reference's examples (trailing dots on domains, string timestamps).

const ASSOCIATION = {
  Arn: 'arn:aws:route53resolver:us-east-1:123456789012:firewall-rule-group-association/rslvr-frgassoc-57e8873d7example',
  CreationTime: '2026-05-25T21:47:48.755768Z',
  CreatorRequestId: 'AWSConsole.84.1622053603113',
  FirewallRuleGroupId: 'rslvr-frg-47f93271fexample',
  Id: 'rslvr-frgassoc-57e8873d7example',
  ModificationTime: '2026-05-25T21:47:48.755768Z',
  MutationProtection: 'DISABLED',
  Name: 'baseline',
  Priority: 101,
  Status: 'COMPLETE',
  StatusMessage: 'Finished rule group association update',
  VpcId: VPC,
};

describe('SdkDnsReader.firewallAssociations', () => {
  it('lists the associations of one VPC, filtered by VpcId', async () => {
    // Prepare
    const scope = resolver('ListFirewallRuleGroupAssociations', { VpcId: VPC, MaxResults: 100 }).reply(
      200,
      {
        FirewallRuleGroupAssociations: [
          ASSOCIATION,
          { ...ASSOCIATION, Id: 'other', VpcId: 'vpc-0other', ManagedOwnerName: 'AWS Firewall Manager' },
        ],
      },
      JSON_11,
    );

    // Act
    const read = await reader().firewallAssociations(VPC);

    // Assess
    scope.done();
    expect(read).toEqual({
      associations: [
        {
          id: 'rslvr-frgassoc-57e8873d7example',
          name: 'baseline',
          vpcId: VPC,
          ruleGroupId: 'rslvr-frg-47f93271fexample',
          priority: 101,
          status: 'COMPLETE',
          managedOwnerName: null,
        },
      ],
      truncated: false,
    });
  });

  it('lists every association of the region without a VPC, two pages at most', async () => {
    // Prepare
    const first = resolver('ListFirewallRuleGroupAssociations', { MaxResults: 100 }).reply(
      200,
      { FirewallRuleGroupAssociations: [ASSOCIATION], NextToken: 'p2' },
      JSON_11,
    );
    const second = resolver('ListFirewallRuleGroupAssociations', { MaxResults: 100, NextToken: 'p2' }).reply(
      200,
      {
        FirewallRuleGroupAssociations: [
          { ...ASSOCIATION, Id: 'a2', VpcId: 'vpc-0other', ManagedOwnerName: 'AWS Firewall Manager' },
        ],
        NextToken: 'p3',
      },
      JSON_11,
    );

    // Act
    const read = await reader().firewallAssociations(null);

    // Assess
    first.done();
    second.done();
    expect(read.truncated).toBe(true);
    expect(read.associations.map((a) => [a.vpcId, a.managedOwnerName])).toEqual([
      [VPC, null],
      ['vpc-0other', 'AWS Firewall Manager'],
    ]);
  });

  it('reports AccessDenied with the IAM action the call needs', async () => {
    // Prepare
    resolver('ListFirewallRuleGroupAssociations').reply(
      400,
      { __type: 'AccessDeniedException', Message: 'User is not authorized' },
      JSON_11,
    );

    // Act
    const error = await reader()
      .firewallAssociations(VPC)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'route53resolver:ListFirewallRuleGroupAssociations',
      operation: 'ListFirewallRuleGroupAssociations',
    });
  });
});

describe('SdkDnsReader.firewallRules', () => {
  it('reads the rules of one group with their action, block response, redirection action and query type', async () => {
    // Prepare
    const scope = resolver('ListFirewallRules', {
      FirewallRuleGroupId: 'rslvr-frg-47f93271fexample',
      MaxResults: 100,
    }).reply(
      200,
      {
        FirewallRules: [
          {
            Action: 'BLOCK',
            BlockOverrideDnsType: 'CNAME',
            BlockOverrideDomain: 'blocked.example.com.',
            BlockOverrideTtl: 60,
            BlockResponse: 'OVERRIDE',
            CreationTime: '2026-05-25T21:44:00.346093Z',
            CreatorRequestId: 'cli-example',
            FirewallDomainListId: 'rslvr-fdl-9e956e9ffexample',
            FirewallRuleGroupId: 'rslvr-frg-47f93271fexample',
            ModificationTime: '2026-05-25T21:44:00.346093Z',
            Name: 'block-aws',
            Priority: 200,
            FirewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN',
            Qtype: 'a',
          },
          {
            Action: 'ALERT',
            FirewallRuleGroupId: 'rslvr-frg-47f93271fexample',
            Name: 'dga',
            Priority: 300,
            FirewallThreatProtectionId: 'rslvr-ftp-0example',
          },
        ],
      },
      JSON_11,
    );

    // Act
    const read = await reader().firewallRules('rslvr-frg-47f93271fexample');

    // Assess
    scope.done();
    expect(read).toEqual({
      rules: [
        {
          ruleGroupId: 'rslvr-frg-47f93271fexample',
          name: 'block-aws',
          priority: 200,
          action: 'BLOCK',
          domainListId: 'rslvr-fdl-9e956e9ffexample',
          blockResponse: 'OVERRIDE',
          blockOverrideDomain: 'blocked.example.com',
          redirectionAction: 'TRUST_REDIRECTION_DOMAIN',
          qtype: 'A',
        },
        {
          ruleGroupId: 'rslvr-frg-47f93271fexample',
          name: 'dga',
          priority: 300,
          action: 'ALERT',
          domainListId: null,
          blockResponse: null,
          blockOverrideDomain: null,
          redirectionAction: null,
          qtype: null,
        },
      ],
      truncated: false,
    });
  });

  it('reports a throttled call as throttled', async () => {
    resolver('ListFirewallRules').reply(
      400,
      { __type: 'ThrottlingException', Message: 'Rate exceeded' },
      JSON_11,
    );
    const error = await reader()
      .firewallRules('rslvr-frg-1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', operation: 'ListFirewallRules' });
  });
});

describe('SdkDnsReader.firewallDomainLists / firewallDomains', () => {
  it('tells the lists AWS manages from the account’s own', async () => {
    // Prepare
    const scope = resolver('ListFirewallDomainLists', { MaxResults: 100 }).reply(
      200,
      {
        FirewallDomainLists: [
          {
            Arn: 'arn:aws:route53resolver:us-east-1:123456789012:firewall-domain-list/rslvr-fdl-2c46f2ecfexample',
            CreatorRequestId: 'AWSManagedDomainsMalwareDomainList',
            Id: 'rslvr-fdl-2c46f2ecfexample',
            Name: 'AWSManagedDomainsMalwareDomainList',
            ManagedOwnerName: 'Route 53 Resolver DNS Firewall',
          },
          {
            Arn: 'arn:aws:route53resolver:us-east-1:123456789012:firewall-domain-list/rslvr-fdl-9e956e9ffexample',
            CreatorRequestId: 'cli-example',
            Id: 'rslvr-fdl-9e956e9ffexample',
            Name: 'aws-domains',
          },
        ],
      },
      JSON_11,
    );

    // Act
    const read = await reader().firewallDomainLists();

    // Assess
    scope.done();
    expect(read).toEqual({
      lists: [
        {
          id: 'rslvr-fdl-2c46f2ecfexample',
          name: 'AWSManagedDomainsMalwareDomainList',
          managedOwnerName: 'Route 53 Resolver DNS Firewall',
        },
        { id: 'rslvr-fdl-9e956e9ffexample', name: 'aws-domains', managedOwnerName: null },
      ],
      truncated: false,
    });
  });

  it('reads the domains of a list, 5000 a page, without trailing dots and in lower case', async () => {
    // Prepare
    const first = resolver('ListFirewallDomains', {
      FirewallDomainListId: 'rslvr-fdl-9e956e9ffexample',
      MaxResults: 5000,
    }).reply(200, { Domains: ['*.AmazonAWS.com.', 'example.com.'], NextToken: 'p2' }, JSON_11);
    const second = resolver('ListFirewallDomains', {
      FirewallDomainListId: 'rslvr-fdl-9e956e9ffexample',
      MaxResults: 5000,
      NextToken: 'p2',
    }).reply(200, { Domains: ['*'] }, JSON_11);

    // Act
    const read = await reader().firewallDomains('rslvr-fdl-9e956e9ffexample');

    // Assess
    first.done();
    second.done();
    expect(read).toEqual({ domains: ['*.amazonaws.com', 'example.com', '*'], truncated: false });
  });

  it('says when a list had more pages than were read', async () => {
    const page = (token: string | undefined, next: string) =>
      resolver('ListFirewallDomains', {
        FirewallDomainListId: 'rslvr-fdl-big',
        MaxResults: 5000,
        ...(token ? { NextToken: token } : {}),
      }).reply(200, { Domains: ['a.example.'], NextToken: next }, JSON_11);
    const first = page(undefined, 'p2');
    const second = page('p2', 'p3');
    const read = await reader().firewallDomains('rslvr-fdl-big');
    first.done();
    second.done();
    expect(read.truncated).toBe(true);
  });
});
