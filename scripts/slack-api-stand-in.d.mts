import type { SocketModeStandIn } from './socket-mode-stand-in.mjs';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  response: Record<string, unknown>;
}

export interface SlackApiStandIn {
  /** Base URL ending in `/api/`. */
  url: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Resolves when `count` calls to `method` have been recorded (or rejects after `timeoutMs`). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Answers the next call to `method` with this error instead of ok. */
  failNext(method: string, error: string): void;
  reset(): void;
  stop(): Promise<void>;
}

export function startSlackApi(
  socketMode?: Pick<SocketModeStandIn, 'connectionUrl'>,
): Promise<SlackApiStandIn>;
