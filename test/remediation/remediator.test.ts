import { describe, expect, it } from 'vitest';
import type { StageInfo, VpcEndpointInfo } from '../../src/diagnosis/facts.js';
import {
  RemediationCallError,
  type RemediationPorts,
  type RemediationReader,
  type RemediationWriter,
  type RestApiListing,
  type V2ApiSummary,
} from '../../src/remediation/ports.js';
import { createRemediatorWithPorts } from '../../src/remediation/remediator.js';
import { riskText } from '../../src/remediation/risks.js';
import type { Actor, FixTarget } from '../../src/remediation/types.js';

// An in-memory AWS: the remediator's logic is tested without any HTTP mock.
interface FakeAws {
  cloudwatchRoleArn: string | null;
  stages: Record<string, StageInfo>;
  endpoints: VpcEndpointInfo[];
  vpcAttributes: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  restApis: RestApiListing[];
  v2Apis: V2ApiSummary[];
  failures: Partial<Record<keyof RemediationReader | keyof RemediationWriter, RemediationCallError>>;
}

interface WriteLog {
  calls: string[];
  actors: Actor[];
}

function fakePorts(aws: FakeAws): RemediationPorts & { log: WriteLog } {
  const log: WriteLog = { calls: [], actors: [] };
  const fail = (method: keyof RemediationReader | keyof RemediationWriter) => {
    const failure = aws.failures[method];
    if (failure) throw failure;
  };
  const reader: RemediationReader = {
    async getAccount() {
      fail('getAccount');
      return { cloudwatchRoleArn: aws.cloudwatchRoleArn };
    },
    async getStage(apiId, stageName) {
      fail('getStage');
      const stage = aws.stages[stageName];
      if (!stage)
        throw new RemediationCallError(
          'not-found',
          'GetStage',
          `API ${apiId} has no stage ${stageName}.`,
          'r',
        );
      return stage;
    },
    async getRestApis() {
      fail('getRestApis');
      return aws.restApis;
    },
    async getV2Apis() {
      fail('getV2Apis');
      return aws.v2Apis;
    },
    async getVpcEndpoint(vpceId) {
      fail('getVpcEndpoint');
      return aws.endpoints.find((endpoint) => endpoint.id === vpceId) ?? null;
    },
    async listVpcEndpoints(vpcId) {
      fail('listVpcEndpoints');
      return aws.endpoints.filter((endpoint) => endpoint.vpcId === vpcId);
    },
    async describeVpcAttribute(vpcId, attribute) {
      fail('describeVpcAttribute');
      return aws.vpcAttributes[vpcId]?.[attribute] ?? false;
    },
  };
  return {
    log,
    reader: () => reader,
    writer(_region, actor) {
      log.actors.push(actor);
      return {
        async enableExecutionLogging(apiId, stageName) {
          fail('enableExecutionLogging');
          log.calls.push(`UpdateStage ${apiId} ${stageName}`);
          return { requestId: 'req-update' };
        },
        async enablePrivateDns(vpceId) {
          fail('enablePrivateDns');
          log.calls.push(`ModifyVpcEndpoint ${vpceId}`);
          return { requestId: 'req-modify' };
        },
        async createDeployment(apiId, stageName, description) {
          fail('createDeployment');
          log.calls.push(`CreateDeployment ${apiId} ${stageName} "${description}"`);
          return { requestId: 'req-deploy', deploymentId: 'newdep' };
        },
      };
    },
  };
}

function stage(overrides: Partial<StageInfo> = {}): StageInfo {
  return {
    stageName: 'prod',
    deploymentId: 'olddep',
    loggingLevel: 'OFF',
    dataTraceEnabled: false,
    metricsEnabled: false,
    lastUpdatedDate: null,
    accessLogDestinationArn: null,
    ...overrides,
  };
}

function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return {
    id: 'vpce-0aaa',
    vpcId: 'vpc-1',
    serviceName: 'com.amazonaws.us-east-1.execute-api',
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: false,
    ownerId: '123456789012',
    subnetIds: ['subnet-1'],
    securityGroupIds: ['sg-1'],
    networkInterfaceIds: [],
    policyDocument: null,
    dnsNames: [],
    ...overrides,
  };
}

function healthyAws(overrides: Partial<FakeAws> = {}): FakeAws {
  return {
    cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs',
    stages: { prod: stage() },
    endpoints: [endpoint()],
    vpcAttributes: { 'vpc-1': { enableDnsSupport: true, enableDnsHostnames: true } },
    restApis: [],
    v2Apis: [],
    failures: {},
    ...overrides,
  };
}

