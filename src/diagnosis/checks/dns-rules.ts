// Where the caller's name resolves inside each caller VPC, from the one resolution model (dns/resolution.ts):
// Resolver rules, then private hosted zones and their records, then the endpoint's private DNS, then public DNS.
// A zone or record that leads to the endpoint is the set-up working (the private custom domain tutorial, a zone
// for the API's name with private DNS off); one that leads elsewhere or nowhere is an error naming the zone and
// record; a FORWARD rule sends the private name away; a custom domain name nothing in the VPC answers does not
// resolve there. The probe's live answer, when there is one, is compared with the model's.

import { callerResolutions, dnsViewOf } from '../dns/caller-view.js';
import { describeHops, recordText } from '../dns/describe.js';
import type { DnsHop, Resolution } from '../dns/resolution.js';
import type { DnsLayer, Facts, HostedZoneRef, ResolverRuleInfo } from '../facts.js';
import { executeApiDomain, inRegionExecuteApiEndpoints, privateDnsHostname } from '../model/endpoints.js';
import { endpointDnsName, endpointDnsNameLookup } from '../net/hostname.js';
import type { Evidence, Finding, Severity } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { unknownCallerReason } from './caller-reason.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import { addressesOutsideVpc, callerVpcCidrs } from './probe.js';

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
    const findings: Finding[] = [];
    const notes: string[] = [];
    const failures: CheckOutcome[] = [];
    for (const { layer, resolution } of callerResolutions(facts)) {
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
      const judged = judgeResolution(facts, layer, resolution);
      const live = liveComparison(facts, layer, resolution);
      // The probe's answer is what the VPC really gets: a model error it contradicts is not reported as one.
      findings.push(...(live ? judged.findings.filter((f) => f.severity !== 'error') : judged.findings));
      if (live) findings.push(live);
      if (judged.failure) failures.push(judged.failure);
      if (judged.note) notes.push(judged.note);
    }
    const allFindings = [...findings, ...failures.flatMap((f) => f.findings)];
    if (failures.length > 0 && !findings.some((f) => f.severity === 'error')) {
      return { status: 'error', findings: allFindings, reason: failures.map((f) => f.reason).join('; ') };
    }
    return {
      status: statusFor(allFindings),
      findings: allFindings,
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    };
  },
};

interface Judged {
  findings: Finding[];
  note?: string;
  failure?: CheckOutcome;
}

function zoneHop(resolution: Resolution): Extract<DnsHop, { by: 'zone' }> | undefined {
  return [...resolution.hops]
    .reverse()
    .find((hop): hop is Extract<DnsHop, { by: 'zone' }> => hop.by === 'zone');
}

function judgeResolution(facts: Facts, layer: DnsLayer, resolution: Resolution): Judged {
  const { answer, name } = resolution;
  const path = describeHops(resolution.hops);
  const extra = truncationEvidence(layer);
  const truncated =
    Object.keys(extra).length > 0 ? ' (lists truncated: rules or zones past them were not seen)' : '';
  switch (answer.kind) {
    case 'forwarded':
      return { findings: [forwardFinding(facts, layer, name, answer.rule, extra)] };
    case 'endpoint':
      return {
        findings: [],
        note: `${layer.vpcId}: ${path} reaches ${answer.vpceId ?? 'the endpoint'}${truncated}`,
      };
    case 'elsewhere':
    case 'no-answer': {
      const hop = zoneHop(resolution);
      if (!hop) return { findings: [], note: `${layer.vpcId}: ${path}${truncated}` };
      return { findings: [zoneFinding(facts, layer.vpcId, resolution, hop, extra)] };
    }
    case 'unknown':
      return {
        findings: [],
        failure: answer.failure
          ? couldNotRun(
              'dns-rules',
              `Records of ${zoneHop(resolution)?.zone.id ?? 'a private hosted zone'}`,
              answer.failure,
            )
          : {
              status: 'error',
              findings: [],
              reason: `${layer.vpcId}: where ${name} resolves could not be decided: ${answer.reason}`,
            },
      };
    case 'public-unknown':
      return facts.request.urlForm === 'custom-domain'
        ? { findings: [customDomainNotAnswered(facts, layer.vpcId, name, extra)] }
        : { findings: [], note: `${layer.vpcId}: ${path}${truncated}` };
    case 'front-door':
      // The private-dns check names this (private DNS off, or no endpoint): here it is only the path.
      return { findings: [], note: `${layer.vpcId}: ${path} (the public front door)${truncated}` };
  }
}

