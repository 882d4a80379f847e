import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/diagnosis/facts.js';
import { gatherFacts, idsNamedInPolicy, selectCallerVpcs } from '../../src/diagnosis/gather.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { httpStep, probeOutput } from '../probe/probe-output-fixtures.js';
import { diagnosisRequest, privateDomain } from './checks/facts-builder.js';
import { endpoint, privateApi, type StubFixture, stubPorts } from './stub-ports.js';

function request(overrides: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return diagnosisRequest({ urlForm: 'none', ...overrides });
}

const options = { now: () => 1_700_000_000_000, probeTimeoutMs: 1000 };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('gatherFacts', () => {
  it('starts every call that needs only the request before any of them answers', async () => {
    const ports = stubPorts({}, { hold: true });
    const done = gatherFacts(request(), ports, options);
    await flush();
    expect(ports.calls.sort()).toEqual([
      'DescribeDhcpOptions',
      'DescribeVpcEndpoints',
      'GetAccount',
      'GetCallerIdentity',
      'GetResources',
      'GetRestApi',
      'GetStages',
      'ListFirewallRuleGroupAssociations',
      'LookupEvents',
    ]);
    ports.release();
    await flush();
    ports.release();
    await flush();
    ports.release();
    await done;
  });

  it.each<[string, Partial<DiagnosisRequest>, boolean]>([
    ['no URL is given and the probe is off', { urlForm: 'none', probe: false }, true],
    ['the private-DNS URL is given and the probe is off', { urlForm: 'private-dns', probe: false }, true],
    ['the probe is on', { urlForm: 'none', probe: true }, false],
    ['the caller uses the {api}-{vpce} alias', { urlForm: 'vpce-alias', probe: false }, false],
    ['the caller uses the vpce hostname', { urlForm: 'vpce-hostname', probe: false }, false],
  ])('reads the DHCP option sets at level 0 only when needed: %s', async (_case, overrides, expected) => {
    // Prepare
    const ports = stubPorts({}, { hold: true });

    // Act
    const done = gatherFacts(request(overrides), ports, options);
    await flush();
    const atLevelZero = [...ports.calls];
    for (let level = 0; level < 4; level++) {
      ports.release();
      await flush();
    }
    const facts = await done;

    // Assess
    expect(atLevelZero.includes('DescribeDhcpOptions')).toBe(expected);
    expect(ports.calls.filter((call) => call === 'DescribeDhcpOptions')).toHaveLength(expected ? 1 : 0);
    expect(facts.dhcpOptions !== null).toBe(expected);
  });

  it("takes the API's account from the bot's identity, never from an account the policy names", async () => {
    // Prepare: the policy names account 999999999999, the credentials belong to 123456789012.
    const policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-1:999999999999:a1b2c3d4e5/*',
        },
      ],
    });
    const ports = stubPorts({ restApi: privateApi({ policy }) });

    // Act
    const facts = await gatherFacts(request(), ports, options);

    // Assess
    expect(facts.accountId).toBe('123456789012');
    expect(facts.nowMs).toBe(1_700_000_000_000);
    expect(facts.apiResources?.ok).toBe(true);
  });

  it('leaves the account unknown (not guessed from the policy) when GetCallerIdentity fails', async () => {
    const denied = new AwsCallError('access-denied', 'sts:GetCallerIdentity', 'no', 'GetCallerIdentity');
    const ports = stubPorts({ identity: denied });

    const facts = await gatherFacts(request(), ports, options);

    expect(facts.accountId).toBeNull();
    expect(facts.callerIdentity?.ok).toBe(false);
  });

  it('makes each AWS call at most once for a one-endpoint API', async () => {
    const ports = stubPorts({});
    await gatherFacts(request(), ports, options);
    const counts = new Map<string, number>();
    for (const call of ports.calls) counts.set(call, (counts.get(call) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // 13 (issue 2) + GetResources + GetCallerIdentity + the caller VPC's DNS layer (up to 3 reads).
    expect(ports.calls.length).toBeLessThanOrEqual(18);
  });

  it('asks for the deployment once GetRestApi and GetStages answer, beside the EC2 calls they unlock', async () => {
    const ports = stubPorts({}, { hold: true });
    const done = gatherFacts(request(), ports, options);
    await flush();
    ports.release();
    await flush();
    expect(ports.calls).toContain('GetDeployment');
    expect(ports.calls).toContain('DescribeSecurityGroups');
    ports.release();
    await flush();
    ports.release();
    await done;
  });

  it("gathers the private API's deployment and CloudTrail's UpdateRestApi history over 89 days", async () => {
    const ports = stubPorts({});
    const facts = await gatherFacts(request(), ports, options);
    expect(facts.deployment?.ok && facts.deployment.value).toMatchObject({ id: 'dep123' });
    expect(facts.restApiUpdates?.ok && facts.restApiUpdates.value).toMatchObject({
      state: 'read',
      startMs: options.now() - 89 * 24 * 60 * 60 * 1000,
      endMs: options.now(),
    });
  });

  it('neither asks for a deployment nor keeps CloudTrail history for a public API', async () => {
    const ports = stubPorts({ restApi: privateApi({ endpointTypes: ['REGIONAL'] }) });
    const facts = await gatherFacts(request(), ports, options);
    expect(ports.calls).not.toContain('GetDeployment');
    expect(facts.deployment).toBeNull();
    expect(facts.restApiUpdates).toBeNull();
  });

  it('reads the execution logs of the chosen stage over the --since window', async () => {
    const ports = stubPorts({});
    const facts = await gatherFacts(request({ sinceMs: 60_000 }), ports, options);
    expect(facts.logs?.ok && facts.logs.value).toMatchObject({
      logGroupName: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
      startMs: options.now() - 60_000,
      endMs: options.now(),
    });
  });

  it('does not read logs when the stage logs nothing', async () => {
    const ports = stubPorts({
      stages: [{ ...(await import('./stub-ports.js')).stage({ loggingLevel: 'OFF' }) }],
    });
    const facts = await gatherFacts(request(), ports, options);
    expect(facts.logs).toBeNull();
    expect(ports.calls).not.toContain('FilterLogEvents');
  });

  it('stops after GetRestApi says NotFound and fetches nothing that depends on the API', async () => {
    const ports = stubPorts({
      restApi: new AwsCallError(
        'not-found',
        'apigateway:GET',
        'Invalid API identifier specified',
        'GetRestApi',
      ),
    });
    const facts = await gatherFacts(request(), ports, options);
    expect(facts.callerVpcs).toEqual([]);
    expect(ports.calls).not.toContain('DescribeSecurityGroups');
    expect(ports.calls).not.toContain('DescribeVpcAttribute:enableDnsSupport');
  });

  it('records an AccessDenied as a failed fact instead of throwing', async () => {
    const ports = stubPorts({
      endpoints: new AwsCallError(
        'access-denied',
        'ec2:DescribeVpcEndpoints',
        'not authorized',
        'DescribeVpcEndpoints',
      ),
    });
    const facts = await gatherFacts(request(), ports, options);
    expect(facts.endpoints).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });
});

describe('gatherFacts: the DNS layer and the probe request in the logs', () => {
  /** Releases held calls level by level and records which calls each level started. */
  async function levels(ports: ReturnType<typeof stubPorts>, done: Promise<unknown>): Promise<string[][]> {
    const seen: string[][] = [];
    let before = 0;
    for (let level = 0; level < 6; level++) {
      await flush();
      seen.push(ports.calls.slice(before));
      before = ports.calls.length;
      ports.release();
    }
    await done;
    return seen;
  }

  it('reads Resolver rules and hosted zones beside the level-1 EC2 reads: a plain API id stays at 2 dependent waves', async () => {
    // Prepare
    const ports = stubPorts({}, { hold: true });

    // Act
    const facts = gatherFacts(request({ probe: false }), ports, options);
    const waves = await levels(ports, facts);

    // Assess
    expect(waves[1]).toEqual(
      expect.arrayContaining(['DescribeSecurityGroups', 'ListResolverRules', 'ListHostedZonesByVPC']),
    );
    expect(waves.slice(2).flat()).toEqual([]);
    expect((await facts).dnsLayers).toMatchObject([{ vpcId: 'vpc-0a1b2c3d', resolverRules: { ok: true } }]);
  });

  it('starts the DNS reads at level 0 when --vpc names the caller VPC, and reads them once', async () => {
    // Prepare
    const ports = stubPorts({}, { hold: true });

    // Act
    const waves = await levels(ports, gatherFacts(request({ vpcId: 'vpc-0a1b2c3d' }), ports, options));

    // Assess
    expect(waves[0]).toEqual(expect.arrayContaining(['ListResolverRules', 'ListHostedZonesByVPC']));
    expect(ports.calls.filter((c) => c === 'ListResolverRules')).toHaveLength(1);
  });

  it('looks the probe request ids up in the execution log group after the probe answers (one more wave)', async () => {
    // Prepare
    const ports = stubPorts({
      requestLogLines: {
        'API-Gateway-Execution-Logs_a1b2c3d4e5/prod': [
          { timestamp: 1, message: '(req-403) User: anonymous is not authorized', logStreamName: 's' },
        ],
      },
    });
    ports.probe.findFunction = async () => 'apigw-diagnose-probe-vpc-0a1b2c3d';
    ports.probe.invoke = async () => probeOutput({ http: [httpStep({ status: 403, requestId: 'req-403' })] });

    // Act
    const facts = await gatherFacts(request({ probe: true }), ports, {
      ...options,
      requestLogRetryDelaysMs: [],
    });

    // Assess
    expect(ports.calls).toContain('FilterLogEvents:req-403');
    expect(facts.probeRequestLogs).toMatchObject({
      ok: true,
      value: { requestIds: ['req-403'], attempts: 1, searches: [{ kind: 'execution', exists: true }] },
    });
  });

  it('makes no request-log search without the probe', async () => {
    const ports = stubPorts({});
    const facts = await gatherFacts(request({ probe: false }), ports, options);
    expect(facts.probeRequestLogs).toBeNull();
    expect(ports.calls.some((c) => c.startsWith('FilterLogEvents:'))).toBe(false);
  });
});

describe('selectCallerVpcs', () => {
  const endpoints = [endpoint(), endpoint({ id: 'vpce-0fedcba987654321a', vpcId: 'vpc-0f0e0d0c' })];

  it('takes the VPC named by --vpc over anything the API configuration suggests', () => {
    const selection = selectCallerVpcs(
      request({ vpcId: 'vpc-01234567' }),
      privateApi().policy,
      [],
      endpoints,
    );
    expect([...selection.callerVpcs.keys()]).toEqual(['vpc-01234567']);
  });

  it("infers the caller VPC from the policy's aws:SourceVpce endpoint", () => {
    const selection = selectCallerVpcs(request(), privateApi().policy, [], endpoints);
    expect(Object.fromEntries(selection.callerVpcs)).toEqual({ 'vpc-0a1b2c3d': ['policy-source-vpce'] });
  });

  it('lists every candidate VPC when configuration and policy point at different ones', () => {
    const selection = selectCallerVpcs(request(), privateApi().policy, ['vpce-0fedcba987654321a'], endpoints);
    expect(Object.fromEntries(selection.callerVpcs)).toEqual({
      'vpc-0f0e0d0c': ['endpoint-configuration'],
      'vpc-0a1b2c3d': ['policy-source-vpce'],
    });
  });

  it("examines the endpoints a private custom domain's access associations let in, a consumer's too", () => {
    // Act
    const selection = selectCallerVpcs(request(), null, [], endpoints, [
      'vpce-0fedcba987654321a',
      'vpce-0consumer11111111',
    ]);

    // Assess: the one this account shows is a caller; the other is in an account the tool must locate.
    expect(Object.fromEntries(selection.callerVpcs)).toEqual({
      'vpc-0f0e0d0c': ['domain-access-association'],
    });
    expect(selection.unknownEndpointRefs).toEqual([
      { vpceId: 'vpce-0consumer11111111', source: 'domain-access-association' },
    ]);
  });

  it('remembers a --vpce that DescribeVpcEndpoints does not know', () => {
    const selection = selectCallerVpcs(request({ vpceId: 'vpce-099999999999999aa' }), null, [], endpoints);
    expect(selection.unknownEndpointRefs).toEqual([
      { vpceId: 'vpce-099999999999999aa', source: 'vpce-flag' },
    ]);
    expect(selection.callerVpcs.size).toBe(0);
  });
});

describe('policy helpers', () => {
  it('finds the endpoints and VPCs an escaped policy lets in', () => {
    const escaped =
      '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Deny\\",\\"Principal\\":\\"*\\",' +
      '\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5\\/*\\",' +
      '\\"Condition\\":{\\"StringNotEquals\\":{\\"aws:sourceVpce\\":[\\"vpce-0a1b2c3d4e5f60718\\"],\\"aws:SourceVpc\\":\\"vpc-0a1b2c3d\\"}}}]}';
    expect(idsNamedInPolicy(escaped)).toEqual({
      vpceIds: ['vpce-0a1b2c3d4e5f60718'],
      vpcIds: ['vpc-0a1b2c3d'],
    });
  });

  it('does not take an endpoint that a Deny shuts out for a caller', () => {
    const policy = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0aaaaaaaaaaaaaaa1' } },
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0bbbbbbbbbbbbbbb2' } },
        },
      ],
    });
    expect(idsNamedInPolicy(policy)).toEqual({ vpceIds: ['vpce-0aaaaaaaaaaaaaaa1'], vpcIds: [] });
  });
});

