// Is there a usable execute-api interface endpoint in the caller's VPC: same region, available, associated?

import { dnsViewOf } from '../dns/caller-view.js';
import { describeHops } from '../dns/describe.js';
import { resolveName } from '../dns/resolution.js';
import type { CallerVpc, CallerVpcSource, Facts, VpcEndpointInfo } from '../facts.js';
import { idsNamedInPolicy } from '../gather.js';
import {
  executeApiDomain,
  executeApiServiceName,
  inRegionExecuteApiEndpoints,
  isExecuteApiInterface,
  privateDnsHostname,
  serviceRegion,
  usesPrivateDnsName,
  vpceAliasHostname,
} from '../model/endpoints.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { unknownCallerReason } from './caller-reason.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';

/** An in-region execute-api endpoint of a caller VPC: a place whose network path a check can test. */
export interface CallerEndpoint {
  vpc: CallerVpc;
  endpoint: VpcEndpointInfo;
}

/**
 * The endpoints whose network path the security-group and NACL checks test, or the skip they report when the
 * caller's VPC is unknown or has no usable endpoint (the vpc-endpoint check reports that problem itself).
 */
export function callerEndpointsOrSkip(
  facts: Facts,
): { targets: CallerEndpoint[] } | { outcome: CheckOutcome } {
  if (facts.callerVpcs.length === 0) {
    return {
      outcome: { status: 'skipped', findings: [], reason: unknownCallerReason(facts) },
    };
  }
  const targets = facts.callerVpcs.flatMap((vpc) =>
    inRegionExecuteApiEndpoints(vpc.endpoints, facts.region).map((endpoint) => ({ vpc, endpoint })),
  );
  if (targets.length === 0) {
    return {
      outcome: { status: 'skipped', findings: [], reason: "no execute-api endpoint in the caller's VPC" },
    };
  }
  return { targets };
}

export const vpcEndpointCheck: Check = {
  id: 'vpc-endpoint',
  // Traffic through an endpoint no readable account shows is evidence that its side works.
  uses: ['logs'],
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const { endpoints } = facts;
    if (endpoints === null) {
      return { status: 'error', findings: [], reason: `VPC endpoints in ${facts.region} were not read` };
    }
    if (!endpoints.ok)
      return couldNotRun('vpc-endpoint', `VPC endpoints in ${facts.region}`, endpoints.error);

    const notVisible = notVisibleFindings(facts);
    const findings = [
      ...notVisible,
      ...facts.callerVpcs.flatMap((vpc) => callerVpcFindings(facts, vpc, read.api.vpcEndpointIds)),
    ];
    // Only invisible callers and no traffic through them in the logs: the consumer side is unknown, and nothing
    // the tool read can stand in for it.
    const unexamined =
      facts.callerVpcs.length === 0 &&
      notVisible.length > 0 &&
      notVisible.every((f) => f.severity !== 'info');
    if (unexamined) {
      return {
        status: 'error',
        findings,
        reason:
          `the caller's endpoint (${notVisible.flatMap((f) => f.resources).join(', ')}) is in no account this tool ` +
          'can read, and no request through it shows in the logs: its side could not be checked',
      };
    }

    if (facts.callerVpcs.length === 0 && findings.length === 0) {
      if (!endpoints.value.some(isExecuteApiInterface)) {
        const missing = finding(
          'VPCE_MISSING',
          {
            cause:
              `There is no execute-api interface endpoint in ${facts.region} at all, so nothing in a VPC of this ` +
              `account can reach private API ${read.api.id}.`,
            fix: `Create one (service ${executeApiServiceName(facts.region)}) in the caller's VPC.`,
            resources: [read.api.id],
          },
          { region: facts.region, endpointsInRegion: endpoints.value.length },
        );
        return { status: statusFor([missing]), findings: [missing] };
      }
      // Several VPCs have endpoints; naming one of them as "the" cause would be a guess. Listing them lets the
      // user pick the right --vpc in one step.
      const candidates = endpoints.value
        .filter(isExecuteApiInterface)
        .slice(0, 10)
        .map((ep) => `${ep.vpcId} (${ep.id})`);
      return {
        status: 'error',
        findings: [],
        reason: `caller VPC unknown: pass --vpc or --vpce; VPCs with an execute-api endpoint: ${candidates.join(', ')}`,
      };
    }
    return { status: statusFor(findings), findings };
  },
};