const target: FixTarget = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: 'vpce-0aaa' };
const actor: Actor = { userId: 'U012ABCDEF', userName: 'dana' };

describe('enable-logging', () => {
  it('turns INFO logging on and says how to undo when the account has a CloudWatch role', async () => {
    // Prepare
    const ports = fakePorts(healthyAws());
    // Act
    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', fix: 'enable-logging', requestId: 'req-update' });
    expect(ports.log.calls).toEqual(['UpdateStage a1b2c3d4e5 prod']);
    expect(result.outcome === 'applied' && result.undo).toContain('path=/*/*/logging/loglevel,value=OFF');
  });

  it('refuses without trying when the account has no CloudWatch Logs role in the region', async () => {
    const ports = fakePorts(healthyAws({ cloudwatchRoleArn: null }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result.outcome).toBe('precheck-failed');
    expect(result.outcome === 'precheck-failed' && result.reason).toMatch(
      /update-account --region us-east-1/,
    );
    expect(ports.log.calls).toEqual([]);
  });

  it('reports already-done when the stage already logs at INFO', async () => {
    const ports = fakePorts(healthyAws({ stages: { prod: stage({ loggingLevel: 'INFO' }) } }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result.outcome).toBe('already-done');
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses when the stage does not exist', async () => {
    const ports = fakePorts(healthyAws({ stages: {} }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result).toMatchObject({ outcome: 'precheck-failed', reason: 'API a1b2c3d4e5 has no stage prod.' });
  });

  it('returns aws-error instead of throwing when UpdateStage fails', async () => {
    const denied = new RemediationCallError(
      'access-denied',
      'UpdateStage',
      'AWS refused UpdateStage',
      'req-9',
    );
    const ports = fakePorts(healthyAws({ failures: { enableExecutionLogging: denied } }));

    const result = await createRemediatorWithPorts(ports).apply('enable-logging', target, actor);

    expect(result).toEqual({
      outcome: 'aws-error',
      fix: 'enable-logging',
      message: 'AWS refused UpdateStage',
      requestId: 'req-9',
    });
  });

  it('plans a change naming stage and API with the cost and no-redeploy notes', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('enable-logging', target);

    expect(plan.change).toBe('Stage prod of API a1b2c3d4e5 logs at INFO, metrics on.');
    expect(plan.risks.map(riskText).join('\n')).toMatch(/CloudWatch Logs charges/);
    expect(plan.risks.map(riskText).join('\n')).toMatch(/No redeploy is needed/);
  });

  it('plans with a warning that it will be refused when the CloudWatch role is missing', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws({ cloudwatchRoleArn: null }))).plan(
      'enable-logging',
      target,
    );

    expect(plan.risks.map(riskText)[0]).toMatch(/^Will be refused: .*no CloudWatch Logs role/);
  });
});

