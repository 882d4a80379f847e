import { describe, expect, it } from 'vitest';
import { dnsFirewallCheck, firewallDomainMatches } from '../../../src/diagnosis/checks/dns-firewall.js';
import { corroborate } from '../../../src/diagnosis/corroboration.js';
import type {
  DnsFirewallFacts,
  FirewallAssociationInfo,
  FirewallDomainListInfo,
  FirewallRuleInfo,
} from '../../../src/diagnosis/facts.js';
import type { Finding, UrlForm } from '../../../src/diagnosis/types.js';
import {
  API_ID,
  buildFacts,
  callerVpc,
  endpoint,
  fetchedFailed,
  fetchedOk,
  restApiInfo,
  seenFrom,
} from './facts-builder.js';

const NAME = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
const VPCE_NAME = 'vpce-0aaa-abcd1234.execute-api.us-east-1.vpce.amazonaws.com';

function association(overrides: Partial<FirewallAssociationInfo> = {}): FirewallAssociationInfo {
  return {
    id: 'rslvr-frgassoc-1',
    name: 'baseline',
    vpcId: 'vpc-1',
    ruleGroupId: 'rslvr-frg-1',
    priority: 200,
    status: 'COMPLETE',
    managedOwnerName: null,
    ...overrides,
  };
}

function rule(
  priority: number,
  action: string,
  domainListId: string | null,
  overrides: Partial<FirewallRuleInfo> = {},
): FirewallRuleInfo {
  return {
    ruleGroupId: 'rslvr-frg-1',
    name: `${action.toLowerCase()}-${priority}`,
    priority,
    action,
    domainListId,
    blockResponse: action === 'BLOCK' ? 'NXDOMAIN' : null,
    blockOverrideDomain: null,
    redirectionAction: null,
    qtype: null,
    ...overrides,
  };
}

interface Setup {
  associations?: FirewallAssociationInfo[];
  /** Rules per rule group id. */
  rules?: Record<string, FirewallRuleInfo[]>;
  /** Domains per domain list id. */
  domains?: Record<string, string[]>;
  lists?: FirewallDomainListInfo[];
}

function firewall(setup: Setup): DnsFirewallFacts {
  const rules = setup.rules ?? {};
  return {
    associations: fetchedOk({ associations: setup.associations ?? [association()], truncated: false }),
    ruleGroups: Object.entries(rules).map(([ruleGroupId, list]) => ({
      ruleGroupId,
      rules: fetchedOk({ rules: list, truncated: false }),
    })),
    domainLists: fetchedOk({ lists: setup.lists ?? [], truncated: false }),
    domains: Object.entries(setup.domains ?? {}).map(([domainListId, domains]) => ({
      domainListId,
      domains: fetchedOk({ domains, truncated: false }),
    })),
  };
}

function facts(
  dnsFirewall: DnsFirewallFacts | null,
  urlForm: UrlForm = 'private-dns',
  url: string | null = null,
) {
  return buildFacts({
    ...seenFrom([callerVpc([endpoint({ dnsNames: [VPCE_NAME] })])]),
    urlForm,
    request: { url },
    dnsFirewall,
  });
}

describe('firewallDomainMatches (DNS Firewall domain specifications)', () => {
  it.each([
    [NAME, NAME, true],
    [`${NAME.toUpperCase()}.`, NAME, true],
    ['*', NAME, true],
    ['*.execute-api.us-east-1.amazonaws.com', NAME, true],
    ['*.amazonaws.com', NAME, true],
    ['*.amazonaws.com', 'amazonaws.com', false],
    ['amazonaws.com', NAME, false],
    ['*.execute-api.us-west-2.amazonaws.com', NAME, false],
    ['*zonaws.com', NAME, true],
    ['*.vpce.amazonaws.com', VPCE_NAME, true],
  ])('%s matches %s: %s', (spec, name, expected) => {
    expect(firewallDomainMatches(spec, name)).toBe(expected);
  });
});

