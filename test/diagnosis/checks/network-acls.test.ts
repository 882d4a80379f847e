import { describe, expect, it } from 'vitest';
import { decideTcp, networkAclsCheck } from '../../../src/diagnosis/checks/network-acls.js';
import type {
  CallerVpcSource,
  Facts,
  Fetched,
  NetworkAclEntry,
  NetworkAclInfo,
} from '../../../src/diagnosis/facts.js';
import { buildFacts, callerVpc, endpoint, fetchedFailed, fetchedOk, seenFrom } from './facts-builder.js';

const ENDPOINT = endpoint();

function entry(
  egress: boolean,
  ruleNumber: number,
  overrides: Partial<NetworkAclEntry> = {},
): NetworkAclEntry {
  return {
    ruleNumber,
    egress,
    protocol: '-1',
    action: 'allow',
    cidrBlock: '0.0.0.0/0',
    ipv6CidrBlock: null,
    portRange: null,
    ...overrides,
  };
}

const DEFAULT_DENY = [entry(false, 32767, { action: 'deny' }), entry(true, 32767, { action: 'deny' })];
const ALLOW_ALL = [entry(false, 100), entry(true, 100), ...DEFAULT_DENY];

function acl(
  entries: NetworkAclEntry[],
  subnetIds = ['subnet-a', 'subnet-b'],
  isDefault = false,
): NetworkAclInfo {
  return { id: 'acl-0123', vpcId: 'vpc-1', isDefault, subnetIds, entries };
}

function facts(
  acls: Fetched<NetworkAclInfo[]> | null,
  vpcCidrs = ['10.0.0.0/16'],
  sources: CallerVpcSource[] = ['vpc-flag'],
): Facts {
  return buildFacts({
    request: { vpcId: 'vpc-1' },
    ...seenFrom([callerVpc([ENDPOINT], { sources })]),
    vpcs: fetchedOk([{ id: 'vpc-1', cidrBlocks: vpcCidrs, ipv6CidrBlocks: [], dhcpOptionsId: null }]),
    networkAcls: acls,
  });
}

const fetched = (...list: NetworkAclInfo[]): Fetched<NetworkAclInfo[]> => ({ ok: true, value: list, ms: 1 });

describe('decideTcp', () => {
  it.each([
    [
      'the lowest-numbered matching rule wins',
      [entry(false, 200, { action: 'deny' }), entry(false, 100)],
      'allow',
      100,
    ],
    [
      'a rule for another port is passed over',
      [
        entry(false, 90, { protocol: '6', action: 'deny', portRange: { from: 22, to: 22 } }),
        entry(false, 100),
      ],
      'allow',
      100,
    ],
    [
      'a udp rule is passed over',
      [entry(false, 90, { protocol: '17', action: 'deny' }), entry(false, 100)],
      'allow',
      100,
    ],
    [
      'a deny covering only part of the caller range does not decide',
      [entry(false, 90, { action: 'deny', cidrBlock: '10.0.5.0/24' }), entry(false, 100)],
      'allow',
      100,
    ],
    [
      'an allow for another range is passed over',
      [entry(false, 100, { cidrBlock: '192.168.0.0/16' })],
      'deny',
      32767,
    ],
    ['no rule at all falls to the implicit deny', [], 'deny', 32767],
  ])('%s', (_name, entries, action, ruleNumber) => {
    // Act
    const decision = decideTcp(entries as NetworkAclEntry[], 'inbound', '10.0.0.0/16', 443);

    // Assess
    expect(decision.action).toBe(action);
    expect(decision.rule.ruleNumber).toBe(ruleNumber);
  });
});

