// The facts a diagnosis gathers, in the engine's own vocabulary (not SDK shapes). The AWS gateways in
// src/aws translate SDK responses into these; the pure checks read only these.

import type { ProbeOutput } from '../probe/schema.js';
import type { DiagnosisRequest, UrlForm } from './types.js';

/** Why an AWS call produced no answer. `action` is the IAM action, e.g. `ec2:DescribeVpcEndpoints`. */
export type AwsFailureKind =
  | 'not-found'
  | 'access-denied'
  | 'throttled'
  | 'timeout'
  | 'unreachable'
  /** The SDK found no credentials at all (no profile, variables, or role): nothing was sent. */
  | 'no-credentials'
  | 'other';

export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly kind: AwsFailureKind,
    /** IAM action the call needs, e.g. `apigateway:GET` or `ec2:DescribeSecurityGroups`. */
    readonly action: string,
    message: string,
    /** The API operation, e.g. `GetRestApi`. */
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AwsFailure {
  kind: AwsFailureKind;
  action: string;
  operation: string;
  message: string;
}

/** The outcome of one gathered fact: its value, or why it could not be had. `ms` is its wall time. */
export type Fetched<T> = { ok: true; value: T; ms: number } | { ok: false; error: AwsFailure; ms: number };

export interface RestApiInfo {
  id: string;
  name: string;
  /** `PRIVATE`, `REGIONAL`, `EDGE`. */
  endpointTypes: string[];
  /** endpointConfiguration.vpcEndpointIds: endpoints with an `{api}-{vpce}` alias. */
  vpcEndpointIds: string[];
  /** The resource policy exactly as GetRestApi returned it (often escaped), or null. */
  policy: string | null;
  createdDate: string | null;
  /** True when callers must use a custom domain name: every execute-api hostname then answers 403 Forbidden. */
  disableExecuteApiEndpoint: boolean;
  /** The TLS security policy (`TLS_1_2`, `SecurityPolicy_TLS13_1_3_2025_09`, …), or null when not returned. */
  securityPolicy: string | null;
  /** `BASIC` or `STRICT` (enhanced `SecurityPolicy_*` policies only), or null when not set. */
  endpointAccessMode: string | null;
  /** `AVAILABLE`, `UPDATING`, `PENDING`, `FAILED`, or null when not returned (older APIs, emulators). */
  apiStatus: string | null;
  apiStatusMessage: string | null;
  /** The resource's tags, when it has any: who manages it (model/ownership.ts) is read from them. */
  tags?: Record<string, string>;
}

/** A custom domain name (GetDomainNames / GetDomainName), private ones (2024+) included. */
export interface DomainNameInfo {
  domainName: string;
  /** Private custom domains only: the id that, with the name, identifies the domain (`{name}+{id}`). */
  domainNameId: string | null;
  /** `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{id}` for a private domain. */
  domainNameArn: string | null;
  /** `PRIVATE`, `REGIONAL`, `EDGE`. */
  endpointTypes: string[];
  /** `AVAILABLE`, `UPDATING`, `PENDING`, `PENDING_CERTIFICATE_REIMPORT`, `PENDING_OWNERSHIP_VERIFICATION`, `FAILED`. */
  status: string | null;
  statusMessage: string | null;
  securityPolicy: string | null;
  endpointAccessMode: string | null;
  /** The execute-api resource policy of a private domain (who may invoke through it), as returned. */
  policy: string | null;
  /** Who may create access associations from other accounts (apigateway:CreateAccessAssociation). */
  managementPolicy: string | null;
  /** `BASE_PATH_MAPPING_ONLY`, `ROUTING_RULE_ONLY`, `ROUTING_RULE_THEN_BASE_PATH_MAPPING`, or null (mappings). */
  routingMode: string | null;
}

/** A domain name access association: one VPC endpoint allowed to reach one private custom domain. */
export interface DomainAccessAssociationInfo {
  arn: string | null;
  domainNameArn: string | null;
  /** `VPCE`. */
  sourceType: string | null;
  /** The VPC endpoint id. */
  source: string | null;
}

export interface BasePathMappingInfo {
  /** `(none)` is the root mapping, as API Gateway returns it. */
  basePath: string;
  restApiId: string | null;
  stage: string | null;
}

