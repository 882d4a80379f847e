// Reads the DNS Firewall of the caller VPCs: association → rules → domains is a chain of three dependent reads,
// so its first link needs no input. With --vpc it is filtered by that VPC; otherwise it lists every association
// of the region at level 0, and the caller VPCs (known one level later) pick theirs. Rules (ListFirewallRules per
// associated group ‖ ListFirewallDomainLists) and then domains (ListFirewallDomains per list the rules use) follow
// only when a caller VPC has an association: an account without DNS Firewall pays one call and no wave; one with
// it pays one wave more than the 2 of a plain API id (the domains cannot be known before the rules name them).

import { isManaged } from './checks/dns-firewall.js';
import type { DnsFirewallFacts, Fetched, FirewallAssociationsRead } from './facts.js';
import { fetched } from './fetched.js';
import type { DnsReader } from './ports.js';

export interface FirewallAssociationsStart {
  /** The VPC the first read was filtered by, or null for the whole region. */
  vpcId: string | null;
  read: Promise<Fetched<FirewallAssociationsRead>>;
}

/** Level 0: the associations of the named VPC, or of the whole region when no VPC is named. */
export function startFirewallAssociations(dns: DnsReader, vpcId: string | null): FirewallAssociationsStart {
  return { vpcId, read: fetched(() => dns.firewallAssociations(vpcId)) };
}

/**
 * The associations that apply to these VPCs. A caller VPC the first read did not cover (a region-wide list cut
 * short, or a second caller VPC beside --vpc) is read again, filtered: one more wave, only in those cases.
 */
async function callerAssociations(
  dns: DnsReader,
  start: FirewallAssociationsStart,
  vpcIds: string[],
): Promise<Fetched<FirewallAssociationsRead>> {
  const first = await start.read;
  if (!first.ok) return first;
  const missing =
    start.vpcId === null ? (first.value.truncated ? vpcIds : []) : vpcIds.filter((id) => id !== start.vpcId);
  if (missing.length === 0) return onlyVpcs(first, vpcIds);
  const reads = await Promise.all(missing.map((id) => fetched(() => dns.firewallAssociations(id))));
  const failed = reads.find((r) => !r.ok);
  if (failed) return failed;
  const ok = reads.filter((r): r is Extract<typeof r, { ok: true }> => r.ok);
  const kept = onlyVpcs(
    first,
    vpcIds.filter((id) => !missing.includes(id)),
  );
  return {
    ok: true,
    ms: first.ms + Math.max(0, ...ok.map((r) => r.ms)),
    value: {
      associations: [...(kept.ok ? kept.value.associations : []), ...ok.flatMap((r) => r.value.associations)],
      truncated: ok.some((r) => r.value.truncated) || (start.vpcId !== null && first.value.truncated),
    },
  };
}

function onlyVpcs(
  read: Fetched<FirewallAssociationsRead>,
  vpcIds: string[],
): Fetched<FirewallAssociationsRead> {
  if (!read.ok) return read;
  const associations = read.value.associations.filter((a) => vpcIds.includes(a.vpcId));
  return { ...read, value: { ...read.value, associations } };
}

/** The DNS Firewall facts of the caller VPCs; null when there is no caller VPC to judge. */
export async function gatherDnsFirewall(
  dns: DnsReader,
  start: FirewallAssociationsStart,
  vpcIds: string[],
): Promise<DnsFirewallFacts | null> {
  if (vpcIds.length === 0) return null;
  const associations = await callerAssociations(dns, start, vpcIds);
  const groupIds = associations.ok
    ? [...new Set(associations.value.associations.map((a) => a.ruleGroupId))]
    : [];
  if (groupIds.length === 0) return { associations, ruleGroups: [], domainLists: null, domains: [] };

  const listsP = fetched(() => dns.firewallDomainLists());
  const ruleGroups = await Promise.all(
    groupIds.map(async (ruleGroupId) => ({
      ruleGroupId,
      rules: await fetched(() => dns.firewallRules(ruleGroupId)),
    })),
  );
  const domainLists = await listsP;
  const listIds = [
    ...new Set(
      ruleGroups.flatMap(({ rules }) =>
        rules.ok ? rules.value.rules.flatMap((r) => r.domainListId ?? []) : [],
      ),
    ),
  ].filter((id) => !isManaged(domainLists, id));
  const domains = await Promise.all(
    listIds.map(async (domainListId) => ({
      domainListId,
      domains: await fetched(() => dns.firewallDomains(domainListId)),
    })),
  );
  return { associations, ruleGroups, domainLists, domains };
}