describe('dnsFirewallCheck', () => {
  it.each<[string, Setup, string, string[]]>([
    ['no rule group is associated', { associations: [] }, 'pass', []],
    [
      'a BLOCK rule whose list holds *.amazonaws.com',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-aws')] },
        domains: { 'fdl-aws': ['*.amazonaws.com'] },
      },
      'fail',
      ['DNS_FIREWALL_BLOCKS'],
    ],
    [
      'a walled garden (BLOCK *) with no ALLOW for the name',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'ALLOW', 'fdl-ok'), rule(900, 'BLOCK', 'fdl-all')] },
        domains: { 'fdl-ok': ['*.s3.amazonaws.com'], 'fdl-all': ['*'] },
      },
      'fail',
      ['DNS_FIREWALL_BLOCKS'],
    ],
    [
      'a walled garden whose ALLOW (lower priority number) lets *.execute-api through',
      {
        rules: { 'rslvr-frg-1': [rule(900, 'BLOCK', 'fdl-all'), rule(100, 'ALLOW', 'fdl-ok')] },
        domains: { 'fdl-ok': ['*.execute-api.us-east-1.amazonaws.com'], 'fdl-all': ['*'] },
      },
      'pass',
      [],
    ],
    [
      'an ALLOW in a rule group associated at a lower priority number wins over a BLOCK in a later group',
      {
        associations: [
          association({ priority: 300 }),
          association({ id: 'a-2', ruleGroupId: 'rslvr-frg-2', priority: 101 }),
        ],
        rules: {
          'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-all')],
          'rslvr-frg-2': [rule(500, 'ALLOW', 'fdl-ok', { ruleGroupId: 'rslvr-frg-2' })],
        },
        domains: { 'fdl-all': ['*'], 'fdl-ok': [NAME] },
      },
      'pass',
      [],
    ],
    [
      'a BLOCK in a rule group associated at a lower priority number wins over a later ALLOW',
      {
        associations: [
          association({ priority: 101 }),
          association({ id: 'a-2', ruleGroupId: 'rslvr-frg-2', priority: 300 }),
        ],
        rules: {
          'rslvr-frg-1': [rule(900, 'BLOCK', 'fdl-all')],
          'rslvr-frg-2': [rule(1, 'ALLOW', 'fdl-ok', { ruleGroupId: 'rslvr-frg-2' })],
        },
        domains: { 'fdl-all': ['*'], 'fdl-ok': [NAME] },
      },
      'fail',
      ['DNS_FIREWALL_BLOCKS'],
    ],
    [
      'an ALERT rule decides first: answered and logged',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'ALERT', 'fdl-aws'), rule(200, 'BLOCK', 'fdl-aws')] },
        domains: { 'fdl-aws': ['*.amazonaws.com'] },
      },
      'pass',
      ['DNS_FIREWALL_ALERTS'],
    ],
    [
      'a BLOCK limited to AAAA lookups does not apply to the A lookup',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-aws', { qtype: 'AAAA' })] },
        domains: { 'fdl-aws': ['*'] },
      },
      'pass',
      [],
    ],
    [
      'the AWS-managed threat list is not read and does not match',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-managed')] },
        lists: [
          { id: 'fdl-managed', name: 'AWSManagedDomainsMalwareDomainList', managedOwnerName: 'Route 53' },
        ],
      },
      'pass',
      [],
    ],
    [
      'a BLOCK of another region only',
      {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-west')] },
        domains: { 'fdl-west': ['*.execute-api.us-west-2.amazonaws.com'] },
      },
      'pass',
      [],
    ],
  ])('%s → %s %j', (_case, setup, status, codes) => {
    // Act
    const outcome = dnsFirewallCheck.run(facts(firewall(setup)));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
  });

  it('names the group, rule, priorities, action, block response and list, and the fix', () => {
    // Prepare
    const setup: Setup = {
      rules: {
        'rslvr-frg-1': [
          rule(300, 'BLOCK', 'fdl-aws', {
            name: 'no-aws',
            blockResponse: 'OVERRIDE',
            blockOverrideDomain: 'blocked.example',
          }),
        ],
      },
      domains: { 'fdl-aws': ['*.amazonaws.com'] },
      lists: [{ id: 'fdl-aws', name: 'aws-domains', managedOwnerName: null }],
    };

    // Act
    const [found] = dnsFirewallCheck.run(facts(firewall(setup))).findings;

    // Assess
    expect(found?.severity).toBe('error');
    expect(found?.evidence).toMatchObject({
      vpcId: 'vpc-1',
      name: NAME,
      ruleGroupId: 'rslvr-frg-1',
      associationPriority: 200,
      ruleName: 'no-aws',
      rulePriority: 300,
      ruleAction: 'BLOCK',
      blockResponse: 'OVERRIDE',
      blockOverrideDomain: 'blocked.example',
      domainListId: 'fdl-aws',
      domainListName: 'aws-domains',
      matchedDomain: '*.amazonaws.com',
    });
    expect(found?.detail).toContain('a CNAME to blocked.example');
    expect(found?.detail).toContain('priority number lower than 300');
    expect(found?.detail).toContain(
      "update-firewall-domains --firewall-domain-list-id fdl-aws --operation REMOVE --domains '*.amazonaws.com'",
    );
  });

  it('says who manages an association Firewall Manager created', () => {
    const setup: Setup = {
      associations: [association({ managedOwnerName: 'AWS Firewall Manager' })],
      rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-all')] },
      domains: { 'fdl-all': ['*'] },
    };
    const [found] = dnsFirewallCheck.run(facts(firewall(setup))).findings;
    expect(found?.detail).toContain('managed by AWS Firewall Manager');
  });

  describe('the CNAME chain of the {api}-{vpce} alias', () => {
    const alias = `https://${API_ID}-vpce-0aaa.execute-api.us-east-1.amazonaws.com/prod/`;

    it("warns when only the endpoint's own name (the CNAME target) is blocked", () => {
      // Prepare
      const setup: Setup = {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-vpce')] },
        domains: { 'fdl-vpce': ['*.vpce.amazonaws.com'] },
      };

      // Act
      const outcome = dnsFirewallCheck.run(facts(firewall(setup), 'vpce-alias', alias));

      // Assess
      expect(outcome.status).toBe('warn');
      expect(outcome.findings).toMatchObject([
        {
          code: 'DNS_FIREWALL_BLOCKS',
          severity: 'warning',
          evidence: {
            name: VPCE_NAME,
            chainedFrom: `${API_ID}-vpce-0aaa.execute-api.us-east-1.amazonaws.com`,
          },
        },
      ]);
    });

    it('is raised to an error when no request reached the API (corroboration)', () => {
      // Prepare
      const setup: Setup = {
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-vpce')] },
        domains: { 'fdl-vpce': ['*.vpce.amazonaws.com'] },
      };
      const [blocked] = dnsFirewallCheck.run(facts(firewall(setup), 'vpce-alias', alias)).findings;
      const silence = {
        ...(blocked as Finding),
        code: 'NO_REQUESTS_REACHED_API' as const,
        severity: 'warning' as const,
      };

      // Act
      const [raised] = corroborate([blocked as Finding, silence]);

      // Assess
      expect(raised).toMatchObject({
        code: 'DNS_FIREWALL_BLOCKS',
        severity: 'error',
        evidence: { corroboratedBy: ['NO_REQUESTS_REACHED_API'] },
      });
    });

    it('lets the chain through when the ALLOW for the first name trusts redirections', () => {
      const setup: Setup = {
        rules: {
          'rslvr-frg-1': [
            rule(100, 'ALLOW', 'fdl-api', { redirectionAction: 'TRUST_REDIRECTION_DOMAIN' }),
            rule(200, 'BLOCK', 'fdl-all'),
          ],
        },
        domains: { 'fdl-api': ['*.execute-api.us-east-1.amazonaws.com'], 'fdl-all': ['*'] },
      };
      const outcome = dnsFirewallCheck.run(facts(firewall(setup), 'vpce-alias', alias));
      expect(outcome).toMatchObject({ status: 'pass', findings: [] });
    });
  });

  describe('reads that failed or were cut short never pass', () => {
    const denied = {
      action: 'route53resolver:ListFirewallRules',
      operation: 'ListFirewallRules',
      message: 'no',
    };

    it('errors, naming the IAM action, when the associations could not be read', () => {
      // Prepare
      const dnsFirewall: DnsFirewallFacts = {
        ...firewall({}),
        associations: fetchedFailed('access-denied', {
          action: 'route53resolver:ListFirewallRuleGroupAssociations',
          operation: 'ListFirewallRuleGroupAssociations',
          message: 'no',
        }),
      };

      // Act
      const outcome = dnsFirewallCheck.run(facts(dnsFirewall));

      // Assess
      expect(outcome.status).toBe('error');
      expect(outcome.findings).toMatchObject([
        {
          code: 'AWS_PERMISSION_MISSING',
          evidence: { action: 'route53resolver:ListFirewallRuleGroupAssociations' },
        },
      ]);
    });

    it("errors when an associated group's rules could not be read before anything decided", () => {
      const dnsFirewall: DnsFirewallFacts = {
        ...firewall({}),
        ruleGroups: [{ ruleGroupId: 'rslvr-frg-1', rules: fetchedFailed('access-denied', denied) }],
      };
      const outcome = dnsFirewallCheck.run(facts(dnsFirewall));
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toMatch(/Rules of DNS Firewall rule group rslvr-frg-1 could not be read/);
      expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
    });

    it('still reports a BLOCK decided before the group whose rules failed', () => {
      const base = firewall({
        associations: [
          association({ priority: 101 }),
          association({ id: 'a-2', ruleGroupId: 'rslvr-frg-2', priority: 300 }),
        ],
        rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-all')] },
        domains: { 'fdl-all': ['*'] },
      });
      const dnsFirewall: DnsFirewallFacts = {
        ...base,
        ruleGroups: [
          ...base.ruleGroups,
          { ruleGroupId: 'rslvr-frg-2', rules: fetchedFailed('throttled', denied) },
        ],
      };
      const outcome = dnsFirewallCheck.run(facts(dnsFirewall));
      expect(outcome.status).toBe('fail');
      expect(outcome.findings.map((f) => f.code)).toEqual(['DNS_FIREWALL_BLOCKS']);
    });

    it('names a denied read even when the decision did not need it (the domain-list metadata)', () => {
      const dnsFirewall: DnsFirewallFacts = {
        ...firewall({
          rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-all')] },
          domains: { 'fdl-all': ['*'] },
        }),
        domainLists: fetchedFailed('access-denied', {
          action: 'route53resolver:ListFirewallDomainLists',
          operation: 'ListFirewallDomainLists',
          message: 'no',
        }),
      };
      const outcome = dnsFirewallCheck.run(facts(dnsFirewall));
      expect(outcome.status).toBe('fail');
      expect(outcome.findings.map((f) => [f.code, f.evidence.action])).toEqual([
        ['DNS_FIREWALL_BLOCKS', undefined],
        ['AWS_PERMISSION_MISSING', 'route53resolver:ListFirewallDomainLists'],
      ]);
      expect(outcome.reason).toMatch(/which domain lists AWS manages could not be read/);
    });

    it('errors when a domain list was cut short and what was read does not match', () => {
      const base = firewall({ rules: { 'rslvr-frg-1': [rule(100, 'BLOCK', 'fdl-big')] } });
      const dnsFirewall: DnsFirewallFacts = {
        ...base,
        domains: [
          { domainListId: 'fdl-big', domains: fetchedOk({ domains: ['x.example'], truncated: true }) },
        ],
      };
      const outcome = dnsFirewallCheck.run(facts(dnsFirewall));
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toMatch(/more domains than were read/);
    });
  });

  it('is skipped without a caller VPC, and for a public API', () => {
    expect(dnsFirewallCheck.run(facts(null)).status).toBe('skipped');
    const publicApi = buildFacts({
      restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })),
      dnsFirewall: firewall({}),
    });
    expect(dnsFirewallCheck.run(publicApi).status).toBe('skipped');
  });
});
