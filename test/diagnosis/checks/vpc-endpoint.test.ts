import { describe, expect, it } from 'vitest';
import { vpcEndpointCheck } from '../../../src/diagnosis/checks/vpc-endpoint.js';
import type {
  CallerVpc,
  CallerVpcSource,
  Facts,
  Fetched,
  VpcEndpointInfo,
} from '../../../src/diagnosis/facts.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import {
  buildFacts,
  fetchedFailed,
  fetchedOk,
  restApiInfo,
  seenFrom,
  callerVpc as sharedCallerVpc,
  endpoint as sharedEndpoint,
} from './facts-builder.js';

const API = 'a1b2c3d4e5';

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return sharedEndpoint({ ownerId: '111122223333', networkInterfaceIds: ['eni-1', 'eni-2'], ...overrides });
}

function callerVpc(endpoints: VpcEndpointInfo[], vpcId = 'vpc-1'): CallerVpc {
  return sharedCallerVpc(endpoints, { vpcId });
}

interface Options {
  callerVpcs?: CallerVpc[];
  regionEndpoints?: Fetched<VpcEndpointInfo[]> | null;
  associated?: string[];
  endpointTypes?: string[];
  urlForm?: UrlForm;
  requestVpce?: string;
  unknown?: Facts['unknownEndpointRefs'];
  logs?: Facts['logs'];
}

function facts(options: Options = {}): Facts {
  const seen = seenFrom(options.callerVpcs ?? []);
  return buildFacts({
    urlForm: options.urlForm ?? 'private-dns',
    request: { vpceId: options.requestVpce ?? null },
    restApi: fetchedOk(
      restApiInfo({
        endpointTypes: options.endpointTypes ?? ['PRIVATE'],
        vpcEndpointIds: options.associated ?? ['vpce-0aaa'],
      }),
    ),
    ...seen,
    endpoints: options.regionEndpoints === undefined ? seen.endpoints : options.regionEndpoints,
    unknownEndpointRefs: options.unknown ?? [],
    ...(options.logs ? { logs: options.logs } : {}),
  });
}

