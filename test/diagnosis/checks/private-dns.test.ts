import { describe, expect, it } from 'vitest';
import { privateDnsCheck } from '../../../src/diagnosis/checks/private-dns.js';
import type {
  AwsFailureKind,
  CallerVpc,
  DhcpOptionsInfo,
  Facts,
  Fetched,
  VpcEndpointInfo,
  VpcInfo,
} from '../../../src/diagnosis/facts.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import { dnsStep, httpStep, probeOutput } from '../../probe/probe-output-fixtures.js';
import {
  buildFacts,
  fetchedFailed,
  fetchedOk,
  restApiInfo,
  callerVpc as sharedCallerVpc,
  endpoint as sharedEndpoint,
} from './facts-builder.js';

const API = 'a1b2c3d4e5';
const yes: Fetched<boolean> = { ok: true, value: true, ms: 1 };
const no: Fetched<boolean> = { ok: true, value: false, ms: 1 };

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return sharedEndpoint({
    dnsNames: ['vpce-0aaa-abcd.execute-api.us-east-1.vpce.amazonaws.com'],
    ...overrides,
  });
}

function callerVpc(endpoints: VpcEndpointInfo[], dns: Partial<CallerVpc> = {}): CallerVpc {
  return sharedCallerVpc(endpoints, { enableDnsSupport: yes, enableDnsHostnames: yes, ...dns });
}

interface Options {
  callerVpcs?: CallerVpc[];
  regionEndpoints?: VpcEndpointInfo[];
  endpointTypes?: string[];
  urlForm?: UrlForm;
  /** endpointConfiguration.vpcEndpointIds of the API. */
  associated?: string[];
}

function facts(options: Options = {}): Facts {
  const callerVpcs = options.callerVpcs ?? [];
  return buildFacts({
    urlForm: options.urlForm ?? 'private-dns',
    restApi: fetchedOk(
      restApiInfo({
        endpointTypes: options.endpointTypes ?? ['PRIVATE'],
        vpcEndpointIds: options.associated ?? [],
      }),
    ),
    endpoints: fetchedOk(options.regionEndpoints ?? callerVpcs.flatMap((vpc) => vpc.endpoints)),
    callerVpcs,
  });
}

