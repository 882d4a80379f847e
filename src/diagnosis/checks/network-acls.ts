// Do the network ACLs of the endpoint's subnets let TCP 443 in from the caller and the replies back out?
// NACLs are stateless: the return traffic to the caller's ephemeral port needs its own outbound allow.

import type { NetworkAclEntry, NetworkAclInfo, VpcEndpointInfo } from '../facts.js';
import { cidrContains, cidrFamily, cidrsOverlap } from '../net/cidr.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import { callerEndpointsOrSkip } from './vpc-endpoint.js';

const HTTPS = 443;
/** Samples across the ephemeral ranges clients use (Linux 32768+, Windows/ELB 49152+, the IANA floor 1024). */
export const EPHEMERAL_PORTS = [1024, 32768, 49152, 65535];
/** The catch-all every NACL ends with; EC2 lists it as an entry, but do not depend on that. */
const IMPLICIT_DENY: NetworkAclEntry = {
  ruleNumber: 32767,
  egress: false,
  protocol: '-1',
  action: 'deny',
  cidrBlock: '0.0.0.0/0',
  ipv6CidrBlock: '::/0',
  portRange: null,
};

export type Direction = 'inbound' | 'outbound';

export interface NaclDecision {
  action: 'allow' | 'deny';
  rule: NetworkAclEntry;
}

/**
 * The rule that decides TCP traffic between `peerCidr` and the subnet on `port`: lowest rule number first,
 * first match wins. A rule matches when its range overlaps the peer range; a deny covering only part of the
 * range does not decide for the whole of it, so evaluation goes on (we never claim a block we cannot prove).
 */
export function decideTcp(
  entries: NetworkAclEntry[],
  direction: Direction,
  peerCidr: string,
  port: number,
): NaclDecision {
  const family = cidrFamily(peerCidr);
  const ordered = entries
    .filter((entry) => entry.egress === (direction === 'outbound'))
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const entry of ordered) {
    if (!matchesTcpPort(entry, port)) continue;
    const ruleCidr = family === 6 ? entry.ipv6CidrBlock : entry.cidrBlock;
    if (ruleCidr === null || !cidrsOverlap(ruleCidr, peerCidr)) continue;
    if (entry.action === 'allow') return { action: 'allow', rule: entry };
    if (cidrContains(ruleCidr, peerCidr)) return { action: 'deny', rule: entry };
  }
  return { action: 'deny', rule: { ...IMPLICIT_DENY, egress: direction === 'outbound' } };
}

function matchesTcpPort(entry: NetworkAclEntry, port: number): boolean {
  if (entry.protocol === '-1') return true;
  if (entry.protocol !== '6' && entry.protocol.toLowerCase() !== 'tcp') return false;
  return entry.portRange === null || (entry.portRange.from <= port && port <= entry.portRange.to);
}

export const networkAclsCheck: Check = {
  id: 'network-acls',
  needs: ['endpoints', 'networkAcls'],
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const callers = callerEndpointsOrSkip(facts);
    if ('outcome' in callers) return callers.outcome;
    const { targets } = callers;
    const { networkAcls, vpcs } = facts;
    if (networkAcls === null) return { status: 'error', findings: [], reason: 'network ACLs were not read' };
    if (!networkAcls.ok) return couldNotRun('network-acls', 'Network ACLs', networkAcls.error);
    if (vpcs === null)
      return { status: 'error', findings: [], reason: "the caller VPC's CIDR blocks were not read" };
    if (!vpcs.ok) return couldNotRun('network-acls', "The caller VPC's CIDR blocks", vpcs.error);

    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const { vpc: caller, endpoint } of targets) {
      const vpcId = caller.vpcId;
      const vpc = vpcs.value.find((candidate) => candidate.id === vpcId);
      // IPv4 only: clients reach the endpoint over IPv4 unless they are built to prefer the dualstack AAAA.
      if (vpc === undefined || vpc.cidrBlocks.length === 0) {
        unknowns.push(`CIDR blocks of ${vpcId} were not found`);
        continue;
      }
      for (const [acl, subnetIds] of aclsOf(endpoint, networkAcls.value)) {
        if (acl === null) {
          unknowns.push(`no network ACL found for subnets ${subnetIds.join(', ')} of ${endpoint.id}`);
          continue;
        }
        const named = caller.sources.some((source) => source === 'vpc-flag' || source === 'vpce-flag');
        for (const found of aclFindings(acl, subnetIds, endpoint, vpc.cidrBlocks)) {
          const elsewhere = named ? [] : onlyOtherNetworksAllowed(acl, found, vpc.cidrBlocks);
          if (elsewhere.length === 0) findings.push(found);
          // The caller VPC was inferred: an ACL that lets 443 in only from other networks (peering, VPN) may be
          // exactly right for the real callers.
          else
            unknowns.push(
              `network ACL ${acl.id} lets TCP 443 in only from ${elsewhere.join(', ')}, outside ${vpcId}, the VPC the ` +
                'caller was assumed to be in; if the callers come from there, this is fine: name the caller with --vpc',
            );
        }
      }
    }
    return outcomeOf(findings, unknowns);
  },
};

