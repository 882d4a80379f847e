// The tags who-manages-what is read from, on the wire as AWS returns them: API Gateway answers a `tags` map on
// GetRestApi, GetStage and each GetStages item; EC2 answers a tagSet of key/value items on DescribeVpcEndpoints.
// No extra call: the reads the diagnosis and the fixes already make carry them.

import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { EC2Client } from '@aws-sdk/client-ec2';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkApiGatewayReader } from '../../src/aws/api-gateway-reader.js';
import { SdkApiGatewayV2Reader } from '../../src/aws/api-gateway-v2-reader.js';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';
import { ownershipFromTags } from '../../src/diagnosis/model/ownership.js';

const APIGW_URL = 'https://apigateway.us-east-1.amazonaws.com';
const EC2_URL = 'https://ec2.us-east-1.amazonaws.com';
const JSON_HEADERS = { 'content-type': 'application/json' };
const STACK_ID =
  'arn:aws:cloudformation:us-east-1:123456789012:stack/orders-api/1a2b3c4d-0000-1111-2222-333344445555';

function apiGateway(): SdkApiGatewayReader {
  return new SdkApiGatewayReader(
    new APIGatewayClient({ region: 'us-east-1', maxAttempts: 1 }),
    new SdkApiGatewayV2Reader(new ApiGatewayV2Client({ region: 'us-east-1', maxAttempts: 1 })),
  );
}

const stackTags = (logicalId: string) => ({
  'aws:cloudformation:stack-name': 'orders-api',
  'aws:cloudformation:logical-id': logicalId,
  'aws:cloudformation:stack-id': STACK_ID,
  team: 'payments',
});

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('tags in the reads', () => {
  it('keeps the tags map of GetRestApi, and the stack it names', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5')
      .reply(
        200,
        {
          id: 'a1b2c3d4e5',
          name: 'orders',
          endpointConfiguration: { types: ['PRIVATE'] },
          tags: stackTags('OrdersApi'),
        },
        JSON_HEADERS,
      );

    // Act
    const api = await apiGateway().getRestApi('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(api.tags).toEqual(stackTags('OrdersApi'));
    expect(ownershipFromTags(api.tags)).toEqual({
      tool: 'cloudformation',
      stackName: 'orders-api',
      logicalId: 'OrdersApi',
      stackId: STACK_ID,
    });
  });

  it('keeps the tags of GetStage and of each GetStages item; an untagged stage has no tags field', async () => {
    // Prepare
    const scope = nock(APIGW_URL)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', deploymentId: 'd1', tags: stackTags('OrdersApiStage') }, JSON_HEADERS)
      .get('/restapis/a1b2c3d4e5/stages')
      .reply(
        200,
        {
          item: [
            {
              stageName: 'prod',
              deploymentId: 'd1',
              tags: { ManagedBy: 'Terraform', 'tf:module': 'orders' },
            },
            { stageName: 'dev', deploymentId: 'd2' },
          ],
        },
        JSON_HEADERS,
      );

    // Act
    const stage = await apiGateway().getStage('a1b2c3d4e5', 'prod');
    const stages = await apiGateway().getStages('a1b2c3d4e5');

    // Assess
    scope.done();
    expect(stage.tags).toEqual(stackTags('OrdersApiStage'));
    expect(stages[0]?.tags).toEqual({ ManagedBy: 'Terraform', 'tf:module': 'orders' });
    expect(stages[1]).not.toHaveProperty('tags');
    expect(ownershipFromTags(stages[0]?.tags)).toEqual({
      tool: 'terraform',
      evidence: 'ManagedBy=Terraform',
      module: 'orders',
    });
  });

  it('turns the tagSet of DescribeVpcEndpoints into a map', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', (body: Record<string, string>) => body.Action === 'DescribeVpcEndpoints')
      .reply(
        200,
        `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId>
<vpcEndpointSet><item>
  <vpcEndpointId>vpce-0a1b2c3d4e5f67890</vpcEndpointId><vpcId>vpc-1</vpcId>
  <serviceName>com.amazonaws.us-east-1.execute-api</serviceName><state>available</state>
  <tagSet>
    <item><key>aws:cloudformation:stack-name</key><value>network</value></item>
    <item><key>aws:cloudformation:logical-id</key><value>ExecuteApiEndpoint</value></item>
    <item><key>Name</key><value>execute-api</value></item>
  </tagSet>
</item><item>
  <vpcEndpointId>vpce-untagged</vpcEndpointId><vpcId>vpc-1</vpcId><state>available</state>
</item></vpcEndpointSet></DescribeVpcEndpointsResponse>`,
        { 'content-type': 'text/xml;charset=UTF-8' },
      );

    // Act
    const endpoints = await new SdkEc2Reader(
      new EC2Client({ region: 'us-east-1', maxAttempts: 1 }),
    ).describeVpcEndpoints();

    // Assess
    scope.done();
    expect(endpoints[0]?.tags).toEqual({
      'aws:cloudformation:stack-name': 'network',
      'aws:cloudformation:logical-id': 'ExecuteApiEndpoint',
      Name: 'execute-api',
    });
    expect(endpoints[1]).not.toHaveProperty('tags');
    expect(ownershipFromTags(endpoints[0]?.tags)).toMatchObject({
      stackName: 'network',
      logicalId: 'ExecuteApiEndpoint',
    });
  });
});