/** One routing rule of a custom domain (API Gateway v2 ListRoutingRules): all its conditions must hold. */
export interface RoutingRuleInfo {
  routingRuleId: string;
  /** Lower first; API Gateway stops at the first rule whose conditions hold. */
  priority: number;
  /** The base paths of its MatchBasePaths condition (any of them, case-sensitive); null: no base path condition. */
  basePaths: string[] | null;
  /** Its MatchHeaders condition: every header must be present with a value matching the glob. */
  headers: Array<{ header: string; valueGlob: string }>;
  /** The stage its InvokeApi action invokes; null when the rule has no InvokeApi action. */
  target: { apiId: string; stage: string; stripBasePath: boolean } | null;
}

/** What was read about the private custom domain the caller uses (issue 9, domain-reference A2 #24). */
export interface CustomDomainFacts {
  name: string;
  /** The URL's base path ('' for the root), or null when only --domain named the domain. */
  basePath: string | null;
  /** Every custom domain name this account owns in the region (resourceOwner SELF). */
  domains: Fetched<DomainNameInfo[]>;
  /** GetDomainName with the private domain's id; null when no private domain has this name. */
  domain: Fetched<DomainNameInfo> | null;
  /** This account's domains' access associations (resourceOwner SELF). */
  accessAssociations: Fetched<DomainAccessAssociationInfo[]>;
  /** The private domain's base path mappings; null when no private domain has this name. */
  mappings: Fetched<BasePathMappingInfo[]> | null;
  /**
   * The private domain's routing rules: read (beside the mappings) only when the domain list says its routingMode
   * lets rules decide; null otherwise.
   */
  routingRules: Fetched<RoutingRuleInfo[]> | null;
  /**
   * CloudTrail's CreateDomainNameAccessAssociation calls of the last minutes (GetDomainNameAccessAssociations gives
   * no creation time): read only when the domain has an access association, to tell one that is not ready yet.
   */
  associationCreations: Fetched<AccessAssociationCreationHistory> | null;
}

/** A successful CreateDomainNameAccessAssociation call in CloudTrail's event history. */
export interface AccessAssociationCreation {
  eventId: string;
  /** ISO 8601. */
  eventTime: string;
  actorArn: string | null;
  domainNameArn: string | null;
  /** The VPC endpoint id the association is for. */
  source: string | null;
}

export interface AccessAssociationCreationHistory {
  startMs: number;
  endMs: number;
  creations: AccessAssociationCreation[];
  /** True when the one page read did not hold every event of the window. */
  truncated: boolean;
}

export interface RestApiSummary {
  id: string;
  name: string;
  endpointTypes: string[];
}

export type LoggingLevel = 'OFF' | 'ERROR' | 'INFO';

export interface StageInfo {
  stageName: string;
  deploymentId: string | null;
  /** The `*\/*` method setting; OFF when absent (API Gateway's default). */
  loggingLevel: LoggingLevel;
  dataTraceEnabled: boolean;
  metricsEnabled: boolean;
  lastUpdatedDate: string | null;
  /** accessLogSettings.destinationArn: a CloudWatch Logs group (or Firehose stream) ARN, null when off. */
  accessLogDestinationArn: string | null;
  /** The resource's tags, when it has any: who manages it (model/ownership.ts) is read from them. */
  tags?: Record<string, string>;
}

/** The deployment a stage serves (GetDeployment): what the stage runs, frozen when it was created. */
export interface DeploymentInfo {
  id: string;
  /** ISO time the deployment was created: later resource-policy changes are not live on the stage. */
  createdDate: string | null;
  description: string | null;
  /**
   * The routes the deployment serves (GetDeployment embed=apisummary): resource path → HTTP method → how it is
   * authorised, frozen when the deployment was made. Null when AWS did not return it.
   */
  apiSummary: Record<string, Record<string, DeployedMethod>> | null;
}

/** A method as a deployment froze it (MethodSnapshot). */
export interface DeployedMethod {
  authorizationType: string | null;
  apiKeyRequired: boolean | null;
}

/** One successful UpdateRestApi call on this API, as CloudTrail recorded it. */
export interface RestApiUpdate {
  eventId: string;
  /** ISO time of the call. */
  eventTime: string;
  /** userIdentity.arn of the caller, when CloudTrail gives one. */
  actorArn: string | null;
  /** The patch operations' paths (e.g. `/policy`); null when the record does not show them. */
  patchPaths: string[] | null;
}

