// Locating the API and the caller endpoints across accounts (locate.ts, account-routing.ts), through a hand-written
// AccountScope: one set of stub ports per account, each recording its calls, and an in-memory location memory.

import { describe, expect, it } from 'vitest';
import { multiAccountRouting } from '../../src/diagnosis/account-routing.js';
import { AwsCallError, type Fetched, type VpcEndpointInfo } from '../../src/diagnosis/facts.js';
import { fetched } from '../../src/diagnosis/fetched.js';
import { locateCallers, locateProducer, memoryKey } from '../../src/diagnosis/locate.js';
import type { AccountScope, AwsPorts } from '../../src/diagnosis/ports.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { endpoint, privateApi, type StubFixture, type StubPorts, stubPorts } from './stub-ports.js';

const REGION = 'us-east-1';
const API_ID = 'a1b2c3d4e5';
const HOME = '123456789012';
const PRODUCER = '222222222222';
const CONSUMER = '333333333333';
const ALL = [HOME, PRODUCER, CONSUMER];
const API_KEY = memoryKey.api(REGION, API_ID);

function request(overrides: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return {
    apiId: API_ID,
    region: REGION,
    stage: 'prod',
    urlForm: 'none',
    url: null,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60_000,
    probe: false,
    ...overrides,
  };
}

function notFound(): AwsCallError {
  return new AwsCallError('not-found', 'apigateway:GET', 'Invalid API identifier specified', 'GetRestApi');
}

function denied(accountId: string): AwsCallError {
  return new AwsCallError(
    'access-denied',
    'sts:AssumeRole',
    `could not assume arn:aws:iam::${accountId}:role/apigw-diagnose-read`,
    'AssumeRole',
  );
}

interface FakeScope extends AccountScope {
  ports: Record<string, StubPorts>;
  memory: Map<string, string>;
  /** Every recall and remember, in order (`recall key` / `remember key=value`). */
  memoryLog: string[];
  /** Every account portsFor was asked for. */
  portsAsked: string[];
}

/** An AccountScope over one StubPorts per account; `fixtures` names the accounts and what each answers. */
function fakeScope(
  fixtures: Record<string, StubFixture>,
  options: { memory?: Record<string, string>; home?: Fetched<string>; accounts?: string[] } = {},
): FakeScope {
  const ports = Object.fromEntries(Object.entries(fixtures).map(([id, fixture]) => [id, stubPorts(fixture)]));
  const memory = new Map(Object.entries(options.memory ?? {}));
  const memoryLog: string[] = [];
  const portsAsked: string[] = [];
  const home = ports[HOME] ?? stubPorts({});
  return {
    ports,
    memory,
    memoryLog,
    portsAsked,
    multiAccount: true,
    home,
    homeAccount: async () => options.home ?? { ok: true, value: HOME, ms: 0 },
    accounts: async () => ({ accounts: options.accounts ?? Object.keys(fixtures), discoveryError: null }),
    portsFor: (accountId): AwsPorts => {
      portsAsked.push(accountId);
      const found = ports[accountId];
      if (!found) throw new Error(`the test configured no ports for account ${accountId}`);
      return found;
    },
    readRoleFor: (accountId) =>
      accountId === HOME ? null : `arn:aws:iam::${accountId}:role/apigw-diagnose-read`,
    recall: async (key) => {
      memoryLog.push(`recall ${key}`);
      return memory.get(key) ?? null;
    },
    remember: async (key, value) => {
      memoryLog.push(`remember ${key}=${value}`);
      memory.set(key, value);
    },
    callCounts: () => home.callCounts(),
  };
}

/** The stub ports of one account of the scope (to change what one call answers). */
function portsOf(scope: FakeScope, accountId: string): StubPorts {
  const ports = scope.ports[accountId];
  if (!ports) throw new Error(`no ports for account ${accountId}`);
  return ports;
}

