import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAccountCommand, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { ListRoutingRulesCommand } from '@aws-sdk/client-apigatewayv2';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assumeRoleCredentials } from '../../src/aws/assume-role.js';
import { type AwsClientSettings, createAwsClients, TIMEOUTS } from '../../src/aws/clients.js';
import { createDynamoDbStateStore } from '../../src/aws/dynamodb-state-store.js';
import { Pacer } from '../../src/aws/pacing.js';
import { createAwsPorts } from '../../src/aws/ports.js';
import { createProbeDeployGateway } from '../../src/aws/probe-deploy-gateway.js';
import { CallCounter, noCalls } from '../../src/diagnosis/call-counter.js';

const APIGW_URL = 'https://apigateway.us-east-1.amazonaws.com';
const EC2_URL = 'https://ec2.us-east-1.amazonaws.com';
const JSON_HEADERS = { 'content-type': 'application/json' };

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port nobody listens on: bind, note the port, close. */
async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  server.close();
  servers.pop();
  await once(server, 'close');
  return url;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(async () => {
  nock.cleanAll();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

describe('createAwsClients', () => {
  it('retries a throttled call and succeeds when maxAttempts allows a second attempt, counting it once', async () => {
    // Prepare: backoff jitter 0 keeps the retry instant.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const counter = new CallCounter();
    const { apiGateway } = createAwsClients(
      { maxAttempts: 2 },
      { region: 'us-east-1', timeouts: TIMEOUTS.diagnosis, counter },
    );
    const scope = nock(APIGW_URL)
      .get('/account')
      .reply(
        429,
        { message: 'Too Many Requests' },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'TooManyRequestsException' },
      )
      .get('/account')
      .reply(200, { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' }, JSON_HEADERS);

    // Act
    const account = await apiGateway.send(new GetAccountCommand({}));

    // Assess
    scope.done();
    expect(account.cloudwatchRoleArn).toBe('arn:aws:iam::123456789012:role/apigw-logs');
    expect(account.$metadata.attempts).toBe(2);
    expect(counter.snapshot()).toEqual({
      apigateway: 1,
      ec2: 0,
      logs: 0,
      lambda: 0,
      cloudtrail: 0,
      sts: 0,
      route53resolver: 0,
      route53: 0,
    });
  });

  it("counts a custom domain's routing-rule read (API Gateway v2) as an apigateway call", async () => {
    // Prepare
    const counter = new CallCounter();
    const { apiGatewayV2 } = createAwsClients(
      { maxAttempts: 1 },
      { region: 'us-east-1', timeouts: TIMEOUTS.diagnosis, counter },
    );
    const scope = nock(APIGW_URL)
      .get('/v2/domainnames/api.example.internal/routingrules')
      .query({ domainNameId: 'abcd1234' })
      .reply(200, { routingRules: [] }, JSON_HEADERS);

    // Act
    await apiGatewayV2.send(
      new ListRoutingRulesCommand({ DomainName: 'api.example.internal', DomainNameId: 'abcd1234' }),
    );

    // Assess
    scope.done();
    expect(counter.snapshot()).toEqual({ ...noCalls(), apigateway: 1 });
  });

  it('waits for the pacer once per operation, not per retry, and only for the client that calls', async () => {
    // Prepare: a pacer that records each turn it hands out; jitter 0 keeps the retry instant.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const turns: string[] = [];
    const pacer = new Pacer();
    vi.spyOn(pacer, 'take').mockImplementation(async (region, service) => {
      turns.push(`${region}/${service}`);
    });
    const { apiGateway } = createAwsClients(
      { maxAttempts: 2, pacer },
      { region: 'eu-west-1', timeouts: TIMEOUTS.diagnosis },
    );
    const scope = nock('https://apigateway.eu-west-1.amazonaws.com')
      .get('/account')
      .reply(
        429,
        { message: 'Too Many Requests' },
        { ...JSON_HEADERS, 'x-amzn-errortype': 'TooManyRequestsException' },
      )
      .get('/account')
      .reply(200, {}, JSON_HEADERS);

    // Act
    await apiGateway.send(new GetAccountCommand({}));

    // Assess
    scope.done();
    expect(turns).toEqual(['eu-west-1/apigateway']);
  });

  it('paces GetResources in its own budget too (5 requests per 2 s), beside the API Gateway one', async () => {
    // Prepare
    const turns: string[] = [];
    const pacer = new Pacer();
    vi.spyOn(pacer, 'take').mockImplementation(async (region, service) => {
      turns.push(`${region}/${service}`);
    });
    const { apiGateway } = createAwsClients(
      { maxAttempts: 1, pacer },
      { region: 'eu-west-1', timeouts: TIMEOUTS.diagnosis },
    );
    const scope = nock('https://apigateway.eu-west-1.amazonaws.com')
      .get('/restapis/a1b2c3d4e5/resources')
      .query(true)
      .reply(200, { item: [] }, JSON_HEADERS);

    // Act
    await apiGateway.send(new GetResourcesCommand({ restApiId: 'a1b2c3d4e5', embed: ['methods'] }));

    // Assess
    scope.done();
    expect(turns).toEqual(['eu-west-1/apigateway', 'eu-west-1/apigateway:GetResources']);
  });

  it('sends calls to AWS_ENDPOINT_URL when no endpoint option is given', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:4566');
    const scope = nock('http://127.0.0.1:4566')
      .get('/account')
      .reply(200, { cloudwatchRoleArn: 'arn:x' }, JSON_HEADERS);
    const { apiGateway } = createAwsClients(
      { maxAttempts: 1 },
      { region: 'us-east-1', timeouts: TIMEOUTS.diagnosis },
    );

    // Act
    const account = await apiGateway.send(new GetAccountCommand({}));

    // Assess
    scope.done();
    expect(account.cloudwatchRoleArn).toBe('arn:x');
  });
});

describe('createAwsPorts', () => {
  it('counts one call per operation and service, with a fresh count for each port set', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', name: 'orders' }, JSON_HEADERS)
      .get('/restapis/a1b2c3d4e5/stages')
      .reply(200, { item: [] }, JSON_HEADERS);
    const ec2Scope = nock(EC2_URL)
      .post('/')
      .reply(
        200,
        '<DescribeVpcEndpointsResponse><requestId>r</requestId><vpcEndpointSet/></DescribeVpcEndpointsResponse>',
      );
    const ports = createAwsPorts('us-east-1', { maxAttempts: 1 });
    const otherPorts = createAwsPorts('us-east-1', { maxAttempts: 1 });

    // Act
    await ports.apiGateway.getRestApi('a1b2c3d4e5');
    await ports.apiGateway.getStages('a1b2c3d4e5');
    await ports.ec2.describeVpcEndpoints();
    await ports.ec2.describeSecurityGroups([]);

    // Assess
    scope.done();
    ec2Scope.done();
    expect(ports.region).toBe('us-east-1');
    expect(ports.callCounts()).toEqual({
      apigateway: 2,
      ec2: 1,
      logs: 0,
      lambda: 0,
      cloudtrail: 0,
      sts: 0,
      route53resolver: 0,
      route53: 0,
    });
    expect(otherPorts.callCounts()).toEqual({
      apigateway: 0,
      ec2: 0,
      logs: 0,
      lambda: 0,
      cloudtrail: 0,
      sts: 0,
      route53resolver: 0,
      route53: 0,
    });
  });

  it('throws unreachable when nothing listens at the endpoint', async () => {
    // Prepare
    const endpoint = await closedLoopbackUrl();
    const ports = createAwsPorts('us-east-1', { maxAttempts: 1, endpoint });

    // Act
    const error = await ports.apiGateway.getRestApi('a1b2c3d4e5').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'AwsCallError', kind: 'unreachable', action: 'apigateway:GET' });
  });

  it('throws timeout when the endpoint accepts the request but never answers', async () => {
    // Prepare
    const endpoint = await listen(createServer(() => {}));
    const ports = createAwsPorts('us-east-1', {
      maxAttempts: 1,
      timeouts: { requestTimeoutMs: 200, connectionTimeoutMs: 2000 },
      endpoint,
    });

    // Act
    const error = await ports.ec2.describeVpcEndpoints().catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'AwsCallError',
      kind: 'timeout',
      action: 'ec2:DescribeVpcEndpoints',
      operation: 'DescribeVpcEndpoints',
    });
  });
});