/** The ACL of each endpoint subnet (an unassociated subnet uses its VPC's default ACL), grouped by ACL. */
function aclsOf(endpoint: VpcEndpointInfo, acls: NetworkAclInfo[]): Map<NetworkAclInfo | null, string[]> {
  const bySubnet = new Map<NetworkAclInfo | null, string[]>();
  for (const subnetId of endpoint.subnetIds) {
    const acl =
      acls.find((candidate) => candidate.subnetIds.includes(subnetId)) ??
      acls.find((candidate) => candidate.isDefault && candidate.vpcId === endpoint.vpcId) ??
      null;
    bySubnet.set(acl, [...(bySubnet.get(acl) ?? []), subnetId]);
  }
  return bySubnet;
}

function aclFindings(
  acl: NetworkAclInfo,
  subnetIds: string[],
  endpoint: VpcEndpointInfo,
  callerCidrs: string[],
): Finding[] {
  const findings: Finding[] = [];
  for (const callerCidr of callerCidrs) {
    const inbound = decideTcp(acl.entries, 'inbound', callerCidr, HTTPS);
    if (inbound.action === 'deny') {
      findings.push(blocked(acl, subnetIds, endpoint, 'inbound', callerCidr, [HTTPS], inbound.rule));
    }
    const deniedReturn = EPHEMERAL_PORTS.map((port) => ({
      port,
      decision: decideTcp(acl.entries, 'outbound', callerCidr, port),
    })).filter(({ decision }) => decision.action === 'deny');
    const first = deniedReturn[0];
    if (first !== undefined) {
      const ports = deniedReturn.map(({ port }) => port);
      findings.push(blocked(acl, subnetIds, endpoint, 'outbound', callerCidr, ports, first.decision.rule));
    }
  }
  return findings;
}

function blocked(
  acl: NetworkAclInfo,
  subnetIds: string[],
  endpoint: VpcEndpointInfo,
  direction: Direction,
  callerCidr: string,
  ports: number[],
  rule: NetworkAclEntry,
): Finding {
  const what =
    direction === 'inbound'
      ? `inbound TCP 443 from ${callerCidr}`
      : `outbound return traffic to ${callerCidr} on ephemeral ports (denied: ${ports.join(', ')})`;
  const fix =
    direction === 'inbound'
      ? `Add an inbound allow for TCP 443 from ${callerCidr} numbered below ${rule.ruleNumber}.`
      : `Add an outbound allow for TCP 1024-65535 to ${callerCidr} numbered below ${rule.ruleNumber} (NACLs are stateless).`;
  return finding(
    'NACL_BLOCKS_443',
    {
      cause:
        `Network ACL ${acl.id} on subnet ${subnetIds.join(', ')} of endpoint ${endpoint.id} denies ${what}: ` +
        `rule ${describeRule(rule)} decides first, so TCP 443 connections from there would time out (a network ` +
        "ACL drops silently; traffic inside the endpoint's own subnet is not filtered).",
      fix,
      resources: [acl.id, endpoint.id, ...subnetIds],
    },
    {
      aclId: acl.id,
      subnetIds,
      vpceId: endpoint.id,
      direction,
      callerCidr,
      ports,
      decidingRule: {
        ruleNumber: rule.ruleNumber,
        action: rule.action,
        protocol: rule.protocol,
        cidr: rule.cidrBlock ?? rule.ipv6CidrBlock,
        portRange: rule.portRange,
      },
    },
  );
}

/**
 * For an inbound block decided by the default deny: the ranges the ACL does let TCP 443 in from, when all of them lie
 * outside the assumed caller VPC. Empty when the block stands on its own (an explicit deny, or no allow at all).
 */
function onlyOtherNetworksAllowed(acl: NetworkAclInfo, found: Finding, callerCidrs: string[]): string[] {
  const rule = found.evidence.decidingRule as { ruleNumber?: number } | undefined;
  if (found.evidence.direction !== 'inbound' || rule?.ruleNumber !== IMPLICIT_DENY.ruleNumber) return [];
  const allowed = acl.entries
    .filter((e) => !e.egress && e.action === 'allow' && matchesTcpPort(e, HTTPS))
    .map((e) => e.cidrBlock ?? e.ipv6CidrBlock)
    .filter((cidr): cidr is string => cidr !== null);
  const outside = allowed.filter((cidr) => !callerCidrs.some((caller) => cidrsOverlap(cidr, caller)));
  return outside.length > 0 && outside.length === allowed.length ? outside : [];
}

function describeRule(rule: NetworkAclEntry): string {
  const number =
    rule.ruleNumber === IMPLICIT_DENY.ruleNumber ? '* (32767, the default deny)' : String(rule.ruleNumber);
  const protocol = rule.protocol === '-1' ? 'all' : rule.protocol === '6' ? 'tcp' : rule.protocol;
  const ports = rule.portRange === null ? 'all ports' : `ports ${rule.portRange.from}-${rule.portRange.to}`;
  return `${number} (${rule.action} ${protocol} ${ports} ${rule.cidrBlock ?? rule.ipv6CidrBlock})`;
}

function outcomeOf(findings: Finding[], unknowns: string[]): CheckOutcome {
  const status = statusFor(findings);
  if (unknowns.length > 0 && status !== 'fail')
    return { status: 'error', findings, reason: unknowns.join('; ') };
  return { status, findings };
}