/** The UpdateRestApi calls on this API that CloudTrail's event history returned for [startMs, endMs], newest first. */
export interface RestApiUpdateHistory {
  state: 'read';
  startMs: number;
  endMs: number;
  updates: RestApiUpdate[];
  /** UpdateRestApi events read, for every API of the region (the lookup cannot filter by API). */
  eventsRead: number;
  /** True when more events matched than one page returned: nothing older than `oldestEventMs` was seen. */
  truncated: boolean;
  oldestEventMs: number | null;
}

/** One method of a resource (GetResources embed=methods): how callers are authorised on it. */
export interface MethodInfo {
  /** `GET`, `POST`, … or `ANY`. */
  httpMethod: string;
  /** `NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`. */
  authorizationType: string;
}

export interface ApiResourceInfo {
  id: string;
  /** e.g. `/`, `/pets/{id}`, `/{proxy+}`. */
  path: string;
  methods: MethodInfo[];
}

/**
 * The API's resources and methods as GetResources returns them now — the *current* definition, not the deployed
 * snapshot a stage serves (a change made after the stage's deployment is not live yet). One page of 500.
 */
export interface ApiResources {
  resources: ApiResourceInfo[];
  /** True when the API has more resources than one page returned. */
  truncated: boolean;
}

/** Who the bot's credentials are (STS GetCallerIdentity): the account owns every API they can read. */
export interface CallerIdentity {
  accountId: string;
  arn: string;
}

export interface AccountInfo {
  cloudwatchRoleArn: string | null;
}

export interface VpcEndpointInfo {
  id: string;
  vpcId: string;
  /** e.g. `com.amazonaws.us-east-1.execute-api`. */
  serviceName: string;
  /** `Interface`, `Gateway`, … */
  type: string;
  /** `available`, `pendingAcceptance`, `pending`, `deleting`, `failed`, … (as EC2 returns it). */
  state: string;
  privateDnsEnabled: boolean;
  ownerId: string | null;
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  /** Policy document as returned (a JSON string), or null for the default full-access policy. */
  policyDocument: string | null;
  dnsNames: string[];
  /** The resource's tags, when it has any: who manages it (model/ownership.ts) is read from them. */
  tags?: Record<string, string>;
}

export interface VpcInfo {
  id: string;
  /** The primary CIDR first: the VPC's DNS resolver is at its base address + 2. */
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  /** The DHCP option set the VPC uses, or null when it uses none (EC2 says `default`). */
  dhcpOptionsId: string | null;
}

/** A DHCP option set (DescribeDhcpOptions): the DNS servers it hands to instances decide how names resolve. */
export interface DhcpOptionsInfo {
  id: string;
  /** The `domain-name-servers` values as given (`AmazonProvidedDNS` or addresses); empty when not set. */
  domainNameServers: string[];
}

export interface SecurityGroupRule {
  /** `-1` (all), `tcp`, `udp`, `icmp`, or a protocol number as a string. */
  protocol: string;
  /** Undefined for protocol -1. */
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  ipv6Cidrs: string[];
  groupIds: string[];
  prefixListIds: string[];
}

export interface SecurityGroupInfo {
  id: string;
  name: string;
  vpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** `-1` (all), `6` (tcp), `17` (udp)… as EC2 returns it. */
  protocol: string;
  action: 'allow' | 'deny';
  cidrBlock: string | null;
  ipv6CidrBlock: string | null;
  portRange: { from: number; to: number } | null;
}

export interface NetworkAclInfo {
  id: string;
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

export interface NetworkInterfaceInfo {
  id: string;
  subnetId: string;
  privateIpAddresses: string[];
  ipv6Addresses: string[];
}

export interface LogEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
}

export interface LogWindow {
  logGroupName: string;
  /** False when the log group does not exist (no request was ever logged). */
  logGroupExists: boolean;
  startMs: number;
  endMs: number;
  events: LogEvent[];
  /** True when more events matched than were read. */
  truncated: boolean;
}

/** A Route 53 Resolver rule associated with a VPC: names under `domainName` go where the rule says. */
export interface ResolverRuleInfo {
  id: string;
  name: string | null;
  /** Lower case, without the trailing dot; `` (empty) for the root rule `.`, which matches every name. */
  domainName: string;
  /** `FORWARD` (send to targetIps), `SYSTEM` (Resolver answers itself), `RECURSIVE`, `DELEGATE`. */
  ruleType: string;
  targetIps: string[];
  ownerId: string | null;
  /** `NOT_SHARED`, `SHARED_WITH_ME`, `SHARED_BY_ME` (RAM). */
  shareStatus: string | null;
}

