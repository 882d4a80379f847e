// The AWS SDK v3 side of the remediator: reads on the default credential chain, writes with the actor's
// credentials (an assumed remediation role when one is configured). AWS_ENDPOINT_URL and the other standard
// SDK variables are honoured by the SDK itself.

import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetAccountCommand,
  GetRestApisCommand,
  GetStageCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import type { AccountInfo, StageInfo, VpcEndpointInfo } from '../diagnosis/facts.js';
import {
  type ChangeReceipt,
  RemediationCallError,
  type RemediationPorts,
  type RemediationReader,
  type RemediationWriter,
  type RestApiListing,
  type V2ApiSummary,
} from '../remediation/ports.js';
import { createRemediatorWithPorts } from '../remediation/remediator.js';
import type { Actor, Remediator } from '../remediation/types.js';
import { toRestApiSummary, toStageInfo } from './api-gateway-mappers.js';
import { toV2ApiSummary } from './api-gateway-v2-mappers.js';
import { type AssumedCredentialsProvider, assumeRoleCredentials } from './assume-role.js';
import { toVpcEndpointInfo, vpcAttributeValue } from './ec2-mappers.js';
import { type CallContext, REQUEST_TIMEOUT_MS, toRemediationError } from './remediation-errors.js';

/** GetApis page size: v2 documents no maximum, so a modest page that any limit it has will accept. */
const PAGE_SIZE_V2 = '100';

export interface RemediatorOptions {
  /** Role assumed for the changes; defaults to REMEDIATION_ROLE_ARN, none when both are empty. */
  roleArn?: string;
}

/** The Remediator the Slack adapter uses. `region` is used when a target carries none. */
export function createRemediator(region: string, options: RemediatorOptions = {}): Remediator {
  return createRemediatorWithPorts(createRemediationPorts(region, options));
}

export function createRemediationPorts(
  defaultRegion: string,
  options: RemediatorOptions = {},
): RemediationPorts {
  const roleArn = options.roleArn || process.env.REMEDIATION_ROLE_ARN || undefined;
  const readers = new Map<string, RemediationReader>();
  return {
    reader(region) {
      const key = region || defaultRegion;
      let reader = readers.get(key);
      if (!reader) {
        const config = clientConfig(key);
        reader = new SdkRemediationReader(
          new APIGatewayClient(config),
          new ApiGatewayV2Client(config),
          new EC2Client(config),
          key,
        );
        readers.set(key, reader);
      }
      return reader;
    },
    writer(region, actor: Actor) {
      const key = region || defaultRegion;
      const credentials = roleArn
        ? assumeRoleCredentials({ roleArn, actor, clientConfig: clientConfig(key) })
        : undefined;
      const config = clientConfig(key, credentials);
      return new SdkRemediationWriter(new APIGatewayClient(config), new EC2Client(config), key);
    },
  };
}

/** Same conventions as the diagnosis clients: bounded retries from the environment, a request timeout. */
export function clientConfig(region: string, credentials?: AssumedCredentialsProvider) {
  return {
    region,
    maxAttempts: maxAttemptsFromEnv(),
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 5_000 },
    ...(credentials ? { credentials } : {}),
  };
}

function maxAttemptsFromEnv(): number {
  const parsed = Number.parseInt(process.env.APIGW_DIAGNOSE_MAX_ATTEMPTS ?? '', 10);
  return Number.isInteger(parsed) && parsed >= 1 ? parsed : 3;
}

async function call<T>(context: CallContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toRemediationError(error, context);
  }
}

export class SdkRemediationReader implements RemediationReader {
  constructor(
    private readonly apiGateway: APIGatewayClient,
    private readonly apiGatewayV2: ApiGatewayV2Client,
    private readonly ec2: EC2Client,
    private readonly region: string,
  ) {}

  async getAccount(): Promise<AccountInfo> {
    const output = await call(this.context('GetAccount', 'apigateway:GET'), () =>
      this.apiGateway.send(new GetAccountCommand({})),
    );
    return { cloudwatchRoleArn: output.cloudwatchRoleArn || null };
  }

  async getStage(apiId: string, stageName: string): Promise<StageInfo> {
    const context = {
      ...this.context('GetStage', 'apigateway:GET'),
      notFound: `API ${apiId} has no stage ${stageName} in ${this.region} (or the API does not exist there).`,
    };
    const output = await call(context, () =>
      this.apiGateway.send(new GetStageCommand({ restApiId: apiId, stageName })),
    );
    return { ...toStageInfo(output), stageName: output.stageName ?? stageName };
  }

