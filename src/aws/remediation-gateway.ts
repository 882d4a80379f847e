// The AWS SDK v3 side of the remediator. Its reads are the diagnosis readers' own (one implementation of
// GetStage, GetAccount, DescribeVpcEndpoints, …), on the default credential chain; its writes run with the
// actor's credentials (an assumed remediation role when one is configured). Every client comes from the one
// factory (clients.ts) and every failure goes through the one classification (errors.ts), worded for the
// person who clicked by remediation-errors.ts.

import {
  APIGatewayClient,
  CreateDeploymentCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { EC2Client, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import type { CallCounter } from '../diagnosis/call-counter.js';
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
import { SdkApiGatewayReader } from './api-gateway-reader.js';
import { SdkApiGatewayV2Reader } from './api-gateway-v2-reader.js';
import { assumeRoleCredentials, roleSessionName } from './assume-role.js';
import {
  type AwsClientSettings,
  type AwsCredentialsProvider,
  type ClientUse,
  DEFAULT_MAX_ATTEMPTS,
  makeClient,
  TIMEOUTS,
} from './clients.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { type CallContext, toRemediationError } from './remediation-errors.js';

export interface RemediatorOptions {
  /** Role assumed for the changes (REMEDIATION_ROLE_ARN, read in config.ts); none: the bot's own credentials. */
  roleArn?: string | null;
  /** Retries, endpoint and pacer shared with the diagnosis; default: 3 attempts, no pacing. */
  aws?: AwsClientSettings;
  /** Counts the reads (the fix plans of one report, added to its `stats.awsCalls`); writes are not counted. */
  counter?: CallCounter;
  /** Other accounts' credentials (their read and remediation roles), when the tool reads several accounts. */
  accounts?: RemediationAccounts;
}

/** Credentials for a fix in a given account: read with its read role, change with its remediation role. */
export interface RemediationAccounts {
  readCredentials(accountId: string): AwsCredentialsProvider;
  writeCredentials(accountId: string, actor: Actor): AwsCredentialsProvider;
  /** The role session a change in this account runs in; null on the bot's own credentials. */
  writeSession(accountId: string, actor: Actor): Promise<string | null>;
}

/** The Remediator the Slack adapter uses. `region` is used when a target carries none. */
export function createRemediator(region: string, options: RemediatorOptions = {}): Remediator {
  return createRemediatorWithPorts(createRemediationPorts(region, options));
}

export function createRemediationPorts(
  defaultRegion: string,
  options: RemediatorOptions = {},
): RemediationPorts {
  const settings = options.aws ?? { maxAttempts: DEFAULT_MAX_ATTEMPTS };
  const roleArn = options.roleArn || null;
  const readers = new Map<string, RemediationReader>();
  const { accounts } = options;
  const use = (region: string, extra: Partial<ClientUse> = {}): ClientUse => ({
    region,
    timeouts: TIMEOUTS.remediation,
    ...extra,
  });
  return {
    reader(region, accountId) {
      const regionKey = region || defaultRegion;
      const inAccount = accounts && accountId ? accountId : null;
      const key = `${regionKey}|${inAccount ?? ''}`;
      let reader = readers.get(key);
      if (!reader) {
        const reads = use(regionKey, {
          ...(options.counter ? { counter: options.counter } : {}),
          // Another account's calls take from that account's budget, as the diagnosis's do.
          ...(inAccount && accounts
            ? { credentials: accounts.readCredentials(inAccount), paceKey: `${inAccount}/${regionKey}` }
            : {}),
        });
        const v2 = new SdkApiGatewayV2Reader(makeClient(ApiGatewayV2Client, 'apigateway', settings, reads));
        reader = new SdkRemediationReader(
          new SdkApiGatewayReader(makeClient(APIGatewayClient, 'apigateway', settings, reads), v2),
          v2,
          new SdkEc2Reader(makeClient(EC2Client, 'ec2', settings, reads)),
          regionKey,
        );
        readers.set(key, reader);
      }
      return reader;
    },
    async writeSession(actor, accountId) {
      if (accounts && accountId) return accounts.writeSession(accountId, actor);
      return roleArn ? roleSessionName(actor) : null;
    },
    writer(region, actor: Actor, accountId) {
      const key = region || defaultRegion;
      const credentials =
        accounts && accountId
          ? accounts.writeCredentials(accountId, actor)
          : roleArn
            ? assumeRoleCredentials({ roleArn, actor, settings, region: key })
            : undefined;
      const writes = use(key, {
        ...(credentials ? { credentials } : {}),
        ...(accounts && accountId ? { paceKey: `${accountId}/${key}` } : {}),
      });
      return new SdkRemediationWriter(
        makeClient(APIGatewayClient, 'apigateway', settings, writes),
        makeClient(EC2Client, 'ec2', settings, writes),
        key,
      );
    },
  };
}

async function call<T>(context: CallContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toRemediationError(error, context);
  }
}

/** The fixes' reads: the diagnosis readers, their failures reworded for the person who clicked. */
export class SdkRemediationReader implements RemediationReader {
  constructor(
    private readonly apiGateway: SdkApiGatewayReader,
    private readonly apiGatewayV2: SdkApiGatewayV2Reader,
    private readonly ec2: SdkEc2Reader,
    private readonly region: string,
  ) {}

  getAccount(): Promise<AccountInfo> {
    return call(this.context('GetAccount', 'apigateway:GET'), () => this.apiGateway.getAccount());
  }

  getStage(apiId: string, stageName: string): Promise<StageInfo> {
    const context = {
      ...this.context('GetStage', 'apigateway:GET'),
      notFound: `API ${apiId} has no stage ${stageName} in ${this.region} (or the API does not exist there).`,
    };
    return call(context, () => this.apiGateway.getStage(apiId, stageName));
  }

  async getRestApiTags(apiId: string): Promise<Record<string, string>> {
    return (await this.getRestApiPolicy(apiId)).tags;
  }

  async getRestApiPolicy(apiId: string): Promise<{ policy: string | null; tags: Record<string, string> }> {
    const context = {
      ...this.context('GetRestApi', 'apigateway:GET'),
      notFound: `API ${apiId} does not exist in ${this.region}.`,
    };
    const api = await call(context, () => this.apiGateway.getRestApi(apiId));
    return { policy: api.policy, tags: api.tags ?? {} };
  }

  getRestApis(): Promise<RestApiListing[]> {
    return call(this.context('GetRestApis', 'apigateway:GET'), () => this.apiGateway.getRestApis());
  }

  getV2Apis(): Promise<V2ApiSummary[]> {
    return call(this.context('GetApis', 'apigateway:GET'), () => this.apiGatewayV2.getApis());
  }

  getVpcEndpoint(vpceId: string): Promise<VpcEndpointInfo | null> {
    return call(this.context('DescribeVpcEndpoints', 'ec2:DescribeVpcEndpoints'), () =>
      this.ec2.describeVpcEndpoint(vpceId),
    );
  }

  listVpcEndpoints(vpcId: string): Promise<VpcEndpointInfo[]> {
    return call(this.context('DescribeVpcEndpoints', 'ec2:DescribeVpcEndpoints'), () =>
      this.ec2.describeVpcEndpointsOfVpc(vpcId),
    );
  }

  describeVpcAttribute(
    vpcId: string,
    attribute: 'enableDnsSupport' | 'enableDnsHostnames',
  ): Promise<boolean> {
    const context = {
      ...this.context('DescribeVpcAttribute', 'ec2:DescribeVpcAttribute'),
      notFound: `VPC ${vpcId} does not exist in ${this.region}.`,
    };
    return call(context, () => this.ec2.describeVpcAttribute(vpcId, attribute));
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

  async putRestApiPolicy(apiId: string, policy: string): Promise<ChangeReceipt> {
    const output = await call(this.context('UpdateRestApi', 'apigateway:PATCH'), () =>
      this.apiGateway.send(
        new UpdateRestApiCommand({
          restApiId: apiId,
          patchOperations: [{ op: 'replace', path: '/policy', value: policy }],
        }),
      ),
    );
    return { requestId: output.$metadata.requestId ?? null };
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
