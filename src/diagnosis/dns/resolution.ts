// Where a name resolves inside one VPC, in the order Route 53 Resolver applies its configuration: the most specific
// domain among Resolver rules and private hosted zones wins (a rule wins a tie); a FORWARD rule sends the name to
// other servers, a SYSTEM or RECURSIVE rule lets the Resolver answer it itself (the carve-out); then the most
// specific private hosted zone associated with the VPC — the endpoint's own private-DNS zone is one of them —
// answers from its records (the record decides, NXDOMAIN when it has none); then public DNS. The answer is judged
// against the execute-api endpoints' real DNS names and addresses. Pure: the records are read by gather, which asks
// `recordsNeeded` which zone to read next.
// Sources: Route 53 Resolver "Forwarding outbound DNS queries to your network" (rule precedence, SYSTEM rules);
// Route 53 "Considerations when working with a private hosted zone" (most specific zone, no fall-through, wildcard
// records); API Gateway "Private REST APIs" (private DNS, the {api}-{vpce} alias, the endpoint's own names).

import type {
  AwsFailure,
  DnsRecordInfo,
  HostedZoneRef,
  ResolverRuleInfo,
  VpcEndpointInfo,
  ZoneRecordsLookup,
} from '../facts.js';
import { executeApiDomain, vpceHostnameSuffix } from '../model/endpoints.js';

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

/** The zones a user associated with the VPC: those an AWS service manages for itself (the endpoint's own) are not. */
export function userZones(zones: HostedZoneRef[]): HostedZoneRef[] {
  return zones.filter((zone) => zone.owningService === null);
}

/** What the VPC's configuration is, as the model needs it. */
export interface VpcDnsView {
  region: string;
  rules: ResolverRuleInfo[];
  /** Private hosted zones a user associated with the VPC (not those an AWS service manages for itself). */
  zones: HostedZoneRef[];
  /** The VPC's available in-region execute-api endpoint with private DNS on, if any. */
  privateDnsEndpoint: VpcEndpointInfo | null;
  zoneRecords: ZoneRecordsLookup[];
  /** Every execute-api endpoint known in the region (the caller VPC's and others): record targets are judged on them. */
  endpoints: VpcEndpointInfo[];
  /** The addresses of the caller VPCs' endpoints' network interfaces; null when they were not read. */
  endpointAddresses: { vpceId: string; addresses: string[] }[] | null;
}

/** One step of the resolution: who answered which name, and with which record. */
export type DnsHop =
  | { by: 'rule'; name: string; rule: ResolverRuleInfo }
  | { by: 'zone'; name: string; zone: HostedZoneRef; record: DnsRecordInfo | null; wildcard: boolean }
  | { by: 'endpoint-zone'; name: string; vpceId: string }
  | { by: 'public'; name: string };

export type DnsAnswer =
  /** The name reaches an execute-api endpoint (its addresses). */
  | { kind: 'endpoint'; vpceId: string | null }
  /** Public DNS answers the API's default name: the public front door, which refuses private APIs (403). */
  | { kind: 'front-door' }
  /** Somewhere that is not an execute-api endpoint. */
  | { kind: 'elsewhere'; targets: string[] }
  /** The deciding zone has no address record for the name: NXDOMAIN (or no data). */
  | { kind: 'no-answer' }
  /** A FORWARD rule sends the name to servers the control plane cannot see. */
  | { kind: 'forwarded'; rule: ResolverRuleInfo }
  /** Only public DNS can answer a name outside AWS (a custom domain): not visible from here. */
  | { kind: 'public-unknown' }
  /** The model could not finish: a read failed or an address could not be judged. */
  | { kind: 'unknown'; reason: string; failure: AwsFailure | null };

export interface Resolution {
  name: string;
  answer: DnsAnswer;
  hops: DnsHop[];
}

/** CNAME and alias chains longer than this are not followed (Route 53 itself resolves a few levels). */
export const MAX_HOPS = 4;

function lookupOf(view: VpcDnsView, zoneId: string, name: string): ZoneRecordsLookup | undefined {
  return view.zoneRecords.find((lookup) => lookup.zoneId === zoneId && lookup.name === name);
}

/** The zone (and name) whose records the model needs next to finish resolving `name`, or null when it needs none. */
export function recordsNeeded(name: string, view: VpcDnsView): { zone: HostedZoneRef; name: string } | null {
  const result = walk(name, view);
  return 'needs' in result ? result.needs : null;
}

/** Where `name` resolves in the VPC, and why. */
export function resolveName(name: string, view: VpcDnsView): Resolution {
  const result = walk(name, view);
  if ('needs' in result) {
    return {
      name,
      hops: result.hops,
      answer: {
        kind: 'unknown',
        reason: `the records of private hosted zone ${result.needs.zone.name} (${result.needs.zone.id}) for ${result.needs.name} were not read`,
        failure: null,
      },
    };
  }
  return { name, answer: result.answer, hops: result.hops };
}

type Walk =
  | { answer: DnsAnswer; hops: DnsHop[] }
  | { needs: { zone: HostedZoneRef; name: string }; hops: DnsHop[] };

function walk(start: string, view: VpcDnsView): Walk {
  const hops: DnsHop[] = [];
  let name = start.toLowerCase().replace(/\.$/, '');
  for (let step = 0; step < MAX_HOPS; step++) {
    const next = resolveOnce(name, view, hops);
    if ('answer' in next || 'needs' in next) return { ...next, hops };
    name = next.follow;
  }
  return {
    hops,
    answer: {
      kind: 'unknown',
      reason: `the chain of names from ${start} is longer than ${MAX_HOPS}`,
      failure: null,
    },
  };
}

type Once = { answer: DnsAnswer } | { needs: { zone: HostedZoneRef; name: string } } | { follow: string };

