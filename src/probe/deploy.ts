// `probe deploy`: create or update the probe function for one VPC, idempotently. The AWS calls sit behind
// ProbeDeployGateway (src/aws/probe-deploy-gateway.ts); this module decides what to call.

import { PROBE_HANDLER, PROBE_RUNTIME, type ProbeBundle } from './bundle.js';

export const PROBE_MEMORY_MB = 128;
/** Above the engine's probe budget, short enough that a stuck probe costs little. */
export const PROBE_TIMEOUT_S = 15;

export class ProbeDeployError extends Error {
  override readonly name = 'ProbeDeployError';
  /** The SDK found no credentials: the command exits 3 like a diagnosis that cannot reach AWS. */
  readonly noCredentials: boolean;
  constructor(message: string, options: { cause?: unknown; noCredentials?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.noCredentials = options.noCredentials ?? false;
  }
}

export interface ProbeFunctionSpec {
  functionName: string;
  roleArn: string;
  subnetIds: string[];
  securityGroupIds: string[];
  runtime: string;
  handler: string;
  memoryMb: number;
  timeoutS: number;
  description: string;
  tags: Record<string, string>;
  zip: Uint8Array;
}

export interface DeployedFunction {
  functionName: string;
  functionArn: string;
  codeSha256: string | null;
  runtime: string | null;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface ProbeDeployGateway {
  /** The function, or null when it does not exist. */
  getFunction(functionName: string): Promise<DeployedFunction | null>;
  createFunction(spec: ProbeFunctionSpec): Promise<DeployedFunction>;
  /** Updates the configuration, and the code too when `updateCode` is true; waits until both settled. */
  updateFunction(spec: ProbeFunctionSpec, updateCode: boolean): Promise<DeployedFunction>;
}

export interface ProbeDeployRequest {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  roleArn: string;
}

export interface ProbeDeployResult {
  action: 'created' | 'updated';
  codeChanged: boolean;
  /** The runtime the function had before an update when it was another one (e.g. the deprecated Node.js 20 one). */
  previousRuntime: string | null;
  fn: DeployedFunction;
}

export function probeFunctionSpec(request: ProbeDeployRequest, bundle: ProbeBundle): ProbeFunctionSpec {
  return {
    functionName: `apigw-diagnose-probe-${request.vpcId}`,
    roleArn: request.roleArn,
    subnetIds: request.subnetIds,
    securityGroupIds: request.securityGroupIds,
    runtime: PROBE_RUNTIME,
    handler: PROBE_HANDLER,
    memoryMb: PROBE_MEMORY_MB,
    timeoutS: PROBE_TIMEOUT_S,
    description: `apigw-diagnose in-VPC probe for ${request.vpcId} (DNS, TCP 443, HTTPS checks; no AWS permissions)`,
    tags: { 'apigw-diagnose': 'probe', 'apigw-diagnose:vpc-id': request.vpcId },
    zip: bundle.zip,
  };
}

export async function deployProbe(
  gateway: ProbeDeployGateway,
  request: ProbeDeployRequest,
  bundle: ProbeBundle,
): Promise<ProbeDeployResult> {
  const spec = probeFunctionSpec(request, bundle);
  const existing = await gateway.getFunction(spec.functionName);
  if (existing === null) {
    return {
      action: 'created',
      codeChanged: true,
      previousRuntime: null,
      fn: await gateway.createFunction(spec),
    };
  }
  const codeChanged = existing.codeSha256 !== bundle.sha256;
  // The configuration update carries the runtime, and it runs before the code update: Lambda refuses code
  // updates of functions on a runtime past its block-update date, but lets their runtime change.
  return {
    action: 'updated',
    codeChanged,
    previousRuntime: existing.runtime !== null && existing.runtime !== spec.runtime ? existing.runtime : null,
    fn: await gateway.updateFunction(spec, codeChanged),
  };
}
