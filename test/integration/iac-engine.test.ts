// Who manages the stage and the endpoint, through the real SDK clients against moto_server: the tags the engine
// already reads (GetStages, DescribeVpcEndpoints) give the report's target.managedBy, and the findings whose fix
// button acts on them carry the drift and the template change.

import { TagResourceCommand } from '@aws-sdk/client-api-gateway';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSeedClients, REGION, seedScenario } from '../../scripts/seed-scenarios.mjs';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { createEngine } from '../../src/engine.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();

describe('infrastructure as code in the report (moto)', () => {
  it('names the stack of a tagged stage and the Terraform guess of a tagged endpoint, with their template changes', async () => {
    // Prepare: logging off on the stage; the stage in a stack, the endpoint tagged by a Terraform convention.
    const seeded = await seedScenario('execution-logging-disabled', moto().url);
    const { vpceId } = seeded;
    if (!vpceId) throw new Error('the scenario seeds an endpoint');
    const clients = createSeedClients(moto().url);
    await clients.apiGateway.send(
      new TagResourceCommand({
        resourceArn: `arn:aws:apigateway:${REGION}::/restapis/${seeded.apiId}/stages/${seeded.stage}`,
        tags: { 'aws:cloudformation:stack-name': 'orders-api', 'aws:cloudformation:logical-id': 'ProdStage' },
      }),
    );
    await clients.ec2.send(
      new CreateTagsCommand({ Resources: [vpceId], Tags: [{ Key: 'ManagedBy', Value: 'terraform' }] }),
    );
    for (const client of Object.values(clients)) client.destroy();
    const request: DiagnosisRequest = {
      apiId: seeded.apiId,
      region: REGION,
      stage: seeded.stage,
      urlForm: 'none',
      url: null,
      vpcId: seeded.vpcId,
      vpceId: null,
      customDomain: null,
      callerSecurityGroupIds: [],
      sinceMs: 15 * 60_000,
      probe: false,
    };

    // Act
    const engine = createEngine({ aws: { endpoint: moto().url, maxAttempts: 1 }, defaultRegion: REGION });
    const report = await engine(request);

    // Assess
    expect(report.target.managedBy).toEqual({
      stage: { tool: 'cloudformation', stackName: 'orders-api', logicalId: 'ProdStage', stackId: null },
      endpoints: { [vpceId]: { tool: 'terraform', evidence: 'ManagedBy=terraform', module: null } },
    });
    const logging = report.findings.find((f) => f.code === 'EXECUTION_LOGGING_DISABLED');
    expect(logging?.fix).toContain(
      `Stage ${seeded.stage} is managed by CloudFormation stack orders-api (logical id ProdStage): this change drifts`,
    );
    expect(logging?.fix).toContain('LoggingLevel: INFO, MetricsEnabled: true');
  });
});
