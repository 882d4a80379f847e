// Can the caller open TCP 443 to the endpoint? The endpoint's groups must let it in; the caller's groups (when
// named with --sg) must let it out. A blocked port shows up as a connection timeout, never as an HTTP status.

import type { CallerVpc, Facts, SecurityGroupInfo, SecurityGroupRule, VpcEndpointInfo } from '../facts.js';
import { cidrContains, cidrFamily, cidrsOverlap } from '../net/cidr.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import { callerEndpointsOrSkip } from './vpc-endpoint.js';

const HTTPS = 443;
// Only the IPv4 "anywhere": `::/0` reaches an endpoint only over IPv6, which the range check below decides.
const ANYWHERE_IPV4 = '0.0.0.0/0';

export const securityGroupsCheck: Check = {
  id: 'security-groups',
  // Without the endpoints' own addresses the egress check falls back on their VPC's ranges.
  needs: ['endpoints', 'securityGroups'],
  uses: ['endpointInterfaces'],
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const callers = callerEndpointsOrSkip(facts);
    if ('outcome' in callers) return callers.outcome;
    const { targets } = callers;
    const { securityGroups } = facts;
    if (securityGroups === null)
      return { status: 'error', findings: [], reason: 'security groups were not read' };
    if (!securityGroups.ok) return couldNotRun('security-groups', 'Security groups', securityGroups.error);

    const evaluation = new Evaluation(facts, new Map(securityGroups.value.map((group) => [group.id, group])));
    for (const { vpc, endpoint } of targets) {
      const failure = evaluation.ingress(vpc, endpoint) ?? evaluation.egress(endpoint);
      if (failure !== undefined) return failure;
    }
    return evaluation.outcome();
  },
};

/** Collects findings and what could not be decided across the caller's endpoints. */
class Evaluation {
  private readonly findings: Finding[] = [];
  /** Questions the facts cannot answer: they make the check `error` unless an error was found anyway. */
  private readonly unknowns: string[] = [];
  /** Things not evaluated that do not block a pass (prefix lists in the caller's egress). */
  private readonly notes: string[] = [];
  private readonly callerGroupIds: string[];

  constructor(
    private readonly facts: Facts,
    private readonly groups: Map<string, SecurityGroupInfo>,
  ) {
    this.callerGroupIds = facts.request.callerSecurityGroupIds;
  }

