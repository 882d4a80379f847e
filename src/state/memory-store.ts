// The embedded single-process store. Node runs one callback at a time, so a check-then-set with no await in
// between is atomic; that is what makes acquireLock safe for concurrent clicks in one process.

import {
  API_CHANGE_TTL_MS,
  INCIDENT_THREAD_TTL_MS,
  type IncidentThread,
  type StateStore,
  type ThreadRun,
} from './store.js';

export interface MemoryStoreOptions {
  now?: () => number;
  threadTtlMs?: number;
}

export class MemoryStateStore implements StateStore {
  private readonly threads = new Map<string, IncidentThread>();
  private readonly runs = new Map<string, ThreadRun & { expiresAt: number }>();
  private readonly locks = new Map<string, number>();
  private readonly notes = new Map<string, { note: string; expiresAt: number }>();
  private readonly sharedRuns = new Map<string, ThreadRun & { expiresAt: number }>();
  private readonly apiChanges = new Map<string, { at: number; expiresAt: number }>();
  private readonly now: () => number;
  private readonly threadTtlMs: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.threadTtlMs = options.threadTtlMs ?? INCIDENT_THREAD_TTL_MS;
  }

  async findIncidentThread(channelId: string, apiKey: string): Promise<IncidentThread | null> {
    const key = `${channelId}|${apiKey}`;
    const thread = this.threads.get(key);
    if (!thread) return null;
    if (thread.expiresAt <= this.now()) {
      this.threads.delete(key);
      return null;
    }
    return thread;
  }

  async saveIncidentThread(channelId: string, apiKey: string, threadTs: string): Promise<IncidentThread> {
    this.sweep();
    const thread = { channelId, apiKey, threadTs, expiresAt: this.now() + this.threadTtlMs };
    this.threads.set(`${channelId}|${apiKey}`, thread);
    return thread;
  }

  async lastRun(channelId: string, threadTs: string): Promise<ThreadRun | null> {
    const run = this.runs.get(`${channelId}|${threadTs}`);
    if (!run || run.expiresAt <= this.now()) return null;
    const { expiresAt: _expiresAt, ...rest } = run;
    return rest;
  }

  async saveLastRun(channelId: string, threadTs: string, run: ThreadRun): Promise<void> {
    this.runs.set(`${channelId}|${threadTs}`, { ...run, expiresAt: this.now() + this.threadTtlMs });
  }

  async sharedRun(key: string): Promise<ThreadRun | null> {
    const run = this.sharedRuns.get(key);
    if (!run || run.expiresAt <= this.now()) return null;
    const { expiresAt: _expiresAt, ...rest } = run;
    return rest;
  }

  async saveSharedRun(key: string, run: ThreadRun, ttlMs: number): Promise<void> {
    this.sweep();
    this.sharedRuns.set(key, { ...run, expiresAt: this.now() + ttlMs });
  }

  async apiChangedAt(apiKey: string): Promise<number | null> {
    const change = this.apiChanges.get(apiKey);
    return change && change.expiresAt > this.now() ? change.at : null;
  }

  async saveApiChange(apiKey: string, at: number): Promise<void> {
    this.apiChanges.set(apiKey, { at, expiresAt: this.now() + API_CHANGE_TTL_MS });
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    const heldUntil = this.locks.get(key);
    if (heldUntil !== undefined && heldUntil > this.now()) return false;
    this.locks.set(key, this.now() + ttlMs);
    return true;
  }

  async releaseLock(key: string): Promise<void> {
    this.locks.delete(key);
  }

  async saveNote(key: string, note: string, ttlMs: number): Promise<void> {
    this.sweep();
    this.notes.set(key, { note, expiresAt: this.now() + ttlMs });
  }

  async readNote(key: string): Promise<string | null> {
    const entry = this.notes.get(key);
    return entry && entry.expiresAt > this.now() ? entry.note : null;
  }

  /** Drops expired entries so a long-running bot does not grow without bound. */
  private sweep(): void {
    const now = this.now();
    for (const [key, thread] of this.threads) if (thread.expiresAt <= now) this.threads.delete(key);
    for (const [key, run] of this.runs) if (run.expiresAt <= now) this.runs.delete(key);
    for (const [key, until] of this.locks) if (until <= now) this.locks.delete(key);
    for (const [key, entry] of this.notes) if (entry.expiresAt <= now) this.notes.delete(key);
    for (const [key, run] of this.sharedRuns) if (run.expiresAt <= now) this.sharedRuns.delete(key);
    for (const [key, change] of this.apiChanges) if (change.expiresAt <= now) this.apiChanges.delete(key);
  }
}