describe('networkAclsCheck', () => {
  it('passes when the endpoint subnets allow all traffic both ways', () => {
    // Act
    const outcome = networkAclsCheck.run(facts(fetched(acl(ALLOW_ALL))));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('passes with tight rules: 443 in from the VPC and 1024-65535 out to it', () => {
    // Prepare
    const tight = [
      entry(false, 100, { protocol: '6', cidrBlock: '10.0.0.0/16', portRange: { from: 443, to: 443 } }),
      entry(true, 100, { protocol: '6', cidrBlock: '10.0.0.0/16', portRange: { from: 1024, to: 65535 } }),
      ...DEFAULT_DENY,
    ];

    // Act
    const outcome = networkAclsCheck.run(facts(fetched(acl(tight))));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports NACL_BLOCKS_443 inbound with the deciding rule when a deny precedes the allow', () => {
    // Prepare
    const entries = [
      entry(false, 50, {
        protocol: '6',
        action: 'deny',
        cidrBlock: '10.0.0.0/8',
        portRange: { from: 443, to: 443 },
      }),
      ...ALLOW_ALL,
    ];

    // Act
    const outcome = networkAclsCheck.run(facts(fetched(acl(entries))));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'NACL_BLOCKS_443',
        evidence: {
          aclId: 'acl-0123',
          subnetIds: ['subnet-a', 'subnet-b'],
          direction: 'inbound',
          decidingRule: {
            ruleNumber: 50,
            action: 'deny',
            cidr: '10.0.0.0/8',
            portRange: { from: 443, to: 443 },
          },
        },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('acl-0123');
  });

  it('reports NACL_BLOCKS_443 outbound listing the ephemeral ports denied when the return range is too narrow', () => {
    // Prepare
    const entries = [
      entry(false, 100),
      entry(true, 100, { protocol: '6', portRange: { from: 32768, to: 60999 } }),
      ...DEFAULT_DENY,
    ];

    // Act
    const outcome = networkAclsCheck.run(facts(fetched(acl(entries))));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'NACL_BLOCKS_443',
        evidence: {
          direction: 'outbound',
          ports: [1024, 65535],
          decidingRule: { ruleNumber: 32767, action: 'deny' },
        },
      },
    ]);
  });

  it("uses the VPC's default ACL for a subnet with no explicit association", () => {
    // Prepare
    const defaultAcl = acl([entry(false, 100), ...DEFAULT_DENY], [], true);

    // Act
    const outcome = networkAclsCheck.run(facts(fetched(defaultAcl)));

    // Assess
    expect(outcome.findings.map((f) => f.evidence.direction)).toEqual(['outbound']);
  });

  it('errors with AWS_PERMISSION_MISSING when DescribeNetworkAcls is denied', () => {
    // Prepare
    const denied: Fetched<NetworkAclInfo[]> = fetchedFailed('access-denied', {
      action: 'ec2:DescribeNetworkAcls',
      operation: 'DescribeNetworkAcls',
      message: 'UnauthorizedOperation',
    });

    // Act
    const outcome = networkAclsCheck.run(facts(denied));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('errors when the network ACLs were not read', () => {
    // Act
    const outcome = networkAclsCheck.run(facts(null));

    // Assess
    expect(outcome).toMatchObject({ status: 'error', findings: [] });
  });

  it('errors when no ACL is known for the endpoint subnets', () => {
    // Prepare
    const elsewhere = { ...acl(ALLOW_ALL, ['subnet-z']), vpcId: 'vpc-9' };

    // Act
    const outcome = networkAclsCheck.run(facts(fetched(elsewhere)));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('subnet-a');
  });
});

describe('networkAclsCheck when the caller VPC was only inferred', () => {
  const peerOnly = acl([
    entry(false, 100, { protocol: '6', portRange: { from: 443, to: 443 }, cidrBlock: '172.16.0.0/16' }),
    entry(true, 100),
    ...DEFAULT_DENY,
  ]);

  it('asks for the caller instead of blaming an ACL that lets 443 in only from another network', () => {
    // Act
    const outcome = networkAclsCheck.run(
      facts(fetched(peerOnly), ['10.0.0.0/16'], ['endpoint-configuration']),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('172.16.0.0/16');
  });

  it('reports NACL_BLOCKS_443 for the same ACL when the user named the caller VPC', () => {
    // Act
    const outcome = networkAclsCheck.run(facts(fetched(peerOnly), ['10.0.0.0/16'], ['vpc-flag']));

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['NACL_BLOCKS_443']);
  });

  it('still reports an explicit deny of the assumed caller VPC', () => {
    // Prepare
    const explicit = acl([
      entry(false, 50, {
        action: 'deny',
        protocol: '6',
        portRange: { from: 443, to: 443 },
        cidrBlock: '10.0.0.0/16',
      }),
      entry(false, 100, { protocol: '6', portRange: { from: 443, to: 443 }, cidrBlock: '172.16.0.0/16' }),
      entry(true, 100),
      ...DEFAULT_DENY,
    ]);

    // Act
    const outcome = networkAclsCheck.run(
      facts(fetched(explicit), ['10.0.0.0/16'], ['endpoint-configuration']),
    );

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['NACL_BLOCKS_443']);
  });
});
