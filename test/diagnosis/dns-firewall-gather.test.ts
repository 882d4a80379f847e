import { describe, expect, it } from 'vitest';
import type { FirewallAssociationInfo, FirewallRuleInfo } from '../../src/diagnosis/facts.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';
import { gatherFacts } from '../../src/diagnosis/gather.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { diagnosisRequest } from './checks/facts-builder.js';
import { type StubFixture, stubPorts } from './stub-ports.js';

const options = { now: () => 1_700_000_000_000, probeTimeoutMs: 1000 };
const flush = () => new Promise((resolve) => setImmediate(resolve));
const CALLER_VPC = 'vpc-0a1b2c3d';

function association(overrides: Partial<FirewallAssociationInfo> = {}): FirewallAssociationInfo {
  return {
    id: 'rslvr-frgassoc-1',
    name: 'baseline',
    vpcId: CALLER_VPC,
    ruleGroupId: 'rslvr-frg-1',
    priority: 101,
    status: 'COMPLETE',
    managedOwnerName: null,
    ...overrides,
  };
}

function rule(overrides: Partial<FirewallRuleInfo> = {}): FirewallRuleInfo {
  return {
    ruleGroupId: 'rslvr-frg-1',
    name: 'block-all',
    priority: 100,
    action: 'BLOCK',
    domainListId: 'rslvr-fdl-1',
    blockResponse: 'NXDOMAIN',
    blockOverrideDomain: null,
    redirectionAction: null,
    qtype: null,
    ...overrides,
  };
}

/** Runs the gather with every call held, releases it wave by wave, and returns the calls each wave started. */
async function waves(fixture: StubFixture, overrides: Partial<DiagnosisRequest> = {}) {
  const ports = stubPorts(fixture, { hold: true });
  let settled = false;
  const done = gatherFacts(diagnosisRequest({ urlForm: 'none', probe: false, ...overrides }), ports, options);
  void done.then(() => {
    settled = true;
  });
  const started: string[][] = [];
  for (let wave = 0; wave < 8 && !settled; wave++) {
    for (let i = 0; i < 5; i++) await flush();
    const before = started.flat().length;
    started.push(ports.calls.slice(before));
    ports.release();
    for (let i = 0; i < 5; i++) await flush();
  }
  return { started: started.filter((calls) => calls.length > 0), facts: await done };
}

describe('gatherFacts: the DNS Firewall of the caller VPC', () => {
  it('lists the associations region-wide at level 0 and reads nothing more without one: still 2 waves', async () => {
    // Act
    const { started, facts } = await waves({});

    // Assess
    expect(started).toHaveLength(2);
    expect(started[0]).toContain('ListFirewallRuleGroupAssociations');
    expect(started.flat().filter((c) => c.startsWith('ListFirewall'))).toEqual([
      'ListFirewallRuleGroupAssociations',
    ]);
    expect(facts.dnsFirewall).toMatchObject({
      associations: { ok: true, value: { associations: [] } },
      ruleGroups: [],
      domainLists: null,
    });
  });

  it("reads the caller VPC's rules with the domain lists at level 1 and their domains at level 2 (one more wave)", async () => {
    // Prepare
    const fixture: StubFixture = {
      firewallAssociations: {
        associations: [
          association(),
          association({ id: 'other', vpcId: 'vpc-0ther', ruleGroupId: 'rslvr-frg-other' }),
        ],
        truncated: false,
      },
      firewallRules: {
        'rslvr-frg-1': {
          rules: [rule(), rule({ name: 'threats', priority: 200, domainListId: 'rslvr-fdl-managed' })],
          truncated: false,
        },
      },
      firewallDomainLists: {
        lists: [
          { id: 'rslvr-fdl-1', name: 'everything', managedOwnerName: null },
          {
            id: 'rslvr-fdl-managed',
            name: 'AWSManagedDomainsMalwareDomainList',
            managedOwnerName: 'Route 53 Resolver DNS Firewall',
          },
        ],
        truncated: false,
      },
      firewallDomains: { 'rslvr-fdl-1': { domains: ['*'], truncated: false } },
    };

    // Act
    const { started, facts } = await waves(fixture);

    // Assess
    expect(started).toHaveLength(3);
    expect(started[0]).toContain('ListFirewallRuleGroupAssociations');
    expect(started[1]).toEqual(
      expect.arrayContaining(['ListFirewallRules:rslvr-frg-1', 'ListFirewallDomainLists', 'DescribeVpcs']),
    );
    expect(started[2]).toEqual(['ListFirewallDomains:rslvr-fdl-1']);
    expect(started.flat()).not.toContain('ListFirewallRules:rslvr-frg-other');
    expect(started.flat()).not.toContain('ListFirewallDomains:rslvr-fdl-managed');
    expect(facts.dnsFirewall?.associations).toMatchObject({
      ok: true,
      value: { associations: [{ vpcId: CALLER_VPC }] },
    });
    expect(facts.dnsFirewall?.domains).toMatchObject([
      { domainListId: 'rslvr-fdl-1', domains: { ok: true, value: { domains: ['*'] } } },
    ]);
  });

  it('filters the first read by the VPC --vpc names', async () => {
    // Act
    const { started } = await waves({}, { vpcId: CALLER_VPC });

    // Assess
    expect(started[0]).toContain(`ListFirewallRuleGroupAssociations:${CALLER_VPC}`);
    expect(started.flat()).not.toContain('ListFirewallRuleGroupAssociations');
  });

  it('reads a caller VPC again, filtered, when the region-wide list was cut short', async () => {
    // Act
    const { started } = await waves({ firewallAssociations: { associations: [], truncated: true } });

    // Assess
    expect(started[1]).toContain(`ListFirewallRuleGroupAssociations:${CALLER_VPC}`);
  });

  it('keeps a failed association read as a failed fact', async () => {
    // Prepare
    const denied = new AwsCallError(
      'access-denied',
      'route53resolver:ListFirewallRuleGroupAssociations',
      'not authorized',
      'ListFirewallRuleGroupAssociations',
    );

    // Act
    const { facts } = await waves({ firewallAssociations: denied });

    // Assess
    expect(facts.dnsFirewall?.associations).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });

  it('has no DNS Firewall facts when the API does not exist', async () => {
    // Act
    const { facts } = await waves({
      restApi: new AwsCallError('not-found', 'apigateway:GET', 'Invalid API identifier', 'GetRestApi'),
    });

    // Assess
    expect(facts.dnsFirewall).toBeNull();
  });
});
