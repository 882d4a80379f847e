// Route 53 Resolver rules, Route 53 private hosted zones and Resolver DNS Firewall rule groups of one VPC: who
// answers which names there, and which names its DNS Firewall lets through.

import {
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import {
  type FirewallRule,
  GetResolverRuleCommand,
  ListFirewallDomainListsCommand,
  ListFirewallDomainsCommand,
  ListFirewallRuleGroupAssociationsCommand,
  ListFirewallRulesCommand,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  type ResolverRule,
  type Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import type {
  DnsRecordInfo,
  FirewallAssociationsRead,
  FirewallDomainListsRead,
  FirewallDomainsRead,
  FirewallRuleInfo,
  FirewallRulesRead,
  HostedZonesRead,
  ResolverRuleInfo,
  ResolverRulesRead,
  ZoneRecordsRead,
} from '../diagnosis/facts.js';
import type { DnsReader } from '../diagnosis/ports.js';
import { callAws } from './errors.js';

/** Pages read per list: a VPC rarely has more than a handful of rules or zones; beyond this, say so. */
const MAX_PAGES = 2;
const RESOLVER_PAGE_SIZE = 100;
const ZONES_PAGE_SIZE = '100';
/** Record sets read after a start name: one name rarely has more (a type each, a few weighted copies). */
const RECORDS_PAGE_SIZE = '50';
/** ListFirewallDomains allows up to 5000 domains a page. */
const DOMAINS_PAGE_SIZE = 5000;

export class SdkDnsReader implements DnsReader {
  constructor(
    private readonly resolver: Route53ResolverClient,
    private readonly route53: Route53Client,
  ) {}

  /**
   * ListResolverRuleAssociations (filtered by VPC) and ListResolverRules run side by side, so the rules cost no
   * dependent wave; only an associated rule the listing did not show (a rule shared through RAM, or one past the
   * pages read) is fetched afterwards with GetResolverRule.
   */
  async resolverRules(vpcId: string): Promise<ResolverRulesRead> {
    const [associations, listed] = await Promise.all([this.associations(vpcId), this.listRules()]);
    const byId = new Map(listed.rules.map((rule) => [rule.Id ?? '', rule]));
    const ruleIds = [...new Set(associations.ruleIds)];
    const missing = ruleIds.filter((id) => !byId.has(id));
    const fetchedMissing = await Promise.all(missing.map((id) => this.getRule(id)));
    for (const [index, rule] of fetchedMissing.entries()) if (rule) byId.set(missing[index] ?? '', rule);
    const rules = ruleIds.flatMap((id) => {
      const rule = byId.get(id);
      return rule ? [toResolverRuleInfo(rule)] : [];
    });
    return {
      rules,
      associationCount: associations.ruleIds.length,
      unreadRuleIds: ruleIds.filter((id) => !byId.has(id)),
      truncated: associations.truncated,
    };
  }

  async hostedZones(vpcId: string, region: string): Promise<HostedZonesRead> {
    const zones: HostedZonesRead['zones'] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await callAws('ListHostedZonesByVPC', 'route53:ListHostedZonesByVPC', () =>
        this.route53.send(
          new ListHostedZonesByVPCCommand({
            VPCId: vpcId,
            VPCRegion: region as never,
            MaxItems: ZONES_PAGE_SIZE as never,
            NextToken: nextToken,
          }),
        ),
      );
      pages += 1;
      for (const zone of page.HostedZoneSummaries ?? []) {
        zones.push({
          id: zone.HostedZoneId ?? '',
          name: normaliseDomain(zone.Name ?? ''),
          owningAccount: zone.Owner?.OwningAccount ?? null,
          owningService: zone.Owner?.OwningService ?? null,
        });
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken && pages < MAX_PAGES);
    return { zones, truncated: nextToken !== undefined };
  }

  /**
   * ListResourceRecordSets lists a zone in DNS order (labels reversed) from a start name, so the records of a name
   * are the first ones listed from it. Only when the name has none are its covering wildcards read (side by side,
   * usually one): the healthy path costs one call.
   */
  async zoneRecords(zoneId: string, zoneName: string, name: string): Promise<ZoneRecordsRead> {
    const wanted = normaliseDomain(name);
    const exact = await this.recordsNamed(zoneId, wanted);
    if (exact.records.length > 0) return { exact: exact.records, wildcard: [], truncated: exact.truncated };
    const candidates = coveringWildcards(wanted, normaliseDomain(zoneName));
    // A wildcard sorts right after the name it covers, which is where its listing starts: a `*` in the start
    // name itself is not sent (moto's server cannot route it, and the listing needs no escape that way).
    const wildcards = await Promise.all(
      candidates.map((candidate) => this.recordsNamed(zoneId, candidate, candidate.slice(2))),
    );
    const nearest = wildcards.find((read) => read.records.length > 0);
    return {
      exact: [],
      wildcard: nearest?.records ?? [],
      truncated: exact.truncated || wildcards.some((read) => read.truncated),
    };
  }

  /** The record sets named `name`, listed from `start` (the name itself, or the name a wildcard covers). */
  private async recordsNamed(
    zoneId: string,
    name: string,
    start = name,
  ): Promise<{ records: DnsRecordInfo[]; truncated: boolean }> {
    const page = await callAws('ListResourceRecordSets', 'route53:ListResourceRecordSets', () =>
      this.route53.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: zoneId,
          StartRecordName: start,
          MaxItems: RECORDS_PAGE_SIZE as never,
        }),
      ),
    );
    const sets = page.ResourceRecordSets ?? [];
    const names = sets.map((set) => normaliseDomain(set.Name ?? ''));
    const records = sets.filter((_, i) => names[i] === name).map(toDnsRecordInfo);
    // Every set on a full page was the start's or the name's: more of the name's may follow.
    const passed = names.some((listed) => listed !== name && listed !== start);
    return { records, truncated: page.IsTruncated === true && !passed };
  }

  async firewallAssociations(vpcId: string | null): Promise<FirewallAssociationsRead> {
    const read = await readPages(
      (token) =>
        callAws(
          'ListFirewallRuleGroupAssociations',
          'route53resolver:ListFirewallRuleGroupAssociations',
          () =>
            this.resolver.send(
              new ListFirewallRuleGroupAssociationsCommand({
                ...(vpcId ? { VpcId: vpcId } : {}),
                MaxResults: RESOLVER_PAGE_SIZE,
                NextToken: token,
              }),
            ),
        ),
      (page) => page.FirewallRuleGroupAssociations ?? [],
    );
    const associations = read.items
      // A filter the service ignored must not bring in another VPC's rule groups.
      .filter((a) => a.VpcId && a.FirewallRuleGroupId && (!vpcId || a.VpcId === vpcId))
      .map((a) => ({
        id: a.Id ?? '',
        name: a.Name || null,
        vpcId: a.VpcId ?? '',
        ruleGroupId: a.FirewallRuleGroupId ?? '',
        priority: a.Priority ?? 0,
        status: a.Status ?? null,
        managedOwnerName: a.ManagedOwnerName || null,
      }));
    return { associations, truncated: read.truncated };
  }

  async firewallRules(ruleGroupId: string): Promise<FirewallRulesRead> {
    const read = await readPages(
      (token) =>
        callAws('ListFirewallRules', 'route53resolver:ListFirewallRules', () =>
          this.resolver.send(
            new ListFirewallRulesCommand({
              FirewallRuleGroupId: ruleGroupId,
              MaxResults: RESOLVER_PAGE_SIZE,
              NextToken: token,
            }),
          ),
        ),
      (page) => page.FirewallRules ?? [],
    );
    return {
      rules: read.items.map((rule) => toFirewallRuleInfo(rule, ruleGroupId)),
      truncated: read.truncated,
    };
  }

  async firewallDomainLists(): Promise<FirewallDomainListsRead> {
    const read = await readPages(
      (token) =>
        callAws('ListFirewallDomainLists', 'route53resolver:ListFirewallDomainLists', () =>
          this.resolver.send(
            new ListFirewallDomainListsCommand({ MaxResults: RESOLVER_PAGE_SIZE, NextToken: token }),
          ),
        ),
      (page) => page.FirewallDomainLists ?? [],
    );
    const lists = read.items.map((list) => ({
      id: list.Id ?? '',
      name: list.Name || null,
      managedOwnerName: list.ManagedOwnerName || null,
    }));
    return { lists, truncated: read.truncated };
  }

  async firewallDomains(domainListId: string): Promise<FirewallDomainsRead> {
    const read = await readPages(
      (token) =>
        callAws('ListFirewallDomains', 'route53resolver:ListFirewallDomains', () =>
          this.resolver.send(
            new ListFirewallDomainsCommand({
              FirewallDomainListId: domainListId,
              MaxResults: DOMAINS_PAGE_SIZE,
              NextToken: token,
            }),
          ),
        ),
      (page) => page.Domains ?? [],
    );
    return { domains: read.items.map(normaliseDomain).filter(Boolean), truncated: read.truncated };
  }

  private async associations(vpcId: string): Promise<{ ruleIds: string[]; truncated: boolean }> {
    const ruleIds: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await callAws(
        'ListResolverRuleAssociations',
        'route53resolver:ListResolverRuleAssociations',
        () =>
          this.resolver.send(
            new ListResolverRuleAssociationsCommand({
              Filters: [{ Name: 'VPCId', Values: [vpcId] }],
              MaxResults: RESOLVER_PAGE_SIZE,
              NextToken: nextToken,
            }),
          ),
      );
      pages += 1;
      for (const association of page.ResolverRuleAssociations ?? []) {
        // A filter the service ignored must not bring in another VPC's rules.
        if (association.VPCId && association.VPCId !== vpcId) continue;
        if (association.ResolverRuleId) ruleIds.push(association.ResolverRuleId);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken && pages < MAX_PAGES);
    return { ruleIds, truncated: nextToken !== undefined };
  }

  private async listRules(): Promise<{ rules: ResolverRule[] }> {
    const rules: ResolverRule[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await callAws('ListResolverRules', 'route53resolver:ListResolverRules', () =>
        this.resolver.send(
          new ListResolverRulesCommand({ MaxResults: RESOLVER_PAGE_SIZE, NextToken: nextToken }),
        ),
      );
      pages += 1;
      rules.push(...(page.ResolverRules ?? []));
      nextToken = page.NextToken || undefined;
    } while (nextToken && pages < MAX_PAGES);
    return { rules };
  }

  private async getRule(ruleId: string): Promise<ResolverRule | null> {
    const out = await callAws('GetResolverRule', 'route53resolver:GetResolverRule', () =>
      this.resolver.send(new GetResolverRuleCommand({ ResolverRuleId: ruleId })),
    );
    return out.ResolverRule ?? null;
  }
}

