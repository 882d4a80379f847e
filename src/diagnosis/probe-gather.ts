// Runs the in-VPC probe for the caller's VPC beside the control-plane reads: find the function, then invoke it
// while the endpoints' network-interface addresses are read (the probe check classifies DNS answers with them).

import {
  AwsCallError,
  type Fetched,
  type NetworkInterfaceInfo,
  type ProbeFact,
  type VpcEndpointInfo,
} from './facts.js';
import type { AwsPorts } from './ports.js';
import { buildProbeInput } from './probe-plan.js';
import type { DiagnosisRequest } from './types.js';

export interface ProbeContext {
  region: string;
  /**
   * The candidate caller VPCs, most likely first, with their in-region execute-api interface endpoints: the probe
   * runs in the first one that has a probe deployed.
   */
  candidates: { vpcId: string; endpoints: VpcEndpointInfo[] }[];
  /**
   * Reads the caller endpoints' network interfaces (once, shared with the security-group check): called only when
   * a probe function was found, so no read is made whose answer nobody uses.
   */
  endpointInterfaces: () => Promise<Fetched<NetworkInterfaceInfo[]> | null>;
  /** The stage under diagnosis; GetStages runs beside the endpoint reads, so this rarely waits. */
  stageName: Promise<string | null>;
  timeoutMs: number;
}

/** The probe must answer before the invocation times out, so that a slow probe still returns its partial results. */
const BUDGET_MARGIN_MS = 3_000;
/** The deployed function is killed after 15 s (src/probe/deploy.ts, infra/probe-template.yaml): stay well inside. */
const MAX_BUDGET_MS = 12_000;

export async function gatherProbe(
  request: DiagnosisRequest,
  ports: AwsPorts,
  context: ProbeContext,
): Promise<ProbeFact> {
  if (!request.probe) return { state: 'disabled' };
  const first = context.candidates[0];
  if (!first) return { state: 'not-configured', vpcId: null };

  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let functionName: string | null = null;
  let vpcId = first.vpcId;
  try {
    const found = await firstDeployed(ports, context.candidates);
    if (!found) return { state: 'not-configured', vpcId };
    vpcId = found.candidate.vpcId;
    functionName = found.functionName;
    const name = functionName;
    const callerEndpoints = found.candidate.endpoints;
    const input = buildProbeInput({
      apiId: request.apiId,
      region: context.region,
      stage: await context.stageName,
      url: request.url,
      urlForm: request.urlForm,
      endpoints: callerEndpoints,
      budgetMs: Math.max(1_000, Math.min(MAX_BUDGET_MS, context.timeoutMs - BUDGET_MARGIN_MS)),
    });
    // The addresses only sharpen the DNS classification (the VPC CIDRs still apply), so a failed read of them
    // must not discard the probe's own result.
    const [result, interfaces] = await Promise.all([
      ports.probe.invoke(name, input, context.timeoutMs),
      context.endpointInterfaces(),
    ]);
    return {
      state: 'ran',
      vpcId,
      functionName: name,
      ms: elapsed(),
      result,
      endpointAddresses: interfaces?.ok
        ? interfaces.value.flatMap((i) => [...i.privateIpAddresses, ...i.ipv6Addresses])
        : [],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failure =
      error instanceof AwsCallError
        ? { kind: error.kind, action: error.action, operation: error.operation, message: error.message }
        : undefined;
    return { state: 'error', vpcId, functionName, message, ms: elapsed(), ...(failure ? { failure } : {}) };
  }
}

/** The first candidate VPC (in order of likelihood) with a probe function, and that function. */
async function firstDeployed(
  ports: AwsPorts,
  candidates: ProbeContext['candidates'],
): Promise<{ candidate: ProbeContext['candidates'][number]; functionName: string } | null> {
  for (const candidate of candidates) {
    const functionName = await ports.probe.findFunction(candidate.vpcId);
    if (functionName) return { candidate, functionName };
  }
  return null;
}