describe('gatherFacts: dependent waves', () => {
  const domain = privateDomain();

  /** Releases held calls wave by wave and returns the calls each wave started, until the gather settles. */
  async function waves(overrides: Partial<DiagnosisRequest>, fixture: StubFixture = {}): Promise<string[][]> {
    const ports = stubPorts({ domainNames: [domain], ...fixture }, { hold: true });
    let settled = false;
    const done = gatherFacts(request({ probe: false, ...overrides }), ports, options).then(() => {
      settled = true;
    });
    const started: string[][] = [];
    for (let wave = 0; wave < 6 && !settled; wave++) {
      for (let i = 0; i < 5; i++) await flush();
      const before = started.flat().length;
      started.push(ports.calls.slice(before));
      ports.release();
      for (let i = 0; i < 5; i++) await flush();
    }
    await done;
    return started.filter((calls) => calls.length > 0);
  }

  it('keeps a plain API id at 2 dependent waves', async () => {
    // Act
    const started = await waves({ vpcId: 'vpc-1' });

    // Assess
    expect(started).toHaveLength(2);
    expect(started[1]).toEqual(expect.arrayContaining(['DescribeVpcs', 'GetDeployment']));
    expect(started.flat()).not.toContain('GetDomainNames');
  });

  it('reads a private custom domain in the same 2 waves: the list first, then the domain and its mappings', async () => {
    // Act
    const started = await waves({
      vpcId: 'vpc-1',
      urlForm: 'custom-domain',
      customDomain: { name: 'api.example.internal', basePath: 'orders' },
    });

    // Assess
    expect(started).toHaveLength(2);
    expect(started[0]).toEqual(expect.arrayContaining(['GetDomainNames', 'GetDomainNameAccessAssociations']));
    expect(started[1]).toEqual(expect.arrayContaining(['GetDomainName', 'GetBasePathMappings']));
    expect(started.flat()).not.toContain('LookupEvents:CreateDomainNameAccessAssociation');
    expect(started.flat()).not.toContain('ListRoutingRules');
  });

  it('does not read routing rules of a domain whose mode is mappings only (v2 name API_MAPPING_ONLY)', async () => {
    // Act
    const started = await waves(
      {
        vpcId: 'vpc-1',
        urlForm: 'custom-domain',
        customDomain: { name: 'api.example.internal', basePath: 'orders' },
      },
      { domainNames: [{ ...domain, routingMode: 'API_MAPPING_ONLY' }] },
    );

    // Assess
    expect(started.flat()).toContain('GetBasePathMappings');
    expect(started.flat()).not.toContain('ListRoutingRules');
  });

  it.each(['ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'])(
    'reads the routing rules beside the mappings when the listed domain routes with %s: still 2 waves',
    async (routingMode) => {
      // Act
      const started = await waves(
        {
          vpcId: 'vpc-1',
          urlForm: 'custom-domain',
          customDomain: { name: 'api.example.internal', basePath: 'orders' },
        },
        { domainNames: [{ ...domain, routingMode }] },
      );

      // Assess
      expect(started).toHaveLength(2);
      expect(started[1]).toEqual(
        expect.arrayContaining(['GetDomainName', 'GetBasePathMappings', 'ListRoutingRules']),
      );
    },
  );

  it("reads CloudTrail's recent association creations beside the domain when it has an association: still 2 waves", async () => {
    // Act
    const started = await waves(
      {
        vpcId: 'vpc-1',
        urlForm: 'custom-domain',
        customDomain: { name: 'api.example.internal', basePath: 'orders' },
      },
      {
        accessAssociations: [
          {
            arn: 'assoc',
            domainNameArn: domain.domainNameArn,
            sourceType: 'VPCE',
            source: 'vpce-0a1b2c3d4e5f60718',
          },
        ],
      },
    );

    // Assess
    expect(started).toHaveLength(2);
    expect(started[1]).toContain('LookupEvents:CreateDomainNameAccessAssociation');
  });
});
