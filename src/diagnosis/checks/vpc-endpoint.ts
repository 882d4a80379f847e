// Is there a usable execute-api interface endpoint in the caller's VPC: same region, available, associated?

import type { CallerVpc, Facts, VpcEndpointInfo } from '../facts.js';
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
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import { authorityFor } from './dns-rules.js';

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
      outcome: { status: 'skipped', findings: [], reason: 'caller VPC unknown: pass --vpc or --vpce' },
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
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const { endpoints } = facts;
    if (endpoints === null) {
      return { status: 'error', findings: [], reason: `VPC endpoints in ${facts.region} were not read` };
    }
    if (!endpoints.ok)
      return couldNotRun('vpc-endpoint', `VPC endpoints in ${facts.region}`, endpoints.error);

    const findings = [
      ...unknownVpceFlagFindings(facts),
      ...facts.callerVpcs.flatMap((vpc) => callerVpcFindings(facts, vpc, read.api.vpcEndpointIds)),
    ];
    const otherUnknown = facts.unknownEndpointRefs.filter((ref) => ref.source !== 'vpce-flag');
    // Endpoint ids the API configuration or policy names but EC2 did not show (another account, or deleted):
    // not a fault by themselves, but worth seeing next to any finding.
    if (otherUnknown.length > 0) {
      for (const f of findings) f.evidence.endpointIdsNotFoundInRegion = otherUnknown;
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

function unknownVpceFlagFindings(facts: Facts): Finding[] {
  return facts.unknownEndpointRefs
    .filter((ref) => ref.source === 'vpce-flag')
    .map((ref) =>
      finding(
        'VPCE_MISSING',
        {
          cause: `${ref.vpceId} not found in ${facts.region}: wrong region, another account, or deleted.`,
          explanation: 'DescribeVpcEndpoints in this account and region does not list it.',
          fix: 'Check the endpoint id and the region, or diagnose with the credentials of the account that owns it.',
          resources: [ref.vpceId],
        },
        { vpceId: ref.vpceId, region: facts.region, source: ref.source },
      ),
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

/** The Resolver rule or private hosted zone of the caller's VPC that answers the API's name, if any. */
function dnsAlreadyHandled(facts: Facts, vpcId: string, host: string): string | null {
  const layer = facts.dnsLayers.find((l) => l.vpcId === vpcId);
  if (!layer) return null;
  const rules = layer.resolverRules.ok ? layer.resolverRules.value.rules : [];
  const zones = layer.hostedZones.ok
    ? layer.hostedZones.value.zones.filter((z) => z.owningService === null)
    : [];
  const authority = authorityFor(host, rules, zones, null);
  if (authority.kind === 'rule' && authority.rule.ruleType.toUpperCase() === 'FORWARD')
    return `Resolver rule ${authority.rule.id} (forwards ${authority.rule.domainName || '.'} to ${authority.rule.targetIps.join(', ')})`;
  if (authority.kind === 'zone') return `private hosted zone ${authority.zone.name} (${authority.zone.id})`;
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
