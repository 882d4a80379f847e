// Many responders, one API. In an incident several people run the command for the same API within seconds;
// each diagnosis costs 13–15 AWS calls against an API Gateway control plane limited to 10 requests/s per account
// (shared with the team's own deploys). Identical requests therefore share one gathering while it runs
// (single-flight), and a result a few seconds old answers a re-run — unless a fix ran on that API since, because
// then the user needs the state after the fix.
//
// With several replicas the same holds across them through a shared board (the state store, STATE_TABLE): the
// first replica claims the run and publishes its report; the others wait for it. Every fix moves the API to a
// new generation, and runs are shared only within one generation, so nobody is ever handed a report that
// predates a fix.

import { createHash } from 'node:crypto';
import type { DiagnosisRequest, Report } from './types.js';

export interface DiagnoseOptions {
  probeFunction?: string;
}

export type Diagnose = (request: DiagnosisRequest, options?: DiagnoseOptions) => Promise<Report>;

/** A run as published on the board. */
export interface PublishedRun {
  report: Report;
  request: DiagnosisRequest;
  finishedAt: number;
}

/** What the replicas share (StateStore has exactly these methods). */
export interface SharedRunBoard {
  sharedRun(key: string): Promise<PublishedRun | null>;
  saveSharedRun(key: string, run: PublishedRun, ttlMs: number): Promise<void>;
  apiChangedAt(apiKey: string): Promise<number | null>;
  saveApiChange(apiKey: string, at: number): Promise<void>;
  acquireLock(key: string, ttlMs: number): Promise<boolean>;
  releaseLock(key: string): Promise<void>;
}

export interface SharedDiagnosesOptions {
  /** How long a finished report answers identical requests; 0 shares only runs still going. */
  reuseMs: number;
  /** Shares runs with other replicas; without it, sharing stays inside this process. */
  board?: SharedRunBoard;
  /** Told when the board fails; the diagnosis then runs here, unshared, rather than fail. */
  onBoardError?: (error: unknown) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SharedDiagnoses {
  /** Same contract as the engine's diagnose; identical concurrent or recent requests get one run's report. */
  diagnose: Diagnose;
  /** A fix changed this API: the next request gathers afresh, here and on every replica. */
  invalidate(apiId: string, region: string): Promise<void>;
  /** Diagnoses actually run by this process (not shared from another caller or replica). */
  readonly started: number;
}

/** Longer than any diagnosis (every AWS call has a timeout); a replica that dies holding it only delays others. */
export const RUN_CLAIM_TTL_MS = 60_000;
/** How often a replica waiting for another's run looks for its report. */
const BOARD_POLL_MS = 250;

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
    request.method ?? null,
    request.customDomain ?? null,
    request.accountId ?? null,
  ]);
}

