// Does the caller's name resolve to the endpoint? For a private API: private DNS, the VPC DNS attributes and the
// DNS servers the VPC's DHCP option set hands out. For a public API: a private-DNS endpoint in the caller's VPC
// captures its hostname and answers 403.

import type { HttpStep } from '../../probe/schema.js';
import { dnsViewOf } from '../dns/caller-view.js';
import { describeHops } from '../dns/describe.js';
import { resolveName } from '../dns/resolution.js';
import type { CallerVpc, Facts, RestApiInfo, VpcEndpointInfo } from '../facts.js';
import {
  executeApiDomain,
  inRegionExecuteApiEndpoints,
  isAvailable,
  privateDnsHostname,
  usesPrivateDnsName,
  vpceAliasHostname,
} from '../model/endpoints.js';
import { parseCidr } from '../net/cidr.js';
import { endpointDnsName, endpointDnsNameLookup } from '../net/hostname.js';
import type { Finding, Severity } from '../types.js';
import { isPrivateApi, restApiOrOutcome } from './api.js';
import { unknownCallerReason } from './caller-reason.js';
import { type Check, type CheckOutcome, couldNotRun, describeFailure, finding, statusFor } from './check.js';
import { addressesOutsideVpc, callerVpcCidrs } from './probe.js';

export const privateDnsCheck: Check = {
  id: 'private-dns',
  // Optional reads: the check judges them itself (a DNS-server question it cannot answer makes it `error`).
  // Without the endpoints there is no caller VPC to judge: the check could not run, it is not "skipped".
  needs: ['endpoints'],
  uses: ['vpcs', 'dhcpOptions'],
  run(facts) {
    const read = restApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    return isPrivateApi(read.api) ? privateApiDns(facts) : publicApiShadowing(facts, read.api);
  },
};

function privateApiDns(facts: Facts): CheckOutcome {
  if (facts.callerVpcs.length === 0) {
    return { status: 'skipped', findings: [], reason: unknownCallerReason(facts) };
  }
  const findings: Finding[] = [];
  const reasons: string[] = [];
  /** DNS-server questions the facts cannot answer: a custom server there would be a finding, so no pass. */
  const unknowns: string[] = [];
  const notes: string[] = [];
  let dnsServersNeeded = false;
  for (const vpc of facts.callerVpcs) {
    const inRegion = inRegionExecuteApiEndpoints(vpc.endpoints, facts.region);
    // Without an available endpoint the vpc-endpoint check already names the cause; DNS is moot.
    if (!inRegion.some(isAvailable)) continue;
    const attributes = dnsAttributeFindings(
      vpc,
      facts.region,
      usesPrivateDnsName(facts.urlForm) ? 'error' : 'info',
    );
    findings.push(...attributes.findings);
    if (attributes.reason !== undefined) reasons.push(attributes.reason);
    if (!inRegion.some((ep) => ep.privateDnsEnabled)) {
      // Private DNS is one way to answer the name; a private hosted zone of the VPC pointing it at the endpoint
      // is another (the private API guide's), and then nothing is broken. So is anything the control plane does
      // not show (a zone of another account, a host's resolver, on-premises DNS): the probe's live answer tells.
      const ownZone = zoneAnswer(facts, vpc.vpcId);
      const live = liveAnswer(facts, vpc.vpcId);
      if (ownZone) notes.push(ownZone);
      else if (live?.kind === 'private') {
        const said = privatelyAnswered(vpc, inRegion, live);
        if (said.decided) notes.push(said.text);
        else unknowns.push(said.text);
      } else findings.push(privateDnsDisabled(facts, vpc, inRegion, live));
    }
    if (usesPrivateDnsName(facts.urlForm) && inRegion.some((ep) => ep.privateDnsEnabled && isAvailable(ep))) {
      dnsServersNeeded = true;
      const servers = customDnsServers(facts, vpc.vpcId);
      if (servers.finding) findings.push(servers.finding);
      if (servers.unknown !== undefined) unknowns.push(servers.unknown);
    }
  }
  // The DNS servers the VPC hands out could turn this check into a warning: when they cannot be read, the check
  // cannot pass (its other findings still stand), whatever the failure was.
  if (dnsServersNeeded && facts.dhcpOptions && !facts.dhcpOptions.ok) {
    const unread = couldNotRun('private-dns', `DHCP option sets in ${facts.region}`, facts.dhcpOptions.error);
    findings.push(...unread.findings); // AWS_PERMISSION_MISSING when the role may not read them
    if (unread.reason !== undefined) unknowns.push(`${unread.reason}: custom DNS servers were not checked`);
  }
  const status = statusFor(findings);
  if (reasons.length > 0 || (unknowns.length > 0 && status !== 'fail')) {
    return { status: 'error', findings, reason: [...reasons, ...unknowns].join('; ') };
  }
  const outcome: CheckOutcome = { status, findings };
  const said = [...unknowns, ...notes];
  return said.length > 0 ? { ...outcome, reason: said.join('; ') } : outcome;
}

