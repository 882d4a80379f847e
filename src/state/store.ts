// The little state the bot keeps (spec §8), behind one interface so a shared store (DynamoDB with conditional
// writes and TTL) can replace the in-memory one when several replicas run.

import type { DiagnosisRequest, Report } from '../diagnosis/types.js';

export const INCIDENT_THREAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long the time of an API's last fix is kept. It only has to outlive every shared run that could predate the
 * fix (those live for seconds to minutes, see shared-diagnoses.ts).
 */
export const API_CHANGE_TTL_MS = 60 * 60 * 1000;

/** The channel message that holds one API's incident thread. */
export interface IncidentThread {
  channelId: string;
  /** The API's identity in the thread key: `{region}/{apiId}`. */
  apiKey: string;
  /** ts of the channel message (the thread parent). */
  threadTs: string;
  /** Epoch ms after which a new command starts a new thread. */
  expiresAt: number;
}

/** What the last diagnosis in a thread found, for "what changed since the last run". */
export interface ThreadRun {
  report: Report;
  request: DiagnosisRequest;
  finishedAt: number;
}

export interface StateStore {
  findIncidentThread(channelId: string, apiKey: string): Promise<IncidentThread | null>;
  /** Starts or refreshes the 24 h window of the thread. */
  saveIncidentThread(channelId: string, apiKey: string, threadTs: string): Promise<IncidentThread>;
  lastRun(channelId: string, threadTs: string): Promise<ThreadRun | null>;
  saveLastRun(channelId: string, threadTs: string, run: ThreadRun): Promise<void>;
  /** A diagnosis one replica published for the others (shared-diagnoses.ts); null when absent or expired. */
  sharedRun(key: string): Promise<ThreadRun | null>;
  saveSharedRun(key: string, run: ThreadRun, ttlMs: number): Promise<void>;
  /** Epoch ms of the last fix applied to the API (`{region}/{apiId}`), for API_CHANGE_TTL_MS; null when none. */
  apiChangedAt(apiKey: string): Promise<number | null>;
  saveApiChange(apiKey: string, at: number): Promise<void>;
  /** Atomically takes the lock; false when someone holds an unexpired one. */
  acquireLock(key: string, ttlMs: number): Promise<boolean>;
  releaseLock(key: string): Promise<void>;
  /** Keeps a small note (e.g. "fix applied at …") for `ttlMs`; a later save replaces it. */
  saveNote(key: string, note: string, ttlMs: number): Promise<void>;
  /** The note, or null when there is none or it expired. */
  readNote(key: string): Promise<string | null>;
}

export function apiKeyOf(apiId: string, region: string): string {
  return `${region}/${apiId}`;
}