/**
 * The endpoints the request or the API names that no readable account shows. Consumers in other accounts are the
 * normal set-up, so this is not VPCE_MISSING: it says what was searched, what would make the endpoint readable,
 * and whether the stage's logs show traffic through it (which proves the consumer side reaches the API).
 */
function notVisibleFindings(facts: Facts): Finding[] {
  // Another caller of the API was found and examined: an endpoint that only the API's configuration names (a
  // partner in another account, say) is then information, not a doubt about the caller.
  const othersExamined = facts.callerVpcs.some((vpc) => vpc.endpoints.length > 0);
  const refs = [
    ...facts.unknownEndpointRefs.map((ref) => ({
      id: ref.vpceId,
      kind: 'endpoint' as const,
      source: ref.source,
    })),
    ...facts.unknownVpcRefs.map((ref) => ({ id: ref.vpcId, kind: 'vpc' as const, source: ref.source })),
  ];
  return refs.map((ref) => {
    const traffic = trafficThrough(facts, ref.id);
    const named = ref.source === 'vpce-flag' || ref.source === 'vpc-flag';
    const note = traffic !== null || (othersExamined && !named);
    const what = ref.kind === 'endpoint' ? `Endpoint ${ref.id}` : `VPC ${ref.id}`;
    return finding(
      'VPCE_NOT_VISIBLE',
      {
        cause:
          `${what} (named by ${sourceWords(ref.source)}) is in none of the accounts this tool can ` +
          `read in ${facts.region}: ${searchedWords(facts)}.`,
        explanation:
          'A caller in another account is the usual way to consume a private API, so this is not a fault by ' +
          "itself; but that side's endpoint, private DNS, security groups, network ACLs and endpoint policy were " +
          'not examined.' +
          (traffic
            ? ` The stage's execution logs show ${traffic.count} event(s) naming ${ref.id} in the window, the ` +
              `last at ${new Date(traffic.lastMs).toISOString()}: requests through it do reach the API.`
            : ''),
        fix: readableFix(facts, ref.id),
        shortFix: facts.accounts.multiAccount
          ? `Let the tool read the ${ref.kind === 'endpoint' ? 'endpoint' : 'VPC'}'s account (its read role), or check the id and region.`
          : `Configure the tool to read the ${ref.kind === 'endpoint' ? 'endpoint' : 'VPC'}'s account, or check the id and region.`,
        caveat: named
          ? ref.kind === 'endpoint'
            ? `If the id or the region is wrong, or the endpoint was deleted, \`aws ec2 describe-vpc-endpoints ` +
              `--vpc-endpoint-ids ${ref.id} --region ${facts.region}\` in the caller's account says so.`
            : `If the id or the region is wrong, \`aws ec2 describe-vpcs --vpc-ids ${ref.id} --region ` +
              `${facts.region}\` in the caller's account says so.`
          : undefined,
        resources: [ref.id],
      },
      {
        ...(ref.kind === 'endpoint' ? { vpceId: ref.id } : { vpcId: ref.id }),
        region: facts.region,
        source: ref.source,
        accountsSearched: searchedAccounts(facts),
        ...(facts.accounts.unreadable.length > 0
          ? { accountsNotReadable: facts.accounts.unreadable.map((u) => u.accountId) }
          : {}),
        ...(traffic
          ? { logEventsNamingEndpoint: traffic.count, lastSeen: new Date(traffic.lastMs).toISOString() }
          : {}),
      },
      note ? { severity: 'info' } : {},
    );
  });
}

/** The log events of the window that name an endpoint (request headers or an access-log format carry its id). */
function trafficThrough(facts: Facts, vpceId: string): { count: number; lastMs: number } | null {
  const window = facts.logs;
  if (!window?.ok) return null;
  const events = window.value.events.filter((e) => e.message.includes(vpceId));
  if (events.length === 0) return null;
  return { count: events.length, lastMs: Math.max(...events.map((e) => e.timestamp)) };
}

function sourceWords(source: CallerVpcSource): string {
  switch (source) {
    case 'vpce-flag':
      return '--vpce or the URL';
    case 'endpoint-configuration':
      return "the API's endpointConfiguration.vpcEndpointIds";
    case 'policy-source-vpce':
      return "the resource policy's aws:SourceVpce";
    case 'policy-source-vpc':
      return "the resource policy's aws:SourceVpc";
    case 'vpc-flag':
      return '--vpc';
    case 'domain-access-association':
      return "the custom domain's access associations";
    default:
      return source;
  }
}

