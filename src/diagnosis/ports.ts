// What the engine needs from AWS, as small interfaces. src/aws implements them with the SDK v3 clients;
// tests may implement them directly. Every method throws AwsCallError (./facts.js) on failure.

import type { ProbeInput, ProbeOutput } from '../probe/schema.js';
import type {
  AccessAssociationCreationHistory,
  AccountInfo,
  ApiResources,
  AwsFailure,
  BasePathMappingInfo,
  CallerIdentity,
  DeploymentInfo,
  DhcpOptionsInfo,
  DomainAccessAssociationInfo,
  DomainNameInfo,
  Fetched,
  FirewallAssociationsRead,
  FirewallDomainListsRead,
  FirewallDomainsRead,
  FirewallRulesRead,
  HostedZonesRead,
  LogEvent,
  LogWindow,
  NetworkAclInfo,
  NetworkInterfaceInfo,
  ResolverRulesRead,
  RestApiInfo,
  RestApiUpdateHistory,
  RoutingRuleInfo,
  SecurityGroupInfo,
  StageInfo,
  VpcEndpointInfo,
  VpcInfo,
  ZoneRecordsRead,
} from './facts.js';
import type { AwsCallStats } from './types.js';

export interface ApiGatewayReader {
  getRestApi(apiId: string): Promise<RestApiInfo>;
  getStages(apiId: string): Promise<StageInfo[]>;
  getDeployment(apiId: string, deploymentId: string): Promise<DeploymentInfo>;
  getAccount(): Promise<AccountInfo>;
  /** Every custom domain name the account owns in the region (paginated inside). */
  getDomainNames(): Promise<DomainNameInfo[]>;
  /** One domain; `domainNameId` is required for a private custom domain name. */
  getDomainName(domainName: string, domainNameId: string | null): Promise<DomainNameInfo>;
  getBasePathMappings(domainName: string, domainNameId: string | null): Promise<BasePathMappingInfo[]>;
  /** A custom domain's routing rules (API Gateway v2 ListRoutingRules, paginated inside). */
  getRoutingRules(domainName: string, domainNameId: string | null): Promise<RoutingRuleInfo[]>;
  /** The access associations of the account's own private custom domains (paginated inside). */
  getDomainNameAccessAssociations(): Promise<DomainAccessAssociationInfo[]>;
  /** The API's resources with their methods, one page (GetResources allows 5 requests per 2 s). */
  getResources(apiId: string): Promise<ApiResources>;
}

export interface IdentityReader {
  /** STS GetCallerIdentity: the account whose APIs the bot reads. */
  callerIdentity(): Promise<CallerIdentity>;
}

