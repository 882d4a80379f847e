import { noCalls } from '../../src/diagnosis/call-counter.js';
// Hand-written AwsPorts for orchestration tests: every call is recorded, answers come from a fixture, and a
// call can be held open to observe what runs concurrently.

import {
  type AccessAssociationCreationHistory,
  type ApiResources,
  AwsCallError,
  type BasePathMappingInfo,
  type CallerIdentity,
  type DeploymentInfo,
  type DhcpOptionsInfo,
  type DomainAccessAssociationInfo,
  type DomainNameInfo,
  type FirewallAssociationsRead,
  type FirewallDomainListsRead,
  type FirewallDomainsRead,
  type FirewallRulesRead,
  type HostedZonesRead,
  type LogEvent,
  type ResolverRulesRead,
  type RestApiInfo,
  type RestApiUpdateHistory,
  type RoutingRuleInfo,
  type StageInfo,
  type VpcEndpointInfo,
  type ZoneRecordsRead,
} from '../../src/diagnosis/facts.js';
import type { AwsPorts } from '../../src/diagnosis/ports.js';
import { endpoint as checkEndpoint, stage as checkStage, restApiInfo } from './checks/facts-builder.js';

export interface StubFixture {
  /** Records per `zoneId:name`; a zone without an entry has none for the name. */
  zoneRecords?: Record<string, ZoneRecordsRead>;
  restApi?: RestApiInfo | AwsCallError;
  stages?: StageInfo[] | AwsCallError;
  endpoints?: VpcEndpointInfo[] | AwsCallError;
  cloudwatchRoleArn?: string | null;
  dnsSupport?: boolean;
  dnsHostnames?: boolean;
  deployment?: DeploymentInfo | AwsCallError;
  restApiUpdates?: RestApiUpdateHistory | AwsCallError;
  dhcpOptions?: DhcpOptionsInfo[] | AwsCallError;
  resources?: ApiResources | AwsCallError;
  identity?: CallerIdentity | AwsCallError;
  domainNames?: DomainNameInfo[] | AwsCallError;
  basePathMappings?: BasePathMappingInfo[] | AwsCallError;
  routingRules?: RoutingRuleInfo[] | AwsCallError;
  accessAssociations?: DomainAccessAssociationInfo[] | AwsCallError;
  associationCreations?: AccessAssociationCreationHistory | AwsCallError;
  resolverRules?: ResolverRulesRead | AwsCallError;
  hostedZones?: HostedZonesRead | AwsCallError;
  firewallAssociations?: FirewallAssociationsRead | AwsCallError;
  firewallRules?: Record<string, FirewallRulesRead | AwsCallError>;
  firewallDomainLists?: FirewallDomainListsRead | AwsCallError;
  firewallDomains?: Record<string, FirewallDomainsRead | AwsCallError>;
  /** Lines a quoted-phrase search finds, per log group. */
  requestLogLines?: Record<string, LogEvent[]>;
}

export interface StubPorts extends AwsPorts {
  calls: string[];
  /** Resolves every held call. */
  release(): void;
}