/** How the VPC's own zone answers the private-DNS name with the endpoint, or null when it does not (or is unread). */
function zoneAnswer(facts: Facts, vpcId: string): string | null {
  const layer = facts.dnsLayers.find((l) => l.vpcId === vpcId);
  if (!layer) return null;
  const resolution = resolveName(
    privateDnsHostname(facts.request.apiId, facts.region),
    dnsViewOf(facts, layer),
  );
  if (resolution.answer.kind !== 'endpoint' || !resolution.hops.some((hop) => hop.by === 'zone')) return null;
  return (
    `private DNS is off in ${vpcId}, and ${describeHops(resolution.hops)} answers the name with ` +
    `${resolution.answer.vpceId ?? 'the endpoint'} instead`
  );
}

/**
 * The in-VPC probe's answer for the private-DNS name, in the VPC the probe ran in; null when it did not run there,
 * did not resolve the name, or there is nothing to judge its addresses against (no VPC ranges, no endpoint
 * addresses). Without private DNS the name resolves to public addresses
 * (https://repost.aws/knowledge-center/vpc-interface-configure-dns); an answer inside the VPC means something else
 * answers it privately.
 */
type LiveAnswer =
  | { kind: 'public'; name: string; addresses: string[]; outside: string[] }
  | { kind: 'none'; name: string; errorCode: string | null }
  | {
      kind: 'private';
      name: string;
      addresses: string[];
      /** Every address is one of the endpoint's network interfaces. */
      atEndpoint: boolean;
      /** The probe's HTTPS call by that name, answered from one of those addresses. */
      reached: HttpStep | null;
    };

function liveAnswer(facts: Facts, vpcId: string): LiveAnswer | null {
  const probe = facts.probe;
  if (probe.state !== 'ran' || probe.vpcId !== vpcId) return null;
  const name = privateDnsHostname(facts.request.apiId, facts.region);
  const step = probe.result.dns.find((s) => s.role === 'private-dns' && s.name.toLowerCase() === name);
  if (!step) return null;
  if (step.addresses.length === 0) return { kind: 'none', name: step.name, errorCode: step.errorCode };
  const outside = addressesOutsideVpc(step.addresses, probe.endpointAddresses, callerVpcCidrs(facts));
  if (outside === null) return null;
  if (outside.length > 0) return { kind: 'public', name: step.name, addresses: step.addresses, outside };
  const reached = probe.result.http.find(
    (h) =>
      h.form === 'private-dns' &&
      h.status !== null &&
      h.address !== null &&
      step.addresses.includes(h.address),
  );
  return {
    kind: 'private',
    name: step.name,
    addresses: step.addresses,
    atEndpoint: step.addresses.every((address) => probe.endpointAddresses.includes(address)),
    reached: reached ?? null,
  };
}

