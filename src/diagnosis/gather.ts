// Gathers the facts of one diagnosis from the AWS ports. Independent calls start together; a dependent call
// starts as soon as its inputs have arrived; no call is made twice. The longest chain is
//   GetRestApi ‖ DescribeVpcEndpoints ‖ GetResources ‖ GetCallerIdentity ‖
//   (private-DNS name, no probe: DescribeDhcpOptions)  →
//   DescribeSecurityGroups ‖ DescribeNetworkAcls ‖ DescribeVpcs ‖ DescribeVpcAttribute×2 ‖
//   (probe or --sg: DescribeNetworkInterfaces) ‖ (probe: ListFunctions → Invoke)
// while GetStages → FilterLogEvents, GetRestApi ‖ GetStages → GetDeployment, GetAccount and LookupEvents run
// beside it. A private custom domain (custom-domain URL or --domain) adds, also beside it,
//   GetDomainNames ‖ GetDomainNameAccessAssociations  →  GetDomainName ‖ GetBasePathMappings
//   (‖ ListRoutingRules, when the domain's routingMode lets routing rules decide)
//   (‖ LookupEvents of CreateDomainNameAccessAssociation, when the domain has an association)
// (the domain's id, which the last two need, comes from the list): still 2 dependent waves. The DNS layer of
// each caller VPC (ListResolverRuleAssociations ‖ ListResolverRules, ListHostedZonesByVPC) starts as soon as that
// VPC is known: at level 0 for --vpc, else beside the level-1 EC2 reads. The DNS Firewall's rule group
// associations need no input (ListFirewallRuleGroupAssociations, region-wide or filtered by --vpc) and start at
// level 0; only when a caller VPC has one do its rules (level 1) and their domain lists (level 2) follow — one wave
// more, in accounts that use DNS Firewall (see dns-firewall-gather.ts). Only a probe that ran adds a wave too: its
// request ids are then looked up in the stage's logs.

import { multiAccountRouting, type Routing, singleAccountRouting } from './account-routing.js';
import { isPrivateApi } from './checks/api.js';
import { callerHostname } from './dns/caller-view.js';
import { MAX_HOPS, recordsNeeded, userZones, type VpcDnsView } from './dns/resolution.js';
import { gatherDnsFirewall, startFirewallAssociations } from './dns-firewall-gather.js';
import type {
  CallerVpc,
  CallerVpcSource,
  CustomDomainFacts,
  DnsFirewallFacts,
  DnsLayer,
  Facts,
  Fetched,
  HostedZoneRef,
  NetworkInterfaceInfo,
  ProbeFact,
  RequestLogMatch,
  RestApiInfo,
  StageInfo,
  UnknownEndpointRef,
  VpcEndpointInfo,
  ZoneRecordsLookup,
} from './facts.js';
import { fetched } from './fetched.js';
import type { CallerSearch } from './locate.js';
import {
  endpointsInUse,
  isExecuteApiInterface,
  servesRegion,
  usesPrivateDnsName,
} from './model/endpoints.js';
import { parsePolicy } from './policy/index.js';
import type { PolicyStatement } from './policy/types.js';
import type { AccountScope, AwsPorts, Ec2Reader } from './ports.js';
import { gatherProbe } from './probe-gather.js';
import { findProbeRequests, logGroupName } from './request-logs-gather.js';
import type { DiagnosisRequest } from './types.js';