/** The calls each account's ports received, for the accounts that received any. */
function callsByAccount(scope: FakeScope): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(scope.ports)
      .filter(([, ports]) => ports.calls.length > 0)
      .map(([id, ports]) => [id, [...ports.calls]]),
  );
}

describe('locateProducer', () => {
  it('with --account, goes to that account without reading or searching anything', async () => {
    // Prepare
    const scope = fakeScope(
      { [HOME]: {}, [PRODUCER]: {}, [CONSUMER]: {} },
      { memory: { [API_KEY]: CONSUMER } },
    );

    // Act
    const location = await locateProducer(request({ accountId: PRODUCER }), REGION, scope, ALL);

    // Assess: the API is then read as usual, in that account (restApi null).
    expect(location).toEqual({
      accountId: PRODUCER,
      restApi: null,
      foundBy: 'hint',
      searched: [PRODUCER],
      unreadable: [],
    });
    expect(callsByAccount(scope)).toEqual({});
    expect(scope.memoryLog).toEqual([]);
  });

  it('with --account naming an account it does not read, fails pointing at APIGW_DIAGNOSE_ACCOUNTS and reads nothing', async () => {
    // Prepare
    const scope = fakeScope({ [HOME]: {}, [PRODUCER]: {}, [CONSUMER]: {} });

    // Act
    const location = await locateProducer(request({ accountId: '999999999999' }), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({ accountId: null, foundBy: null, searched: [], unreadable: [] });
    if (location.restApi === null || location.restApi.ok) throw new Error('expected a failed read');
    expect(location.restApi.error.kind).not.toBe('not-found');
    expect(location.restApi.error.message).toContain('account 999999999999 (--account)');
    expect(location.restApi.error.message).toContain('APIGW_DIAGNOSE_ACCOUNTS');
    expect(location.restApi.error.message).toContain(`configured: ${ALL.join(', ')}`);
    expect(callsByAccount(scope)).toEqual({});
    expect(scope.portsAsked).toEqual([]);
    expect(scope.memoryLog).toEqual([]);
  });

  it('reads the remembered account first and skips the search when the API is there', async () => {
    // Prepare
    const scope = fakeScope(
      { [HOME]: {}, [PRODUCER]: {}, [CONSUMER]: {} },
      { memory: { [API_KEY]: PRODUCER } },
    );

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({
      accountId: PRODUCER,
      foundBy: 'memory',
      searched: [PRODUCER],
      unreadable: [],
    });
    expect(location.restApi).toMatchObject({ ok: true, value: privateApi() });
    expect(callsByAccount(scope)).toEqual({ [PRODUCER]: ['GetRestApi'] });
  });

  it("reports the remembered account's own failure (not not-found) without searching elsewhere", async () => {
    // Prepare
    const scope = fakeScope(
      { [HOME]: {}, [PRODUCER]: { restApi: denied(PRODUCER) }, [CONSUMER]: {} },
      { memory: { [API_KEY]: PRODUCER } },
    );

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({ accountId: PRODUCER, foundBy: 'memory', searched: [PRODUCER] });
    expect(location.restApi).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(callsByAccount(scope)).toEqual({ [PRODUCER]: ['GetRestApi'] });
  });

  it('searches every other account when the remembered one answers not-found, and remembers the new one', async () => {
    // Prepare: the API moved from the consumer's account to the producer's.
    const scope = fakeScope(
      { [HOME]: { restApi: notFound() }, [PRODUCER]: {}, [CONSUMER]: { restApi: notFound() } },
      { memory: { [API_KEY]: CONSUMER } },
    );

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({
      accountId: PRODUCER,
      foundBy: 'search',
      searched: [CONSUMER, HOME, PRODUCER],
      unreadable: [],
    });
    expect(callsByAccount(scope)).toEqual({
      [HOME]: ['GetRestApi'],
      [PRODUCER]: ['GetRestApi'],
      [CONSUMER]: ['GetRestApi'],
    });
    expect(scope.memory.get(API_KEY)).toBe(PRODUCER);
  });

  it('never reads a remembered account that is no longer configured (skipped or removed since)', async () => {
    // Prepare
    const scope = fakeScope(
      { [HOME]: { restApi: notFound() }, [PRODUCER]: {}, [CONSUMER]: { restApi: notFound() } },
      { memory: { [API_KEY]: '999999999999' } },
    );

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({ accountId: PRODUCER, foundBy: 'search', searched: ALL });
    expect(Object.keys(callsByAccount(scope)).sort()).toEqual([...ALL].sort());
  });

  it('names the remembered account as searched when it was the only one and no longer has the API', async () => {
    // Prepare
    const scope = fakeScope({ [CONSUMER]: { restApi: notFound() } }, { memory: { [API_KEY]: CONSUMER } });

    // Act
    const location = await locateProducer(request(), REGION, scope, [CONSUMER]);

    // Assess
    expect(location).toMatchObject({ accountId: null, searched: [CONSUMER] });
    expect(location.restApi?.ok === false && location.restApi.error.message).toContain(
      `1 account(s) searched (${CONSUMER})`,
    );
  });

  it('finds the API in the one account that has it, reading each account once, and remembers it', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: { restApi: notFound() },
      [PRODUCER]: {},
      [CONSUMER]: { restApi: notFound() },
    });

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({ accountId: PRODUCER, foundBy: 'search', searched: ALL, unreadable: [] });
    expect(location.restApi).toMatchObject({ ok: true, value: privateApi() });
    expect(callsByAccount(scope)).toEqual({
      [HOME]: ['GetRestApi'],
      [PRODUCER]: ['GetRestApi'],
      [CONSUMER]: ['GetRestApi'],
    });
    expect(scope.memoryLog).toEqual([`recall ${API_KEY}`, `remember ${API_KEY}=${PRODUCER}`]);
  });

  it('still finds the API when another account cannot be read, and lists that account as unreadable', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: { restApi: notFound() },
      [PRODUCER]: {},
      [CONSUMER]: { restApi: denied(CONSUMER) },
    });

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location.accountId).toBe(PRODUCER);
    expect(location.unreadable).toEqual([
      {
        accountId: CONSUMER,
        roleArn: `arn:aws:iam::${CONSUMER}:role/apigw-diagnose-read`,
        error: expect.objectContaining({ kind: 'access-denied', action: 'sts:AssumeRole' }),
      },
    ]);
  });

  it('answers not-found listing every account searched when none has the API', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: { restApi: notFound() },
      [PRODUCER]: { restApi: notFound() },
      [CONSUMER]: { restApi: notFound() },
    });

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location).toMatchObject({ accountId: null, foundBy: null, searched: ALL, unreadable: [] });
    expect(location.restApi).toMatchObject({
      ok: false,
      error: { kind: 'not-found', action: 'apigateway:GET', operation: 'GetRestApi' },
    });
    const message = location.restApi?.ok === false ? location.restApi.error.message : '';
    expect(message).toContain(`no REST API ${API_ID} in ${REGION}`);
    expect(message).toContain(`any of the 3 account(s) searched (${ALL.join(', ')})`);
    expect(scope.memory.has(API_KEY)).toBe(false);
  });

  it('reports the unreadable account, not not-found, when no readable account has the API', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: { restApi: notFound() },
      [PRODUCER]: { restApi: notFound() },
      [CONSUMER]: { restApi: denied(CONSUMER) },
    });

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    expect(location.accountId).toBeNull();
    expect(location.unreadable.map((u) => u.accountId)).toEqual([CONSUMER]);
    if (location.restApi === null || location.restApi.ok) throw new Error('expected a failed read');
    expect(location.restApi.error).toMatchObject({ kind: 'access-denied', action: 'sts:AssumeRole' });
    expect(location.restApi.error.message).toContain(
      `REST API ${API_ID} is not in ${REGION} in the 2 account(s) read (${HOME}, ${PRODUCER})`,
    );
    expect(location.restApi.error.message).toContain(`account ${CONSUMER} could not be read`);
    expect(location.restApi.error.message).toContain(`arn:aws:iam::${CONSUMER}:role/apigw-diagnose-read`);
  });

  it('names every unreadable account when several cannot be read', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: { restApi: notFound() },
      [PRODUCER]: { restApi: denied(PRODUCER) },
      [CONSUMER]: { restApi: denied(CONSUMER) },
    });

    // Act
    const location = await locateProducer(request(), REGION, scope, ALL);

    // Assess
    const message = location.restApi?.ok === false ? location.restApi.error.message : '';
    expect(message).toContain(`in the 1 account(s) read (${HOME})`);
    expect(message).toContain(`account ${PRODUCER} (and ${CONSUMER}) could not be read`);
  });
});

