// Every probe step races a timer: the Lambda must answer inside its budget even when a resolver, a SYN or a
// TLS handshake never gets a reply, so no step relies on the OS's own (minutes-long) timeouts.

/** An Error carrying a Node-style `code`, like the errors node:net and node:dns raise. */
export function codedError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** The `code` of a Node error, or a generic code for anything else. */
export function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'EUNKNOWN';
}

/** Milliseconds elapsed since `started` (a performance.now() reading), rounded. */
export function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}

/** Runs `onExpiry` after `ms` unless cleared; `clear` must be called when the step settles. */
export function expiry(ms: number, onExpiry: () => void): { clear: () => void } {
  const timer = setTimeout(onExpiry, Math.max(0, ms));
  return { clear: () => clearTimeout(timer) };
}