/** The Resolver rules associated with one VPC (ListResolverRuleAssociations joined with ListResolverRules). */
export interface ResolverRulesRead {
  rules: ResolverRuleInfo[];
  /** How many associations the VPC has; a rule that could not be read is named in `unreadRuleIds`. */
  associationCount: number;
  unreadRuleIds: string[];
  /** True when a list had more pages than were read (the reads are bounded): rules beyond them were not seen. */
  truncated: boolean;
}

/** A private hosted zone associated with a VPC (ListHostedZonesByVPC). */
export interface HostedZoneRef {
  id: string;
  /** Lower case, without the trailing dot. */
  name: string;
  owningAccount: string | null;
  /** Set for a zone an AWS service manages for itself (not one a user created). */
  owningService: string | null;
}

export interface HostedZonesRead {
  zones: HostedZoneRef[];
  truncated: boolean;
}

/** A Route 53 Resolver DNS Firewall rule group associated with a VPC (ListFirewallRuleGroupAssociations). */
export interface FirewallAssociationInfo {
  id: string;
  name: string | null;
  vpcId: string;
  ruleGroupId: string;
  /** The VPC's rule groups are applied in ascending priority (100–9900). */
  priority: number;
  /** `COMPLETE`, `UPDATING`, `DELETING`. */
  status: string | null;
  /** Set when a service manages the association (AWS Firewall Manager), not the account itself. */
  managedOwnerName: string | null;
}

export interface FirewallAssociationsRead {
  associations: FirewallAssociationInfo[];
  /** True when a list had more pages than were read: associations beyond them were not seen. */
  truncated: boolean;
}

/** One DNS Firewall rule of a rule group (ListFirewallRules). */
export interface FirewallRuleInfo {
  ruleGroupId: string;
  name: string | null;
  /** Unique in its group; rules are applied in ascending priority and the first match decides. */
  priority: number;
  /** `ALLOW`, `BLOCK`, `ALERT`. */
  action: string;
  /** Null for a rule that inspects something other than a domain list (DNS Firewall Advanced protections). */
  domainListId: string | null;
  /** `NODATA`, `NXDOMAIN`, `OVERRIDE` (BLOCK only). */
  blockResponse: string | null;
  blockOverrideDomain: string | null;
  /** `INSPECT_REDIRECTION_DOMAIN` (default: every name of a CNAME chain is inspected) or `TRUST_REDIRECTION_DOMAIN`. */
  redirectionAction: string | null;
  /** The DNS query type the rule applies to (`A`, `AAAA`, `TYPE28`…); null for every type. */
  qtype: string | null;
}

export interface FirewallRulesRead {
  rules: FirewallRuleInfo[];
  truncated: boolean;
}

/** A DNS Firewall domain list's metadata (ListFirewallDomainLists). */
export interface FirewallDomainListInfo {
  id: string;
  name: string | null;
  /** Set for a list AWS manages (threat lists): its domains cannot be read, and it holds no AWS service names. */
  managedOwnerName: string | null;
}

export interface FirewallDomainListsRead {
  lists: FirewallDomainListInfo[];
  truncated: boolean;
}

/** The domain specifications of one list (ListFirewallDomains): lower case, no trailing dot, maybe `*`-prefixed. */
export interface FirewallDomainsRead {
  domains: string[];
  truncated: boolean;
}

/**
 * The DNS Firewall of the caller VPCs: their rule group associations, the rules of those groups, and the domains
 * of the lists those rules use. Rules and domains are read only when a caller VPC has an association.
 */
export interface DnsFirewallFacts {
  /** The associations of every caller VPC (read region-wide, or filtered by VPC; the check filters by VPC). */
  associations: Fetched<FirewallAssociationsRead>;
  ruleGroups: { ruleGroupId: string; rules: Fetched<FirewallRulesRead> }[];
  /** Which lists AWS manages: null when no rule was read. */
  domainLists: Fetched<FirewallDomainListsRead> | null;
  domains: { domainListId: string; domains: Fetched<FirewallDomainsRead> }[];
}

