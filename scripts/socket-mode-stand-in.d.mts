export const ACK_DEADLINE_MS: number;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api' | (string & {});

export interface Delivery {
  envelopeId: string;
  type: EnvelopeType;
  attempt: number;
  /** Which connection (1, 2, …) carried it. */
  connection: number;
  sentAt: number;
  ackedAfterMs: number | null;
  /** The acknowledgement's payload, once it came back on the same connection. */
  ack: Record<string, unknown> | null;
  /** Its connection closed before an acknowledgement came back. */
  lost: boolean;
  /** The stand-in cuts the connection when this delivery's acknowledgement arrives. */
  loseAck: boolean;
}

export interface DeliverOptions {
  envelopeId?: string;
  retryAttempt?: number;
  retryReason?: string;
}

export interface SocketModeStandIn {
  connectionUrl(): string;
  readonly connections: number;
  readonly refusedConnections: number;
  readonly connected: boolean;
  deliveries: Delivery[];
  unknownAcks: unknown[];
  waitForConnections(count: number, timeoutMs?: number): Promise<true>;
  deliver(type: EnvelopeType, payload: unknown, options?: DeliverOptions): string;
  sendRaw(text: string): void;
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  waitForAllAcks(timeoutMs?: number): Promise<true>;
  lateOrMissingAcks(): Array<{ envelopeId: string; type: EnvelopeType; ackedAfterMs: number | null }>;
  requestRefresh(reason?: string): void;
  drop(): void;
  deliverAndLoseAck(type: EnvelopeType, payload: unknown): string;
  reset(): void;
  stop(): Promise<void>;
}

export function connectionsOpenAnswer(
  authorization: string | undefined,
  standIn: Pick<SocketModeStandIn, 'connectionUrl'>,
): { ok: true; url: string } | { ok: false; error: string };

export function startSocketModeStandIn(): Promise<SocketModeStandIn>;
