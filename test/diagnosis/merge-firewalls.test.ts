// Several accounts' DNS Firewall reads (one per account that owns a caller VPC) judged as one.

import { describe, expect, it } from 'vitest';
import type {
  DnsFirewallFacts,
  FirewallAssociationInfo,
  FirewallAssociationsRead,
} from '../../src/diagnosis/facts.js';
import { mergeFirewalls } from '../../src/diagnosis/gather.js';
import { fetchedFailed, fetchedOk } from './checks/facts-builder.js';

function association(vpcId: string, ruleGroupId: string): FirewallAssociationInfo {
  return {
    id: `a-${vpcId}`,
    name: null,
    vpcId,
    ruleGroupId,
    priority: 101,
    status: 'COMPLETE',
    managedOwnerName: null,
  };
}

function firewallOf(vpcId: string, ruleGroupId: string, listId: string): DnsFirewallFacts {
  return {
    associations: fetchedOk({ associations: [association(vpcId, ruleGroupId)], truncated: false }),
    ruleGroups: [{ ruleGroupId, rules: fetchedOk({ rules: [], truncated: false }) }],
    domainLists: fetchedOk({ lists: [{ id: listId, name: null, managedOwnerName: null }], truncated: false }),
    domains: [{ domainListId: listId, domains: fetchedOk({ domains: ['*.example.com'], truncated: false }) }],
  };
}

describe('mergeFirewalls', () => {
  it("keeps every account's associations, rule groups, lists and domains", () => {
    // Act
    const merged = mergeFirewalls([
      firewallOf('vpc-b', 'rg-b', 'dl-b'),
      null,
      firewallOf('vpc-c', 'rg-c', 'dl-c'),
    ]);

    // Assess
    expect(merged?.associations).toMatchObject({
      ok: true,
      value: { associations: [{ vpcId: 'vpc-b' }, { vpcId: 'vpc-c' }], truncated: false },
    });
    expect(merged?.ruleGroups.map((g) => g.ruleGroupId)).toEqual(['rg-b', 'rg-c']);
    expect(merged?.domainLists).toMatchObject({
      ok: true,
      value: { lists: [{ id: 'dl-b' }, { id: 'dl-c' }] },
    });
    expect(merged?.domains.map((d) => d.domainListId)).toEqual(['dl-b', 'dl-c']);
  });

  it("fails the associations when one account's read failed, so the check cannot pass on half the VPCs", () => {
    // Prepare
    const denied = {
      ...firewallOf('vpc-c', 'rg-c', 'dl-c'),
      associations: fetchedFailed<FirewallAssociationsRead>('access-denied', {
        action: 'route53resolver:ListFirewallRuleGroupAssociations',
        operation: 'ListFirewallRuleGroupAssociations',
        message: 'denied',
      }),
    };

    // Act
    const merged = mergeFirewalls([firewallOf('vpc-b', 'rg-b', 'dl-b'), denied]);

    // Assess
    expect(merged?.associations.ok).toBe(false);
  });

  it('is the one read itself with a single account, and nothing without any', () => {
    const one = firewallOf('vpc-b', 'rg-b', 'dl-b');
    expect(mergeFirewalls([one])).toBe(one);
    expect(mergeFirewalls([null])).toBeNull();
  });
});