/**
 * The probe's live answer for the private-DNS name against the model's. The probe check already reports a live
 * answer that is public or empty; what only this comparison shows is a live answer inside the VPC where the model
 * predicts the public front door or no answer: something the control plane does not show answers the name (DHCP
 * DNS servers, a Route 53 Profile, a host's resolver), or the set-up changed. Then the live answer overrules the
 * model's DNS errors.
 */
function liveComparison(facts: Facts, layer: DnsLayer, resolution: Resolution): Finding | null {
  const probe = facts.probe;
  if (probe.state !== 'ran' || probe.vpcId !== layer.vpcId) return null;
  if (resolution.answer.kind !== 'front-door' && resolution.answer.kind !== 'no-answer') return null;
  const step = probe.result.dns.find(
    (s) => s.role === 'private-dns' && s.name.toLowerCase() === resolution.name && s.addresses.length > 0,
  );
  if (!step) return null;
  const outside = addressesOutsideVpc(step.addresses, probe.endpointAddresses, callerVpcCidrs(facts));
  if (outside === null || outside.length > 0) return null;
  const predicted =
    resolution.answer.kind === 'front-door' ? 'the public front door' : 'no answer (NXDOMAIN)';
  return finding(
    'DNS_LIVE_ANSWER_DIFFERS',
    {
      cause:
        `In ${layer.vpcId} the probe resolved ${step.name} to ${step.addresses.join(', ')} (inside the VPC), but ` +
        `the VPC's DNS configuration says ${describeHops(resolution.hops)}: ${predicted}.`,
      explanation:
        'Something the control plane does not show answers the name — the DNS servers of the DHCP option set, ' +
        "a Route 53 Profile, the host's own resolver — or the configuration changed since it was read. The live " +
        'answer is what callers get.',
      fix:
        "Find what answers the name in the VPC — the DHCP option set's DNS servers, Route 53 Profiles — and keep it " +
        'if it is meant; then re-run.',
      caveat: "Run the probe from the caller's own subnet to compare.",
      resources: [layer.vpcId, step.name],
    },
    {
      vpcId: layer.vpcId,
      name: step.name,
      predicted: resolution.answer.kind,
      path: describeHops(resolution.hops),
      liveAddresses: step.addresses,
    },
  );
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
  layer: DnsLayer,
  name: string,
  rule: ResolverRuleInfo,
  extra: Evidence,
): Finding {
  const vpcId = layer.vpcId;
  const privateName = name === privateDnsHostname(facts.request.apiId, facts.region);
  const privateDnsEndpoint = dnsViewOf(facts, layer).privateDnsEndpoint !== null;
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
        `create-resolver-rule --rule-type SYSTEM --domain-name ${domain} --creator-request-id "$(date +%s)"\`, then ` +
        `\`aws route53resolver associate-resolver-rule --resolver-rule-id <its id> --vpc-id ${vpcId}\`); or have ` +
        `${targets} forward ${domain} back to a Route 53 ` +
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
  resolution: Resolution,
  hop: Extract<DnsHop, { by: 'zone' }>,
  extra: Evidence,
): Finding {
  const { zone, record } = hop;
  const name = resolution.name;
  const answer = resolution.answer;
  const where =
    answer.kind === 'elsewhere'
      ? `leads to ${answer.targets.join(', ')}, which is not an execute-api endpoint's address or name`
      : `has no address record for ${hop.name}, so the VPC resolver answers NXDOMAIN (it does not fall back to ` +
        "the endpoint's private DNS or public DNS)";
  const recordPart = record ? `: ${recordText(record, hop.wildcard)} ${where}` : ` ${where}`;
  return finding(
    'DNS_PRIVATE_ZONE_SHADOWS',
    {
      cause:
        `Private hosted zone ${zone.name} (${zone.id}), associated with ${vpcId}, answers ${hop.name} in that ` +
        `VPC${recordPart}.`,
      explanation: `The resolution path: ${describeHops(resolution.hops)}.`,
      fix: zoneFix(facts, vpcId, zone, hop.name, name),
      shortFix: `Point ${hop.name} in zone ${zone.name} at the execute-api endpoint, or remove the zone's association with ${vpcId}.`,
      resources: [zone.id, vpcId],
    },
    {
      vpcId,
      name,
      hostedZoneId: zone.id,
      hostedZoneName: zone.name,
      owningAccount: zone.owningAccount,
      record: record ?? null,
      answer: answer.kind,
      ...(answer.kind === 'elsewhere' ? { targets: answer.targets } : {}),
      path: describeHops(resolution.hops),
      ...extra,
    },
  );
}