describe('vpcEndpointCheck', () => {
  it('passes when the caller VPC has an available, associated, multi-AZ endpoint in the API region', () => {
    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [callerVpc([endpoint()])] }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('is skipped when the API is not PRIVATE', () => {
    // Act
    const outcome = vpcEndpointCheck.run(facts({ endpointTypes: ['REGIONAL'], callerVpcs: [callerVpc([])] }));

    // Assess
    expect(outcome.status).toBe('skipped');
    expect(outcome.findings).toEqual([]);
  });

  it('is skipped without a finding of its own when the API does not exist', () => {
    // Prepare
    const input = facts({ callerVpcs: [callerVpc([])] });
    input.restApi = fetchedFailed('not-found', {
      action: 'apigateway:GET',
      operation: 'GetRestApi',
      message: 'Invalid API identifier',
    });

    // Act
    const outcome = vpcEndpointCheck.run(input);

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      findings: [],
      reason: `REST API ${API} does not exist in us-east-1`,
    });
  });

  it('errors, never passing, when the API could not be read', () => {
    // Prepare
    const input = facts({ callerVpcs: [callerVpc([endpoint()])] });
    input.restApi = fetchedFailed('timeout', {
      action: 'apigateway:GET',
      operation: 'GetRestApi',
      message: 'timed out',
    });

    // Act
    const outcome = vpcEndpointCheck.run(input);

    // Assess
    expect(outcome.status).toBe('error');
  });

  it('errors with AWS_PERMISSION_MISSING when DescribeVpcEndpoints is denied', () => {
    // Prepare
    const denied: Fetched<VpcEndpointInfo[]> = fetchedFailed('access-denied', {
      action: 'ec2:DescribeVpcEndpoints',
      operation: 'DescribeVpcEndpoints',
      message: 'UnauthorizedOperation',
    });

    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [callerVpc([])], regionEndpoints: denied }));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
    expect(outcome.findings[0]?.evidence).toMatchObject({ action: 'ec2:DescribeVpcEndpoints' });
  });

  it('reports VPCE_MISSING with why the VPC is the caller when it has no execute-api endpoint', () => {
    // Prepare
    const s3Gateway = endpoint({ id: 'vpce-s3', serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway' });
    const vpc = { ...callerVpc([s3Gateway]), sources: ['policy-source-vpc' as const] };

    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [vpc] }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'VPCE_MISSING',
      evidence: { vpcId: 'vpc-1', callerVpcSources: ['policy-source-vpc'] },
    });
    expect(outcome.findings[0]?.detail).toContain('vpc-1');
  });

  it("reports VPCE_WRONG_REGION with both regions when the only endpoint serves another region's execute-api", () => {
    // Prepare
    const wrong = endpoint({ id: 'vpce-0www', serviceName: 'com.amazonaws.us-west-2.execute-api' });

    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [callerVpc([wrong])] }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['VPCE_WRONG_REGION']);
    expect(outcome.findings[0]?.evidence).toMatchObject({
      vpceId: 'vpce-0www',
      endpointRegion: 'us-west-2',
      apiRegion: 'us-east-1',
    });
  });

  it('reports VPCE_NOT_AVAILABLE with the state when the endpoint is pending', () => {
    // Act
    const outcome = vpcEndpointCheck.run(
      facts({ callerVpcs: [callerVpc([endpoint({ state: 'pending' })])] }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings[0]).toMatchObject({ code: 'VPCE_NOT_AVAILABLE', evidence: { state: 'pending' } });
  });

  it('reports VPCE_SINGLE_AZ as info when the endpoint has one subnet', () => {
    // Act
    const outcome = vpcEndpointCheck.run(
      facts({ callerVpcs: [callerVpc([endpoint({ subnetIds: ['subnet-a'] })])] }),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([{ code: 'VPCE_SINGLE_AZ', severity: 'info' }]);
  });

  it('reports VPCE_NOT_ASSOCIATED as an error when the caller uses the alias URL naming that endpoint', () => {
    // Act
    const outcome = vpcEndpointCheck.run(
      facts({
        callerVpcs: [callerVpc([endpoint()])],
        associated: [],
        urlForm: 'vpce-alias',
        requestVpce: 'vpce-0aaa',
      }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      { code: 'VPCE_NOT_ASSOCIATED', severity: 'error', evidence: { vpceId: 'vpce-0aaa' } },
    ]);
    expect(outcome.findings[0]?.detail).toContain(`${API}-vpce-0aaa.execute-api.us-east-1.amazonaws.com`);
  });

  it('reports VPCE_NOT_ASSOCIATED as info when the caller does not use the alias URL', () => {
    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [callerVpc([endpoint()])], associated: [] }));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([{ code: 'VPCE_NOT_ASSOCIATED', severity: 'info' }]);
  });

  it('reports VPCE_NOT_VISIBLE, not VPCE_MISSING, when the endpoint named with --vpce is in no readable account', () => {
    // Act
    const outcome = vpcEndpointCheck.run(facts({ unknown: [{ vpceId: 'vpce-0gone', source: 'vpce-flag' }] }));

    // Assess: the consumer side is unknown and nothing stands in for it, so the check could not decide.
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('vpce-0gone');
    expect(outcome.findings).toMatchObject([
      {
        code: 'VPCE_NOT_VISIBLE',
        severity: 'warning',
        evidence: { vpceId: 'vpce-0gone', accountsSearched: ['123456789012'] },
        resources: ['vpce-0gone'],
      },
    ]);
    expect(outcome.findings[0]?.cause).toBe(
      'Endpoint vpce-0gone (named by --vpce or the URL) is in none of the accounts this tool can read in ' +
        "us-east-1: only account 123456789012 (the credentials' own) was searched.",
    );
    expect(outcome.findings[0]?.fix).toContain('APIGW_DIAGNOSE_ROLE');
    expect(outcome.findings[0]?.detail).toContain(
      'aws ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-0gone',
    );
  });

  it('counts traffic through an invisible endpoint in the execution logs as evidence that its side works', () => {
    // Prepare
    const logs = fetchedOk({
      logGroupName: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
      logGroupExists: true,
      startMs: 0,
      endMs: 1,
      truncated: false,
      events: [
        {
          timestamp: 1_700_000_000_000,
          logStreamName: 's',
          message: 'Method request headers: {x-amzn-vpce-id=vpce-0consumer}',
        },
        {
          timestamp: 1_700_000_060_000,
          logStreamName: 's',
          message: 'Method request headers: {x-amzn-vpce-id=vpce-0consumer}',
        },
        {
          timestamp: 1_700_000_090_000,
          logStreamName: 's',
          message: 'Method request headers: {x-amzn-vpce-id=vpce-0else}',
        },
      ],
    });

    // Act
    const outcome = vpcEndpointCheck.run(
      facts({ unknown: [{ vpceId: 'vpce-0consumer', source: 'policy-source-vpce' }], logs }),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([
      {
        code: 'VPCE_NOT_VISIBLE',
        severity: 'info',
        evidence: { logEventsNamingEndpoint: 2, lastSeen: new Date(1_700_000_060_000).toISOString() },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('requests through it do reach the API');
  });

  it('keeps a healthy caller healthy when the policy also names an endpoint of another account (a partner)', () => {
    // Prepare: the API's own caller is examined and fine; the policy lets a partner's endpoint in too.
    const partner = [{ vpceId: 'vpce-0partner1', source: 'policy-source-vpce' as const }];

    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [callerVpc([endpoint()])], unknown: partner }));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([{ code: 'VPCE_NOT_VISIBLE', severity: 'info' }]);
  });

  it('reports an invisible endpoint from the API configuration beside the visible callers', () => {
    // Prepare
    const unknown = [{ vpceId: 'vpce-0other', source: 'endpoint-configuration' as const }];
    const vpc = callerVpc([endpoint({ state: 'failed' })]);

    // Act
    const outcome = vpcEndpointCheck.run(facts({ callerVpcs: [vpc], unknown }));

    // Assess
    expect(outcome.findings.map((f) => f.code)).toEqual(['VPCE_NOT_VISIBLE', 'VPCE_NOT_AVAILABLE']);
  });

  it('reports VPCE_MISSING for the region when no caller VPC is known and no execute-api endpoint exists', () => {
    // Act
    const outcome = vpcEndpointCheck.run(facts({ regionEndpoints: { ok: true, value: [], ms: 1 } }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings[0]?.code).toBe('VPCE_MISSING');
    expect(outcome.findings[0]?.detail).toContain('no execute-api interface endpoint in us-east-1');
  });

  it('errors asking for --vpc, listing the candidates, instead of guessing when no caller VPC is known', () => {
    // Prepare
    const ep = endpoint();

    // Act
    const outcome = vpcEndpointCheck.run(facts({ regionEndpoints: { ok: true, value: [ep], ms: 1 } }));

    // Assess
    expect(outcome).toEqual({
      status: 'error',
      findings: [],
      reason: `caller VPC unknown: pass --vpc or --vpce; VPCs with an execute-api endpoint: ${ep.vpcId} (${ep.id})`,
    });
  });
});

