// Turns one AWS read into a value: its answer or why there was none, with its wall time.

import { AwsCallError, type Fetched } from './facts.js';

/** Runs one AWS read and records its outcome and wall time instead of throwing. */
export async function fetched<T>(call: () => Promise<T>): Promise<Fetched<T>> {
  const started = performance.now();
  try {
    const value = await call();
    return { ok: true, value, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (error instanceof AwsCallError) {
      return {
        ok: false,
        ms,
        error: { kind: error.kind, action: error.action, operation: error.operation, message: error.message },
      };
    }
    // A bug or an unexpected shape must not masquerade as an AWS answer, but it must not sink the whole
    // diagnosis either: the check that needed this fact reports `error` with the message.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ms, error: { kind: 'other', action: 'unknown', operation: 'unknown', message } };
  }
}