/** The accounts searched, as evidence: with one account, the API's own. */
function searchedAccounts(facts: Facts): string[] {
  if (facts.accounts.multiAccount) return facts.accounts.searched;
  return facts.accountId ? [facts.accountId] : [];
}

function searchedWords(facts: Facts): string {
  const { accounts } = facts;
  if (!accounts.multiAccount) {
    return facts.accountId
      ? `only account ${facts.accountId} (the credentials' own) was searched`
      : "only the credentials' own account was searched";
  }
  const unreadable = accounts.unreadable.map((u) => `${u.accountId} (${u.error.kind})`);
  return (
    `${accounts.searched.length} account(s) searched (${accounts.searched.join(', ')})` +
    (unreadable.length > 0 ? `, of which ${unreadable.join(', ')} could not be read` : '')
  );
}

/** What would let the tool see an endpoint or a VPC: the role in the account that owns it. */
function readableFix(facts: Facts, id: string): string {
  const { accounts } = facts;
  const unreadable = accounts.unreadable[0];
  if (unreadable) {
    return (
      `Make account ${unreadable.accountId} readable (${unreadable.error.message.replace(/\.$/, '')}), then ` +
      're-run: the endpoint may be there.'
    );
  }
  if (accounts.multiAccount) {
    return (
      `Add the account that owns ${id} to APIGW_DIAGNOSE_ACCOUNTS and deploy the read role there ` +
      '(iam/member-account-roles.yaml), then re-run.'
    );
  }
  return (
    `Let the tool read the account that owns ${id}: set APIGW_DIAGNOSE_ROLE (the read role in each account) and ` +
    'APIGW_DIAGNOSE_ACCOUNTS (that account id), then re-run; see docs/accounts.md.'
  );
}

function callerVpcFindings(facts: Facts, vpc: CallerVpc, associatedIds: string[]): Finding[] {
  const executeApi = vpc.endpoints.filter(isExecuteApiInterface);
  if (executeApi.length === 0) {
    const elsewhere = probablyAnotherAccount(facts, vpc);
    const remote = elsewhere ? [] : remoteEndpointsForApi(facts, vpc, associatedIds);
    if (remote.length > 0) return [otherVpcFinding(facts, vpc, remote)];
    return [
      finding(
        'VPCE_MISSING',
        elsewhere
          ? {
              cause:
                `VPC ${vpc.vpcId}, named by the resource policy (${vpc.sources.join(', ')}), is not in this ` +
                `account's ${facts.region} VPCs: it is most likely a consumer in another account (aws:SourceVpc ` +
                'works across accounts), whose endpoint these credentials cannot see.',
              fix: "Re-run with that account's credentials, or pass --vpc/--vpce to name the real caller.",
              resources: [vpc.vpcId],
            }
          : {
              cause:
                `VPC ${vpc.vpcId} (the caller's VPC, from ${vpc.sources.join(', ')}) has no execute-api interface ` +
                `endpoint, so its calls to private API ${facts.request.apiId} never reach API Gateway.`,
              fix:
                `Create one: \`aws ec2 create-vpc-endpoint --region ${facts.region} --vpc-id ${vpc.vpcId} ` +
                `--vpc-endpoint-type Interface --service-name ${executeApiServiceName(facts.region)} ` +
                '--subnet-ids <subnet-ids> --security-group-ids <sg-ids>`',
              shortFix: `Create an execute-api interface endpoint in ${vpc.vpcId}.`,
              resources: [vpc.vpcId],
            },
        { vpcId: vpc.vpcId, callerVpcSources: vpc.sources, ...(elsewhere ? { notInThisAccount: true } : {}) },
        elsewhere ? { severity: 'info' } : {},
      ),
    ];
  }
  const inRegion = inRegionExecuteApiEndpoints(executeApi, facts.region);
  if (inRegion.length === 0) {
    return executeApi.map((ep) =>
      finding(
        'VPCE_WRONG_REGION',
        {
          cause:
            `Endpoint ${ep.id} in VPC ${vpc.vpcId} serves ${ep.serviceName} (${serviceRegion(ep.serviceName)}), ` +
            `but API ${facts.request.apiId} is in ${facts.region}; execute-api endpoints do not work across regions.`,
          fix: `Create an endpoint for ${executeApiServiceName(facts.region)} in ${vpc.vpcId}.`,
          resources: [ep.id, vpc.vpcId],
        },
        {
          vpcId: vpc.vpcId,
          vpceId: ep.id,
          serviceName: ep.serviceName,
          endpointRegion: serviceRegion(ep.serviceName),
          apiRegion: facts.region,
        },
      ),
    );
  }
  return inRegion.flatMap((ep) => endpointFindings(facts, ep, associatedIds));
}

