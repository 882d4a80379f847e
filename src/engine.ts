// Composition root shared by the CLI and the Slack app: real AWS ports + the diagnosis engine.

import { Pacer } from './aws/pacing.js';
import { createAwsPorts } from './aws/ports.js';
import { AwsUnreachableError, diagnose } from './diagnosis/diagnose.js';
import type { DiagnosisRequest, Report } from './diagnosis/types.js';

export { AwsUnreachableError };

export interface EngineOptions {
  /** PROBE_FUNCTION (spec §6): a function name or a `vpc-…=name,…` map. */
  probeFunction?: string;
}

/** One per process: concurrent diagnoses (several responders, one incident) share AWS's per-account budget. */
const processPacer = new Pacer();

/** Diagnoses one private API with fresh AWS clients (and so a fresh call counter) for this run. */
export async function runDiagnosis(request: DiagnosisRequest, options: EngineOptions = {}): Promise<Report> {
  const region = request.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('no region: pass --region or set AWS_REGION');
  const ports = createAwsPorts(region, {
    ...(options.probeFunction ? { probeFunction: options.probeFunction } : {}),
    pacer: processPacer,
  });
  const delays = requestLogRetryDelays(process.env.APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS);
  return diagnose({ ...request, region }, ports, delays ? { requestLogRetryDelaysMs: delays } : {});
}

/**
 * APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS: comma-separated waits (ms) before each new search of the logs for
 * the probe's request ids (`""` searches once). Unset or malformed: the engine's default.
 */
export function requestLogRetryDelays(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  if (value.trim() === '') return [];
  const delays = value.split(',').map((part) => Number(part.trim()));
  return delays.every((ms) => Number.isInteger(ms) && ms >= 0 && ms <= 60_000) ? delays : null;
}