export interface Ec2Reader {
  /** Every VPC endpoint in the region (paginated inside). */
  describeVpcEndpoints(): Promise<VpcEndpointInfo[]>;
  describeVpcAttribute(vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean>;
  describeVpcs(vpcIds: string[]): Promise<VpcInfo[]>;
  describeSecurityGroups(groupIds: string[]): Promise<SecurityGroupInfo[]>;
  /** The network ACLs associated with any of these subnets. */
  describeNetworkAcls(subnetIds: string[]): Promise<NetworkAclInfo[]>;
  describeNetworkInterfaces(ids: string[]): Promise<NetworkInterfaceInfo[]>;
  /** Every DHCP option set in the region (no filter, paginated inside): it needs nothing but the region. */
  describeDhcpOptions(): Promise<DhcpOptionsInfo[]>;
}

export interface LogsReader {
  /** Execution-log events of one log group in [startMs, endMs]; a missing group gives logGroupExists=false. */
  readWindow(logGroupName: string, startMs: number, endMs: number): Promise<LogWindow>;
  /**
   * The events of one log group in [startMs, endMs] that contain `phrase` (a quoted-phrase filter), or null when
   * the group does not exist.
   */
  findPhrase(
    logGroupName: string,
    phrase: string,
    startMs: number,
    endMs: number,
  ): Promise<LogEvent[] | null>;
}

/** Route 53 and Route 53 Resolver: who answers which names inside a VPC. */
export interface DnsReader {
  /** The Resolver rules associated with the VPC (bounded pagination; `truncated` says when). */
  resolverRules(vpcId: string): Promise<ResolverRulesRead>;
  /** The private hosted zones associated with the VPC (bounded pagination). */
  hostedZones(vpcId: string, region: string): Promise<HostedZonesRead>;
  /** The records of a private hosted zone that decide `name`: its own, else the nearest covering wildcard's. */
  zoneRecords(zoneId: string, zoneName: string, name: string): Promise<ZoneRecordsRead>;
  /**
   * DNS Firewall rule group associations: of one VPC, or of every VPC in the region when `vpcId` is null (a read
   * that needs no input, so it can start before the caller VPC is known).
   */
  firewallAssociations(vpcId: string | null): Promise<FirewallAssociationsRead>;
  /** The rules of one DNS Firewall rule group. */
  firewallRules(ruleGroupId: string): Promise<FirewallRulesRead>;
  /** The account's DNS Firewall domain lists (with which AWS manages). */
  firewallDomainLists(): Promise<FirewallDomainListsRead>;
  /** The domain specifications of one domain list. */
  firewallDomains(domainListId: string): Promise<FirewallDomainsRead>;
}

export interface CloudTrailReader {
  /**
   * The UpdateRestApi calls on this API in CloudTrail's event history over [startMs, endMs], from ONE
   * LookupEvents page (the API allows 2 requests/s per account and region).
   */
  restApiUpdates(apiId: string, startMs: number, endMs: number): Promise<RestApiUpdateHistory>;
  /** The CreateDomainNameAccessAssociation calls over [startMs, endMs], from ONE LookupEvents page. */
  accessAssociationCreations(startMs: number, endMs: number): Promise<AccessAssociationCreationHistory>;
}

/** The in-VPC probe Lambda (issue 4). */
export interface ProbeRunner {
  /** The probe function for this VPC, or null when none is deployed. */
  findFunction(vpcId: string): Promise<string | null>;
  /** Invoke the probe; resolves with the parsed JSON payload, throws on FunctionError/timeout/bad payload. */
  invoke(functionName: string, input: ProbeInput, timeoutMs: number): Promise<ProbeOutput>;
}

export interface AwsPorts {
  apiGateway: ApiGatewayReader;
  ec2: Ec2Reader;
  logs: LogsReader;
  cloudTrail: CloudTrailReader;
  identity: IdentityReader;
  dns: DnsReader;
  probe: ProbeRunner;
  /** The region every client of this set talks to. */
  region: string;
  /** AWS calls made through these ports so far: one per operation (SDK retries are not counted again). */
  callCounts(): AwsCallStats;
}

/**
 * The accounts one diagnosis may read. A private API is often consumed from other accounts: the API (and its
 * logs and history) lives in a producer account, the caller's VPC, endpoint and DNS in consumer accounts. Each
 * account is read through its own ports (an assumed role), and every read goes to the account that owns the
 * resource.
 */
export interface AccountScope {
  /** False when only the starting credentials' account is configured: then nothing is located or assumed. */
  readonly multiAccount: boolean;
  /** The ports of the starting credentials (the region every client of the scope talks to). */
  readonly home: AwsPorts;
  /** The starting credentials' own account (read once per process). */
  homeAccount(): Promise<Fetched<string>>;
  /**
   * Every account the tool may read, the home account first, without the skipped ones. When discovery through
   * AWS Organizations fails, `accounts` still holds the listed ones and `discoveryError` says why.
   */
  accounts(): Promise<{ accounts: string[]; discoveryError: AwsFailure | null }>;
  /** The ports of one account: the starting credentials for the home account, else its role, assumed once. */
  portsFor(accountId: string): AwsPorts;
  /** The role this tool assumes to read an account, or null for the home account. */
  readRoleFor(accountId: string): string | null;
  /** Where an API or endpoint was found last time (the state table), so the next diagnosis goes straight there. */
  recall(key: string): Promise<string | null>;
  remember(key: string, value: string): Promise<void>;
  /** AWS calls of this diagnosis across every account. */
  callCounts(): AwsCallStats;
}
