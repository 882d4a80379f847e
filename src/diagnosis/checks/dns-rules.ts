// Who answers the API's hostname inside the caller's VPC, beyond the VPC's DNS attributes: Route 53 Resolver
// rules and private hosted zones associated with it. The VPC resolver picks the most specific matching domain
// among Resolver rules and private hosted zones (the endpoint's own private-DNS zone is one of them); on a tie
// the Resolver rule wins. A FORWARD rule that wins sends the name to DNS servers that do not know the endpoint's
// private zone; a private hosted zone that wins answers from its own records, and NXDOMAIN when it has none.

import type { CallerVpc, DnsLayer, Facts, HostedZoneRef, ResolverRuleInfo } from '../facts.js';
import { executeApiDomain, inRegionExecuteApiEndpoints, privateDnsHostname } from '../model/endpoints.js';
import type { Evidence, Finding, Severity } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { unknownCallerReason } from './caller-reason.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';

/** True when `name` is `domain` or below it; the root domain (``) matches every name. */
export function domainMatches(domain: string, name: string): boolean {
  return domain === '' || name === domain || name.endsWith(`.${domain}`);
}

function labels(domain: string): number {
  return domain === '' ? 0 : domain.split('.').length;
}

export type Authority =
  | { kind: 'rule'; rule: ResolverRuleInfo }
  | { kind: 'zone'; zone: HostedZoneRef }
  | { kind: 'endpoint-zone'; domain: string }
  | { kind: 'default' };

/**
 * What answers `name` in a VPC with these rules and zones: the most specific matching domain; a Resolver rule
 * beats a zone of the same domain. `endpointZone` is the domain of the endpoint's private DNS when it is on.
 */
export function authorityFor(
  name: string,
  rules: ResolverRuleInfo[],
  zones: HostedZoneRef[],
  endpointZone: string | null,
): Authority {
  const candidates: { depth: number; rank: number; authority: Authority }[] = [
    ...rules
      .filter((rule) => domainMatches(rule.domainName, name))
      .map((rule) => ({
        depth: labels(rule.domainName),
        rank: 0,
        authority: { kind: 'rule', rule } as Authority,
      })),
    ...zones
      .filter((zone) => domainMatches(zone.name, name))
      .map((zone) => ({ depth: labels(zone.name), rank: 1, authority: { kind: 'zone', zone } as Authority })),
    ...(endpointZone !== null && domainMatches(endpointZone, name)
      ? [
          {
            depth: labels(endpointZone),
            rank: 1,
            authority: { kind: 'endpoint-zone', domain: endpointZone } as Authority,
          },
        ]
      : []),
  ];
  candidates.sort((a, b) => b.depth - a.depth || a.rank - b.rank);
  return candidates[0]?.authority ?? { kind: 'default' };
}

/** The hostname the caller resolves: its URL's host, else the private-DNS name. */
export function callerHostname(facts: Facts): string {
  const url = facts.request.url;
  if (url !== null) {
    try {
      return new URL(url).hostname.toLowerCase();
    } catch {
      // fall through: the parser validated the URL, but never trust that here
    }
  }
  return privateDnsHostname(facts.request.apiId, facts.region);
}

export const dnsRulesCheck: Check = {
  id: 'dns-rules',
  run(facts: Facts): CheckOutcome {
    // A public API's name is public: a rule or zone sending it elsewhere is no fault (and may be the cure for
    // PUBLIC_API_SHADOWED_BY_PRIVATE_DNS).
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    if (facts.dnsLayers.length === 0) {
      return { status: 'skipped', findings: [], reason: unknownCallerReason(facts) };
    }
    const name = callerHostname(facts);
    const findings: Finding[] = [];
    const notes: string[] = [];
    const failures: CheckOutcome[] = [];
    for (const layer of facts.dnsLayers) {
      const vpc = facts.callerVpcs.find((c) => c.vpcId === layer.vpcId);
      if (!layer.resolverRules.ok) {
        failures.push(
          couldNotRun('dns-rules', `Resolver rules of ${layer.vpcId}`, layer.resolverRules.error),
        );
      }
      if (!layer.hostedZones.ok) {
        failures.push(
          couldNotRun('dns-rules', `Private hosted zones of ${layer.vpcId}`, layer.hostedZones.error),
        );
      }
      const judged = judgeLayer(facts, layer, vpc, name);
      findings.push(...judged.findings);
      if (judged.note) notes.push(judged.note);
    }
    const allFindings = [...findings, ...failures.flatMap((f) => f.findings)];
    if (failures.length > 0 && !findings.some((f) => f.severity === 'error')) {
      return {
        status: 'error',
        findings: allFindings,
        reason: failures.map((f) => f.reason).join('; '),
      };
    }
    return {
      status: statusFor(allFindings),
      findings: allFindings,
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    };
  },
};