describe('every consumer of the client factory', () => {
  /** A server that takes every request and never answers, and settings that give up after 300 ms. */
  async function hangingAws(): Promise<AwsClientSettings> {
    const endpoint = await listen(createServer(() => {}));
    return { maxAttempts: 1, endpoint, timeouts: { requestTimeoutMs: 300, connectionTimeoutMs: 2000 } };
  }

  it('the state table gives up on a call that never answers', async () => {
    // Prepare
    const store = createDynamoDbStateStore('apigw-diagnose-state', 'us-east-1', await hangingAws());

    // Act
    const error = await store
      .findIncidentThread('C0CHANNEL1', 'us-east-1/a1b2c3d4e5')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'StateTableError' });
    expect(((error as Error).cause as Error).name).toBe('TimeoutError');
  });

  it('the probe deployment gives up on a call that never answers', async () => {
    // Prepare
    const gateway = createProbeDeployGateway('us-east-1', await hangingAws());

    // Act
    const error = await gateway.getFunction('apigw-diagnose-probe-vpc-1').catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'ProbeDeployError' });
    expect((error as Error).message).toMatch(/^GetFunction failed: TimeoutError/);
  });

  it('AssumeRole of the remediation role gives up on a call that never answers, classed as a timeout', async () => {
    // Prepare
    const credentials = assumeRoleCredentials({
      roleArn: 'arn:aws:iam::123456789012:role/apigw-diagnose-remediation',
      actor: { userId: 'U012ABCDEF' },
      settings: await hangingAws(),
      region: 'us-east-1',
    });

    // Act
    const error = await credentials().catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: 'RemediationCallError', kind: 'timeout', operation: 'AssumeRole' });
  });
});
