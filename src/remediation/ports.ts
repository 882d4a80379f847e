// What the remediator needs from AWS, as two small interfaces. Reads run on the default credential chain (like
// the diagnosis); writes run with the actor's credentials (the remediation role, when one is configured), so
// the writer is created per click. src/aws/remediation-gateway.ts implements both with the SDK v3 clients.
// Every method throws RemediationCallError on failure; its message is already in plain words.

import type {
  AccountInfo,
  AwsFailureKind,
  RestApiSummary,
  StageInfo,
  VpcEndpointInfo,
} from '../diagnosis/facts.js';
import type { Actor } from './types.js';

export class RemediationCallError extends Error {
  override readonly name = 'RemediationCallError';
  constructor(
    readonly kind: AwsFailureKind,
    /** The API operation, e.g. `UpdateStage`. */
    readonly operation: string,
    /** Plain words, fit to show a user: what failed, why, what to do. */
    message: string,
    /** The AWS request id of the failed call, when AWS answered. */
    readonly requestId: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A REST API as the private-DNS plan sees it. */
export interface RestApiListing extends RestApiSummary {
  /** True when its default `{id}.execute-api…` hostname is turned off (nothing to shadow); absent means on. */
  disableExecuteApiEndpoint?: boolean;
}

/** An HTTP or WebSocket API (API Gateway v2): public only, reached on `{id}.execute-api.{region}.amazonaws.com`. */
export interface V2ApiSummary {
  id: string;
  name: string;
  protocolType: 'HTTP' | 'WEBSOCKET';
  /** True when its default hostname is turned off (nothing to shadow). */
  disableExecuteApiEndpoint: boolean;
}

export interface RemediationReader {
  getAccount(): Promise<AccountInfo>;
  /** Throws RemediationCallError kind `not-found` when the API or the stage does not exist. */
  getStage(apiId: string, stageName: string): Promise<StageInfo>;
  /** The API's tags (GetRestApi): who manages a stage that carries no tags of its own. */
  getRestApiTags(apiId: string): Promise<Record<string, string>>;
  /** The API's saved resource policy as GetRestApi returns it (null when none), with its tags. */
  getRestApiPolicy(apiId: string): Promise<{ policy: string | null; tags: Record<string, string> }>;
  /** All REST APIs in the region (paginated inside). */
  getRestApis(): Promise<RestApiListing[]>;
  /** All HTTP and WebSocket APIs in the region (GetApis, paginated inside). */
  getV2Apis(): Promise<V2ApiSummary[]>;
  /** One endpoint by id (no filter: moto answers the vpc-endpoint-id filter with a 500); null when missing. */
  getVpcEndpoint(vpceId: string): Promise<VpcEndpointInfo | null>;
  /** Every VPC endpoint of one VPC (paginated inside). */
  listVpcEndpoints(vpcId: string): Promise<VpcEndpointInfo[]>;
  describeVpcAttribute(vpcId: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): Promise<boolean>;
}

/** The AWS request id of a change, for the audit line. */
export interface ChangeReceipt {
  requestId: string | null;
}

export interface RemediationWriter {
  /** UpdateStage: `*\/*` logging level INFO and metrics on; dataTrace is left as it is. */
  enableExecutionLogging(apiId: string, stageName: string): Promise<ChangeReceipt>;
  /** ModifyVpcEndpoint PrivateDnsEnabled=true. */
  enablePrivateDns(vpceId: string): Promise<ChangeReceipt>;
  /** UpdateRestApi replacing the saved resource policy with this JSON text (live only after a deployment). */
  putRestApiPolicy(apiId: string, policy: string): Promise<ChangeReceipt>;
  /** CreateDeployment that the stage then serves. */
  createDeployment(
    apiId: string,
    stageName: string,
    description: string,
  ): Promise<ChangeReceipt & { deploymentId: string | null }>;
}

/** The AWS side of the remediator, for one region. */
export interface RemediationPorts {
  reader(region: string, accountId?: string | null): RemediationReader;
  /** A writer acting for this actor (its credentials may be an assumed role named after the actor). */
  writer(region: string, actor: Actor, accountId?: string | null): RemediationWriter;
  /**
   * The role session the writer's changes run in (what CloudTrail names them by), or null when they run on the
   * bot's own credentials. Absent: the actor's remediation session.
   */
  writeSession?(actor: Actor, accountId?: string | null): Promise<string | null>;
}