/**
 * Private DNS is off but the name resolves inside the VPC: not the cause when the answer is the endpoint's
 * addresses or the probe's HTTPS call by that name got an answer there (only API Gateway serves the
 * *.execute-api certificate the probe verifies). Otherwise the check cannot tell whether callers reach the
 * endpoint by that name (the probe's own findings say what failed). What answers the name is DNS_LIVE_ANSWER_DIFFERS'
 * to report (dns-rules): this says only why private DNS being off is not the cause.
 */
function privatelyAnswered(
  vpc: CallerVpc,
  endpoints: VpcEndpointInfo[],
  live: Extract<LiveAnswer, { kind: 'private' }>,
): { decided: boolean; text: string } {
  const off = `private DNS is off on ${endpoints.map((ep) => ep.id).join(', ')} in ${vpc.vpcId}, but the in-VPC probe resolved ${live.name} to ${live.addresses.join(', ')}`;
  if (live.reached)
    return {
      decided: true,
      text: `${off} (inside the VPC) and its HTTPS call reached the API (HTTP ${live.reached.status}): something else answers the name privately`,
    };
  if (live.atEndpoint)
    return {
      decided: true,
      text: `${off} (the endpoint's addresses): something else answers the name privately`,
    };
  return {
    decided: false,
    text: `${off} (inside the VPC, not the endpoint's addresses) and got no HTTPS answer there: whether callers reach the endpoint by that name is not decided`,
  };
}

/** The VPC's own resolver as an option set may name it: by name, or by its link-local IPv4 / IPv6 (Nitro) address. */
const AMAZON_PROVIDED_DNS = 'amazonprovideddns';
const LINK_LOCAL_RESOLVERS = ['169.254.169.253', 'fd00:ec2::253'];

/**
 * The private-DNS name is answered by the endpoint's hosted zone, which only the VPC resolver (Route 53 Resolver)
 * sees. A DHCP option set naming other servers sends every lookup to them; unless they forward the execute-api
 * zone to the VPC resolver, the name resolves publicly. Whether they do is invisible from the control plane: a
 * warning, which the probe's live answer settles.
 */
function customDnsServers(facts: Facts, vpcId: string): { finding?: Finding; unknown?: string } {
  const { dhcpOptions, vpcs } = facts;
  if (dhcpOptions === null || !dhcpOptions.ok) return {}; // not read (probe on, other URL form) or reported once
  if (vpcs === null) return { unknown: `the DHCP option set of ${vpcId} was not read` };
  if (!vpcs.ok)
    return {
      unknown:
        `the DHCP option set of ${vpcId} is not known (${vpcs.error.operation}: ${describeFailure(vpcs.error)}): ` +
        'its DNS servers were not checked',
    };
  const vpc = vpcs.value.find((v) => v.id === vpcId);
  if (!vpc) return { unknown: `DescribeVpcs did not return ${vpcId}: its DNS servers were not checked` };
  if (vpc.dhcpOptionsId === null) return {};
  const set = dhcpOptions.value.find((o) => o.id === vpc.dhcpOptionsId);
  if (!set) return { unknown: `DHCP option set ${vpc.dhcpOptionsId} of ${vpcId} was not returned` };
  const resolver = vpcResolverAddress(vpc.cidrBlocks[0]);
  const custom = set.domainNameServers.filter((server) => !isVpcResolver(server, resolver));
  if (custom.length === 0) return {};
  const host = privateDnsHostname(facts.request.apiId, facts.region);
  const resolverText = `${resolver ? `${resolver} or ` : ''}169.254.169.253`;
  const endpoint = inRegionExecuteApiEndpoints(
    facts.callerVpcs.find((c) => c.vpcId === vpcId)?.endpoints ?? [],
    facts.region,
  ).find((ep) => ep.privateDnsEnabled);
  const vpceId = endpoint?.id ?? 'vpce-…';
  return {
    finding: finding(
      'VPC_CUSTOM_DNS_SERVERS',
      {
        cause:
          `VPC ${vpcId} uses DHCP option set ${set.id}, whose DNS servers are ${set.domainNameServers.join(', ')}: ` +
          `instances there resolve ${host} through those servers.`,
        explanation:
          `Unless they forward ${executeApiDomain(facts.region)} to the VPC resolver (${resolverText}), the ` +
          'name resolves to public addresses and calls get 403 Forbidden.',
        fix:
          'Add a conditional forwarder for that zone to the VPC resolver, or call the API through ' +
          `https://${vpceAliasHostname(facts.request.apiId, vpceId, facts.region)} (the endpoint must be ` +
          `associated with the API) or ${throughEndpointName(endpoint, facts.region, facts.request.apiId, '')}.`,
        shortFix:
          `Add a conditional forwarder for ${executeApiDomain(facts.region)} to the VPC resolver, or call ` +
          "the API through its {api}-{vpce} alias or the endpoint's own DNS name.",
        caveat: 'Deploy the in-VPC probe to see the answer the VPC actually gets.',
        resources: [vpcId, set.id, ...(endpoint ? [endpoint.id] : [])],
      },
      { vpcId, dhcpOptionsId: set.id, domainNameServers: set.domainNameServers },
    ),
  };
}

