// The contract between the remediation actions (spec §5) and the adapters that trigger them (Slack buttons).
// Results are values, not exceptions: the adapter renders each outcome for the user.

export type FixId = 'enable-logging' | 'enable-private-dns' | 'redeploy-stage';

/** Identifiers only — what a button value may carry. Everything else is re-read from AWS at click time. */
export interface FixTarget {
  apiId: string;
  region: string;
  stage: string | null;
  vpceId: string | null;
}

export interface Actor {
  /** Slack user id, e.g. U012ABCDEF. */
  userId: string;
  /** Human-readable name for audit lines and deployment descriptions, if known. */
  userName?: string;
}

/** What the confirm dialog must say (spec §5), computed from current AWS state before the button is shown. */
export interface FixPlan {
  fix: FixId;
  /** One line: what will change. */
  change: string;
  /** What it may break, e.g. the public APIs this VPC will stop reaching. */
  risks: string[];
}

export type FixResult =
  | {
      outcome: 'applied';
      fix: FixId;
      /** The AWS request id of the change. */
      requestId: string | null;
      /** Plain words: what changed (e.g. "stage prod now logs at INFO"). */
      summary: string;
      /** How to undo, where there is a way (e.g. previous deploymentId). */
      undo?: string;
    }
  | { outcome: 'already-done'; fix: FixId; summary: string }
  | { outcome: 'precheck-failed'; fix: FixId; reason: string }
  | { outcome: 'aws-error'; fix: FixId; message: string; requestId: string | null };

export interface Remediator {
  /** Reads current state and says what the fix would change and risk (a pre-check that will refuse is named first). */
  plan(fix: FixId, target: FixTarget): Promise<FixPlan>;
  /** Re-reads state, runs the pre-checks, then makes the change (idempotent). Never throws for AWS errors. */
  apply(fix: FixId, target: FixTarget, actor: Actor): Promise<FixResult>;
}