/**
 * The caller endpoint's regional DNS name, for an alias record: only a well-formed name AWS listed; otherwise the
 * command that prints it (net/hostname.ts), never a made-up name.
 */
function aliasTargetText(facts: Facts, vpcId: string): string {
  const endpoint = inRegionExecuteApiEndpoints(
    facts.callerVpcs.find((c) => c.vpcId === vpcId)?.endpoints ?? [],
    facts.region,
  )[0];
  const name = endpoint ? endpointDnsName(endpoint, facts.region) : null;
  if (name) return name;
  return endpoint
    ? `the endpoint's DNS name (print it with \`${endpointDnsNameLookup(endpoint.id, facts.region)}\`)`
    : "the execute-api endpoint's DNS name";
}

function zoneFix(facts: Facts, vpcId: string, zone: HostedZoneRef, recordName: string, name: string): string {
  const target = aliasTargetText(facts, vpcId);
  const ownZone = zone.name === name || zone.name === executeApiDomain(facts.region) || recordName === name;
  return ownZone
    ? `Give ${recordName} an alias A record to ${target} in zone ${zone.id}, or ` +
        `remove the zone's association with ${vpcId}: \`aws route53 disassociate-vpc-from-hosted-zone ` +
        `--hosted-zone-id ${zone.id} --vpc VPCRegion=${facts.region},VPCId=${vpcId}\``
    : `Remove the zone's association with ${vpcId} (\`aws route53 disassociate-vpc-from-hosted-zone ` +
        `--hosted-zone-id ${zone.id} --vpc VPCRegion=${facts.region},VPCId=${vpcId}\`), or add a record for ` +
        `${recordName} aliased to ${target}.`;
}

function customDomainNotAnswered(facts: Facts, vpcId: string, name: string, extra: Evidence): Finding {
  const target = aliasTargetText(facts, vpcId);
  return finding(
    'DNS_CUSTOM_DOMAIN_NOT_ANSWERED',
    {
      cause:
        `No Resolver rule or private hosted zone associated with ${vpcId} answers ${name}: callers there resolve it ` +
        'through public DNS, where a private custom domain name has no record unless one was made for it.',
      explanation:
        'A private custom domain name is reached through a private hosted zone named after the domain, ' +
        "associated with the caller's VPC, with an alias A record to the execute-api endpoint's DNS name.",
      fix:
        `Create a private hosted zone ${name} associated with ${vpcId} (\`aws route53 create-hosted-zone --name ` +
        `${name} --vpc VPCRegion=${facts.region},VPCId=${vpcId} --caller-reference "$(date +%s)"\`) and an alias A ` +
        `record for ${name} to ${target}.`,
      shortFix: `Create a private hosted zone for ${name} in ${vpcId} with an alias to the execute-api endpoint.`,
      caveat:
        'A public DNS record that points the name at the endpoint works too; this tool does not read public DNS.',
      resources: [vpcId, name],
    },
    { vpcId, name, ...extra },
  );
}