/** The Amazon DNS server of a VPC: the base of its primary IPv4 range plus two. */
function vpcResolverAddress(primaryCidr: string | undefined): string | null {
  const cidr = primaryCidr === undefined ? null : parseCidr(primaryCidr);
  if (cidr === null || cidr.family !== 4) return null;
  const value = cidr.network + 2n;
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

function isVpcResolver(server: string, resolver: string | null): boolean {
  if (server.trim().toLowerCase() === AMAZON_PROVIDED_DNS) return true;
  const address = parseCidr(server);
  if (address === null) return false;
  return [...LINK_LOCAL_RESOLVERS, ...(resolver ? [resolver] : [])].some((known) => {
    const candidate = parseCidr(known);
    return candidate?.family === address.family && candidate.network === address.network;
  });
}

function dnsAttributeFindings(
  vpc: CallerVpc,
  region: string,
  severity: Severity,
): { findings: Finding[]; reason?: string } {
  const attributes = { enableDnsSupport: vpc.enableDnsSupport, enableDnsHostnames: vpc.enableDnsHostnames };
  const findings: Finding[] = [];
  const reasons: string[] = [];
  const disabled: string[] = [];
  for (const [name, fetched] of Object.entries(attributes)) {
    if (fetched === null) {
      reasons.push(`${name} of ${vpc.vpcId} was not read`);
    } else if (!fetched.ok) {
      const outcome = couldNotRun('private-dns', `${name} of ${vpc.vpcId}`, fetched.error);
      findings.push(...outcome.findings);
      if (outcome.reason !== undefined) reasons.push(outcome.reason);
    } else if (!fetched.value) {
      disabled.push(name);
    }
  }
  if (disabled.length > 0) {
    findings.push(
      finding(
        'VPC_DNS_ATTRIBUTES_DISABLED',
        {
          cause:
            `VPC ${vpc.vpcId} has ${disabled.map((name) => `${name}=false`).join(' and ')}: the endpoint's ` +
            'private DNS names cannot resolve there.',
          fix:
            `Turn ${disabled.length > 1 ? 'them' : 'it'} on (one attribute per call): ` +
            disabled
              .map(
                (name) =>
                  `\`aws ec2 modify-vpc-attribute --region ${region} --vpc-id ${vpc.vpcId} --${kebab(name)} '{"Value":true}'\``,
              )
              .join(' then '),
          shortFix: `Turn ${disabled.join(' and ')} on for VPC ${vpc.vpcId}.`,
          resources: [vpc.vpcId],
        },
        {
          vpcId: vpc.vpcId,
          disabledAttributes: disabled,
          enableDnsSupport: fetchedValue(vpc.enableDnsSupport),
          enableDnsHostnames: fetchedValue(vpc.enableDnsHostnames),
        },
        { severity },
      ),
    );
  }
  return reasons.length > 0 ? { findings, reason: reasons.join('; ') } : { findings };
}

function privateDnsDisabled(
  facts: Facts,
  vpc: CallerVpc,
  endpoints: VpcEndpointInfo[],
  live: Exclude<LiveAnswer, { kind: 'private' }> | null,
): Finding {
  const apiId = facts.request.apiId;
  const region = facts.region;
  const stage = facts.stage?.stageName ?? facts.request.stage ?? '{stage}';
  const vpceIds = endpoints.map((ep) => ep.id);
  const example = endpoints[0];
  // The default hostname only reaches the endpoint through its private DNS; other URL forms do not need it.
  const callerNeedsIt = usesPrivateDnsName(facts.urlForm);
  // With no URL given and an {api}-{vpce} alias in place, the caller may well use the alias on purpose (private DNS
  // off keeps public APIs reachable from the VPC): that is a question for the user, not a proven cause.
  const associated = facts.restApi.ok ? facts.restApi.value.vpcEndpointIds : null;
  const associatedIds = vpceIds.filter((id) => associated?.includes(id));
  const aliasInPlace = facts.urlForm === 'none' && associatedIds.length > 0;
  const severity = !callerNeedsIt ? 'info' : aliasInPlace ? 'warning' : 'error';
  const aliasNote = aliasInPlace
    ? 'The endpoint is associated with the API, so its alias works without private DNS: if callers use the alias, ' +
      'this is not the cause; pass the failing URL to decide.'
    : undefined;
  return finding(
    'PRIVATE_DNS_DISABLED',
    {
      cause:
        `Private DNS is off on ${vpceIds.join(', ')} in VPC ${vpc.vpcId}, so https://${privateDnsHostname(apiId, region)} ` +
        'resolves to public addresses there: the call goes to the public front door, which answers 403 Forbidden ' +
        '(or times out when the VPC has no route to the internet).',
      fix:
        'Enable private DNS on the endpoint, or call the API through ' +
        `https://${vpceAliasHostname(apiId, example?.id ?? 'vpce-…', region)}/${stage} (the endpoint ` +
        `must be associated with the API) or ${throughEndpointName(example, region, apiId, `/${stage}`)}.`,
      shortFix: 'Enable private DNS on the endpoint, or call the API through its {api}-{vpce} alias URL.',
      explanation: live ? liveCorroboration(live) : undefined,
      caveat: aliasNote,
      resources: [...vpceIds, vpc.vpcId],
    },
    {
      vpcId: vpc.vpcId,
      vpceIds,
      urlForm: facts.urlForm,
      // What the in-VPC probe got for the name (null: it did not run in this VPC): the public or empty answer
      // this finding predicts.
      liveAnswer:
        live === null
          ? null
          : live.kind === 'public'
            ? { name: live.name, addresses: live.addresses, outside: live.outside }
            : { name: live.name, addresses: [], errorCode: live.errorCode },
      // Exactly "is one of these endpoints in the API's endpointConfiguration.vpcEndpointIds" (so its
      // {api}-{vpce} alias resolves); null when the API could not be read.
      associatedWithApi: associated === null ? null : associatedIds.length > 0,
      associatedVpceIds: associatedIds,
    },
    { severity },
  );
}

/** The probe's answer as the words that confirm the finding. */
function liveCorroboration(live: Exclude<LiveAnswer, { kind: 'private' }>): string {
  return live.kind === 'public'
    ? `The in-VPC probe confirms it: ${live.name} resolved to ${live.outside.join(', ')}, outside the VPC.`
    : `The in-VPC probe got no address for ${live.name} (${live.errorCode ?? 'no answer'}): not the endpoint either.`;
}

/**
 * "https://<endpoint's DNS name><path> with a Host header", when AWS listed a well-formed name for the endpoint;
 * otherwise the command that prints the name — never a malformed or made-up host name (net/hostname.ts).
 */
function throughEndpointName(
  endpoint: VpcEndpointInfo | undefined,
  region: string,
  apiId: string,
  path: string,
): string {
  const header = `-H 'Host: ${privateDnsHostname(apiId, region)}'`;
  const host = endpoint ? endpointDnsName(endpoint, region) : null;
  if (host) return `https://${host}${path} with \`${header}\``;
  const lookup = endpointDnsNameLookup(endpoint?.id ?? '<vpce-id>', region);
  return `the endpoint's own DNS name (print it with \`${lookup}\`)${path ? ` and path ${path}` : ''} with \`${header}\``;
}

function publicApiShadowing(facts: Facts, api: RestApiInfo): CheckOutcome {
  if (facts.callerVpcs.length > 0) {
    const findings = facts.callerVpcs.flatMap((vpc) =>
      shadowingEndpoints(vpc.endpoints, facts.region).map((ep) =>
        finding(
          'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS',
          {
            cause:
              `Endpoint ${ep.id} in VPC ${vpc.vpcId} has private DNS on, so inside that VPC ${hostOf(facts)} ` +
              `resolves to the endpoint, which serves only private APIs: calls to public API ${api.id} ` +
              `(${api.endpointTypes.join(', ')}) get 403 Forbidden.`,
            fix:
              `Call it through a custom domain name, or turn private DNS off on ${ep.id} and reach private APIs ` +
              'through their {api}-{vpce} aliases.',
            resources: [ep.id, vpc.vpcId, api.id],
          },
          { vpcId: vpc.vpcId, vpceId: ep.id, apiId: api.id, endpointTypes: api.endpointTypes },
        ),
      ),
    );
    return { status: statusFor(findings), findings };
  }

  const { endpoints } = facts;
  if (endpoints === null) {
    return { status: 'error', findings: [], reason: `VPC endpoints in ${facts.region} were not read` };
  }
  if (!endpoints.ok) return couldNotRun('private-dns', `VPC endpoints in ${facts.region}`, endpoints.error);
  const shadowing = shadowingEndpoints(endpoints.value, facts.region);
  if (shadowing.length === 0) return { status: 'pass', findings: [] };
  const vpcIds = [...new Set(shadowing.map((ep) => ep.vpcId))];
  const found = finding(
    'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS',
    {
      cause:
        `Execute-api endpoints with private DNS on (${shadowing.map((ep) => `${ep.id} in ${ep.vpcId}`).join(', ')}) ` +
        `capture ${hostOf(facts)} inside their VPCs: calls to public API ${api.id} from these VPCs get 403 ` +
        `(${vpcIds.join(', ')}).`,
      fix: null,
      caveat: 'If the caller is elsewhere this does not apply; name it with --vpc to be sure.',
      resources: [...shadowing.map((ep) => ep.id), ...vpcIds, api.id],
    },
    { vpcIds, vpceIds: shadowing.map((ep) => ep.id), apiId: api.id, endpointTypes: api.endpointTypes },
    // Without the caller's VPC this is a likely cause, not a proven one: a warning, never the primary cause.
    { severity: 'warning' },
  );
  return { status: statusFor([found]), findings: [found] };
}

/** Available in-region execute-api endpoints with private DNS on: their zone answers for every default API host. */
function shadowingEndpoints(endpoints: VpcEndpointInfo[], region: string): VpcEndpointInfo[] {
  return inRegionExecuteApiEndpoints(endpoints, region).filter(
    (ep) => ep.privateDnsEnabled && isAvailable(ep),
  );
}

function hostOf(facts: Facts): string {
  return privateDnsHostname(facts.request.apiId, facts.region);
}

function fetchedValue(fetched: CallerVpc['enableDnsSupport']): boolean | null {
  return fetched?.ok ? fetched.value : null;
}

function kebab(attribute: string): string {
  return attribute.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