  async getRestApis(): Promise<RestApiListing[]> {
    const apis: RestApiListing[] = [];
    let position: string | undefined;
    do {
      const output = await call(this.context('GetRestApis', 'apigateway:GET'), () =>
        this.apiGateway.send(new GetRestApisCommand({ limit: 500, position })),
      );
      apis.push(
        ...(output.items ?? []).map((api) => ({
          ...toRestApiSummary(api),
          disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
        })),
      );
      position = output.position;
    } while (position);
    return apis;
  }

  async getV2Apis(): Promise<V2ApiSummary[]> {
    const apis: V2ApiSummary[] = [];
    let nextToken: string | undefined;
    do {
      const output = await call(this.context('GetApis', 'apigateway:GET'), () =>
        this.apiGatewayV2.send(new GetApisCommand({ MaxResults: PAGE_SIZE_V2, NextToken: nextToken })),
      );
      apis.push(...(output.Items ?? []).map(toV2ApiSummary));
      nextToken = output.NextToken;
    } while (nextToken);
    return apis;
  }

  async getVpcEndpoint(vpceId: string): Promise<VpcEndpointInfo | null> {
    try {
      const output = await call(this.context('DescribeVpcEndpoints', 'ec2:DescribeVpcEndpoints'), () =>
        this.ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpceId] })),
      );
      const endpoint = output.VpcEndpoints?.find((candidate) => candidate.VpcEndpointId === vpceId);
      return endpoint ? toVpcEndpointInfo(endpoint) : null;
    } catch (error) {
      if (error instanceof RemediationCallError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  async listVpcEndpoints(vpcId: string): Promise<VpcEndpointInfo[]> {
    const endpoints: VpcEndpointInfo[] = [];
    let nextToken: string | undefined;
    do {
      const output = await call(this.context('DescribeVpcEndpoints', 'ec2:DescribeVpcEndpoints'), () =>
        this.ec2.send(
          new DescribeVpcEndpointsCommand({
            Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
            NextToken: nextToken,
          }),
        ),
      );
      // Filtered again here: a fake or a future filter change must not let another VPC's endpoint conflict.
      endpoints.push(...(output.VpcEndpoints ?? []).filter((e) => e.VpcId === vpcId).map(toVpcEndpointInfo));
      nextToken = output.NextToken;
    } while (nextToken);
    return endpoints;
  }

  async describeVpcAttribute(
    vpcId: string,
    attribute: 'enableDnsSupport' | 'enableDnsHostnames',
  ): Promise<boolean> {
    const output = await call(
      {
        ...this.context('DescribeVpcAttribute', 'ec2:DescribeVpcAttribute'),
        notFound: `VPC ${vpcId} does not exist in ${this.region}.`,
      },
      () => this.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
    );
    return vpcAttributeValue(output, attribute);
  }

  private context(operation: string, action: string): CallContext {
    return { operation, action, region: this.region };
  }
}

export class SdkRemediationWriter implements RemediationWriter {
  constructor(
    private readonly apiGateway: APIGatewayClient,
    private readonly ec2: EC2Client,
    private readonly region: string,
  ) {}

  async enableExecutionLogging(apiId: string, stageName: string): Promise<ChangeReceipt> {
    const output = await call(this.context('UpdateStage', 'apigateway:PATCH'), () =>
      this.apiGateway.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName,
          // dataTrace (full bodies in the logs) is deliberately left alone: it can leak sensitive data.
          patchOperations: [
            { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
            { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
          ],
        }),
      ),
    );
    return { requestId: output.$metadata.requestId ?? null };
  }

  async enablePrivateDns(vpceId: string): Promise<ChangeReceipt> {
    const context = this.context('ModifyVpcEndpoint', 'ec2:ModifyVpcEndpoint');
    const output = await call(context, () =>
      this.ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: vpceId, PrivateDnsEnabled: true })),
    );
    const requestId = output.$metadata.requestId ?? null;
    if (output.Return === false) {
      throw new RemediationCallError(
        'other',
        context.operation,
        `EC2 answered ModifyVpcEndpoint for ${vpceId} with Return=false: private DNS was not turned on.`,
        requestId,
      );
    }
    return { requestId };
  }

  async createDeployment(
    apiId: string,
    stageName: string,
    description: string,
  ): Promise<ChangeReceipt & { deploymentId: string | null }> {
    const output = await call(this.context('CreateDeployment', 'apigateway:POST'), () =>
      this.apiGateway.send(new CreateDeploymentCommand({ restApiId: apiId, stageName, description })),
    );
    return { requestId: output.$metadata.requestId ?? null, deploymentId: output.id ?? null };
  }

  private context(operation: string, action: string): CallContext {
    return { operation, action, region: this.region };
  }
}
