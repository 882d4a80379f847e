// Tracks the work that runs after an ack (diagnoses, fixes) so shutdown can let it finish, within a bound.

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  get size(): number {
    return this.running.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Runs `work` and remembers it until it settles. Rejections pass through to the caller. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Refuses new work from now on and waits for the running work; true when all of it finished in time. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const allDone = Promise.allSettled([...this.running]).then(() => true as const);
    try {
      return await Promise.race([allDone, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A "Diagnosing…" message that still promises a report. */
export interface Placeholder {
  channelId: string;
  ts: string;
  apiId: string;
}

/**
 * The "Diagnosing…" messages whose report has not replaced them yet. On shutdown, the ones still open when
 * the drain ends are told that the bot stopped, so none keeps promising a report that will never come.
 */
export class Placeholders {
  private readonly open = new Map<string, Placeholder>();

  /** Remembers the placeholder; the returned function forgets it (call it once the report or a failure shows). */
  opened(placeholder: Placeholder): () => void {
    const key = `${placeholder.channelId}|${placeholder.ts}`;
    this.open.set(key, placeholder);
    return () => {
      this.open.delete(key);
    };
  }

  get unfinished(): Placeholder[] {
    return [...this.open.values()];
  }
}