function judgeLayer(
  facts: Facts,
  layer: DnsLayer,
  vpc: CallerVpc | undefined,
  name: string,
): { findings: Finding[]; note?: string } {
  const rules = layer.resolverRules.ok ? layer.resolverRules.value.rules : [];
  // A zone an AWS service manages for itself (the endpoint's own private DNS among them) is not a user's shadow.
  const zones = layer.hostedZones.ok
    ? layer.hostedZones.value.zones.filter((z) => z.owningService === null)
    : [];
  const privateDnsEndpoint = inRegionExecuteApiEndpoints(vpc?.endpoints ?? [], facts.region).some(
    (e) => e.privateDnsEnabled,
  );
  const endpointZone = privateDnsEndpoint ? executeApiDomain(facts.region) : null;
  const authority = authorityFor(name, rules, zones, endpointZone);
  const readNotes = truncationEvidence(layer);
  const privateName = name === privateDnsHostname(facts.request.apiId, facts.region);

  if (authority.kind === 'rule' && authority.rule.ruleType.toUpperCase() === 'FORWARD') {
    return {
      findings: [
        forwardFinding(facts, layer.vpcId, name, authority.rule, privateName, privateDnsEndpoint, readNotes),
      ],
    };
  }
  if (authority.kind === 'zone') {
    return {
      findings: [zoneFinding(facts, layer.vpcId, name, authority.zone, privateDnsEndpoint, readNotes)],
    };
  }
  const who =
    authority.kind === 'rule'
      ? `${authority.rule.ruleType} rule ${authority.rule.id} (${authority.rule.domainName || '.'})`
      : authority.kind === 'endpoint-zone'
        ? "the endpoint's private DNS"
        : 'the VPC resolver (no rule or zone matches)';
  const truncated =
    Object.keys(readNotes).length > 0 ? ' (lists truncated: rules or zones past them were not seen)' : '';
  return { findings: [], note: `${layer.vpcId}: ${name} is answered by ${who}${truncated}` };
}

function truncationEvidence(layer: DnsLayer): Evidence {
  const evidence: Evidence = {};
  if (layer.resolverRules.ok && layer.resolverRules.value.truncated)
    evidence.resolverRulesTruncated = 'only the first pages of rule associations were read';
  if (layer.resolverRules.ok && layer.resolverRules.value.unreadRuleIds.length > 0)
    evidence.unreadRuleIds = layer.resolverRules.value.unreadRuleIds;
  if (layer.hostedZones.ok && layer.hostedZones.value.truncated)
    evidence.hostedZonesTruncated = 'only the first pages of hosted zones were read';
  return evidence;
}