  /** Inbound 443 on the endpoint from the caller; returns an outcome only when a fact fetch failed outright. */
  ingress(vpc: CallerVpc, endpoint: VpcEndpointInfo): CheckOutcome | undefined {
    const endpointGroups = this.lookUp(endpoint.securityGroupIds, `${endpoint.id}'s`);
    if (endpointGroups === null) return undefined;
    const rules = endpointGroups.flatMap((group) =>
      group.ingress.filter(allowsTcp443).map((rule) => ({ group, rule })),
    );
    const bySg = this.callerGroupIds.length > 0;

    if (bySg && rules.some(({ rule }) => rule.groupIds.some((id) => this.callerGroupIds.includes(id))))
      return;
    const cidrRules = rules.filter(({ rule }) => sourceCidrs(rule).length > 0);
    let callerCidrs: string[] = [];
    if (cidrRules.length > 0 || !bySg) {
      const cidrs = vpcCidrs(this.facts, vpc.vpcId);
      if ('outcome' in cidrs) return cidrs.outcome;
      if ('unknown' in cidrs) {
        this.unknowns.push(cidrs.unknown);
        return;
      }
      callerCidrs = cidrs.cidrs;
    }
    // Known only by its VPC, the caller may sit anywhere in it: any overlap may admit it. Known by its groups,
    // only a range covering the whole VPC is sure to include it.
    const admits = (ruleCidr: string) =>
      callerCidrs.some((cidr) => (bySg ? cidrContains(ruleCidr, cidr) : cidrsOverlap(ruleCidr, cidr)));
    if (cidrRules.some(({ rule }) => sourceCidrs(rule).some(admits))) return;

    const callerSource = bySg
      ? `security groups ${this.callerGroupIds.join(', ')}` +
        (callerCidrs.length > 0 ? ` (or all of ${vpc.vpcId}: ${callerCidrs.join(', ')})` : '')
      : `VPC ${vpc.vpcId} CIDR ${callerCidrs.join(', ')}`;
    // Known by its groups, the caller's address is not known: a range covering part of its VPC (a subnet, say)
    // may or may not hold it, which is a question, not a finding.
    const partOfVpc = (ruleCidr: string) => bySg && callerCidrs.some((cidr) => cidrsOverlap(ruleCidr, cidr));
    const undecidable = rules.filter(
      ({ rule }) =>
        rule.prefixListIds.length > 0 ||
        (!bySg && rule.groupIds.length > 0) ||
        sourceCidrs(rule).some(partOfVpc),
    );
    // The caller's VPC was inferred from the endpoint, not named: a rule for ranges outside that VPC (a peered VPC,
    // a VPN, on-premises) may be exactly where the real callers are.
    const named = vpc.sources.some((source) => source === 'vpc-flag' || source === 'vpce-flag');
    const elsewhere = bySg || named ? [] : cidrRules.flatMap(({ rule }) => sourceCidrs(rule));
    if (elsewhere.length > 0) {
      this.unknowns.push(
        `${endpoint.id}'s security groups allow 443 only from ${[...new Set(elsewhere)].join(', ')}, outside ` +
          `${vpc.vpcId} (${callerCidrs.join(', ')}), the VPC the caller was assumed to be in; if the callers come ` +
          'from there (peering, VPN), this is fine: name the caller with --vpc or --sg to decide',
      );
      return;
    }
    if (undecidable.length > 0) {
      const sources = undecidable.flatMap(({ rule }) => [
        ...rule.groupIds,
        ...rule.prefixListIds,
        ...sourceCidrs(rule).filter(partOfVpc),
      ]);
      this.unknowns.push(
        `${endpoint.id}'s security groups allow 443 only from ${[...new Set(sources)].join(', ')}; whether the ` +
          `caller (${callerSource}) is among them is unknown${bySg ? '' : ': pass --sg'}`,
      );
      return;
    }
    this.findings.push(
      finding(
        'SG_ENDPOINT_NO_INGRESS_443',
        {
          cause:
            `No security group on endpoint ${endpoint.id} (${endpoint.securityGroupIds.join(', ')}) allows inbound ` +
            `TCP 443 from the caller (${callerSource}): its connections would be dropped and time out, with no ` +
            'HTTP answer.',
          fix:
            `Add an inbound rule for TCP 443 from ${bySg ? this.callerGroupIds[0] : callerCidrs[0]} to ` +
            `${endpoint.securityGroupIds[0] ?? 'the endpoint group'}.`,
          resources: [endpoint.id, ...endpoint.securityGroupIds],
        },
        {
          vpceId: endpoint.id,
          vpcId: endpoint.vpcId,
          securityGroupIds: endpoint.securityGroupIds,
          inboundRules: endpointGroups.flatMap((group) =>
            group.ingress.map((rule) => summarise(group.id, rule, 'from')),
          ),
          callerSource,
        },
      ),
    );
    return;
  }

  /** Outbound 443 from the caller's groups (only when they were named) to the endpoint. */
  egress(endpoint: VpcEndpointInfo): CheckOutcome | undefined {
    if (this.callerGroupIds.length === 0) return;
    const callerGroups = this.lookUp(this.callerGroupIds, "the caller's");
    if (callerGroups === null) return;
    const rules = callerGroups.flatMap((group) => group.egress.filter(allowsTcp443));

    if (rules.some((rule) => rule.groupIds.some((id) => endpoint.securityGroupIds.includes(id)))) return;
    if (rules.some((rule) => rule.cidrs.includes(ANYWHERE_IPV4))) return;
    const specific = rules.filter((rule) => sourceCidrs(rule).length > 0);
    if (specific.length > 0) {
      const destinations = endpointRanges(this.facts, endpoint);
      if ('outcome' in destinations) return destinations.outcome;
      if ('unknown' in destinations) {
        this.unknowns.push(destinations.unknown);
        return;
      }
      const covers = (cidr: string) =>
        destinations.cidrs.every((dest) => cidrContains(cidr, dest) || !sameFamily(cidr, dest));
      const reaches = (cidr: string) => destinations.cidrs.some((dest) => cidrsOverlap(cidr, dest));
      if (
        specific.some((rule) =>
          sourceCidrs(rule).some((cidr) => reaches(cidr) && (destinations.exact || covers(cidr))),
        )
      )
        return;
      const partly = specific.flatMap((rule) => sourceCidrs(rule).filter(reaches));
      if (!destinations.exact && partly.length > 0) {
        // Only part of the VPC is reachable and the endpoint's own addresses are unknown: a question, not a finding.
        this.unknowns.push(
          `egress of ${this.callerGroupIds.join(', ')} allows 443 to ${[...new Set(partly)].join(', ')}, part of ` +
            `${endpoint.vpcId}; whether ${endpoint.id}'s addresses are inside is unknown (its network interfaces were not read)`,
        );
        return;
      }
    }
    const prefixLists = rules.flatMap((rule) => rule.prefixListIds);
    if (prefixLists.length > 0) {
      this.notes.push(
        `egress of ${this.callerGroupIds.join(', ')} to ${endpoint.id} allows 443 only to prefix lists ` +
          `${[...new Set(prefixLists)].join(', ')}, which were not evaluated`,
      );
      return;
    }
    this.findings.push(
      finding(
        'SG_CLIENT_NO_EGRESS_443',
        {
          cause:
            `The caller's security groups (${this.callerGroupIds.join(', ')}) do not allow outbound TCP 443 to ` +
            `endpoint ${endpoint.id} (groups ${endpoint.securityGroupIds.join(', ')}, subnets ` +
            `${endpoint.subnetIds.join(', ')}): its connections would be dropped and time out, with no HTTP answer.`,
          fix:
            `Add an outbound rule for TCP 443 to ${endpoint.securityGroupIds[0] ?? "the endpoint's security group"} ` +
            "or to the endpoint's subnets.",
          resources: [...this.callerGroupIds, endpoint.id],
        },
        {
          callerSecurityGroupIds: this.callerGroupIds,
          outboundRules: callerGroups.flatMap((group) =>
            group.egress.map((rule) => summarise(group.id, rule, 'to')),
          ),
          vpceId: endpoint.id,
          endpointSecurityGroupIds: endpoint.securityGroupIds,
          endpointSubnetIds: endpoint.subnetIds,
        },
      ),
    );
    return;
  }