export function stubPorts(fixture: StubFixture, options: { hold?: boolean } = {}): StubPorts {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const answer = async <T>(name: string, value: T | AwsCallError): Promise<T> => {
    calls.push(name);
    if (options.hold) await new Promise<void>((resolve) => waiting.push(resolve));
    if (value instanceof Error) throw value;
    return value;
  };
  return {
    region: 'us-east-1',
    calls,
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
    callCounts: () => noCalls(),
    apiGateway: {
      getRestApi: () => answer('GetRestApi', fixture.restApi ?? privateApi()),
      getStages: () => answer('GetStages', fixture.stages ?? [stage()]),
      getDeployment: (_api, deploymentId) =>
        answer(
          'GetDeployment',
          fixture.deployment ?? {
            id: deploymentId,
            createdDate: '2026-01-01T00:00:00.000Z',
            description: null,
            apiSummary: null,
          },
        ),
      getResources: () =>
        answer(
          'GetResources',
          fixture.resources ?? {
            resources: [
              { id: 'root', path: '/', methods: [{ httpMethod: 'GET', authorizationType: 'NONE' }] },
            ],
            truncated: false,
          },
        ),
      getAccount: () =>
        answer('GetAccount', {
          cloudwatchRoleArn: fixture.cloudwatchRoleArn ?? 'arn:aws:iam::123456789012:role/cw',
        }),
      getDomainNames: () => answer('GetDomainNames', fixture.domainNames ?? []),
      getDomainName: (name, id) => {
        const found = Array.isArray(fixture.domainNames)
          ? fixture.domainNames.find((d) => d.domainName === name && d.domainNameId === id)
          : undefined;
        const missing = new AwsCallError('not-found', 'apigateway:GET', `${name}+${id}`, 'GetDomainName');
        return answer<DomainNameInfo>('GetDomainName', found ?? missing);
      },
      getBasePathMappings: () => answer('GetBasePathMappings', fixture.basePathMappings ?? []),
      getRoutingRules: () => answer('ListRoutingRules', fixture.routingRules ?? []),
      getDomainNameAccessAssociations: () =>
        answer('GetDomainNameAccessAssociations', fixture.accessAssociations ?? []),
    },
    ec2: {
      describeVpcEndpoints: () => answer('DescribeVpcEndpoints', fixture.endpoints ?? [endpoint()]),
      describeVpcAttribute: (_vpc, attribute) =>
        answer(
          `DescribeVpcAttribute:${attribute}`,
          attribute === 'enableDnsSupport' ? (fixture.dnsSupport ?? true) : (fixture.dnsHostnames ?? true),
        ),
      describeVpcs: (ids) =>
        answer(
          'DescribeVpcs',
          ids.map((id) => ({
            id,
            cidrBlocks: ['10.0.0.0/16'],
            ipv6CidrBlocks: [],
            dhcpOptionsId: 'dopt-0a1b',
          })),
        ),
      describeSecurityGroups: (ids) =>
        answer(
          'DescribeSecurityGroups',
          ids.map((id) => ({
            id,
            name: id,
            vpcId: 'vpc-0a1b2c3d',
            ingress: [
              {
                protocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                cidrs: ['10.0.0.0/16'],
                ipv6Cidrs: [],
                groupIds: [],
                prefixListIds: [],
              },
            ],
            egress: [
              { protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], groupIds: [], prefixListIds: [] },
            ],
          })),
        ),
      describeNetworkAcls: () => answer('DescribeNetworkAcls', []),
      describeNetworkInterfaces: () => answer('DescribeNetworkInterfaces', []),
      describeDhcpOptions: () =>
        answer(
          'DescribeDhcpOptions',
          fixture.dhcpOptions ?? [{ id: 'dopt-0a1b', domainNameServers: ['AmazonProvidedDNS'] }],
        ),
    },
    logs: {
      readWindow: (group, startMs, endMs) =>
        answer('FilterLogEvents', {
          logGroupName: group,
          logGroupExists: true,
          startMs,
          endMs,
          events: [],
          truncated: false,
        }),
      findPhrase: (group, phrase) =>
        answer(`FilterLogEvents:${phrase}`, fixture.requestLogLines?.[group] ?? []),
    },
    dns: {
      resolverRules: () =>
        answer(
          'ListResolverRules',
          fixture.resolverRules ?? { rules: [], associationCount: 0, unreadRuleIds: [], truncated: false },
        ),
      hostedZones: () =>
        answer('ListHostedZonesByVPC', fixture.hostedZones ?? { zones: [], truncated: false }),
      zoneRecords: (zoneId, _zoneName, name) =>
        answer(
          `ListResourceRecordSets:${zoneId}:${name}`,
          fixture.zoneRecords?.[`${zoneId}:${name}`] ?? { exact: [], wildcard: [], truncated: false },
        ),
      firewallAssociations: (vpcId) =>
        answer(
          vpcId ? `ListFirewallRuleGroupAssociations:${vpcId}` : 'ListFirewallRuleGroupAssociations',
          fixture.firewallAssociations ?? { associations: [], truncated: false },
        ),
      firewallRules: (groupId) =>
        answer(
          `ListFirewallRules:${groupId}`,
          fixture.firewallRules?.[groupId] ?? { rules: [], truncated: false },
        ),
      firewallDomainLists: () =>
        answer('ListFirewallDomainLists', fixture.firewallDomainLists ?? { lists: [], truncated: false }),
      firewallDomains: (listId) =>
        answer(
          `ListFirewallDomains:${listId}`,
          fixture.firewallDomains?.[listId] ?? { domains: [], truncated: false },
        ),
    },
    identity: {
      callerIdentity: () =>
        answer(
          'GetCallerIdentity',
          fixture.identity ?? { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:role/bot' },
        ),
    },
    cloudTrail: {
      restApiUpdates: (_api, startMs, endMs) =>
        answer(
          'LookupEvents',
          fixture.restApiUpdates ?? {
            state: 'read',
            startMs,
            endMs,
            updates: [],
            eventsRead: 0,
            truncated: false,
            oldestEventMs: null,
          },
        ),
      accessAssociationCreations: (startMs, endMs) =>
        answer(
          'LookupEvents:CreateDomainNameAccessAssociation',
          fixture.associationCreations ?? { startMs, endMs, creations: [], truncated: false },
        ),
    },
    probe: {
      findFunction: () => answer('ListFunctions', null),
      invoke: () => answer('Invoke', {} as never),
    },
  };
}

/** The API of the orchestration tests: private, and denying every endpoint but `endpoint()`'s. */
export function privateApi(overrides: Partial<RestApiInfo> = {}): RestApiInfo {
  return restApiInfo({
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60718' } },
        },
      ],
    }),
    ...overrides,
  });
}

export function stage(overrides: Partial<StageInfo> = {}): StageInfo {
  return checkStage({ metricsEnabled: true, ...overrides });
}

/** A realistic endpoint (full-length ids, two subnets, a DNS name) that `privateApi()`'s policy allows. */
export function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return checkEndpoint({
    id: 'vpce-0a1b2c3d4e5f60718',
    vpcId: 'vpc-0a1b2c3d',
    ownerId: '123456789012',
    subnetIds: ['subnet-0a', 'subnet-0b'],
    securityGroupIds: ['sg-0a1b2c3d'],
    networkInterfaceIds: ['eni-0a', 'eni-0b'],
    dnsNames: ['vpce-0a1b2c3d4e5f60718-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com'],
    ...overrides,
  });
}