/** Reads at most MAX_PAGES pages of a NextToken-paginated list; `truncated` says when more were left. */
async function readPages<P extends { NextToken?: string }, T>(
  page: (token: string | undefined) => Promise<P>,
  items: (page: P) => T[],
): Promise<{ items: T[]; truncated: boolean }> {
  const all: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const answer = await page(token);
    pages += 1;
    all.push(...items(answer));
    token = answer.NextToken || undefined;
  } while (token && pages < MAX_PAGES);
  return { items: all, truncated: token !== undefined };
}

function toFirewallRuleInfo(rule: FirewallRule, ruleGroupId: string): FirewallRuleInfo {
  return {
    ruleGroupId: rule.FirewallRuleGroupId ?? ruleGroupId,
    name: rule.Name || null,
    priority: rule.Priority ?? 0,
    action: (rule.Action ?? '').toUpperCase(),
    domainListId: rule.FirewallDomainListId || null,
    blockResponse: rule.BlockResponse ?? null,
    blockOverrideDomain: rule.BlockOverrideDomain ? normaliseDomain(rule.BlockOverrideDomain) : null,
    redirectionAction: rule.FirewallDomainRedirectionAction ?? null,
    qtype: rule.Qtype ? rule.Qtype.toUpperCase() : null,
  };
}

