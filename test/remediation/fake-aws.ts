// An in-memory AWS behind the remediation ports, shared by the fix tests: each fix's logic is tested without any
// HTTP mock (the wire shapes are in test/aws/remediation-gateway.test.ts).

import type { StageInfo, VpcEndpointInfo } from '../../src/diagnosis/facts.js';
import {
  RemediationCallError,
  type RemediationPorts,
  type RemediationReader,
  type RemediationWriter,
  type RestApiListing,
  type V2ApiSummary,
} from '../../src/remediation/ports.js';
import type { Actor, FixTarget } from '../../src/remediation/types.js';
import { endpoint as diagnosedEndpoint, stage as diagnosedStage } from '../diagnosis/checks/facts-builder.js';

export interface FakeAws {
  cloudwatchRoleArn: string | null;
  stages: Record<string, StageInfo>;
  endpoints: VpcEndpointInfo[];
  vpcAttributes: Record<string, { enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
  restApis: RestApiListing[];
  v2Apis: V2ApiSummary[];
  failures: Partial<Record<keyof RemediationReader | keyof RemediationWriter, RemediationCallError>>;
  /** The API's tags (GetRestApi); none when absent. */
  apiTags?: Record<string, string>;
  /** The API's saved resource policy as GetRestApi returns it; UpdateRestApi replaces it. */
  policy?: string | null;
  /** What AWS does to a policy it saves (it expands `execute-api:/*`, and returns it escaped); default: keep. */
  storePolicy?: (sent: string) => string;
}

export interface WriteLog {
  calls: string[];
  actors: Actor[];
}

export function fakePorts(aws: FakeAws): RemediationPorts & { log: WriteLog } {
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
    async getRestApiTags() {
      fail('getRestApiTags');
      return aws.apiTags ?? {};
    },
    async getRestApiPolicy() {
      fail('getRestApiPolicy');
      return { policy: aws.policy ?? null, tags: aws.apiTags ?? {} };
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
        async putRestApiPolicy(apiId, policy) {
          fail('putRestApiPolicy');
          log.calls.push(`UpdateRestApi ${apiId} /policy`);
          aws.policy = aws.storePolicy ? aws.storePolicy(policy) : policy;
          return { requestId: 'req-policy' };
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

/** The tags CloudFormation puts on a resource of stack orders-api (here, its prod stage). */
export const STACK_TAGS = {
  'aws:cloudformation:stack-name': 'orders-api',
  'aws:cloudformation:logical-id': 'OrdersApiDeploymentStageprod',
};

/** The diagnosis tests' stage with logging OFF, serving deployment olddep: what the stage fixes change. */
export function stage(overrides: Partial<StageInfo> = {}): StageInfo {
  return diagnosedStage({ deploymentId: 'olddep', loggingLevel: 'OFF', ...overrides });
}

/** The diagnosis tests' endpoint with private DNS off, in account 123456789012: what Enable private DNS changes. */
export function endpoint(overrides: Partial<VpcEndpointInfo> = {}): VpcEndpointInfo {
  return diagnosedEndpoint({
    privateDnsEnabled: false,
    ownerId: '123456789012',
    subnetIds: ['subnet-1'],
    securityGroupIds: ['sg-1'],
    ...overrides,
  });
}

export function healthyAws(overrides: Partial<FakeAws> = {}): FakeAws {
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

export const target: FixTarget = {
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  vpceId: 'vpce-0aaa',
};
export const actor: Actor = { userId: 'U012ABCDEF', userName: 'dana' };
