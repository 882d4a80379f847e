// The recent diagnoses of each API, whoever asked for them (Slack, an agent over MCP): one short record per
// diagnosis actually run, kept in the state store for a day. The store has no lists, so each API's records are
// one note, rewritten under the store's own lock; with a shared table (STATE_TABLE) every replica and every
// `apigw-diagnose mcp` process that uses it sees the same history.

import type { Diagnose } from '../diagnosis/shared-diagnoses.js';
import type { Report, Verdict } from '../diagnosis/types.js';
import { apiKeyOf, INCIDENT_THREAD_TTL_MS, type StateStore } from './store.js';

/** One diagnosis, as the history keeps it: enough to say what was found and when, not the evidence. */
export interface DiagnosisRecord {
  /** Epoch ms when the report was ready. */
  finishedAt: number;
  apiId: string;
  region: string;
  stage: string | null;
  accountId: string | null;
  vpcId: string | null;
  verdict: Verdict;
  primaryCause: string | null;
  /** The codes of its error and warning findings, in the report's order. */
  problems: string[];
}

export interface DiagnosisHistory {
  record(report: Report, finishedAt: number): Promise<void>;
  /**
   * The API's records, newest first; empty when none is kept. Waits first for this process's writes of that API
   * still under way, so a diagnosis returned before its record was written is in the list that follows it.
   */
  recent(apiId: string, region: string): Promise<DiagnosisRecord[]>;
  /** Settles when every write this process started has finished (or failed): for a graceful stop. */
  flush(): Promise<void>;
}

export type HistoryStore = Pick<StateStore, 'saveNote' | 'readNote' | 'acquireLock' | 'releaseLock'>;

export interface HistoryOptions {
  /** Records kept per API (the newest). */
  keep?: number;
  /** How long an API's history outlives its last diagnosis. */
  ttlMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const HISTORY_KEEP = 20;
/** Writers of one API's note wait their turn this many times, 50 ms apart, before giving the record up. */
const LOCK_TRIES = 20;
const LOCK_WAIT_MS = 50;
const LOCK_TTL_MS = 5_000;

export function historyIn(store: HistoryStore, options: HistoryOptions = {}): DiagnosisHistory {
  const keep = options.keep ?? HISTORY_KEEP;
  const ttlMs = options.ttlMs ?? INCIDENT_THREAD_TTL_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const read = async (apiKey: string) => decodeRecords(await store.readNote(noteKey(apiKey)));
  const write = async (apiKey: string, report: Report, finishedAt: number) => {
    const lock = `history#${apiKey}`;
    let taken = false;
    for (let i = 0; i < LOCK_TRIES && !taken; i++) {
      taken = await store.acquireLock(lock, LOCK_TTL_MS);
      if (!taken) await sleep(LOCK_WAIT_MS);
    }
    if (!taken) throw new Error(`the history of ${apiKey} stayed locked: this diagnosis is not in it`);
    try {
      const records = [recordOf(report, finishedAt), ...(await read(apiKey))].slice(0, keep);
      await store.saveNote(noteKey(apiKey), JSON.stringify(records), ttlMs);
    } finally {
      await store.releaseLock(lock);
    }
  };
  /** Writes under way, by API: settled promises that never reject (the caller of record() hears the failure). */
  const pending = new Map<string, Set<Promise<void>>>();
  const settledAll = async (writes: Iterable<Promise<void>>) => {
    await Promise.all([...writes]);
  };
  return {
    record(report, finishedAt) {
      const apiKey = apiKeyOf(report.target.apiId, report.target.region);
      const written = write(apiKey, report, finishedAt);
      const settled = written.then(
        () => {},
        () => {},
      );
      const writes = pending.get(apiKey) ?? new Set<Promise<void>>();
      pending.set(apiKey, writes.add(settled));
      void settled.then(() => {
        writes.delete(settled);
        if (writes.size === 0 && pending.get(apiKey) === writes) pending.delete(apiKey);
      });
      return written;
    },
    async recent(apiId, region) {
      const apiKey = apiKeyOf(apiId, region);
      await settledAll(pending.get(apiKey) ?? []);
      return read(apiKey);
    },
    async flush() {
      await settledAll([...pending.values()].flatMap((writes) => [...writes]));
    },
  };
}

/**
 * The engine, with every report it makes added to the history. Wrap the engine itself (inside the sharing of
 * runs), so a report shared by many callers is one record. The write (a lock, a read and a write on the state
 * table) runs after the report is returned: the history's reader waits for it, and a failed write costs the
 * record, never the report — it goes to `onError`, which logs it.
 */
export function recordingDiagnoses(
  diagnose: Diagnose,
  history: DiagnosisHistory,
  options: { now?: () => number; onError: (error: unknown) => void },
): Diagnose {
  const now = options.now ?? Date.now;
  return async (request, runOptions) => {
    const report = await diagnose(request, runOptions);
    history.record(report, now()).catch((error: unknown) => options.onError(error));
    return report;
  };
}

function recordOf(report: Report, finishedAt: number): DiagnosisRecord {
  const { target } = report;
  return {
    finishedAt,
    apiId: target.apiId,
    region: target.region,
    stage: target.stage,
    accountId: target.accountId,
    vpcId: target.vpcId,
    verdict: report.verdict,
    primaryCause: report.primaryCause,
    problems: report.findings.filter((f) => f.severity !== 'info').map((f) => f.code),
  };
}

function noteKey(apiKey: string): string {
  return `history|${apiKey}`;
}

/** A note that is missing or not a list of records (written by something else) is no history. */
function decodeRecords(note: string | null): DiagnosisRecord[] {
  if (note === null) return [];
  try {
    const parsed: unknown = JSON.parse(note);
    return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
  } catch {
    return [];
  }
}

function isRecord(value: unknown): value is DiagnosisRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.finishedAt === 'number' &&
    typeof record.apiId === 'string' &&
    typeof record.verdict === 'string' &&
    Array.isArray(record.problems)
  );
}
