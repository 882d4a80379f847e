// Many responders, one API. In an incident several people run the command for the same API within seconds;
// each diagnosis costs 13–15 AWS calls against an API Gateway control plane limited to 10 requests/s per account
// (shared with the team's own deploys). Identical requests therefore share one gathering while it runs
// (single-flight), and a result a few seconds old answers a re-run — unless a fix ran on that API since, because
// then the user needs the state after the fix.

import type { DiagnosisRequest, Report } from './types.js';

export interface DiagnoseOptions {
  probeFunction?: string;
}

export type Diagnose = (request: DiagnosisRequest, options?: DiagnoseOptions) => Promise<Report>;

export interface SharedDiagnosesOptions {
  /** How long a finished report answers identical requests; 0 shares only in-flight runs. */
  reuseMs: number;
  now?: () => number;
}

export interface SharedDiagnoses {
  /** Same contract as the engine's diagnose; identical concurrent or recent requests get one run's report. */
  diagnose: Diagnose;
  /** Forgets runs of this API (a fix changed it): the next request gathers afresh. */
  invalidate(apiId: string, region: string): void;
  /** Diagnoses actually started (not shared with another caller). */
  readonly started: number;
}

interface Entry {
  apiKey: string;
  promise: Promise<Report>;
  /** Epoch ms when the run finished successfully; null while it runs. */
  finishedAt: number | null;
}

/**
 * The identity of a diagnosis: everything in the request that changes what is gathered or judged. Two requests
 * with the same key would produce the same report from the same AWS state.
 */
export function diagnosisKey(request: DiagnosisRequest, options: DiagnoseOptions = {}): string {
  return JSON.stringify([
    request.region,
    request.apiId,
    request.stage,
    request.urlForm,
    request.url,
    request.vpcId,
    request.vpceId,
    [...request.callerSecurityGroupIds].sort(),
    request.sinceMs,
    request.probe,
    options.probeFunction ?? null,
  ]);
}

export function shareDiagnoses(diagnose: Diagnose, options: SharedDiagnosesOptions): SharedDiagnoses {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let started = 0;

  const forget = (key: string, entry: Entry) => {
    if (entries.get(key) === entry) entries.delete(key);
  };
  const isFresh = (entry: Entry) => entry.finishedAt === null || now() - entry.finishedAt <= options.reuseMs;
  // Finished runs are kept only while they may be reused, so the map stays as small as the incident.
  const sweep = () => {
    for (const [key, entry] of entries) if (!isFresh(entry)) entries.delete(key);
  };

  const run: Diagnose = (request, runOptions = {}) => {
    sweep();
    const key = diagnosisKey(request, runOptions);
    const existing = entries.get(key);
    if (existing) return existing.promise;
    started += 1;
    const entry: Entry = {
      apiKey: `${request.region}/${request.apiId}`,
      promise: diagnose(request, runOptions),
      finishedAt: null,
    };
    entries.set(key, entry);
    entry.promise.then(
      () => {
        entry.finishedAt = now();
        // Nothing to keep when results are not reused: the map holds only running diagnoses.
        if (options.reuseMs <= 0) forget(key, entry);
      },
      // A failure is not an answer worth reusing: the next request tries again.
      () => forget(key, entry),
    );
    return entry.promise;
  };

  return {
    diagnose: run,
    invalidate(apiId, region) {
      const apiKey = `${region}/${apiId}`;
      // A run that started before the fix keeps serving its own callers, but nobody new joins it.
      for (const [key, entry] of entries) if (entry.apiKey === apiKey) entries.delete(key);
    },
    get started() {
      return started;
    },
  };
}