describe('locateCallers', () => {
  const VPCE = 'vpce-0b1c2d3e4f5a60718';
  const VPC = 'vpc-0c0ffee0';

  /** Reads one account's endpoints through its stub ports, recording the order of accounts read. */
  function endpointReader(scope: FakeScope, read: string[]) {
    return async (accountId: string) => {
      read.push(accountId);
      return { accountId, read: await fetched(() => scope.portsFor(accountId).ec2.describeVpcEndpoints()) };
    };
  }

  it('reads only the remembered accounts when every endpoint and VPC sought is remembered', async () => {
    // Prepare
    const scope = fakeScope(
      {
        [HOME]: { endpoints: [] },
        [PRODUCER]: { endpoints: [] },
        [CONSUMER]: { endpoints: [endpoint({ id: VPCE, vpcId: VPC, ownerId: CONSUMER })] },
      },
      {
        memory: {
          [memoryKey.endpoint(REGION, VPCE)]: CONSUMER,
          [memoryKey.vpc(REGION, VPC)]: CONSUMER,
        },
      },
    );
    const read: string[] = [];

    // Act
    const location = await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [VPCE], vpcIds: [VPC] },
      known: [],
      vpcOwners: new Map(),
      candidates: [HOME, PRODUCER, CONSUMER],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(read).toEqual([CONSUMER]);
    expect(callsByAccount(scope)).toEqual({ [CONSUMER]: ['DescribeVpcEndpoints', 'DescribeVpcs'] });
    expect(location.reads.map((r) => r.accountId)).toEqual([CONSUMER]);
    expect(location.vpcOwners).toEqual(new Map([[VPC, CONSUMER]]));
  });

  it('reads every candidate account when one id sought is not remembered, and remembers where it was', async () => {
    // Prepare: the VPC is remembered, the endpoint is not.
    const scope = fakeScope(
      {
        [HOME]: { endpoints: [] },
        [PRODUCER]: { endpoints: [endpoint({ id: VPCE, vpcId: VPC, ownerId: PRODUCER })] },
        [CONSUMER]: { endpoints: [] },
      },
      { memory: { [memoryKey.vpc(REGION, VPC)]: PRODUCER } },
    );
    portsOf(scope, HOME).ec2.describeVpcs = async () => [];
    portsOf(scope, CONSUMER).ec2.describeVpcs = async () => [];
    const read: string[] = [];

    // Act
    const location = await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [VPCE], vpcIds: [VPC] },
      known: [],
      vpcOwners: new Map(),
      candidates: [HOME, PRODUCER, CONSUMER],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(read).toEqual([HOME, PRODUCER, CONSUMER]);
    expect(location.vpcOwners).toEqual(new Map([[VPC, PRODUCER]]));
    expect(scope.memory.get(memoryKey.endpoint(REGION, VPCE))).toBe(PRODUCER);
    expect(scope.memory.get(memoryKey.vpc(REGION, VPC))).toBe(PRODUCER);
  });

  it('ignores a remembered account that is no longer a candidate, and searches the candidates', async () => {
    // Prepare: the endpoint was remembered in an account this diagnosis does not search.
    const scope = fakeScope(
      {
        [HOME]: { endpoints: [] },
        [PRODUCER]: { endpoints: [endpoint({ id: VPCE, vpcId: VPC, ownerId: PRODUCER })] },
        [CONSUMER]: { endpoints: [] },
      },
      { memory: { [memoryKey.endpoint(REGION, VPCE)]: '999999999999' } },
    );
    const read: string[] = [];

    // Act
    await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [VPCE], vpcIds: [] },
      known: [],
      vpcOwners: new Map(),
      candidates: [PRODUCER, CONSUMER],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(read).toEqual([PRODUCER, CONSUMER]);
    expect(scope.portsAsked).not.toContain('999999999999');
    expect(scope.memory.get(memoryKey.endpoint(REGION, VPCE))).toBe(PRODUCER);
  });

  it('finds a VPC with no endpoint at all through DescribeVpcs, in the account that has it', async () => {
    // Prepare: no account lists an endpoint; only the consumer's EC2 knows the VPC.
    const scope = fakeScope({
      [HOME]: { endpoints: [] },
      [PRODUCER]: { endpoints: [] },
      [CONSUMER]: { endpoints: [] },
    });
    portsOf(scope, HOME).ec2.describeVpcs = async () => [];
    portsOf(scope, PRODUCER).ec2.describeVpcs = async () => {
      throw new AwsCallError('access-denied', 'ec2:DescribeVpcs', 'UnauthorizedOperation', 'DescribeVpcs');
    };
    const read: string[] = [];

    // Act
    const location = await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [], vpcIds: [VPC] },
      known: [],
      vpcOwners: new Map(),
      candidates: [HOME, PRODUCER, CONSUMER],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(read).toEqual([HOME, PRODUCER, CONSUMER]);
    expect(location.vpcOwners).toEqual(new Map([[VPC, CONSUMER]]));
    expect(scope.memory.get(memoryKey.vpc(REGION, VPC))).toBe(CONSUMER);
  });

  it('reads nothing when every endpoint and VPC sought is already known', async () => {
    // Prepare
    const scope = fakeScope({ [HOME]: {}, [PRODUCER]: {}, [CONSUMER]: {} });
    const read: string[] = [];

    // Act
    const location = await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [VPCE], vpcIds: [VPC, 'vpc-0d0d0d0d'] },
      known: [endpoint({ id: VPCE, vpcId: VPC })],
      vpcOwners: new Map([['vpc-0d0d0d0d', PRODUCER]]),
      candidates: [HOME, CONSUMER],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(location).toEqual({ reads: [], vpcOwners: new Map() });
    expect(read).toEqual([]);
    expect(callsByAccount(scope)).toEqual({});
    expect(scope.memoryLog).toEqual([]);
  });

  it('reads nothing when there is no candidate account left', async () => {
    // Prepare
    const scope = fakeScope({ [HOME]: {} });
    const read: string[] = [];

    // Act
    const location = await locateCallers({
      region: REGION,
      scope,
      named: { vpceIds: [VPCE], vpcIds: [] },
      known: [],
      vpcOwners: new Map(),
      candidates: [],
      readEndpoints: endpointReader(scope, read),
    });

    // Assess
    expect(location.reads).toEqual([]);
    expect(read).toEqual([]);
  });
});