/**
 * The in-region execute-api endpoints of other VPCs that the API is associated with or that its resource policy
 * lets in: a caller without an endpoint of its own may be meant to reach one of them over peering, a transit
 * gateway or a VPN.
 */
function remoteEndpointsForApi(facts: Facts, vpc: CallerVpc, associatedIds: string[]): VpcEndpointInfo[] {
  if (!facts.endpoints?.ok) return [];
  const named = idsNamedInPolicy(facts.restApi.ok ? facts.restApi.value.policy : null);
  return inRegionExecuteApiEndpoints(facts.endpoints.value, facts.region).filter(
    (ep) =>
      ep.vpcId !== vpc.vpcId &&
      (associatedIds.includes(ep.id) || named.vpceIds.includes(ep.id) || named.vpcIds.includes(ep.vpcId)),
  );
}

/**
 * The caller's VPC has no endpoint, but the API is wired to another VPC's: the precise cause is that the
 * endpoint's private DNS (a zone associated with its own VPC only) does not reach the caller, so the private-DNS
 * name resolves publicly there. Creating an endpoint is one fix, reaching the existing one is the other.
 */
function otherVpcFinding(facts: Facts, vpc: CallerVpc, remote: VpcEndpointInfo[]): Finding {
  const apiId = facts.request.apiId;
  const region = facts.region;
  const first = remote[0] as VpcEndpointInfo;
  const alias = `https://${vpceAliasHostname(apiId, first.id, region)}/`;
  const host = privateDnsHostname(apiId, region);
  const dnsAnswer = dnsAlreadyHandled(facts, vpc.vpcId, host);
  // The alias and vpce names are public records resolving to the endpoint's private addresses: with them only
  // routing and the endpoint's security group remain, which this tool cannot see across VPCs.
  const privateName = usesPrivateDnsName(facts.urlForm);
  const severity = privateName && dnsAnswer === null ? 'error' : 'warning';
  return finding(
    'ENDPOINT_IN_OTHER_VPC',
    {
      cause:
        `VPC ${vpc.vpcId} (the caller's, from ${vpc.sources.join(', ')}) has no execute-api endpoint, but API ` +
        `${apiId} is wired to ${remote.map((e) => `${e.id} in ${e.vpcId}`).join(', ')}.`,
      explanation:
        'A caller reaching that endpoint over peering, a transit gateway or a VPN does not see its private DNS (a ' +
        `zone associated with the endpoint's VPC only), so ${host} resolves publicly there and API Gateway ` +
        'answers 403.' +
        (dnsAnswer
          ? ` In ${vpc.vpcId} ${dnsAnswer} answers that name, so DNS may already be handled: check the route to ` +
            `${first.vpcId} and that the endpoint's security group allows TCP 443 from ${vpc.vpcId}'s CIDR.`
          : ''),
      fix:
        `Do one of: (1) use the alias ${alias}… (public DNS, resolves to the endpoint's private addresses; it ` +
        `needs ${first.id} associated with the API); (2) a private hosted zone ${host} (or ` +
        `${executeApiDomain(region)}) aliasing the endpoint's regional DNS name, associated with ` +
        `${vpc.vpcId}; (3) a Route 53 Resolver inbound endpoint in ${first.vpcId} and a FORWARD rule for ` +
        `${executeApiDomain(region)} to it (also for on-premises DNS); or (4) create an execute-api ` +
        `endpoint in ${vpc.vpcId}.`,
      shortFix:
        `Use the alias ${alias}…, give ${vpc.vpcId} DNS for ${host} (a private hosted zone or a Resolver rule), or ` +
        `create an execute-api endpoint in ${vpc.vpcId}.`,
      resources: [vpc.vpcId, ...remote.map((e) => e.id)],
    },
    {
      vpcId: vpc.vpcId,
      callerVpcSources: vpc.sources,
      remoteEndpoints: remote.map((e) => ({
        vpceId: e.id,
        vpcId: e.vpcId,
        privateDnsEnabled: e.privateDnsEnabled,
      })),
      urlForm: facts.urlForm,
      ...(dnsAnswer ? { callerVpcDnsAnswer: dnsAnswer } : {}),
    },
    { severity },
  );
}