describe('vpcEndpointCheck on a VPC only the resource policy names', () => {
  const notFound: Facts['vpcs'] = {
    ok: false,
    error: {
      kind: 'not-found',
      action: 'ec2:DescribeVpcs',
      operation: 'DescribeVpcs',
      message: "The vpc ID 'vpc-1' does not exist",
    },
    ms: 1,
  };
  const known: Facts['vpcs'] = {
    ok: true,
    value: [{ id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null }],
    ms: 1,
  };
  const listsOthers: Facts['vpcs'] = { ok: true, value: [], ms: 1 };

  it.each<[string, CallerVpcSource[], Facts['vpcs'], string]>([
    ['DescribeVpcs says it does not exist here', ['policy-source-vpc'], notFound, 'info'],
    ['DescribeVpcs does not list it', ['policy-source-vpc'], listsOthers, 'info'],
    ['it exists in this account', ['policy-source-vpc'], known, 'error'],
    ['the user named it with --vpc', ['vpc-flag'], notFound, 'error'],
    ['its VPCs were not read', ['policy-source-vpc'], null, 'error'],
  ])('rates VPCE_MISSING for it when %s: %4$s', (_name, sources, vpcs, severity) => {
    // Prepare
    const input = facts({ callerVpcs: [{ ...callerVpc([]), sources }] });
    input.vpcs = vpcs;

    // Act
    const outcome = vpcEndpointCheck.run(input);

    // Assess
    const missing = outcome.findings.find((f) => f.code === 'VPCE_MISSING');
    expect(missing?.severity).toBe(severity);
    expect(missing?.evidence).toMatchObject({ vpcId: 'vpc-1' });
  });
});