/** One record set of a private hosted zone (ListResourceRecordSets), as far as name resolution needs it. */
export interface DnsRecordInfo {
  /** Lower case, without the trailing dot; a wildcard starts with `*.`. */
  name: string;
  /** `A`, `AAAA`, `CNAME`, … */
  type: string;
  /** The record's values (addresses, or the CNAME's target name); empty for an alias. */
  values: string[];
  /** An alias record's target DNS name (lower case, no trailing dot); null for a plain record. */
  aliasTarget: string | null;
}

/** The records of one zone that decide one name: those of the name itself, else of the nearest wildcard. */
export interface ZoneRecordsRead {
  /** Record sets named exactly as the name (every type; several for weighted or failover routing). */
  exact: DnsRecordInfo[];
  /** When the name has none: the record sets of the most specific wildcard of the zone that covers it. */
  wildcard: DnsRecordInfo[];
  /** True when a list was cut short: a record past it was not seen. */
  truncated: boolean;
}

/** The records read from `zoneId` for `name`. */
export interface ZoneRecordsLookup {
  zoneId: string;
  name: string;
  records: Fetched<ZoneRecordsRead>;
}

/** The DNS configuration of one caller VPC beyond its attributes: who answers which names there. */
export interface DnsLayer {
  vpcId: string;
  resolverRules: Fetched<ResolverRulesRead>;
  hostedZones: Fetched<HostedZonesRead>;
  /** The records of the private hosted zones that answer the caller's name (and each name it points to). */
  zoneRecords: ZoneRecordsLookup[];
}

/** One log group searched for the probe's request ids. */
export interface RequestLogSearch {
  logGroupName: string;
  kind: 'execution' | 'access';
  /** False when the group does not exist. */
  exists: boolean;
  /** Events that contain one of the request ids. */
  events: LogEvent[];
}

/** Where the probe's own requests were looked for in the stage's logs, and what was found. */
export interface RequestLogMatch {
  /** The x-amzn-RequestId values of the probe's HTTPS answers that were searched. */
  requestIds: string[];
  searches: RequestLogSearch[];
  /** Searches made per group (the first, then retries while the logs may still be arriving). */
  attempts: number;
  /** Time from the probe's answer to the last search, in ms: how long the logs had to arrive. */
  waitedMs: number;
  /** A log destination that cannot be searched here (an access-log Firehose stream, say), with why. */
  notSearched: { destination: string; reason: string }[];
}

/** Why the caller's VPC was chosen: the user said so, or inferred from the API's configuration. */
export type CallerVpcSource =
  | 'vpc-flag'
  | 'vpce-flag'
  | 'security-group-flag'
  | 'endpoint-configuration'
  | 'policy-source-vpce'
  | 'policy-source-vpc'
  /** A domain name access association of the private custom domain the caller uses. */
  | 'domain-access-association';

export interface CallerVpc {
  vpcId: string;
  sources: CallerVpcSource[];
  /** The execute-api interface endpoints of this VPC (any region's service; wrong-region ones included). */
  endpoints: VpcEndpointInfo[];
  enableDnsSupport: Fetched<boolean> | null;
  enableDnsHostnames: Fetched<boolean> | null;
}

/** A VPC endpoint id named by the request or the API's configuration that DescribeVpcEndpoints did not show. */
export interface UnknownEndpointRef {
  vpceId: string;
  source: CallerVpcSource;
}

/** An account the diagnosis could not read, with the role it tried. */
export interface UnreadableAccount {
  accountId: string;
  /** The role assumed there (null: the starting credentials' own account). */
  roleArn: string | null;
  error: AwsFailure;
}

/** Which accounts a diagnosis read, and which account owns each resource it read. */
export interface AccountsFacts {
  /** False when only the tool's own account is configured: nothing else was searched. */
  multiAccount: boolean;
  /** The API's account, when the API was located (multi-account only; else see Facts.accountId). */
  producer: string | null;
  /** How the API's account was known: the --account hint, an earlier diagnosis, or a search of every account. */
  producerFoundBy: 'hint' | 'memory' | 'search' | null;
  /** The accounts that own the caller VPCs examined. */
  consumers: string[];
  /** Every account the locating step read. */
  searched: string[];
  /** Accounts that could not be read (role not assumed, calls denied, throttled…). */
  unreadable: UnreadableAccount[];
  /** Why discovering the organisation's accounts failed, when it was asked for and did. */
  discoveryError: AwsFailure | null;
  /** The owner account of each resource id read in another account than the producer's (endpoints, VPCs…). */
  owners: Record<string, string>;
}

