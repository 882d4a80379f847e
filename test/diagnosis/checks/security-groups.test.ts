import { describe, expect, it } from 'vitest';
import { securityGroupsCheck } from '../../../src/diagnosis/checks/security-groups.js';
import type {
  CallerVpcSource,
  Facts,
  Fetched,
  SecurityGroupInfo,
  SecurityGroupRule,
  VpcInfo,
} from '../../../src/diagnosis/facts.js';
import {
  buildFacts,
  callerVpc,
  endpoint,
  fetchedFailed,
  fetchedOk,
  restApiInfo,
  seenFrom,
} from './facts-builder.js';

const ENDPOINT = endpoint({ subnetIds: ['subnet-a'], networkInterfaceIds: ['eni-a'] });
const ENDPOINT_ENI = {
  id: 'eni-a',
  subnetId: 'subnet-a',
  privateIpAddresses: ['10.0.1.25'],
  ipv6Addresses: [],
};
const VPC: VpcInfo = { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null };

function rule(overrides: Partial<SecurityGroupRule>): SecurityGroupRule {
  return {
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrs: [],
    ipv6Cidrs: [],
    groupIds: [],
    prefixListIds: [],
    ...overrides,
  };
}

function group(
  id: string,
  ingress: SecurityGroupRule[],
  egress: SecurityGroupRule[] = [],
): SecurityGroupInfo {
  return { id, name: id, vpcId: 'vpc-1', ingress, egress };
}

const ALL_OUT = rule({ protocol: '-1', fromPort: undefined, toPort: undefined, cidrs: ['0.0.0.0/0'] });

interface Options {
  groups?: Fetched<SecurityGroupInfo[]> | null;
  callerSgs?: string[];
  vpcs?: Fetched<VpcInfo[]> | null;
  endpointTypes?: string[];
  /** Why the caller is thought to be in vpc-1; by default the user said so (--vpc). */
  sources?: CallerVpcSource[];
  /** The endpoint's network interfaces; by default read, with one address in subnet-a (10.0.1.0/24). */
  interfaces?: Facts['endpointInterfaces'];
}

function facts(options: Options = {}): Facts {
  return buildFacts({
    request: { vpcId: 'vpc-1', callerSecurityGroupIds: options.callerSgs ?? [] },
    restApi: fetchedOk(restApiInfo({ endpointTypes: options.endpointTypes ?? ['PRIVATE'] })),
    ...seenFrom([callerVpc([ENDPOINT], { sources: options.sources ?? ['vpc-flag'] })]),
    vpcs: options.vpcs === undefined ? fetchedOk([VPC]) : options.vpcs,
    securityGroups: options.groups === undefined ? null : options.groups,
    endpointInterfaces: options.interfaces === undefined ? fetchedOk([ENDPOINT_ENI]) : options.interfaces,
  });
}

function groups(...list: SecurityGroupInfo[]): Fetched<SecurityGroupInfo[]> {
  return { ok: true, value: list, ms: 1 };
}

describe('securityGroupsCheck ingress to the endpoint', () => {
  it.each([
    ['tcp 443 from the VPC CIDR', rule({ cidrs: ['10.0.0.0/16'] })],
    ['tcp 443 from a subnet of the VPC', rule({ cidrs: ['10.0.7.0/24'] })],
    ['tcp 0-65535 from anywhere', rule({ fromPort: 0, toPort: 65535, cidrs: ['0.0.0.0/0'] })],
    [
      'all traffic from the VPC CIDR',
      rule({ protocol: '-1', fromPort: undefined, toPort: undefined, cidrs: ['10.0.0.0/8'] }),
    ],
  ])('passes when the endpoint group allows %s and the caller is known by its VPC', (_name, ingress) => {
    // Act
    const outcome = securityGroupsCheck.run(facts({ groups: groups(group('sg-vpce', [ingress])) }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports SG_ENDPOINT_NO_INGRESS_443 with the rules and the caller assumed when only port 80 is open', () => {
    // Prepare
    const ingress = [
      rule({ fromPort: 80, toPort: 80, cidrs: ['10.0.0.0/16'] }),
      rule({ cidrs: ['192.168.0.0/16'] }),
    ];

    // Act
    const outcome = securityGroupsCheck.run(facts({ groups: groups(group('sg-vpce', ingress)) }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'SG_ENDPOINT_NO_INGRESS_443',
      evidence: {
        vpceId: 'vpce-0aaa',
        securityGroupIds: ['sg-vpce'],
        inboundRules: ['sg-vpce: tcp 80 from 10.0.0.0/16', 'sg-vpce: tcp 443 from 192.168.0.0/16'],
        callerSource: 'VPC vpc-1 CIDR 10.0.0.0/16',
      },
    });
  });

  it('passes when the endpoint group references the caller security group named with --sg', () => {
    // Prepare
    const endpointGroup = group('sg-vpce', [rule({ groupIds: ['sg-app'] })]);

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, group('sg-app', [], [ALL_OUT])) }),
    );

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it.each([
    ['a subnet of the VPC and another group', rule({ cidrs: ['10.0.9.0/24'], groupIds: ['sg-other'] })],
    ['a subnet of the VPC', rule({ cidrs: ['10.0.9.0/24'] })],
  ])(
    'errors with the range, not SG_ENDPOINT_NO_INGRESS_443, when the caller is known by --sg and 443 is open from %s',
    (_name, ingress) => {
      // Prepare: the caller's address is unknown, so it may well sit in 10.0.9.0/24.
      const endpointGroup = group('sg-vpce', [ingress]);

      // Act
      const outcome = securityGroupsCheck.run(
        facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, group('sg-app', [], [ALL_OUT])) }),
      );

      // Assess
      expect(outcome.status).toBe('error');
      expect(outcome.findings).toEqual([]);
      expect(outcome.reason).toContain('10.0.9.0/24');
    },
  );

  it('reports SG_ENDPOINT_NO_INGRESS_443 when the caller is known by --sg and 443 is open only outside its VPC', () => {
    // Prepare
    const endpointGroup = group('sg-vpce', [rule({ cidrs: ['192.168.0.0/16'] })]);

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, group('sg-app', [], [ALL_OUT])) }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['SG_ENDPOINT_NO_INGRESS_443']);
  });

  it('errors asking for --sg instead of failing when 443 is allowed only from another security group', () => {
    // Act
    const outcome = securityGroupsCheck.run(
      facts({ groups: groups(group('sg-vpce', [rule({ groupIds: ['sg-app'] })])) }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('sg-app');
    expect(outcome.reason).toContain('--sg');
  });

  it('errors with a reason when the VPC CIDR is needed and was not read', () => {
    // Act
    const outcome = securityGroupsCheck.run(
      facts({ vpcs: null, groups: groups(group('sg-vpce', [rule({ cidrs: ['10.0.0.0/16'] })])) }),
    );

    // Assess
    expect(outcome).toEqual({ status: 'error', findings: [], reason: 'CIDR blocks of vpc-1 were not read' });
  });

  it("errors when the endpoint's security group is missing from the facts", () => {
    // Act
    const outcome = securityGroupsCheck.run(facts({ groups: groups() }));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('sg-vpce');
  });
});