function resolveOnce(name: string, view: VpcDnsView, hops: DnsHop[]): Once {
  const endpointZone = view.privateDnsEndpoint ? executeApiDomain(view.region) : null;
  const first = authorityFor(name, view.rules, view.zones, endpointZone);
  // A SYSTEM or RECURSIVE rule lets the Resolver answer the name itself: its zones, then public DNS.
  const authority =
    first.kind === 'rule' && first.rule.ruleType.toUpperCase() !== 'FORWARD'
      ? authorityFor(name, [], view.zones, endpointZone)
      : first;
  switch (authority.kind) {
    case 'rule':
      hops.push({ by: 'rule', name, rule: authority.rule });
      return { answer: { kind: 'forwarded', rule: authority.rule } };
    case 'endpoint-zone': {
      const vpceId = view.privateDnsEndpoint?.id ?? '';
      hops.push({ by: 'endpoint-zone', name, vpceId });
      return { answer: { kind: 'endpoint', vpceId } };
    }
    case 'zone':
      return fromZone(name, authority.zone, view, hops);
    case 'default': {
      const answer = publicAnswer(name, view);
      // A zone's record that sends the name out of AWS leads away from the endpoint.
      const followed = hops.some((hop) => hop.by === 'zone');
      hops.push({ by: 'public', name });
      return {
        answer:
          followed && answer.kind === 'public-unknown' ? { kind: 'elsewhere', targets: [name] } : answer,
      };
    }
  }
}

function fromZone(name: string, zone: HostedZoneRef, view: VpcDnsView, hops: DnsHop[]): Once {
  const lookup = lookupOf(view, zone.id, name);
  if (!lookup) return { needs: { zone, name } };
  if (!lookup.records.ok) {
    hops.push({ by: 'zone', name, zone, record: null, wildcard: false });
    return {
      answer: {
        kind: 'unknown',
        reason: `the records of private hosted zone ${zone.name} (${zone.id}) could not be read`,
        failure: lookup.records.error,
      },
    };
  }
  const read = lookup.records.value;
  const wildcard = read.exact.length === 0;
  const sets = wildcard ? read.wildcard : read.exact;
  // A CNAME owns its name; otherwise the address records (A first: what most clients ask).
  const record =
    sets.find((r) => r.type === 'CNAME') ??
    sets.find((r) => r.type === 'A') ??
    sets.find((r) => r.type === 'AAAA');
  hops.push({ by: 'zone', name, zone, record: record ?? null, wildcard: wildcard && record !== undefined });
  if (!record) {
    if (read.truncated) {
      return {
        answer: {
          kind: 'unknown',
          reason: `zone ${zone.name} (${zone.id}) lists more record sets for ${name} than were read`,
          failure: null,
        },
      };
    }
    return { answer: { kind: 'no-answer' } };
  }
  const targetName = record.aliasTarget ?? (record.type === 'CNAME' ? (record.values[0] ?? '') : null);
  if (targetName !== null) return judgeTargetName(normaliseName(targetName), view);
  return { answer: judgeAddresses(record.values, view) };
}

function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/** A record's target name: an endpoint's own name, the alias of one, or a name to resolve in turn. */
function judgeTargetName(target: string, view: VpcDnsView): Once {
  const endpoint = endpointNamed(target, view);
  if (endpoint !== undefined) return { answer: { kind: 'endpoint', vpceId: endpoint } };
  return { follow: target };
}

/**
 * The endpoint a name belongs to: one of a known endpoint's DNS names, any execute-api endpoint's own name
 * (`vpce-<id>-<suffix>.execute-api.<region>.vpce.amazonaws.com`, zonal ones included), or an `{api}-{vpce}` alias.
 * Undefined when the name is none of these.
 */
function endpointNamed(name: string, view: VpcDnsView): string | null | undefined {
  const known = view.endpoints.find((ep) => ep.dnsNames.some((dns) => normaliseName(dns) === name));
  if (known) return known.id;
  if (name.endsWith(vpceHostnameSuffix(view.region))) {
    const label = name.split('.')[0] ?? '';
    // The endpoint's own label: vpce-<id>-<random>, or with the zone's name for a zonal name.
    return /^(vpce-[0-9a-f]+)-/.exec(label)?.[1] ?? null;
  }
  const alias = new RegExp(
    `^[a-z0-9]+-(vpce-[0-9a-f]+)\\.${escapeRegExp(executeApiDomain(view.region))}$`,
  ).exec(name);
  return alias ? (alias[1] ?? null) : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function judgeAddresses(values: string[], view: VpcDnsView): DnsAnswer {
  if (values.length === 0) return { kind: 'no-answer' };
  if (view.endpointAddresses === null) {
    return {
      kind: 'unknown',
      reason:
        `the record's addresses (${values.join(', ')}) could not be compared with the endpoint's: its network ` +
        'interfaces were not read',
      failure: null,
    };
  }
  const owner = view.endpointAddresses.find((ep) => values.every((value) => ep.addresses.includes(value)));
  if (owner) return { kind: 'endpoint', vpceId: owner.vpceId };
  const known = new Set(view.endpointAddresses.flatMap((ep) => ep.addresses));
  return { kind: 'elsewhere', targets: values.filter((value) => !known.has(value)) };
}

/** What public DNS gives for a name no rule or zone of the VPC answers. */
function publicAnswer(name: string, view: VpcDnsView): DnsAnswer {
  const endpoint = endpointNamed(name, view);
  // The endpoint's own names and the {api}-{vpce} aliases are public records of the endpoint's private addresses.
  if (endpoint !== undefined) return { kind: 'endpoint', vpceId: endpoint };
  if (domainMatches(executeApiDomain(view.region), name)) return { kind: 'front-door' };
  return { kind: 'public-unknown' };
}
