// Composition shared by the CLI and the Slack app: real AWS ports + the diagnosis engine. It reads no
// environment: the roots (src/cli/run.ts, src/main.ts) load the settings in src/config.ts and pass them here.

import type { AwsClientSettings } from './aws/clients.js';
import { Pacer } from './aws/pacing.js';
import { createAwsPorts } from './aws/ports.js';
import { AwsUnreachableError, diagnose } from './diagnosis/diagnose.js';
import type { DiagnosisRequest, Report } from './diagnosis/types.js';

export { AwsUnreachableError };

export interface EngineSettings {
  /** Retries and endpoint of every client; without a pacer the engine makes its own (one per engine). */
  aws: AwsClientSettings;
  /** The region of a request that names none (AWS_REGION, else AWS_DEFAULT_REGION). */
  defaultRegion: string | null;
  /** Waits before each new search of the logs for the probe's request ids; null: the engine's default. */
  requestLogRetryDelaysMs?: number[] | null;
}

export interface EngineOptions {
  /** PROBE_FUNCTION (spec §6): a function name or a `vpc-…=name,…` map. */
  probeFunction?: string;
}

export type RunDiagnosis = (request: DiagnosisRequest, options?: EngineOptions) => Promise<Report>;

/**
 * The engine of one process. Its pacer is shared by every diagnosis it runs (several responders, one incident,
 * one AWS per-account budget); pass the process's pacer in `aws` to share it with the fixes too.
 */
export function createEngine(settings: EngineSettings): RunDiagnosis {
  const aws = { ...settings.aws, pacer: settings.aws.pacer ?? new Pacer() };
  const delays = settings.requestLogRetryDelaysMs;
  /** Diagnoses one private API with fresh AWS clients (and so a fresh call counter) for this run. */
  return async (request, options = {}) => {
    const region = request.region ?? settings.defaultRegion;
    if (!region) throw new Error('no region: pass --region or set AWS_REGION');
    const ports = createAwsPorts(region, aws, {
      ...(options.probeFunction ? { probeFunction: options.probeFunction } : {}),
    });
    return diagnose({ ...request, region }, ports, delays ? { requestLogRetryDelaysMs: delays } : {});
  };
}
