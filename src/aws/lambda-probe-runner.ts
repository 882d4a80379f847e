// The in-VPC probe behind the ProbeRunner port: finds the probe function for a VPC and invokes it
// synchronously. A payload is only returned once it matches the probe schema; anything else — a
// FunctionError, a timeout, unparseable or unexpected JSON — is thrown so the probe check reports `error`.

import {
  type FunctionConfiguration,
  InvokeCommand,
  type InvokeCommandOutput,
  type LambdaClient,
  ListFunctionsCommand,
  type ListFunctionsCommandOutput,
} from '@aws-sdk/client-lambda';
import { AwsCallError } from '../diagnosis/facts.js';
import type { ProbeRunner } from '../diagnosis/ports.js';
import { type ProbeOutput, ProbeSchemaError, parseProbeOutput } from '../probe/schema.js';
import { toAwsCallError } from './errors.js';

export const PROBE_FUNCTION_PREFIX = 'apigw-diagnose-probe';

export function probeFunctionName(vpcId: string): string {
  return `${PROBE_FUNCTION_PREFIX}-${vpcId}`;
}

export interface LambdaProbeRunnerConfig {
  /** PROBE_FUNCTION: one function name for every VPC, or a `vpc-…=name,vpc-…=name` map. */
  probeFunction?: string;
}

export class LambdaProbeRunner implements ProbeRunner {
  /** One ListFunctions walk per runner (one runner per diagnosis), however many candidate VPCs ask. */
  private listing: Promise<FunctionConfiguration[]> | undefined;

  constructor(
    private readonly client: LambdaClient,
    private readonly config: LambdaProbeRunnerConfig,
  ) {}

  async findFunction(vpcId: string): Promise<string | null> {
    const configured = this.config.probeFunction?.trim();
    if (configured) return functionFromConfig(configured, vpcId);
    this.listing ??= this.listProbeFunctions();
    const candidates = await this.listing;
    // The name is the primary key (deploy names functions after their VPC); VpcConfig covers renamed copies.
    const byName = candidates.find((fn) => fn.FunctionName === probeFunctionName(vpcId));
    const byVpc = candidates.find((fn) => fn.VpcConfig?.VpcId === vpcId);
    return byName?.FunctionName ?? byVpc?.FunctionName ?? null;
  }

  async invoke(functionName: string, input: unknown, timeoutMs: number): Promise<ProbeOutput> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response: InvokeCommandOutput;
    try {
      response = await this.client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(input)),
        }),
        // The shared clients time requests out after a few seconds; a probe legitimately runs longer.
        { abortSignal: abort.signal, requestTimeout: timeoutMs },
      );
    } catch (error) {
      if (abort.signal.aborted) {
        throw new AwsCallError(
          'timeout',
          'lambda:InvokeFunction',
          `the probe ${functionName} did not answer within ${timeoutMs} ms`,
          'Invoke',
          { cause: error },
        );
      }
      throw toAwsCallError(error, 'Invoke', 'lambda:InvokeFunction');
    } finally {
      clearTimeout(timer);
    }
    const text = response.Payload ? new TextDecoder().decode(response.Payload) : '';
    if (response.FunctionError) {
      throw new AwsCallError(
        'other',
        'lambda:InvokeFunction',
        `the probe ${functionName} failed (${response.FunctionError}): ${functionErrorMessage(text)}`,
        'Invoke',
      );
    }
    return parsePayload(functionName, text);
  }

  private async listProbeFunctions(): Promise<FunctionConfiguration[]> {
    const found: FunctionConfiguration[] = [];
    let marker: string | undefined;
    do {
      let page: ListFunctionsCommandOutput;
      try {
        page = await this.client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
      } catch (error) {
        throw toAwsCallError(error, 'ListFunctions', 'lambda:ListFunctions');
      }
      for (const fn of page.Functions ?? []) {
        if (fn.FunctionName?.startsWith(PROBE_FUNCTION_PREFIX)) found.push(fn);
      }
      marker = page.NextMarker;
    } while (marker);
    return found;
  }
}

/** `name` applies to every VPC; `vpc-a=name-a,vpc-b=name-b` names one per VPC (other VPCs have none). */
export function functionFromConfig(configured: string, vpcId: string): string | null {
  if (!configured.includes('=')) return configured;
  for (const entry of configured.split(',')) {
    const [vpc, name] = entry.split('=').map((part) => part.trim());
    if (vpc === vpcId && name) return name;
  }
  return null;
}

function parsePayload(functionName: string, text: string): ProbeOutput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AwsCallError(
      'other',
      'lambda:InvokeFunction',
      `the probe ${functionName} returned a payload that is not JSON: ${JSON.stringify(text.slice(0, 200))}`,
      'Invoke',
    );
  }
  try {
    return parseProbeOutput(json);
  } catch (error) {
    const why = error instanceof ProbeSchemaError ? error.message : String(error);
    throw new AwsCallError(
      'other',
      'lambda:InvokeFunction',
      `the probe ${functionName} returned a payload that does not match probe schema v1 (${why}); redeploy it with \`apigw-diagnose probe deploy\``,
      'Invoke',
    );
  }
}

/** Lambda's error payload is `{"errorMessage": "…", "errorType": "…"}`; fall back to the raw text. */
function functionErrorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errorMessage?: unknown; errorType?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      return typeof parsed.errorType === 'string'
        ? `${parsed.errorType}: ${parsed.errorMessage}`
        : parsed.errorMessage;
    }
  } catch {
    // Not JSON: show it as it came.
  }
  return text.slice(0, 500) || 'no error payload';
}