describe('vpc-endpoint check: a caller in another VPC than the endpoint', () => {
  const hub = sharedEndpoint({ id: 'vpce-0hub', vpcId: 'vpc-hub' });

  function crossVpcFacts(
    options: { urlForm?: UrlForm; associated?: string[]; dnsLayers?: Facts['dnsLayers'] } = {},
  ) {
    return buildFacts({
      restApi: fetchedOk(restApiInfo({ vpcEndpointIds: options.associated ?? ['vpce-0hub'] })),
      callerVpcs: [sharedCallerVpc([], { vpcId: 'vpc-spoke' })],
      endpoints: fetchedOk([hub]),
      urlForm: options.urlForm ?? 'private-dns',
      dnsLayers: options.dnsLayers ?? [],
    });
  }

  it('names the remote endpoint and the DNS fixes instead of only "create an endpoint"', () => {
    // Act
    const outcome = vpcEndpointCheck.run(crossVpcFacts());

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['ENDPOINT_IN_OTHER_VPC']);
    const [found] = outcome.findings;
    expect(found).toMatchObject({
      severity: 'error',
      evidence: { vpcId: 'vpc-spoke', remoteEndpoints: [{ vpceId: 'vpce-0hub', vpcId: 'vpc-hub' }] },
    });
    expect(found?.detail).toContain('inbound');
    expect(found?.detail).toContain(`https://${API}-vpce-0hub.execute-api.us-east-1.amazonaws.com/`);
  });

  it('is a warning when the caller uses the alias form, which resolves publicly to the endpoint', () => {
    const outcome = vpcEndpointCheck.run(crossVpcFacts({ urlForm: 'vpce-alias' }));
    expect(outcome.findings).toMatchObject([{ code: 'ENDPOINT_IN_OTHER_VPC', severity: 'warning' }]);
  });

  it("is a warning naming the zone when the caller's VPC already answers the name from a private hosted zone", () => {
    // Prepare
    const dnsLayers: Facts['dnsLayers'] = [
      {
        vpcId: 'vpc-spoke',
        resolverRules: fetchedOk({ rules: [], associationCount: 0, unreadRuleIds: [], truncated: false }),
        hostedZones: fetchedOk({
          zones: [
            {
              id: 'Z0HUB',
              name: 'execute-api.us-east-1.amazonaws.com',
              owningAccount: '1',
              owningService: null,
            },
          ],
          truncated: false,
        }),
        // The multi-VPC whitepaper's pattern: a wildcard alias to the central endpoint's regional name.
        zoneRecords: [
          {
            zoneId: 'Z0HUB',
            name: `${API}.execute-api.us-east-1.amazonaws.com`,
            records: fetchedOk({
              exact: [],
              wildcard: [
                {
                  name: '*.execute-api.us-east-1.amazonaws.com',
                  type: 'A',
                  values: [],
                  aliasTarget: 'vpce-0hub-12345678.execute-api.us-east-1.vpce.amazonaws.com',
                },
              ],
              truncated: false,
            }),
          },
        ],
      },
    ];

    // Act
    const outcome = vpcEndpointCheck.run(crossVpcFacts({ dnsLayers }));
    const withoutRecord = vpcEndpointCheck.run(
      crossVpcFacts({
        dnsLayers: dnsLayers.map((layer) => ({
          ...layer,
          zoneRecords: layer.zoneRecords.map((lookup) => ({
            ...lookup,
            records: fetchedOk({ exact: [], wildcard: [], truncated: false }),
          })),
        })),
      }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      {
        code: 'ENDPOINT_IN_OTHER_VPC',
        severity: 'warning',
        evidence: { callerVpcDnsAnswer: expect.stringContaining('Z0HUB') },
      },
    ]);
    expect(outcome.findings[0]?.evidence.callerVpcDnsAnswer).toContain('vpce-0hub');
    // A zone with no record for the name answers NXDOMAIN: it handles nothing.
    expect(withoutRecord.findings).toMatchObject([{ code: 'ENDPOINT_IN_OTHER_VPC', severity: 'error' }]);
  });

  it('keeps VPCE_MISSING when no other VPC endpoint is associated with or allowed by the API', () => {
    const outcome = vpcEndpointCheck.run(crossVpcFacts({ associated: [] }));
    expect(outcome.findings.map((f) => f.code)).toEqual(['VPCE_MISSING']);
  });
});