export function shareDiagnoses(diagnose: Diagnose, options: SharedDiagnosesOptions): SharedDiagnoses {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const entries = new Map<string, Entry>();
  /** Fixes seen by this process, so a board that failed to record one cannot hand back an older run. */
  const localChanges = new Map<string, number>();
  let started = 0;

  const runHere: Diagnose = (request, runOptions) => {
    started += 1;
    return diagnose(request, runOptions);
  };

  const isFresh = (entry: Entry) => entry.finishedAt === null || now() - entry.finishedAt <= options.reuseMs;
  // Finished runs are kept only while they may be reused, so the map stays as small as the incident.
  const sweep = () => {
    for (const [key, entry] of entries) if (!isFresh(entry)) entries.delete(key);
  };

  const reportBoardError = (error: unknown) =>
    options.onBoardError?.(error instanceof BoardError ? error.cause : error);

  const runOnBoard = async (
    board: SharedRunBoard,
    request: DiagnosisRequest,
    runOptions: DiagnoseOptions,
    key: string,
  ): Promise<Report> => {
    const apiKey = apiKeyOf(request.apiId, request.region);
    const generation = Math.max((await board.apiChangedAt(apiKey)) ?? 0, localChanges.get(apiKey) ?? 0);
    const boardKey = `${apiKey}#${generation}#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    const recent = await board.sharedRun(boardKey);
    if (recent && now() - recent.finishedAt <= options.reuseMs) return recent.report;

    const claim = `diagnosis#${boardKey}`;
    if (await board.acquireLock(claim, RUN_CLAIM_TTL_MS))
      return runAndPublish(board, request, runOptions, boardKey);
    // Another replica is running this diagnosis: wait for its report.
    const askedAt = now();
    while (now() - askedAt < RUN_CLAIM_TTL_MS) {
      await sleep(BOARD_POLL_MS);
      const published = await board.sharedRun(boardKey);
      // Same rule as for a recent run; it also tolerates clocks of replicas that differ by less than reuseMs.
      if (published && published.finishedAt >= askedAt - options.reuseMs) return published.report;
      // The claim is gone without a report (that run failed, or its replica stopped): run it here.
      if (await board.acquireLock(claim, RUN_CLAIM_TTL_MS))
        return runAndPublish(board, request, runOptions, boardKey);
    }
    return runHere(request, runOptions);
  };

  /** Runs the claimed diagnosis; once it has a report, a board failure no longer matters to the caller. */
  const runAndPublish = async (
    board: SharedRunBoard,
    request: DiagnosisRequest,
    runOptions: DiagnoseOptions,
    boardKey: string,
  ): Promise<Report> => {
    try {
      const report = await runHere(request, runOptions);
      // Kept at least as long as a waiting replica may look for it, even when reuse is off.
      const ttl = Math.max(options.reuseMs, BOARD_POLL_MS * 8);
      await board
        .saveSharedRun(boardKey, { report, request, finishedAt: now() }, ttl)
        .catch(reportBoardError);
      return report;
    } finally {
      await board.releaseLock(`diagnosis#${boardKey}`).catch(reportBoardError);
    }
  };

  const runShared = async (request: DiagnosisRequest, runOptions: DiagnoseOptions, key: string) => {
    if (!options.board) return runHere(request, runOptions);
    const board = failingAsBoardErrors(options.board);
    try {
      return await runOnBoard(board, request, runOptions, key);
    } catch (error) {
      // A diagnosis error is the caller's to see; a board error before the run only costs the sharing.
      if (!(error instanceof BoardError)) throw error;
      reportBoardError(error);
      return runHere(request, runOptions);
    }
  };

  const run: Diagnose = (request, runOptions = {}) => {
    sweep();
    const key = diagnosisKey(request, runOptions);
    const existing = entries.get(key);
    if (existing) return existing.promise;
    const entry: Entry = {
      apiKey: apiKeyOf(request.apiId, request.region),
      promise: runShared(request, runOptions, key),
      finishedAt: null,
    };
    entries.set(key, entry);
    const forget = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    entry.promise.then(
      () => {
        entry.finishedAt = now();
        // Nothing to keep when results are not reused: the map holds only running diagnoses.
        if (options.reuseMs <= 0) forget();
      },
      // A failure is not an answer worth reusing: the next request tries again.
      forget,
    );
    return entry.promise;
  };

  return {
    diagnose: run,
    async invalidate(apiId, region) {
      const apiKey = apiKeyOf(apiId, region);
      const at = now();
      localChanges.set(apiKey, at);
      // A run that started before the fix keeps serving its own callers, but nobody new joins it.
      for (const [key, entry] of entries) if (entry.apiKey === apiKey) entries.delete(key);
      try {
        await options.board?.saveApiChange(apiKey, at);
      } catch (error) {
        // This process still knows (localChanges); other replicas may reuse an older run for reuseMs at most.
        reportBoardError(error);
      }
    },
    get started() {
      return started;
    },
  };
}

function apiKeyOf(apiId: string, region: string | null): string {
  return `${region}/${apiId}`;
}

class BoardError extends Error {
  override readonly name = 'BoardError';
  constructor(cause: unknown) {
    super('the shared-run board failed', { cause });
  }
}

/** The same board, its failures marked so they are never mistaken for the diagnosis's own. */
function failingAsBoardErrors(board: SharedRunBoard): SharedRunBoard {
  const mark = (error: unknown): never => {
    throw new BoardError(error);
  };
  return {
    sharedRun: (key) => board.sharedRun(key).catch(mark),
    saveSharedRun: (key, run, ttlMs) => board.saveSharedRun(key, run, ttlMs).catch(mark),
    apiChangedAt: (apiKey) => board.apiChangedAt(apiKey).catch(mark),
    saveApiChange: (apiKey, at) => board.saveApiChange(apiKey, at).catch(mark),
    acquireLock: (key, ttlMs) => board.acquireLock(key, ttlMs).catch(mark),
    releaseLock: (key) => board.releaseLock(key).catch(mark),
  };
}