describe('securityGroupsCheck egress from the caller', () => {
  const endpointGroup = group('sg-vpce', [rule({ groupIds: ['sg-app'] })]);

  it.each([
    ['to the endpoint subnet', rule({ cidrs: ['10.0.1.0/24'] })],
    ["to the endpoint's group", rule({ groupIds: ['sg-vpce'] })],
    ['to anywhere', rule({ cidrs: ['0.0.0.0/0'] })],
  ])('passes when the caller group allows tcp 443 %s', (_name, egress) => {
    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, group('sg-app', [], [egress])) }),
    );

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports SG_CLIENT_NO_EGRESS_443 when the caller group only allows 443 elsewhere', () => {
    // Prepare
    const caller = group(
      'sg-app',
      [],
      [rule({ cidrs: ['10.0.200.0/24'] }), rule({ fromPort: 5432, toPort: 5432, cidrs: ['0.0.0.0/0'] })],
    );

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, caller) }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'SG_CLIENT_NO_EGRESS_443',
        evidence: {
          callerSecurityGroupIds: ['sg-app'],
          vpceId: 'vpce-0aaa',
          outboundRules: ['sg-app: tcp 443 to 10.0.200.0/24', 'sg-app: tcp 5432 to 0.0.0.0/0'],
        },
      },
    ]);
  });

  it('reports SG_CLIENT_NO_EGRESS_443 when egress 443 goes only to ::/0 and the endpoint is IPv4-only', () => {
    // Prepare
    const caller = group('sg-app', [], [rule({ ipv6Cidrs: ['::/0'] })]);

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, caller) }),
    );

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['SG_CLIENT_NO_EGRESS_443']);
  });

  it('cannot tell, and says so, when egress covers part of the VPC and the endpoint addresses are unknown', () => {
    // Prepare
    const caller = group('sg-app', [], [rule({ cidrs: ['10.0.200.0/24'] })]);

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, caller), interfaces: null }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('10.0.200.0/24');
  });

  it('passes with a note, not a failure, when egress 443 goes only to a prefix list', () => {
    // Prepare
    const caller = group('sg-app', [], [rule({ prefixListIds: ['pl-0123'] })]);

    // Act
    const outcome = securityGroupsCheck.run(
      facts({ callerSgs: ['sg-app'], groups: groups(endpointGroup, caller) }),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('pl-0123');
  });
});

describe('securityGroupsCheck when it cannot run', () => {
  it('errors with AWS_PERMISSION_MISSING when DescribeSecurityGroups is denied', () => {
    // Prepare
    const denied: Fetched<SecurityGroupInfo[]> = fetchedFailed('access-denied', {
      action: 'ec2:DescribeSecurityGroups',
      operation: 'DescribeSecurityGroups',
      message: 'UnauthorizedOperation',
    });

    // Act
    const outcome = securityGroupsCheck.run(facts({ groups: denied }));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('is skipped for a public API', () => {
    // Act
    const outcome = securityGroupsCheck.run(facts({ endpointTypes: ['REGIONAL'] }));

    // Assess
    expect(outcome.status).toBe('skipped');
  });
});

describe('securityGroupsCheck when the caller VPC was only inferred', () => {
  const peerOnly = group('sg-vpce', [rule({ cidrs: ['172.16.0.0/16'] })]);

  it('does not blame the security group that admits another network (peering, VPN) the callers may come from', () => {
    // Act
    const outcome = securityGroupsCheck.run(
      facts({ groups: groups(peerOnly), sources: ['endpoint-configuration'] }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('172.16.0.0/16');
  });

  it('reports SG_ENDPOINT_NO_INGRESS_443 for the same rule when the user named the caller VPC', () => {
    // Act
    const outcome = securityGroupsCheck.run(facts({ groups: groups(peerOnly), sources: ['vpc-flag'] }));

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['SG_ENDPOINT_NO_INGRESS_443']);
  });
});