/**
 * How the caller's VPC already sends the API's name towards an endpoint, if it does (resolution model): a zone
 * record leading to an endpoint, or a FORWARD rule whose servers may (their answers are not visible). A zone that
 * answers with no record or another address handles nothing.
 */
function dnsAlreadyHandled(facts: Facts, vpcId: string, host: string): string | null {
  const layer = facts.dnsLayers.find((l) => l.vpcId === vpcId);
  if (!layer) return null;
  const { answer, hops } = resolveName(host, dnsViewOf(facts, layer));
  if (answer.kind === 'forwarded')
    return `Resolver rule ${answer.rule.id} (forwards ${answer.rule.domainName || '.'} to ${answer.rule.targetIps.join(', ')})`;
  if (answer.kind === 'endpoint' && hops.some((hop) => hop.by === 'zone')) return describeHops(hops);
  return null;
}

/**
 * A VPC only the policy names, with no endpoint of any kind here, that DescribeVpcs does not know (or refused as
 * not found): the policy's consumer lives in another account, so "no endpoint" is not a finding about it.
 */
function probablyAnotherAccount(facts: Facts, vpc: CallerVpc): boolean {
  const onlyFromPolicy = vpc.sources.every((source) => source === 'policy-source-vpc');
  if (!onlyFromPolicy || vpc.endpoints.length > 0) return false;
  const { vpcs } = facts;
  if (vpcs === null) return false;
  if (!vpcs.ok) return vpcs.error.kind === 'not-found';
  return !vpcs.value.some((known) => known.id === vpc.vpcId);
}

function endpointFindings(facts: Facts, ep: VpcEndpointInfo, associatedIds: string[]): Finding[] {
  const apiId = facts.request.apiId;
  const findings: Finding[] = [];
  if (ep.state.toLowerCase() !== 'available') {
    findings.push(
      finding(
        'VPCE_NOT_AVAILABLE',
        {
          cause: `Endpoint ${ep.id} in VPC ${ep.vpcId} is "${ep.state}", not "available": it does not carry traffic.`,
          fix: 'Wait for it, or recreate it if it failed.',
          resources: [ep.id, ep.vpcId],
        },
        { vpceId: ep.id, vpcId: ep.vpcId, state: ep.state },
      ),
    );
  }
  if (ep.subnetIds.length === 1) {
    findings.push(
      finding(
        'VPCE_SINGLE_AZ',
        {
          cause:
            `Endpoint ${ep.id} has a single subnet (${ep.subnetIds[0]}): an outage of that Availability Zone cuts ` +
            `VPC ${ep.vpcId} off from API Gateway.`,
          fix: 'Add a subnet in another AZ.',
          resources: [ep.id, ...ep.subnetIds],
        },
        { vpceId: ep.id, vpcId: ep.vpcId, subnetIds: ep.subnetIds },
      ),
    );
  }
  if (!associatedIds.includes(ep.id)) {
    const urlNamesIt = facts.urlForm === 'vpce-alias' && facts.request.vpceId === ep.id;
    findings.push(
      finding(
        'VPCE_NOT_ASSOCIATED',
        {
          cause:
            `Endpoint ${ep.id} is not in API ${apiId}'s endpointConfiguration.vpcEndpointIds, so the alias ` +
            `https://${vpceAliasHostname(apiId, ep.id, facts.region)} does not resolve` +
            (urlNamesIt ? ' (NXDOMAIN) — and that is the URL the caller uses.' : '.'),
          fix:
            `Associate it: \`aws apigateway update-rest-api --rest-api-id ${apiId} --region ${facts.region} ` +
            `--patch-operations op=add,path=/endpointConfiguration/vpcEndpointIds,value=${ep.id}\``,
          shortFix: `Associate ${ep.id} with API ${apiId} (endpointConfiguration.vpcEndpointIds).`,
          resources: [ep.id, apiId],
        },
        { vpceId: ep.id, apiId, associatedVpceIds: associatedIds, urlForm: facts.urlForm },
        { severity: urlNamesIt ? 'error' : 'info' },
      ),
    );
  }
  return findings;
}