function toResolverRuleInfo(rule: ResolverRule): ResolverRuleInfo {
  return {
    id: rule.Id ?? '',
    name: rule.Name || null,
    domainName: normaliseDomain(rule.DomainName ?? ''),
    ruleType: rule.RuleType ?? '',
    targetIps: (rule.TargetIps ?? []).flatMap((target) => {
      const ip = target.Ip ?? target.Ipv6;
      if (!ip) return [];
      return [target.Port && target.Port !== 53 ? `${ip}:${target.Port}` : ip];
    }),
    ownerId: rule.OwnerId ?? null,
    shareStatus: rule.ShareStatus ?? null,
  };
}

function toDnsRecordInfo(set: ResourceRecordSet): DnsRecordInfo {
  return {
    name: normaliseDomain(set.Name ?? ''),
    type: (set.Type ?? '').toUpperCase(),
    values: (set.ResourceRecords ?? []).flatMap((record) => (record.Value ? [record.Value.trim()] : [])),
    aliasTarget: set.AliasTarget?.DNSName ? normaliseDomain(set.AliasTarget.DNSName) : null,
  };
}

/**
 * The wildcards of a zone that could answer `name`, nearest first: `*.` and each ancestor of the name down to the
 * zone's apex (Route 53 lets a wildcard answer names any number of labels below it).
 */
export function coveringWildcards(name: string, zone: string): string[] {
  const labels = name.split('.');
  const out: string[] = [];
  for (let i = 1; i < labels.length; i++) {
    const ancestor = labels.slice(i).join('.');
    if (ancestor !== zone && !ancestor.endsWith(`.${zone}`)) break;
    out.push(`*.${ancestor}`);
  }
  return out;
}

/** `Example.COM.` → `example.com`; `.` (the root) → ``. Route 53 escapes `*` as `\052`. */
export function normaliseDomain(name: string): string {
  return name.replace(/\\052/g, '*').toLowerCase().replace(/\.$/, '');
}
