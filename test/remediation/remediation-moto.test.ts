// Integration: the real SDK clients behind createRemediator against a local moto_server.
// moto_server missing on PATH fails the suite (startMoto rejects with how to install it); it never skips.

import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetDeploymentsCommand,
  GetResourcesCommand,
  GetStageCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateAccountCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemediator } from '../../src/aws/remediation-gateway.js';
import { riskText } from '../../src/remediation/risks.js';
import type { FixTarget } from '../../src/remediation/types.js';
import { type MotoServer, startMoto } from '../support/moto.js';

const region = 'us-east-1';
let moto: MotoServer;
let apiGateway: APIGatewayClient;
let apiGatewayV2: ApiGatewayV2Client;

beforeAll(async () => {
  moto = await startMoto();
  process.env.AWS_ENDPOINT_URL = moto.url;
  apiGateway = new APIGatewayClient({ region, maxAttempts: 1 });
  apiGatewayV2 = new ApiGatewayV2Client({ region, maxAttempts: 1 });
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL;
  apiGateway?.destroy();
  apiGatewayV2?.destroy();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
});

/** A private-looking API with one MOCK method, deployed to stage `prod` (moto refuses deployments without one). */
async function deployedApi(): Promise<{ apiId: string; deploymentId: string }> {
  const api = await apiGateway.send(new CreateRestApiCommand({ name: 'orders' }));
  const apiId = api.id ?? '';
  const resources = await apiGateway.send(new GetResourcesCommand({ restApiId: apiId }));
  const rootId = resources.items?.find((resource) => resource.path === '/')?.id ?? '';
  await apiGateway.send(
    new PutMethodCommand({
      restApiId: apiId,
      resourceId: rootId,
      httpMethod: 'GET',
      authorizationType: 'NONE',
    }),
  );
  await apiGateway.send(
    new PutIntegrationCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }),
  );
  const deployment = await apiGateway.send(
    new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }),
  );
  return { apiId, deploymentId: deployment.id ?? '' };
}

function targetFor(apiId: string): FixTarget {
  return { apiId, region, stage: 'prod', vpceId: null };
}

describe('createRemediator against moto_server', () => {
  it('enable-logging makes the stage log at INFO with metrics on when the account has a CloudWatch role', async () => {
    // Prepare
    const { apiId } = await deployedApi();
    await apiGateway.send(
      new UpdateAccountCommand({
        patchOperations: [
          { op: 'replace', path: '/cloudwatchRoleArn', value: 'arn:aws:iam::123456789012:role/apigw-logs' },
        ],
      }),
    );
    // Act
    const result = await createRemediator(region, { aws: { maxAttempts: 1 } }).apply(
      'enable-logging',
      targetFor(apiId),
      { userId: 'U1' },
    );
    // Assess
    expect(result).toMatchObject({ outcome: 'applied', fix: 'enable-logging' });
    const stage = await apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']).toMatchObject({ loggingLevel: 'INFO', metricsEnabled: true });
  });

  it('enable-logging is refused and changes nothing when the account has no CloudWatch role', async () => {
    const { apiId } = await deployedApi();

    const result = await createRemediator(region, { aws: { maxAttempts: 1 } }).apply(
      'enable-logging',
      targetFor(apiId),
      { userId: 'U1' },
    );

    expect(result.outcome).toBe('precheck-failed');
    const stage = await apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage.methodSettings?.['*/*']?.loggingLevel).toBeUndefined();
  });

  it('redeploy-stage creates exactly one deployment whose description names the user', async () => {
    const { apiId, deploymentId: previous } = await deployedApi();

    const result = await createRemediator(region, { aws: { maxAttempts: 1 } }).apply(
      'redeploy-stage',
      targetFor(apiId),
      {
        userId: 'U012ABCDEF',
        userName: 'dana',
      },
    );

    const deployments = (await apiGateway.send(new GetDeploymentsCommand({ restApiId: apiId }))).items ?? [];
    const created = deployments.filter((deployment) => deployment.id !== previous);
    expect(created).toHaveLength(1);
    expect(created[0]?.description).toBe('apigw-diagnose redeploy by @dana');
    expect(result).toMatchObject({ outcome: 'applied', undo: expect.stringContaining(`value=${previous}`) });
    const stage = await apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName: 'prod' }));
    expect(stage.deploymentId).toBe(created[0]?.id);
  });

  it('redeploy-stage is refused naming the stage when the stage does not exist', async () => {
    const { apiId } = await deployedApi();

    const result = await createRemediator(region, { aws: { maxAttempts: 1 } }).apply(
      'redeploy-stage',
      { ...targetFor(apiId), stage: 'staging' },
      { userId: 'U1' },
    );

    expect(result).toMatchObject({
      outcome: 'precheck-failed',
      reason: expect.stringContaining('no stage staging'),
    });
  });

  it('enable-private-dns plans by naming the public REST, HTTP and WebSocket APIs the VPC stops reaching', async () => {
    // Prepare
    const rest = await apiGateway.send(
      new CreateRestApiCommand({ name: 'checkout', endpointConfiguration: { types: ['REGIONAL'] } }),
    );
    await apiGateway.send(
      new CreateRestApiCommand({ name: 'internal', endpointConfiguration: { types: ['PRIVATE'] } }),
    );
    const http = await apiGatewayV2.send(new CreateApiCommand({ Name: 'orders-http', ProtocolType: 'HTTP' }));
    const ws = await apiGatewayV2.send(
      new CreateApiCommand({
        Name: 'chat',
        ProtocolType: 'WEBSOCKET',
        RouteSelectionExpression: '$request.body.action',
      }),
    );
    await apiGatewayV2.send(
      new CreateApiCommand({
        Name: 'custom-domain-only',
        ProtocolType: 'HTTP',
        DisableExecuteApiEndpoint: true,
      }),
    );

    // Act
    const plan = await createRemediator(region, { aws: { maxAttempts: 1 } }).plan(
      'enable-private-dns',
      targetFor('a1b2c3d4e5'),
    );

    // Assess
    const listed = plan.risks.map(riskText).find((line) => line.startsWith('This VPC will no longer reach'));
    expect(listed).toContain(`checkout (REST API ${rest.id})`);
    expect(listed).toContain(`orders-http (HTTP API ${http.ApiId})`);
    expect(listed).toContain(`chat (WebSocket API ${ws.ApiId})`);
    expect(listed).not.toMatch(/internal|custom-domain-only/);
  });
});