  outcome(): CheckOutcome {
    const status = statusFor(this.findings);
    if (this.unknowns.length > 0 && status !== 'fail') {
      return { status: 'error', findings: this.findings, reason: [...new Set(this.unknowns)].join('; ') };
    }
    if (this.notes.length > 0)
      return { status, findings: this.findings, reason: [...new Set(this.notes)].join('; ') };
    return { status, findings: this.findings };
  }

  private lookUp(ids: string[], whose: string): SecurityGroupInfo[] | null {
    const missing = ids.filter((id) => !this.groups.has(id));
    if (missing.length > 0) {
      this.unknowns.push(`${whose} security groups ${missing.join(', ')} were not found`);
      return null;
    }
    return ids.flatMap((id) => this.groups.get(id) ?? []);
  }
}

type Ranges = { cidrs: string[] } | { unknown: string } | { outcome: CheckOutcome };

/** The CIDR blocks (IPv4 and IPv6) of a VPC, or why they are not known. */
function vpcCidrs(facts: Facts, vpcId: string): Ranges {
  const { vpcs } = facts;
  if (vpcs === null) return { unknown: `CIDR blocks of ${vpcId} were not read` };
  if (!vpcs.ok) return { outcome: couldNotRun('security-groups', `CIDR blocks of ${vpcId}`, vpcs.error) };
  const vpc = vpcs.value.find((candidate) => candidate.id === vpcId);
  if (vpc === undefined) return { unknown: `CIDR blocks of ${vpcId} were not found` };
  return { cidrs: [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] };
}

/**
 * Where the endpoint answers: its network interfaces' addresses when they were read (exact), else its VPC's
 * ranges — and then a rule covering only part of the VPC cannot be judged (see `egress`).
 */
function endpointRanges(facts: Facts, endpoint: VpcEndpointInfo): Ranges & { exact?: boolean } {
  const interfaces = facts.endpointInterfaces;
  if (interfaces?.ok) {
    const addresses = interfaces.value
      .filter((eni) => endpoint.networkInterfaceIds.includes(eni.id))
      .flatMap((eni) => [
        ...eni.privateIpAddresses.map((ip) => `${ip}/32`),
        ...eni.ipv6Addresses.map((ip) => `${ip}/128`),
      ]);
    if (addresses.length > 0) return { cidrs: addresses, exact: true };
  }
  return vpcCidrs(facts, endpoint.vpcId);
}

function allowsTcp443(rule: SecurityGroupRule): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  return (rule.fromPort ?? 0) <= HTTPS && HTTPS <= (rule.toPort ?? 65535);
}

function sourceCidrs(rule: SecurityGroupRule): string[] {
  return [...rule.cidrs, ...rule.ipv6Cidrs];
}

function summarise(groupId: string, rule: SecurityGroupRule, direction: 'from' | 'to'): string {
  const protocol = rule.protocol === '-1' ? 'all traffic' : rule.protocol;
  const ports =
    rule.protocol === '-1' || rule.fromPort === undefined
      ? ''
      : ` ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
  const peers = [...sourceCidrs(rule), ...rule.groupIds, ...rule.prefixListIds];
  return `${groupId}: ${protocol}${ports} ${direction} ${peers.join(', ') || '(nothing)'}`;
}

function sameFamily(a: string, b: string): boolean {
  return cidrFamily(a) === cidrFamily(b);
}