export interface GatherOptions {
  now: () => number;
  /** The accounts to read; unset, everything is read through `ports` (one account). */
  accounts?: AccountScope;
  /** Upper bound for the whole probe invocation. */
  probeTimeoutMs: number;
  /** Waits before each new search of the logs for the probe's request ids (execution logs arrive late). */
  requestLogRetryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** Two more searches, 3 s and 5 s apart: execution logs usually arrive within seconds; this caps the wait. */
export const DEFAULT_REQUEST_LOG_RETRY_DELAYS_MS = [3_000, 5_000] as const;

/**
 * How far back the CloudTrail lookup reads. Event history keeps 90 days; a day less keeps StartTime safely inside
 * it, as LookupEvents refuses a time range outside the history (InvalidTimeRangeException).
 */
export const CLOUDTRAIL_LOOKBACK_MS = 89 * 24 * 60 * 60 * 1000;

export { logGroupName };

/** The stage to diagnose: the one asked for, else the only one. */
export function chooseStage(request: DiagnosisRequest, stages: Fetched<StageInfo[]>): StageInfo | null {
  if (!stages.ok) return null;
  if (request.stage) return stages.value.find((s) => s.stageName === request.stage) ?? null;
  return stages.value.length === 1 ? (stages.value[0] ?? null) : null;
}

/**
 * The endpoints and VPCs a resource policy lets in: values of aws:SourceVpce / aws:SourceVpc in an Allow with a
 * positive operator (StringEquals…) or in a Deny with a negated one (StringNotEquals…: "deny all but these").
 * An id a Deny names positively is one the policy shuts out, not a caller to diagnose.
 */
export function idsNamedInPolicy(policy: string | null): { vpceIds: string[]; vpcIds: string[] } {
  if (!policy) return { vpceIds: [], vpcIds: [] };
  let statements: PolicyStatement[];
  try {
    statements = parsePolicy(policy).statements;
  } catch {
    return { vpceIds: [], vpcIds: [] }; // the resource-policy check reports the unparseable policy
  }
  const vpceIds = new Set<string>();
  const vpcIds = new Set<string>();
  for (const statement of statements) {
    for (const clause of statement.conditions) {
      const negated = /Not(Equals|Like)/i.test(clause.operator);
      if (negated !== (statement.effect === 'Deny')) continue;
      const key = clause.key.toLowerCase();
      const target = key === 'aws:sourcevpce' ? vpceIds : key === 'aws:sourcevpc' ? vpcIds : null;
      for (const value of clause.values) if (target && !value.includes('*')) target.add(value);
    }
  }
  return { vpceIds: [...vpceIds], vpcIds: [...vpcIds] };
}

/** The chosen stage, when the API is a private one: the only case the deployment check judges. */
function privateStage(
  restApi: Fetched<RestApiInfo>,
  request: DiagnosisRequest,
  stages: Fetched<StageInfo[]>,
): StageInfo | null {
  return restApi.ok && isPrivateApi(restApi.value) ? chooseStage(request, stages) : null;
}

interface CallerSelection {
  callerVpcs: Map<string, CallerVpcSource[]>;
  unknownEndpointRefs: UnknownEndpointRef[];
}

/**
 * Which VPC(s) the caller is in: what the user said (--vpc, --vpce or the URL's endpoint) wins; otherwise every VPC
 * the API's configuration points at (associated endpoints, policy conditions) is a candidate, checked in turn.
 */
export function selectCallerVpcs(
  request: DiagnosisRequest,
  policy: string | null,
  associatedVpceIds: string[],
  endpoints: VpcEndpointInfo[],
  /** The endpoints the private custom domain's access associations let in. */
  domainVpceIds: string[] = [],
): CallerSelection {
  const callerVpcs = new Map<string, CallerVpcSource[]>();
  const unknownEndpointRefs: UnknownEndpointRef[] = [];
  const add = (vpcId: string, source: CallerVpcSource) => {
    const sources = callerVpcs.get(vpcId) ?? [];
    if (!sources.includes(source)) sources.push(source);
    callerVpcs.set(vpcId, sources);
  };
  const addEndpoint = (vpceId: string, source: CallerVpcSource) => {
    const endpoint = endpoints.find((e) => e.id === vpceId);
    if (endpoint) add(endpoint.vpcId, source);
    else if (!unknownEndpointRefs.some((r) => r.vpceId === vpceId))
      unknownEndpointRefs.push({ vpceId, source });
  };

  if (request.vpcId) add(request.vpcId, 'vpc-flag');
  if (request.vpceId) addEndpoint(request.vpceId, 'vpce-flag');
  if (callerVpcs.size > 0 || request.vpceId) return { callerVpcs, unknownEndpointRefs };

  for (const id of associatedVpceIds) addEndpoint(id, 'endpoint-configuration');
  const named = idsNamedInPolicy(policy);
  for (const id of named.vpceIds) addEndpoint(id, 'policy-source-vpce');
  for (const id of named.vpcIds) add(id, 'policy-source-vpc');
  for (const id of domainVpceIds) addEndpoint(id, 'domain-access-association');
  return { callerVpcs, unknownEndpointRefs };
}

/** The account's private custom domain of this name: a public one of the same name is another resource. */
export function privateDomainNamed<T extends { domainName: string; endpointTypes: string[] }>(
  domains: T[],
  name: string,
): T | null {
  return (
    domains.find(
      (d) => d.domainName.toLowerCase() === name.toLowerCase() && d.endpointTypes.includes('PRIVATE'),
    ) ?? null
  );
}

/** The routing modes where only mappings route: the v1 name, and the v2 name of the same mode. */
const MAPPINGS_ONLY = new Set(['BASE_PATH_MAPPING_ONLY', 'API_MAPPING_ONLY']);

/** Whether a domain's routingMode lets routing rules decide (unset: mappings only, as before routing rules). */
export function routesByRules(routingMode: string | null): boolean {
  return routingMode !== null && !MAPPINGS_ONLY.has(routingMode.toUpperCase());
}

/** How young an access association may be "not ready yet": calls through a new one can fail for minutes. */
export const ACCESS_ASSOCIATION_SETTLE_MS = 15 * 60 * 1000;

/**
 * The private custom domain the caller uses: the account's domain list and access associations need nothing but
 * the name; the domain itself (with its policy) and its base path mappings need the id the list gives; and, when
 * the domain has an access association, CloudTrail's recent CreateDomainNameAccessAssociation calls say whether it
 * is a new one (GetDomainNameAccessAssociations gives no creation time). All within the same 2 waves.
 */
function gatherCustomDomain(
  request: DiagnosisRequest,
  apiGateway: AwsPorts['apiGateway'],
  cloudTrail: AwsPorts['cloudTrail'],
  nowMs: number,
): { facts: Promise<CustomDomainFacts | null>; associatedVpceIds: Promise<string[]> } {
  const named = request.customDomain;
  if (!named) return { facts: Promise.resolve(null), associatedVpceIds: Promise.resolve([]) };
  const domainsP = fetched(() => apiGateway.getDomainNames());
  const associationsP = fetched(() => apiGateway.getDomainNameAccessAssociations());
  // The endpoints the domain's access associations let in (a consumer's among them): callers to examine, known
  // at level 0 like the API's own configuration.
  const associatedVpceIds = Promise.all([domainsP, associationsP]).then(([domains, associations]) => {
    const match = domains.ok ? privateDomainNamed(domains.value, named.name) : null;
    if (!match?.domainNameArn || !associations.ok) return [];
    return associations.value
      .filter((a) => a.domainNameArn === match.domainNameArn && a.source?.startsWith('vpce-'))
      .map((a) => a.source as string);
  });
  const detailsP = domainsP.then(async (domains) => {
    const match = domains.ok ? privateDomainNamed(domains.value, named.name) : null;
    if (!match) return { domain: null, mappings: null, routingRules: null };
    const [domain, mappings, routingRules] = await Promise.all([
      fetched(() => apiGateway.getDomainName(match.domainName, match.domainNameId)),
      fetched(() => apiGateway.getBasePathMappings(match.domainName, match.domainNameId)),
      // The list's routingMode says whether rules decide: read them beside the mappings, not a wave later.
      routesByRules(match.routingMode)
        ? fetched(() => apiGateway.getRoutingRules(match.domainName, match.domainNameId))
        : null,
    ]);
    return { domain, mappings, routingRules };
  });
  const creationsP = Promise.all([domainsP, associationsP]).then(([domains, associations]) => {
    const match = domains.ok ? privateDomainNamed(domains.value, named.name) : null;
    const associated =
      match !== null &&
      associations.ok &&
      associations.value.some((a) => a.domainNameArn !== null && a.domainNameArn === match.domainNameArn);
    if (!associated) return null;
    return fetched(() => cloudTrail.accessAssociationCreations(nowMs - ACCESS_ASSOCIATION_SETTLE_MS, nowMs));
  });
  const facts = Promise.all([domainsP, associationsP, detailsP, creationsP]).then(
    ([domains, accessAssociations, details, associationCreations]) => ({
      name: named.name,
      basePath: named.basePath,
      domains,
      accessAssociations,
      ...details,
      associationCreations,
    }),
  );
  return { facts, associatedVpceIds };
}

export async function gatherFacts(
  request: DiagnosisRequest,
  ports: AwsPorts,
  options: GatherOptions,
): Promise<Facts> {
  const scope = options.accounts;
  const routing = scope?.multiAccount
    ? await multiAccountRouting(request, ports.region, scope)
    : singleAccountRouting(ports);
  return gatherRouted(request, routing, ports.region, options);
}

async function gatherRouted(
  request: DiagnosisRequest,
  routing: Routing,
  region: string,
  options: GatherOptions,
): Promise<Facts> {
  const { apiGateway, logs, cloudTrail } = routing.producer;
  const multiAccount = options.accounts?.multiAccount === true;
  const endTime = options.now();
  // No readable account has the API: its stages, logs and history are nowhere to read, and no guessed account is.
  if (!routing.producerKnown && routing.restApi) return unlocatedFacts(request, routing, region, endTime);

  // Who answers names inside a caller VPC: needs only its id, so a VPC named by --vpc starts it at level 0.
  const dnsLayerReads = new Map<string, Promise<DnsLayer>>();
  const dnsLayerOf = (vpcId: string): Promise<DnsLayer> => {
    let read = dnsLayerReads.get(vpcId);
    if (!read) {
      const { dns } = routing.portsOfVpc(vpcId);
      read = Promise.all([
        fetched(() => dns.resolverRules(vpcId)),
        fetched(() => dns.hostedZones(vpcId, region)),
      ]).then(async ([resolverRules, hostedZones]) => ({
        vpcId,
        resolverRules,
        hostedZones,
        zoneRecords: await readDecidingRecords(
          resolverRules,
          hostedZones,
          (zone, name) =>
            fetched(() =>
              routing.portsOfAccount(zone.owningAccount ?? null).dns.zoneRecords(zone.id, zone.name, name),
            ),
          callerHostname(request, region),
          region,
        ),
      }));
      dnsLayerReads.set(vpcId, read);
    }
    return read;
  };
  // With one account the VPC's account is known at once; with several, only once it is located.
  if (request.vpcId && !multiAccount) void dnsLayerOf(request.vpcId);
  const firewallStart = multiAccount
    ? null
    : startFirewallAssociations(routing.producer.dns, request.vpcId ?? null);

  // Level 0: everything that needs only the request.
  const located = routing.restApi;
  const restApiP = located ? Promise.resolve(located) : fetched(() => apiGateway.getRestApi(request.apiId));
  const stagesP = fetched(() => apiGateway.getStages(request.apiId));
  const accountP = fetched(() => apiGateway.getAccount());
  // The API's account is the account of the credentials that read it: every ARN is judged against it.
  const identityP = fetched(() => routing.producer.identity.callerIdentity());
  // Resources and their methods' authorization (one page of 500: GetResources allows 5 requests per 2 s).
  const resourcesP = fetched(() => apiGateway.getResources(request.apiId));
  const endpointsP = routing.initialEndpoints;
  // Every DHCP option set of the region, unfiltered so it needs no VPC id and adds no level: which set a caller VPC
  // uses comes from DescribeVpcs. Only the private-DNS name goes through the VPC's DNS servers, and the probe's
  // live answer supersedes the configuration (and keeps a one-endpoint API within 15 calls).
  const wantsDhcpOptions = usesPrivateDnsName(request.urlForm) && !request.probe;
  const levelZeroDhcpOptions =
    wantsDhcpOptions && !multiAccount ? fetched(() => routing.producer.ec2.describeDhcpOptions()) : null;
  // LookupEvents is slow and needs only the API id: it starts now, and is kept only for a private API with a stage.
  const updatesP = fetched(() =>
    cloudTrail.restApiUpdates(request.apiId, endTime - CLOUDTRAIL_LOOKBACK_MS, endTime),
  );

  const customDomainRead = gatherCustomDomain(request, apiGateway, cloudTrail, endTime);
  const customDomainP = customDomainRead.facts;

  // GetRestApi ‖ GetStages → GetDeployment: what the stage of a private API runs, for the deployment check.
  const deploymentP = Promise.all([restApiP, stagesP]).then(([restApi, stages]) => {
    const deploymentId = privateStage(restApi, request, stages)?.deploymentId;
    return deploymentId ? fetched(() => apiGateway.getDeployment(request.apiId, deploymentId)) : null;
  });

  // GetStages → FilterLogEvents: logs are read only for a chosen stage that logs at all.
  const logsP = stagesP.then(async (stages) => {
    const stage = chooseStage(request, stages);
    if (!stage || stage.loggingLevel === 'OFF') return null;
    return fetched(() =>
      logs.readWindow(logGroupName(request.apiId, stage.stageName), endTime - request.sinceMs, endTime),
    );
  });

  const [restApi, initialEndpoints, domainVpceIds] = await Promise.all([
    restApiP,
    endpointsP,
    customDomainRead.associatedVpceIds,
  ]);
  const apiMissing = !restApi.ok && restApi.error.kind === 'not-found';
  const policy = restApi.ok ? restApi.value.policy : null;
  // Other accounts' endpoints the request or the API names: found where they live (one more wave, only with
  // several accounts and only when an earlier diagnosis has not remembered where).
  const endpoints = apiMissing
    ? initialEndpoints
    : await routing.completeEndpoints(
        callerSearchOf(request, restApi.ok ? restApi.value : null, domainVpceIds),
        initialEndpoints,
      );
  const allEndpoints = endpoints.ok ? endpoints.value : [];

  const selection = apiMissing
    ? { callerVpcs: new Map<string, CallerVpcSource[]>(), unknownEndpointRefs: [] }
    : selectCallerVpcs(
        request,
        policy,
        restApi.ok ? restApi.value.vpcEndpointIds : [],
        allEndpoints,
        domainVpceIds,
      );

  // Across accounts, a VPC that no readable account shows is not examined in a guessed account: it is unknown,
  // like an endpoint no account shows, and the caller-side checks say so.
  const locatedVpcs = [...selection.callerVpcs.entries()].filter(
    ([vpcId]) => !multiAccount || routing.accountOf(vpcId) !== null,
  );
  const unknownVpcRefs = [...selection.callerVpcs.entries()]
    .filter(([vpcId]) => !locatedVpcs.some(([id]) => id === vpcId))
    .map(([vpcId, sources]) => ({ vpcId, source: sources[0] ?? ('vpc-flag' as const) }));
  const callerEntries = locatedVpcs.map(([vpcId, sources]) => ({
    vpcId,
    sources,
    endpoints: endpointsInUse(
      request,
      allEndpoints.filter((e) => e.vpcId === vpcId && isExecuteApiInterface(e)),
      region,
    ),
  }));
  const callerEndpoints = callerEntries.flatMap((c) => c.endpoints.filter((e) => servesRegion(e, region)));
  const vpcIds = callerEntries.map((c) => c.vpcId);
  const endpointGroupIds = callerEndpoints.flatMap((e) => e.securityGroupIds);
  const groupIds = [...new Set([...endpointGroupIds, ...request.callerSecurityGroupIds])];
  const subnetIds = [...new Set(callerEndpoints.flatMap((e) => e.subnetIds))];
  const needsNetwork = !apiMissing && callerEndpoints.length > 0;

  // Level 1: everything that needs the API and the endpoints.
  const callerVpcsP = Promise.all(
    callerEntries.map(async (entry): Promise<CallerVpc> => {
      const hasEndpoint = entry.endpoints.length > 0;
      const { ec2 } = routing.portsOfVpc(entry.vpcId);
      const [enableDnsSupport, enableDnsHostnames] = hasEndpoint
        ? await Promise.all([
            fetched(() => ec2.describeVpcAttribute(entry.vpcId, 'enableDnsSupport')),
            fetched(() => ec2.describeVpcAttribute(entry.vpcId, 'enableDnsHostnames')),
          ])
        : [null, null];
      return { ...entry, enableDnsSupport, enableDnsHostnames };
    }),
  );
  // The caller's own security groups (--sg) are in the caller VPC's account.
  const callerAccountOf = (id: string) =>
    routing.accountOf(id) ?? (vpcIds[0] ? routing.accountOf(vpcIds[0]) : null);
  const perAccount = <T>(ids: string[], read: (ec2: Ec2Reader, ids: string[]) => Promise<T[]>) =>
    readPerAccount(ids, callerAccountOf, routing, read);
  const vpcsP =
    vpcIds.length > 0 && !apiMissing ? perAccount(vpcIds, (ec2, ids) => ec2.describeVpcs(ids)) : null;
  const groupsP =
    needsNetwork && groupIds.length > 0
      ? perAccount(groupIds, (ec2, ids) => ec2.describeSecurityGroups(ids))
      : null;
  const dhcpOptionsP = multiAccount
    ? wantsDhcpOptions && vpcIds.length > 0
      ? perAccount(vpcIds, (ec2) => ec2.describeDhcpOptions())
      : null
    : levelZeroDhcpOptions;
  const eniIds = [...new Set(callerEndpoints.flatMap((e) => e.networkInterfaceIds))];
  // The endpoints' interfaces serve the caller's egress check (--sg) and the probe's DNS classification: read at
  // once for --sg, else only once a probe function is found (a read nobody uses could only fail the report).
  let interfacesP: Promise<Fetched<NetworkInterfaceInfo[]> | null> | undefined;
  const readInterfaces = () => {
    interfacesP ??=
      needsNetwork && eniIds.length > 0
        ? perAccount(eniIds, (ec2, ids) => ec2.describeNetworkInterfaces(ids))
        : Promise.resolve(null);
    return interfacesP;
  };
  if (request.callerSecurityGroupIds.length > 0) readInterfaces();
  const aclsP =
    needsNetwork && subnetIds.length > 0
      ? perAccount(subnetIds, (ec2, ids) => ec2.describeNetworkAcls(ids))
      : null;
  const probeP: Promise<ProbeFact> = apiMissing
    ? Promise.resolve({ state: 'disabled' })
    : gatherProbe(request, probePortsOf(routing), {
        region,
        candidates: callerEntries.map((entry) => ({
          vpcId: entry.vpcId,
          endpoints: entry.endpoints.filter((e) => servesRegion(e, region)),
        })),
        endpointInterfaces: readInterfaces,
        stageName: stagesP.then((stages) => chooseStage(request, stages)?.stageName ?? request.stage),
        timeoutMs: options.probeTimeoutMs,
      });

  // A zone record that gives addresses is judged against the endpoints' interfaces: read them when one does.
  const dnsLayersP = apiMissing
    ? Promise.resolve([])
    : Promise.all(vpcIds.map(dnsLayerOf)).then((layers) => {
        if (layers.some(hasAddressRecords)) readInterfaces();
        return layers;
      });
  // With one account, the firewall read started at level 0. With several, each caller VPC's firewall is read in
  // the account that owns it (its rule groups and domain lists are that account's), once the VPC is located.
  const dnsFirewallP: Promise<DnsFirewallFacts | null> = apiMissing
    ? Promise.resolve(null)
    : firewallStart
      ? gatherDnsFirewall(routing.producer.dns, firewallStart, vpcIds)
      : Promise.all(
          groupByAccount(vpcIds, routing.accountOf).map(([account, ids]) => {
            const { dns } = routing.portsOfAccount(account);
            return gatherDnsFirewall(
              dns,
              startFirewallAssociations(dns, ids.length === 1 ? (ids[0] ?? null) : null),
              ids,
            );
          }),
        ).then(mergeFirewalls);
  // The probe's answer → its request ids in the stage's logs: the one read that waits for the probe.
  const probeRequestLogsP = Promise.all([probeP, stagesP]).then(([probe, stages]) => {
    const stage = chooseStage(request, stages);
    if (probe.state !== 'ran' || stage === null) return null;
    return fetched(() =>
      findProbeRequests(request.apiId, probe, stage, logs, {
        now: options.now,
        retryDelaysMs: options.requestLogRetryDelaysMs ?? DEFAULT_REQUEST_LOG_RETRY_DELAYS_MS,
        sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      }),
    ).then((found) => (found.ok && found.value === null ? null : found) as Fetched<RequestLogMatch> | null);
  });

  const [
    stages,
    account,
    callerIdentity,
    apiResources,
    callerVpcs,
    vpcs,
    dhcpOptions,
    securityGroups,
    networkAcls,
    logWindow,
    deployment,
    updates,
    probe,
    customDomain,
    dnsLayers,
    dnsFirewall,
    probeRequestLogs,
  ] = await Promise.all([
    stagesP,
    accountP,
    identityP,
    resourcesP,
    callerVpcsP,
    vpcsP,
    dhcpOptionsP,
    groupsP,
    aclsP,
    logsP,
    deploymentP,
    updatesP,
    probeP,
    customDomainP,
    dnsLayersP,
    dnsFirewallP,
    probeRequestLogsP,
  ]);
  const deploymentChecked = privateStage(restApi, request, stages) !== null;
  // Started (or not) by now: for --sg at the first level, for the probe before it settled.
  const endpointInterfaces = interfacesP ? await interfacesP : null;

  return {
    request,
    accounts: routing.facts(vpcIds),
    region,
    accountId: callerIdentity.ok ? callerIdentity.value.accountId : null,
    callerIdentity,
    nowMs: endTime,
    urlForm: request.urlForm,
    restApi,
    apiResources: apiMissing ? null : apiResources,
    stages: apiMissing ? null : stages,
    stage: apiMissing ? null : chooseStage(request, stages),
    account: apiMissing ? null : account,
    endpoints: apiMissing ? null : endpoints,
    callerVpcs,
    unknownEndpointRefs: selection.unknownEndpointRefs,
    unknownVpcRefs,
    vpcs,
    dhcpOptions: apiMissing ? null : dhcpOptions,
    securityGroups,
    endpointInterfaces,
    networkAcls,
    logs: apiMissing ? null : logWindow,
    deployment: deploymentChecked ? deployment : null,
    restApiUpdates: deploymentChecked ? updates : null,
    customDomain,
    probe,
    dnsLayers,
    dnsFirewall,
    probeRequestLogs,
  };
}

/** Resource ids by the account that owns them (null: the producer's), in first-seen order. */
function groupByAccount(
  ids: string[],
  accountOf: (id: string) => string | null,
): [string | null, string[]][] {
  const groups = new Map<string | null, string[]>();
  for (const id of ids) {
    const account = accountOf(id);
    groups.set(account, [...(groups.get(account) ?? []), id]);
  }
  return [...groups.entries()];
}

/** Several accounts' DNS Firewall reads as one: any failed read is the failure the check reports. */
export function mergeFirewalls(parts: (DnsFirewallFacts | null)[]): DnsFirewallFacts | null {
  const present = parts.filter((p): p is DnsFirewallFacts => p !== null);
  const [first, ...rest] = present;
  if (!first || rest.length === 0) return first ?? null;
  const failedAssociations = present.find((p) => !p.associations.ok)?.associations;
  const lists = present.map((p) => p.domainLists).filter((l) => l !== null);
  const failedLists = lists.find((l) => !l.ok);
  const okLists = lists.filter((l): l is Extract<typeof l, { ok: true }> => l.ok);
  return {
    associations: failedAssociations ?? {
      ok: true,
      ms: Math.max(...present.map((p) => p.associations.ms)),
      value: {
        associations: present.flatMap((p) => (p.associations.ok ? p.associations.value.associations : [])),
        truncated: present.some((p) => p.associations.ok && p.associations.value.truncated),
      },
    },
    ruleGroups: present.flatMap((p) => p.ruleGroups),
    domainLists:
      lists.length === 0
        ? null
        : (failedLists ?? {
            ok: true,
            ms: Math.max(...okLists.map((l) => l.ms)),
            value: {
              lists: okLists.flatMap((l) => l.value.lists),
              truncated: okLists.some((l) => l.value.truncated),
            },
          }),
    domains: present.flatMap((p) => p.domains),
  };
}

/** The facts of an API that no readable account has: what locating it found, and nothing else read. */
function unlocatedFacts(request: DiagnosisRequest, routing: Routing, region: string, nowMs: number): Facts {
  return {
    request,
    accounts: routing.facts([]),
    region,
    accountId: null,
    callerIdentity: null,
    nowMs,
    urlForm: request.urlForm,
    restApi: routing.restApi as Fetched<RestApiInfo>,
    apiResources: null,
    stages: null,
    stage: null,
    account: null,
    endpoints: null,
    callerVpcs: [],
    unknownEndpointRefs: [],
    unknownVpcRefs: [],
    vpcs: null,
    dhcpOptions: null,
    securityGroups: null,
    endpointInterfaces: null,
    networkAcls: null,
    logs: null,
    deployment: null,
    restApiUpdates: null,
    customDomain: null,
    probe: { state: 'disabled' },
    dnsLayers: [],
    dnsFirewall: null,
    probeRequestLogs: null,
  };
}

/** The endpoints and VPCs to look for in other accounts: what the request and the API's configuration name. */
function callerSearchOf(
  request: DiagnosisRequest,
  api: RestApiInfo | null,
  domainVpceIds: string[],
): CallerSearch {
  if (request.vpcId || request.vpceId) {
    return { vpceIds: request.vpceId ? [request.vpceId] : [], vpcIds: request.vpcId ? [request.vpcId] : [] };
  }
  const named = idsNamedInPolicy(api?.policy ?? null);
  return {
    vpceIds: [...new Set([...(api?.vpcEndpointIds ?? []), ...named.vpceIds, ...domainVpceIds])],
    vpcIds: named.vpcIds,
  };
}

/**
 * One EC2 read of several ids, split by the account that owns each id and merged again: with one account it is
 * exactly one call. A failure in any account fails the read (the check that needs it says which call failed).
 */
async function readPerAccount<T>(
  ids: string[],
  accountOf: (id: string) => string | null,
  routing: Routing,
  read: (ec2: Ec2Reader, ids: string[]) => Promise<T[]>,
): Promise<Fetched<T[]>> {
  const reads = await Promise.all(
    groupByAccount(ids, accountOf).map(([account, group]) =>
      fetched(() => read(routing.portsOfAccount(account).ec2, group)),
    ),
  );
  const failed = reads.find((r) => !r.ok);
  if (failed) return failed;
  const values = reads.flatMap((r) => (r.ok ? r.value : []));
  return { ok: true, value: values, ms: Math.max(0, ...reads.map((r) => r.ms)) };
}

/** The probe of the caller VPC's own account: its function is found and invoked there. */
function probePortsOf(routing: Routing): AwsPorts {
  const invokedIn = new Map<string, AwsPorts>();
  return {
    ...routing.producer,
    probe: {
      async findFunction(vpcId) {
        const ports = routing.portsOfVpc(vpcId);
        const name = await ports.probe.findFunction(vpcId);
        if (name) invokedIn.set(name, ports);
        return name;
      },
      invoke: (name, input, timeoutMs) =>
        (invokedIn.get(name) ?? routing.producer).probe.invoke(name, input, timeoutMs),
    },
  };
}

/**
 * The records of the private hosted zones that decide the caller's name in one VPC, read one after another along
 * the chain of names (a CNAME or alias to a name another zone answers): usually one read, none when no user zone
 * answers the name. The endpoint's own private DNS is left out here: a zone it would beat costs a read nobody uses.
 */
async function readDecidingRecords(
  resolverRules: DnsLayer['resolverRules'],
  hostedZones: DnsLayer['hostedZones'],
  read: (zone: HostedZoneRef, name: string) => Promise<ZoneRecordsLookup['records']>,
  name: string,
  region: string,
): Promise<ZoneRecordsLookup[]> {
  const lookups: ZoneRecordsLookup[] = [];
  if (!hostedZones.ok) return lookups;
  const view: VpcDnsView = {
    region,
    rules: resolverRules.ok ? resolverRules.value.rules : [],
    zones: userZones(hostedZones.value.zones),
    privateDnsEndpoint: null,
    zoneRecords: lookups,
    endpoints: [],
    endpointAddresses: null,
  };
  // Bounded like the chain itself: each read adds a (zone, name) the walk had not seen.
  for (let reads = 0, next = recordsNeeded(name, view); next !== null && reads < MAX_HOPS; reads++) {
    lookups.push({ zoneId: next.zone.id, name: next.name, records: await read(next.zone, next.name) });
    next = recordsNeeded(name, view);
  }
  return lookups;
}

/** True when a record read for the caller's name gives addresses (not an alias or a CNAME). */
function hasAddressRecords(layer: DnsLayer): boolean {
  return layer.zoneRecords.some(
    (lookup) =>
      lookup.records.ok &&
      [...lookup.records.value.exact, ...lookup.records.value.wildcard].some(
        (record) => record.aliasTarget === null && (record.type === 'A' || record.type === 'AAAA'),
      ),
  );
}