describe('privateDnsCheck on a private API', () => {
  it('passes when private DNS and both VPC DNS attributes are on', () => {
    // Act
    const outcome = privateDnsCheck.run(facts({ callerVpcs: [callerVpc([endpoint()])] }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports VPC_DNS_ATTRIBUTES_DISABLED naming the attribute that is off', () => {
    // Act
    const outcome = privateDnsCheck.run(
      facts({ callerVpcs: [callerVpc([endpoint()], { enableDnsHostnames: no })] }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'VPC_DNS_ATTRIBUTES_DISABLED',
        evidence: { vpcId: 'vpc-1', disabledAttributes: ['enableDnsHostnames'], enableDnsSupport: true },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('--enable-dns-hostnames');
  });

  it.each<[UrlForm, string, string]>([
    ['private-dns', 'error', 'fail'],
    ['none', 'error', 'fail'],
    ['vpce-alias', 'info', 'pass'],
    ['vpce-hostname', 'info', 'pass'],
  ])(
    'rates VPC_DNS_ATTRIBUTES_DISABLED %2$s when the caller uses the %1$s URL form and private DNS is off',
    (urlForm, severity, status) => {
      // Prepare
      const vpc = callerVpc([endpoint({ privateDnsEnabled: false })], { enableDnsHostnames: no });

      // Act
      const outcome = privateDnsCheck.run(facts({ urlForm, callerVpcs: [vpc] }));

      // Assess
      expect(outcome.status).toBe(status);
      const attributes = outcome.findings.find((f) => f.code === 'VPC_DNS_ATTRIBUTES_DISABLED');
      expect(attributes?.severity).toBe(severity);
    },
  );

  it('errors with AWS_PERMISSION_MISSING when DescribeVpcAttribute is denied', () => {
    // Prepare
    const denied: Fetched<boolean> = fetchedFailed('access-denied', {
      action: 'ec2:DescribeVpcAttribute',
      operation: 'DescribeVpcAttribute',
      message: 'UnauthorizedOperation',
    });

    // Act
    const outcome = privateDnsCheck.run(
      facts({ callerVpcs: [callerVpc([endpoint()], { enableDnsSupport: denied })] }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
    expect(outcome.reason).toContain('enableDnsSupport of vpc-1');
  });

  it.each<UrlForm>(['private-dns', 'none'])(
    'reports PRIVATE_DNS_DISABLED as an error naming the alternatives when the URL form is %s',
    (urlForm) => {
      // Act
      const outcome = privateDnsCheck.run(
        facts({ urlForm, callerVpcs: [callerVpc([endpoint({ privateDnsEnabled: false })])] }),
      );

      // Assess
      expect(outcome.status).toBe('fail');
      expect(outcome.findings).toMatchObject([
        { code: 'PRIVATE_DNS_DISABLED', severity: 'error', evidence: { vpceIds: ['vpce-0aaa'] } },
      ]);
      expect(outcome.findings[0]?.detail).toContain(
        `https://${API}-vpce-0aaa.execute-api.us-east-1.amazonaws.com/prod`,
      );
      expect(outcome.findings[0]?.detail).toContain(
        `https://vpce-0aaa-abcd.execute-api.us-east-1.vpce.amazonaws.com/prod with \`-H 'Host: ${API}.execute-api.us-east-1.amazonaws.com'\``,
      );
      expect(outcome.findings[0]?.remediations).toEqual(['enable-private-dns']);
    },
  );

  it.each<[string, string[], string, string]>([
    [
      "moto's malformed name",
      ['vpce-0aaa-50086b21.com.amazonaws.us-east-1.execute-api'],
      'vpce-0aaa-50086b21.com.amazonaws',
      "print it with `aws ec2 describe-vpc-endpoints --region us-east-1 --vpc-endpoint-ids vpce-0aaa --query 'VpcEndpoints[0].DnsEntries[0].DnsName' --output text`",
    ],
    ['no name at all', [], 'vpce.amazonaws.com', 'print it with `aws ec2 describe-vpc-endpoints'],
    [
      "another endpoint's name",
      ['vpce-0bbb-abcd.execute-api.us-east-1.vpce.amazonaws.com'],
      'vpce-0bbb',
      'print it with',
    ],
  ])('never suggests a malformed or made-up endpoint host name (%s)', (_name, dnsNames, absent, present) => {
    const outcome = privateDnsCheck.run(
      facts({
        urlForm: 'private-dns',
        callerVpcs: [callerVpc([endpoint({ privateDnsEnabled: false, dnsNames })])],
      }),
    );

    const detail = outcome.findings[0]?.detail ?? '';
    expect(detail).not.toContain(absent);
    expect(detail).toContain(present);
  });

  it.each<[string, UrlForm, string[], boolean | null, string[]]>([
    ['associated, no URL', 'none', ['vpce-0aaa'], true, ['vpce-0aaa']],
    ['associated, private-DNS URL', 'private-dns', ['vpce-0aaa'], true, ['vpce-0aaa']],
    ['not associated, no URL', 'none', [], false, []],
    ['not associated, private-DNS URL', 'private-dns', ['vpce-other'], false, []],
  ])(
    'says in associatedWithApi exactly whether the endpoint is associated with the API (%s)',
    (_name, urlForm, vpcEndpointIds, associatedWithApi, associatedVpceIds) => {
      const outcome = privateDnsCheck.run(
        facts({
          urlForm,
          associated: vpcEndpointIds,
          callerVpcs: [callerVpc([endpoint({ privateDnsEnabled: false })])],
        }),
      );

      expect(outcome.findings[0]?.evidence).toMatchObject({ associatedWithApi, associatedVpceIds });
    },
  );

  it.each<UrlForm>(['vpce-alias', 'vpce-hostname'])(
    'reports PRIVATE_DNS_DISABLED as info when the caller uses the %s form',
    (urlForm) => {
      // Act
      const outcome = privateDnsCheck.run(
        facts({ urlForm, callerVpcs: [callerVpc([endpoint({ privateDnsEnabled: false })])] }),
      );

      // Assess
      expect(outcome.status).toBe('pass');
      expect(outcome.findings).toMatchObject([{ code: 'PRIVATE_DNS_DISABLED', severity: 'info' }]);
    },
  );

  it('passes when another in-region endpoint of the caller VPC has private DNS on', () => {
    // Prepare
    const endpoints = [endpoint({ privateDnsEnabled: false }), endpoint({ id: 'vpce-0bbb' })];

    // Act
    const outcome = privateDnsCheck.run(facts({ callerVpcs: [callerVpc(endpoints)] }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('leaves a VPC without an available in-region endpoint to the vpc-endpoint check', () => {
    // Prepare
    const vpc = callerVpc([endpoint({ state: 'pending', privateDnsEnabled: false })], {
      enableDnsSupport: no,
    });

    // Act
    const outcome = privateDnsCheck.run(facts({ callerVpcs: [vpc] }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('is skipped when the caller VPC is unknown', () => {
    // Act
    const outcome = privateDnsCheck.run(facts({ regionEndpoints: [endpoint()] }));

    // Assess
    expect(outcome.status).toBe('skipped');
  });
});

describe('privateDnsCheck on a public API', () => {
  it("reports PUBLIC_API_SHADOWED_BY_PRIVATE_DNS when the caller VPC's endpoint has private DNS on", () => {
    // Act
    const outcome = privateDnsCheck.run(
      facts({ endpointTypes: ['REGIONAL'], callerVpcs: [callerVpc([endpoint()])] }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      { code: 'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS', evidence: { vpcId: 'vpc-1', vpceId: 'vpce-0aaa' } },
    ]);
  });

  it("passes when the caller VPC's endpoint has private DNS off", () => {
    // Prepare
    const vpc = callerVpc([endpoint({ privateDnsEnabled: false })]);

    // Act
    const outcome = privateDnsCheck.run(facts({ endpointTypes: ['EDGE'], callerVpcs: [vpc] }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('warns, listing every VPC whose endpoint has private DNS on, when the caller VPC is unknown', () => {
    // Prepare
    const regionEndpoints = [
      endpoint(),
      endpoint({ id: 'vpce-0ccc', vpcId: 'vpc-3' }),
      endpoint({ id: 'vpce-0ddd', vpcId: 'vpc-4', privateDnsEnabled: false }),
    ];

    // Act
    const outcome = privateDnsCheck.run(facts({ endpointTypes: ['REGIONAL'], regionEndpoints }));

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'PUBLIC_API_SHADOWED_BY_PRIVATE_DNS',
      severity: 'warning',
      evidence: { vpcIds: ['vpc-1', 'vpc-3'], vpceIds: ['vpce-0aaa', 'vpce-0ccc'] },
    });
    expect(outcome.findings[0]?.detail).toContain('get 403');
  });

  it('errors with AWS_PERMISSION_MISSING when the caller VPC is unknown and DescribeVpcEndpoints is denied', () => {
    // Prepare
    const input = facts({ endpointTypes: ['REGIONAL'] });
    input.endpoints = fetchedFailed('access-denied', {
      action: 'ec2:DescribeVpcEndpoints',
      operation: 'DescribeVpcEndpoints',
      message: 'no',
    });

    // Act
    const outcome = privateDnsCheck.run(input);

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('passes when the caller VPC is unknown and no endpoint in the region has private DNS on', () => {
    // Act
    const outcome = privateDnsCheck.run(
      facts({ endpointTypes: ['REGIONAL'], regionEndpoints: [endpoint({ privateDnsEnabled: false })] }),
    );

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});

describe('privateDnsCheck when the caller may use the {api}-{vpce} alias', () => {
  const off = endpoint({ id: 'vpce-0aaa', privateDnsEnabled: false });

  it.each<[string, UrlForm, string[], string]>([
    ['no URL was given and the endpoint is associated', 'none', ['vpce-0aaa'], 'warning'],
    ['no URL was given and the endpoint is not associated', 'none', [], 'error'],
    ['the private-DNS URL was given, association or not', 'private-dns', ['vpce-0aaa'], 'error'],
    ['the alias URL was given', 'vpce-alias', ['vpce-0aaa'], 'info'],
  ])('rates PRIVATE_DNS_DISABLED by what the caller uses when %s', (_case, urlForm, associated, severity) => {
    // Act
    const outcome = privateDnsCheck.run(facts({ callerVpcs: [callerVpc([off])], urlForm, associated }));

    // Assess
    expect(outcome.findings).toMatchObject([{ code: 'PRIVATE_DNS_DISABLED', severity }]);
  });
});

describe("privateDnsCheck and the DNS servers of the caller VPC's DHCP option set", () => {
  const vpcInfo = (dhcpOptionsId: string | null): VpcInfo => ({
    id: 'vpc-1',
    cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'],
    ipv6CidrBlocks: [],
    dhcpOptionsId,
  });

  function withDnsServers(
    dhcpOptions: Fetched<DhcpOptionsInfo[]>,
    options: { endpoints?: VpcEndpointInfo[]; dns?: Partial<CallerVpc>; urlForm?: UrlForm } = {},
  ): Facts {
    const input = facts({
      urlForm: options.urlForm ?? 'private-dns',
      callerVpcs: [callerVpc(options.endpoints ?? [endpoint()], options.dns)],
    });
    return { ...input, vpcs: fetchedOk([vpcInfo('dopt-1')]), dhcpOptions };
  }

  const servers = (...domainNameServers: string[]) => fetchedOk([{ id: 'dopt-1', domainNameServers }]);
  const throttled: Fetched<DhcpOptionsInfo[]> = fetchedFailed('throttled', {
    action: 'ec2:DescribeDhcpOptions',
    operation: 'DescribeDhcpOptions',
    message: 'Rate exceeded',
  });

  it('warns with VPC_CUSTOM_DNS_SERVERS when the option set names a custom DNS server', () => {
    // Act
    const outcome = privateDnsCheck.run(withDnsServers(servers('10.9.9.9')));

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toMatchObject([
      {
        code: 'VPC_CUSTOM_DNS_SERVERS',
        severity: 'warning',
        check: 'private-dns',
        evidence: { vpcId: 'vpc-1', dhcpOptionsId: 'dopt-1', domainNameServers: ['10.9.9.9'] },
      },
    ]);
    const detail = outcome.findings[0]?.detail ?? '';
    expect(detail).toContain(
      'forward execute-api.us-east-1.amazonaws.com to the VPC resolver (10.0.0.2 or 169.254.169.253)',
    );
    expect(detail).toContain('403');
    expect(detail).toContain(`https://${API}-vpce-0aaa.execute-api.us-east-1.amazonaws.com`);
    expect(detail).toContain('probe');
  });

  it.each<[string, string[]]>([
    ['AmazonProvidedDNS', ['AmazonProvidedDNS']],
    ["the VPC's base address + 2", ['10.0.0.2']],
    ['the link-local resolver and AmazonProvidedDNS', ['169.254.169.253', 'AmazonProvidedDNS']],
    ['nothing (no domain-name-servers option)', []],
  ])('reports nothing about DNS servers when the option set names %s', (_case, names) => {
    // Act
    const outcome = privateDnsCheck.run(withDnsServers(servers(...names)));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('warns when a custom server is listed beside AmazonProvidedDNS', () => {
    // Act
    const outcome = privateDnsCheck.run(withDnsServers(servers('AmazonProvidedDNS', '10.9.9.9')));

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['VPC_CUSTOM_DNS_SERVERS']);
  });

  it('reports nothing about DNS servers when the VPC has no option set', () => {
    // Prepare
    const input = { ...withDnsServers(servers('10.9.9.9')), vpcs: fetchedOk([vpcInfo(null)]) };

    // Act
    const outcome = privateDnsCheck.run(input);

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('reports PRIVATE_DNS_DISABLED, not VPC_CUSTOM_DNS_SERVERS, when private DNS is off', () => {
    // Act
    const outcome = privateDnsCheck.run(
      withDnsServers(servers('10.9.9.9'), { endpoints: [endpoint({ privateDnsEnabled: false })] }),
    );

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['PRIVATE_DNS_DISABLED']);
  });

  it('does not judge the DNS servers when the caller uses the {api}-{vpce} alias', () => {
    // Act
    const outcome = privateDnsCheck.run(withDnsServers(servers('10.9.9.9'), { urlForm: 'vpce-alias' }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('keeps its error findings and names the unread option sets when they could not be read', () => {
    // Act
    const outcome = privateDnsCheck.run(withDnsServers(throttled, { dns: { enableDnsHostnames: no } }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['VPC_DNS_ATTRIBUTES_DISABLED']);
    expect(outcome.reason).toContain('DescribeDhcpOptions');
  });

  // Issue 11: a custom DNS server would have been a finding, so an unread option set or VPC can never pass.
  it.each<[string, AwsFailureKind]>([
    ['throttled', 'throttled'],
    ['a 500 or an unreadable body', 'other'],
    ['timed out', 'timeout'],
    ['reset', 'unreachable'],
  ])('is error, never pass, when DescribeDhcpOptions %s', (_case, kind) => {
    // Prepare
    const failed: Fetched<DhcpOptionsInfo[]> = fetchedFailed(kind, {
      action: 'ec2:DescribeDhcpOptions',
      operation: 'DescribeDhcpOptions',
      message: 'failed',
    });

    // Act
    const outcome = privateDnsCheck.run(withDnsServers(failed));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toMatch(
      /DHCP option sets in us-east-1 could not be read \(DescribeDhcpOptions: .*not checked/,
    );
  });

  it.each<[string, AwsFailureKind]>([
    ['throttled', 'throttled'],
    ['a 500 or an unreadable body', 'other'],
    ['timed out', 'timeout'],
  ])('is error, never pass, when DescribeVpcs %s (the option set of the VPC is unknown)', (_case, kind) => {
    // Prepare
    const input = {
      ...withDnsServers(servers('10.9.9.9')),
      vpcs: fetchedFailed<VpcInfo[]>(kind, {
        action: 'ec2:DescribeVpcs',
        operation: 'DescribeVpcs',
        message: 'failed',
      }),
    };

    // Act
    const outcome = privateDnsCheck.run(input);

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/DHCP option set of vpc-1 is not known \(DescribeVpcs: .*not checked/);
  });

  it('is error when DescribeVpcs does not return the caller VPC', () => {
    // Act
    const outcome = privateDnsCheck.run({ ...withDnsServers(servers('10.9.9.9')), vpcs: fetchedOk([]) });

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('did not return vpc-1');
  });

  it('names ec2:DescribeDhcpOptions in an AWS_PERMISSION_MISSING warning when the role may not read them', () => {
    // Prepare
    const denied: Fetched<DhcpOptionsInfo[]> = fetchedFailed('access-denied', {
      action: 'ec2:DescribeDhcpOptions',
      operation: 'DescribeDhcpOptions',
      message: 'UnauthorizedOperation',
    });

    // Act
    const outcome = privateDnsCheck.run(withDnsServers(denied));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toMatchObject([
      {
        code: 'AWS_PERMISSION_MISSING',
        severity: 'warning',
        evidence: { action: 'ec2:DescribeDhcpOptions' },
      },
    ]);
  });
});

describe("private DNS off, judged by the probe's live answer from inside the VPC", () => {
  const NAME = `${API}.execute-api.us-east-1.amazonaws.com`;
  const ENDPOINT_ADDRESSES = ['10.0.1.10'];

  /** Private DNS off on the caller VPC's endpoint (nothing associated, no zone), probed from vpc-1. */
  function probed(addresses: string[], http = [httpStep({ address: addresses[0] ?? null })]): Facts {
    const base = facts({ callerVpcs: [callerVpc([endpoint({ privateDnsEnabled: false })])] });
    return {
      ...base,
      vpcs: fetchedOk([
        { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null },
      ]),
      probe: {
        state: 'ran',
        vpcId: 'vpc-1',
        functionName: 'apigw-diagnose-probe-vpc-1',
        ms: 300,
        result: probeOutput({
          dns: [
            dnsStep({
              name: NAME,
              role: 'private-dns',
              addresses,
              errorCode: addresses.length ? null : 'ENOTFOUND',
            }),
          ],
          http,
        }),
        endpointAddresses: ENDPOINT_ADDRESSES,
      },
    };
  }

  it('passes, naming the addresses, when the name resolves inside the VPC and the HTTPS call reached the API', () => {
    // Act: an on-premises or other-account zone answers the name with other in-VPC addresses (an ALB, say).
    const outcome = privateDnsCheck.run(probed(['10.0.5.5']));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('private DNS is off on vpce-0aaa in vpc-1');
    expect(outcome.reason).toContain(`resolved ${NAME} to 10.0.5.5 (inside the VPC)`);
    expect(outcome.reason).toContain('HTTP 200');
  });

  it("passes when the live answer is the endpoint's own addresses, whatever the HTTPS call got", () => {
    // Act
    const outcome = privateDnsCheck.run(
      probed(ENDPOINT_ADDRESSES, [httpStep({ status: null, errorCode: 'ETIMEDOUT' })]),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.reason).toContain("(the endpoint's addresses)");
  });

  it('cannot decide (error, no finding) on an in-VPC answer that is not the endpoint and got no HTTPS answer', () => {
    // Act
    const outcome = privateDnsCheck.run(
      probed(['10.0.5.5'], [httpStep({ address: '10.0.5.5', status: null, errorCode: 'ETIMEDOUT' })]),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('not decided');
  });

  it('keeps the error and cites a public live answer as corroboration', () => {
    // Act
    const outcome = privateDnsCheck.run(probed(['3.5.1.1'], [httpStep({ address: '3.5.1.1', status: 403 })]));

    // Assess
    expect(outcome.findings).toMatchObject([
      {
        code: 'PRIVATE_DNS_DISABLED',
        severity: 'error',
        evidence: { liveAnswer: { name: NAME, addresses: ['3.5.1.1'], outside: ['3.5.1.1'] } },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain(
      `The in-VPC probe confirms it: ${NAME} resolved to 3.5.1.1`,
    );
  });

  it('keeps the error and cites an empty live answer', () => {
    // Act
    const outcome = privateDnsCheck.run(probed([], [httpStep({ address: null, status: null })]));

    // Assess
    expect(outcome.findings).toMatchObject([
      {
        code: 'PRIVATE_DNS_DISABLED',
        severity: 'error',
        evidence: { liveAnswer: { errorCode: 'ENOTFOUND' } },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain(`no address for ${NAME} (ENOTFOUND)`);
  });

  it('ignores a probe that ran in another VPC', () => {
    // Prepare
    const input = probed(['10.0.5.5']);
    const probe = input.probe.state === 'ran' ? { ...input.probe, vpcId: 'vpc-other' } : input.probe;

    // Act
    const outcome = privateDnsCheck.run({ ...input, probe });

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'PRIVATE_DNS_DISABLED', severity: 'error', evidence: { liveAnswer: null } },
    ]);
  });
});