/** A caller VPC named by the request or the API's policy that no readable account shows (several accounts). */
export interface UnknownVpcRef {
  vpcId: string;
  source: CallerVpcSource;
}

export interface Facts {
  request: DiagnosisRequest;
  /** The accounts read; with one account, `multiAccount` is false and the rest is empty. */
  accounts: AccountsFacts;
  region: string;
  /**
   * The API's account: the account of the bot's own credentials (GetCallerIdentity), which can only read APIs of
   * their own account. Never taken from a policy (a policy naming the wrong account must not look right). Null
   * when the identity could not be read.
   */
  accountId: string | null;
  /** GetCallerIdentity's answer, or why it could not be had. */
  callerIdentity: Fetched<CallerIdentity> | null;
  /** When the diagnosis ran (epoch ms): aws:CurrentTime and aws:EpochTime of the policies' date conditions. */
  nowMs: number;
  urlForm: UrlForm;
  restApi: Fetched<RestApiInfo>;
  /** The API's resources and their methods' authorization (GetResources embed=methods, one page). */
  apiResources: Fetched<ApiResources> | null;
  stages: Fetched<StageInfo[]> | null;
  /** The stage under diagnosis (the requested one, or the only one), null when it cannot be chosen. */
  stage: StageInfo | null;
  account: Fetched<AccountInfo> | null;
  /** Every VPC endpoint in the region (not only execute-api), as DescribeVpcEndpoints returned them. */
  endpoints: Fetched<VpcEndpointInfo[]> | null;
  callerVpcs: CallerVpc[];
  unknownEndpointRefs: UnknownEndpointRef[];
  /** Across accounts: caller VPCs (named by --vpc or the policy) that no readable account shows. */
  unknownVpcRefs: UnknownVpcRef[];
  vpcs: Fetched<VpcInfo[]> | null;
  /**
   * Every DHCP option set of the region: read only when the caller may use the private-DNS name and the probe is
   * off (the probe's live DNS answer says more than the configuration).
   */
  dhcpOptions: Fetched<DhcpOptionsInfo[]> | null;
  securityGroups: Fetched<SecurityGroupInfo[]> | null;
  /**
   * The caller endpoints' network interfaces (their addresses), read when the probe runs or the caller's security
   * groups are known: both need to know exactly where the endpoint answers.
   */
  endpointInterfaces: Fetched<NetworkInterfaceInfo[]> | null;
  networkAcls: Fetched<NetworkAclInfo[]> | null;
  logs: Fetched<LogWindow> | null;
  /** The chosen stage's deployment: only for a private API whose stage has a deployment. */
  deployment: Fetched<DeploymentInfo> | null;
  /** CloudTrail's record of UpdateRestApi calls on this API: only for a private API with a chosen stage. */
  restApiUpdates: Fetched<RestApiUpdateHistory> | null;
  /** Only when the caller uses a private custom domain name (a custom-domain URL or --domain). */
  customDomain: CustomDomainFacts | null;
  probe: ProbeFact;
  /** Resolver rules and private hosted zones of each caller VPC (same order as callerVpcs). */
  dnsLayers: DnsLayer[];
  /** DNS Firewall rule groups of the caller VPCs: null when no caller VPC is known (or the API is missing). */
  dnsFirewall: DnsFirewallFacts | null;
  /**
   * The probe's request ids looked up in the stage's execution (and access) logs: only when the probe got an
   * answer carrying a request id and the stage logs somewhere.
   */
  probeRequestLogs: Fetched<RequestLogMatch> | null;
}

// ---- In-VPC probe (issue 4). The probe's own input/output schema lives in src/probe/schema.ts; the engine
// sees it through this summary so the core stays independent of the Lambda transport.

export type ProbeFact =
  | { state: 'disabled' } // --no-probe
  | { state: 'not-configured'; vpcId: string | null }
  | {
      state: 'error';
      vpcId: string;
      functionName: string | null;
      message: string;
      ms: number;
      /** The AWS call that failed (ListFunctions or Invoke), when it was one: a denial names its IAM action. */
      failure?: AwsFailure;
    }
  | {
      state: 'ran';
      vpcId: string;
      functionName: string;
      ms: number;
      result: ProbeOutput;
      /** The endpoints' network-interface addresses (DescribeNetworkInterfaces): what private DNS should give. */
      endpointAddresses: string[];
    };