function forwardFinding(
  facts: Facts,
  vpcId: string,
  name: string,
  rule: ResolverRuleInfo,
  privateName: boolean,
  privateDnsEndpoint: boolean,
  extra: Evidence,
): Finding {
  const domain = executeApiDomain(facts.region);
  const targets = rule.targetIps.join(', ') || 'no target addresses';
  // Only the private-DNS name needs the VPC's own resolver: the alias and vpce names are public records that
  // any resolver with internet DNS answers correctly.
  const severity: Severity = privateName && privateDnsEndpoint ? 'error' : 'info';
  const why =
    severity === 'error'
      ? `so ${name} never reaches the endpoint's private DNS zone (${domain}, less specific or equal) and the ` +
        'target servers answer it from public DNS (public addresses → 403) or not at all.'
      : privateName
        ? 'This VPC has no execute-api endpoint with private DNS on, so those servers must answer it from the ' +
          "endpoint's VPC (a Route 53 Resolver inbound endpoint there); the vpc-endpoint and private-dns checks say more."
        : 'The name the caller uses is a public record, which those servers can resolve; this matters only for the ' +
          'private-DNS name.';
  return finding(
    'DNS_RESOLVER_RULE_FORWARDS',
    {
      cause:
        `Route 53 Resolver rule ${rule.id}${rule.name ? ` (${rule.name})` : ''}, associated with ${vpcId}, forwards ` +
        `${rule.domainName || '. (every name)'} to ${targets}, ${why}`,
      fix:
        `Create a SYSTEM rule for ${domain} and associate it with ${vpcId} (\`aws route53resolver ` +
        `create-resolver-rule --rule-type SYSTEM --domain-name ${domain} --creator-request-id <unique-id>\`, then ` +
        `\`aws route53resolver associate-resolver-rule --resolver-rule-id <its id> --vpc-id ${vpcId}\`); or have ${targets} forward ${domain} back to a Route 53 ` +
        "Resolver inbound endpoint in the endpoint's VPC.",
      shortFix:
        `Create a SYSTEM Resolver rule for ${domain} in ${vpcId}, or forward ${domain} back to a Resolver inbound ` +
        "endpoint in the endpoint's VPC.",
      resources: [rule.id, vpcId],
    },
    {
      vpcId,
      name,
      resolverRuleId: rule.id,
      resolverRuleName: rule.name,
      domainName: rule.domainName || '.',
      ruleType: rule.ruleType,
      targetIps: rule.targetIps,
      ownerId: rule.ownerId,
      shareStatus: rule.shareStatus,
      ...extra,
    },
    { severity },
  );
}

function zoneFinding(
  facts: Facts,
  vpcId: string,
  name: string,
  zone: HostedZoneRef,
  privateDnsEndpoint: boolean,
  extra: Evidence,
): Finding {
  const domain = executeApiDomain(facts.region);
  // A zone for the execute-api domain or for the API's own name is the documented way to reach a shared
  // endpoint (an alias to it): fine when it holds that record, which this read cannot see. A zone for a broader
  // AWS domain almost never holds it, and answers NXDOMAIN for every AWS name below it that it lacks.
  const intended = zone.name === domain || zone.name === name;
  const severity: Severity = intended ? 'warning' : 'error';
  const shadowed = privateDnsEndpoint ? ` instead of the endpoint's private DNS (${domain})` : '';
  return finding(
    'DNS_PRIVATE_ZONE_SHADOWS',
    {
      cause:
        `Private hosted zone ${zone.name} (${zone.id}), associated with ${vpcId}, answers ${name} in that ` +
        `VPC${shadowed}: the VPC resolver looks only in that zone and returns NXDOMAIN when it has no record for ` +
        'the name.',
      fix: intended
        ? `Make sure it holds an alias (A/AAAA) for ${name} — or a wildcard *.${domain} — to the execute-api ` +
          "endpoint's regional DNS name."
        : `Remove the zone's association with ${vpcId} (\`aws route53 disassociate-vpc-from-hosted-zone ` +
          `--hosted-zone-id ${zone.id} --vpc VPCRegion=${facts.region},VPCId=${vpcId}\`), or narrow the zone to the ` +
          'names it is meant for.',
      ...(intended
        ? {}
        : {
            shortFix: `Remove the zone's association with ${vpcId}, or narrow the zone to the names it is meant for.`,
          }),
      resources: [zone.id, vpcId],
    },
    {
      vpcId,
      name,
      hostedZoneId: zone.id,
      hostedZoneName: zone.name,
      owningAccount: zone.owningAccount,
      ...extra,
    },
    { severity },
  );
}