describe('multiAccountRouting', () => {
  it('with --account, reads the API and its endpoints in that account only', async () => {
    // Prepare
    const scope = fakeScope({
      [HOME]: {},
      [PRODUCER]: { endpoints: [endpoint({ ownerId: undefined })] },
      [CONSUMER]: {},
    });

    // Act
    const routing = await multiAccountRouting(request({ accountId: PRODUCER }), REGION, scope);
    const initial = await routing.initialEndpoints;
    await routing.producer.apiGateway.getRestApi(API_ID);

    // Assess
    expect(routing.restApi).toBeNull();
    expect(routing.producer).toBe(scope.ports[PRODUCER]);
    expect(callsByAccount(scope)).toEqual({ [PRODUCER]: ['DescribeVpcEndpoints', 'GetRestApi'] });
    expect(initial.ok && initial.value.map((e) => e.ownerId)).toEqual([PRODUCER]);
    expect(routing.facts([]).producerFoundBy).toBe('hint');
  });

  it('routes the caller VPC to the consumer account found by searching, and names both accounts', async () => {
    // Prepare: the API is in the producer's account; the caller's endpoint in the consumer's.
    const consumerEndpoint = endpoint({
      id: 'vpce-0b1c2d3e4f5a60718',
      vpcId: 'vpc-0c0ffee0',
      ownerId: CONSUMER,
    });
    const scope = fakeScope({
      [HOME]: { restApi: notFound(), endpoints: [] },
      [PRODUCER]: { endpoints: [] },
      [CONSUMER]: { restApi: notFound(), endpoints: [consumerEndpoint] },
    });

    // Act
    const routing = await multiAccountRouting(request({ vpceId: consumerEndpoint.id }), REGION, scope);
    const initial = await routing.initialEndpoints;
    const all = await routing.completeEndpoints({ vpceIds: [consumerEndpoint.id], vpcIds: [] }, initial);
    const facts = routing.facts([consumerEndpoint.vpcId]);

    // Assess
    expect(routing.producer).toBe(scope.ports[PRODUCER]);
    expect(routing.restApi).toMatchObject({ ok: true });
    expect(all.ok && all.value.map((e) => e.id)).toEqual([consumerEndpoint.id]);
    expect(routing.portsOfVpc(consumerEndpoint.vpcId)).toBe(scope.ports[CONSUMER]);
    expect(routing.portsOfVpc('vpc-0unknown')).toBe(scope.ports[PRODUCER]);
    expect(routing.accountOf('sg-0a1b2c3d')).toBe(CONSUMER);
    expect(facts).toMatchObject({
      multiAccount: true,
      producer: PRODUCER,
      producerFoundBy: 'search',
      consumers: [CONSUMER],
      unreadable: [],
      discoveryError: null,
    });
    expect(scope.memory.get(API_KEY)).toBe(PRODUCER);
    expect(scope.memory.get(memoryKey.endpoint(REGION, consumerEndpoint.id))).toBe(CONSUMER);
    expect(scope.memory.get(memoryKey.consumers(REGION, API_ID))).toBe(CONSUMER);
  });

  it("reads the remembered consumers' endpoints at the start, with the producer's", async () => {
    // Prepare
    const consumerEndpoint = endpoint({ vpcId: 'vpc-0c0ffee0', ownerId: CONSUMER });
    const scope = fakeScope(
      {
        [HOME]: {},
        [PRODUCER]: { endpoints: [] },
        [CONSUMER]: { endpoints: [consumerEndpoint] },
      },
      { memory: { [API_KEY]: PRODUCER, [memoryKey.consumers(REGION, API_ID)]: CONSUMER } },
    );

    // Act
    const routing = await multiAccountRouting(request(), REGION, scope);
    const initial: Fetched<VpcEndpointInfo[]> = await routing.initialEndpoints;

    // Assess
    expect(routing.facts([]).producerFoundBy).toBe('memory');
    expect(initial.ok && initial.value.map((e) => e.id)).toEqual([consumerEndpoint.id]);
    expect(callsByAccount(scope)).toEqual({
      [PRODUCER]: ['GetRestApi', 'DescribeVpcEndpoints'],
      [CONSUMER]: ['DescribeVpcEndpoints'],
    });
  });
});
