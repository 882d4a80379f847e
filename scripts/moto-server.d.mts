export interface MotoServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`: use it as AWS_ENDPOINT_URL or a client's `endpoint`. */
  url: string;
  port: number;
  /** Clears every emulated resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

export const MOTO_MISSING_MESSAGE: string;

export function startMoto(): Promise<MotoServer>;