describe('enable-private-dns', () => {
  it('turns private DNS on when the VPC attributes are on and no other endpoint owns the names', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-modify' });
    expect(ports.log.calls).toEqual(['ModifyVpcEndpoint vpce-0aaa']);
  });

  it('refuses when no endpoint was given', async () => {
    const result = await createRemediatorWithPorts(fakePorts(healthyAws())).apply(
      'enable-private-dns',
      { ...target, vpceId: null },
      actor,
    );

    expect(result.outcome).toBe('precheck-failed');
  });

  it('refuses when the endpoint no longer exists', async () => {
    const result = await createRemediatorWithPorts(fakePorts(healthyAws({ endpoints: [] }))).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result.outcome === 'precheck-failed' && result.reason).toMatch(/vpce-0aaa does not exist/);
  });

  it('reports already-done when private DNS is already on', async () => {
    const ports = fakePorts(healthyAws({ endpoints: [endpoint({ privateDnsEnabled: true })] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result.outcome).toBe('already-done');
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses naming both attributes and the modify-vpc-attribute fix when VPC DNS is off', async () => {
    const aws = healthyAws({
      vpcAttributes: { 'vpc-1': { enableDnsSupport: false, enableDnsHostnames: false } },
    });
    const ports = fakePorts(aws);

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    const reason = result.outcome === 'precheck-failed' ? result.reason : '';
    expect(reason).toMatch(/enableDnsSupport and enableDnsHostnames are false on vpc-1/);
    expect(reason).toContain(`--vpc-id vpc-1 --enable-dns-hostnames '{"Value":true}'`);
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses when another execute-api endpoint in the VPC already has private DNS on', async () => {
    const other = endpoint({ id: 'vpce-0bbb', privateDnsEnabled: true });
    const ports = fakePorts(healthyAws({ endpoints: [endpoint(), other] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    const reason = result.outcome === 'precheck-failed' ? result.reason : '';
    expect(reason).toMatch(/vpce-0bbb with private DNS on/);
    expect(reason).toMatch(/conflicting DNS domain for \*\.execute-api\.us-east-1\.amazonaws\.com/);
    expect(ports.log.calls).toEqual([]);
  });

  it('ignores endpoints of other services and of other VPCs when looking for conflicts', async () => {
    const s3 = endpoint({
      id: 'vpce-0s3',
      serviceName: 'com.amazonaws.us-east-1.s3',
      privateDnsEnabled: true,
    });
    const elsewhere = endpoint({ id: 'vpce-0ccc', vpcId: 'vpc-2', privateDnsEnabled: true });
    const ports = fakePorts(healthyAws({ endpoints: [endpoint(), s3, elsewhere] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result.outcome).toBe('applied');
  });

  it('plans by listing the first five public APIs and how many more will answer 403', async () => {
    const restApis: RestApiListing[] = [
      { id: 'priv000001', name: 'private-one', endpointTypes: ['PRIVATE'] },
      ...Array.from({ length: 7 }, (_, i) => ({
        id: `pub000000${i}`,
        name: `public-${i}`,
        endpointTypes: [i % 2 ? 'EDGE' : 'REGIONAL'],
      })),
    ];
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws({ restApis }))).plan(
      'enable-private-dns',
      target,
    );

    const risk = plan.risks.map(riskText).find((line) => line.startsWith('This VPC will no longer reach'));
    expect(risk).toBe(
      'This VPC will no longer reach these public APIs in us-east-1 (403): public-0 (REST API pub0000000), ' +
        'public-1 (REST API pub0000001), public-2 (REST API pub0000002), public-3 (REST API pub0000003), ' +
        'public-4 (REST API pub0000004) and 2 more.',
    );
    expect(plan.change).toContain('inside vpc-1');
    expect(plan.risks.map(riskText).join('\n')).not.toContain('private-one');
  });

  it('plans with the refusal reason when a pre-check would fail', async () => {
    const aws = healthyAws({
      vpcAttributes: { 'vpc-1': { enableDnsSupport: true, enableDnsHostnames: false } },
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)[0]).toMatch(/^Will be refused: enableDnsHostnames is false on vpc-1/);
  });

  it('plans even when the REST APIs cannot be listed, saying so', async () => {
    const denied = new RemediationCallError('access-denied', 'GetRestApis', 'AWS refused GetRestApis', null);
    const aws = healthyAws({ failures: { getRestApis: denied } });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /Could not list the REST APIs in us-east-1 \(AWS refused GetRestApis\)/,
    );
  });

  it('plans by listing HTTP and WebSocket APIs with their kind next to the public REST APIs', async () => {
    const aws = healthyAws({
      restApis: [{ id: 'rest000001', name: 'checkout', endpointTypes: ['REGIONAL'] }],
      v2Apis: [
        { id: 'abc123', name: 'orders-http', protocolType: 'HTTP', disableExecuteApiEndpoint: false },
        { id: 'ws0001', name: 'chat', protocolType: 'WEBSOCKET', disableExecuteApiEndpoint: false },
      ],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): checkout (REST API rest000001), ' +
        'orders-http (HTTP API abc123), chat (WebSocket API ws0001).',
    );
  });

  it('counts HTTP APIs in the first five and the "and N more" of the public APIs', async () => {
    const aws = healthyAws({
      restApis: Array.from({ length: 4 }, (_, i) => ({
        id: `rest00000${i}`,
        name: `rest-${i}`,
        endpointTypes: ['EDGE'],
      })),
      v2Apis: Array.from({ length: 3 }, (_, i) => ({
        id: `http0${i}`,
        name: `http-${i}`,
        protocolType: 'HTTP' as const,
        disableExecuteApiEndpoint: false,
      })),
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    const risk = plan.risks.map(riskText).find((line) => line.startsWith('This VPC will no longer reach'));
    expect(risk).toMatch(/rest-3 \(REST API rest000003\), http-0 \(HTTP API http00\) and 2 more\.$/);
  });

  it('leaves out APIs whose default execute-api endpoint is disabled, REST and v2 alike', async () => {
    const aws = healthyAws({
      restApis: [
        { id: 'rest000001', name: 'rest-off', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: true },
        { id: 'rest000002', name: 'rest-on', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: false },
      ],
      v2Apis: [
        { id: 'http01', name: 'http-off', protocolType: 'HTTP', disableExecuteApiEndpoint: true },
        { id: 'ws0001', name: 'ws-off', protocolType: 'WEBSOCKET', disableExecuteApiEndpoint: true },
      ],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): rest-on (REST API rest000002).',
    );
    expect(plan.risks.map(riskText).join('\n')).not.toMatch(/rest-off|http-off|ws-off/);
  });

  it('says no public API is affected when every API is private or has its default endpoint disabled', async () => {
    const aws = healthyAws({
      restApis: [{ id: 'priv000001', name: 'private-one', endpointTypes: ['PRIVATE'] }],
      v2Apis: [{ id: 'http01', name: 'http-off', protocolType: 'HTTP', disableExecuteApiEndpoint: true }],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'No public (REGIONAL/EDGE) REST API, HTTP API or WebSocket API of this account is in us-east-1 ' +
        'with its default endpoint on.',
    );
  });

  it('names the HTTP/WebSocket APIs as unlisted when GetApis fails, and still lists the REST APIs', async () => {
    const denied = new RemediationCallError('access-denied', 'GetApis', 'AWS refused GetApis', null);
    const aws = healthyAws({
      restApis: [{ id: 'rest000001', name: 'checkout', endpointTypes: ['REGIONAL'] }],
      failures: { getV2Apis: denied },
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /Could not list the HTTP\/WebSocket APIs in us-east-1 \(AWS refused GetApis\)/,
    );
    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): checkout (REST API rest000001).',
    );
  });

  it('limits the no-public-API line to REST APIs when GetApis fails and no REST API is public', async () => {
    const denied = new RemediationCallError('access-denied', 'GetApis', 'AWS refused GetApis', null);
    const aws = healthyAws({ failures: { getV2Apis: denied } });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'No public (REGIONAL/EDGE) REST API of this account is in us-east-1 with its default endpoint on.',
    );
    expect(plan.risks.map(riskText).join('\n')).toContain(
      'Could not list the HTTP/WebSocket APIs in us-east-1',
    );
  });
});

describe('redeploy-stage', () => {
  it('creates one deployment described with the user name and gives the roll-back command', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply('redeploy-stage', target, actor);

    expect(ports.log.calls).toEqual(['CreateDeployment a1b2c3d4e5 prod "apigw-diagnose redeploy by @dana"']);
    expect(result).toMatchObject({
      outcome: 'applied',
      requestId: 'req-deploy',
      undo:
        'aws apigateway update-stage --region us-east-1 --rest-api-id a1b2c3d4e5 --stage-name prod ' +
        '--patch-operations op=replace,path=/deploymentId,value=olddep',
    });
  });

  it('names the user by id when no user name is known', async () => {
    const ports = fakePorts(healthyAws());

    await createRemediatorWithPorts(ports).apply('redeploy-stage', target, { userId: 'U012ABCDEF' });

    expect(ports.log.calls[0]).toContain('"apigw-diagnose redeploy by @U012ABCDEF"');
  });

  it('refuses without a stage and never asks for write credentials', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply(
      'redeploy-stage',
      { ...target, stage: null },
      actor,
    );

    expect(result.outcome).toBe('precheck-failed');
    expect(ports.log.actors).toEqual([]);
  });

  it('passes a throttled CreateDeployment back as aws-error with its message', async () => {
    const throttled = new RemediationCallError(
      'throttled',
      'CreateDeployment',
      'try again in a few seconds',
      'r1',
    );
    const ports = fakePorts(healthyAws({ failures: { createDeployment: throttled } }));

    const result = await createRemediatorWithPorts(ports).apply('redeploy-stage', target, actor);

    expect(result).toMatchObject({
      outcome: 'aws-error',
      message: 'try again in a few seconds',
      requestId: 'r1',
    });
  });

  it('plans with the every-change-ships warning and the roll-back to the current deployment', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('redeploy-stage', target);

    expect(plan.change).toBe('Create a new deployment of API a1b2c3d4e5 and point stage prod at it.');
    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /since deployment olddep ships, not only the resource policy/,
    );
    expect(plan.risks.map(riskText).join('\n')).toContain('op=replace,path=/deploymentId,value=olddep');
  });
});
