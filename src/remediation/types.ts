// The contract between the remediation actions (spec §5) and the adapters that trigger them (Slack buttons).
// Results are values, not exceptions: the adapter renders each outcome for the user. The fixes themselves are
// listed once, in registry.ts; FixId is derived from that list.

import type { FixId } from './registry.js';
import type { Risk } from './risks.js';

export type { FixId } from './registry.js';

/** Identifiers only — what a button value may carry. Everything else is re-read from AWS at click time. */
export interface FixTarget {
  apiId: string;
  region: string;
  stage: string | null;
  vpceId: string | null;
  /** The API's account: where a fix to its stage acts. Null or absent: the bot's own account. */
  accountId?: string | null;
  /** The account that owns the endpoint (a consumer's), when the tool reads several: where an endpoint fix acts. */
  endpointAccountId?: string | null;
  /**
   * The fingerprint of the state the fix's plan was computed on (PlanBody.basis), carried by its button: a fix
   * that changes what its dialog showed (a policy diff) refuses when the state differs at click time.
   */
  basis?: string | null;
  /** The failing call of the report (not in the button: recalled with the report's request), when known. */
  invocation?: { url: string | null; method: string | null };
}

/** The target fields a fix cannot do without (beyond the API and region every target has). */
export type TargetField = 'stage' | 'vpceId';

export interface Actor {
  /** Slack user id, e.g. U012ABCDEF. */
  userId: string;
  /** Human-readable name for audit lines and deployment descriptions, if known. */
  userName?: string;
}

/** What a fix's plan says, before the fix id is attached (see FixPlan). */
export interface PlanBody {
  /** One line: what will change. */
  change: string;
  /** What to know before confirming, most important first (a refusal, the APIs cut off…). */
  risks: Risk[];
  /** The exact change, one line per edit (`+ …`), when the fix writes content the user should see first. */
  diff?: string[];
  /** A fingerprint of the state the plan read (see FixTarget.basis). */
  basis?: string;
  /** Set when the fix must not be offered for the current state: why (shown instead of the button). */
  withheld?: string;
}

/** What the confirm dialog must say (spec §5), computed from current AWS state before the button is shown. */
export interface FixPlan extends PlanBody {
  fix: FixId;
}

/** What one apply did, before the fix id is attached (see FixResult). */
export type ApplyResult =
  | {
      outcome: 'applied';
      /** The AWS request id of the change. */
      requestId: string | null;
      /** Plain words: what changed (e.g. "stage prod now logs at INFO"). */
      summary: string;
      /** How to undo, where there is a way (e.g. previous deploymentId). */
      undo?: string;
      /**
       * Set when the resource is managed by infrastructure as code: who manages it, what reverts the change and
       * the template change that keeps it (iac.ts). The audit line records that the drift was accepted.
       */
      driftAccepted?: string;
      /**
       * What the fix's own undo needs to restore the state before it (e.g. the previous policy), opaque to all
       * but the fix: kept by the remediation service behind an Undo button.
       */
      undoRecord?: string;
    }
  | { outcome: 'already-done'; summary: string }
  | { outcome: 'precheck-failed'; reason: string }
  | {
      outcome: 'aws-error';
      message: string;
      requestId: string | null;
      /** Set when a step before the failure changed something that the fix's Undo can take back. */
      undoRecord?: string;
    };

/**
 * `roleSessionName`: the role session the change ran in, for finding it in CloudTrail; null on the bot's own
 * credentials; absent when unknown (read as the actor's remediation session).
 */
export type FixResult = ApplyResult & { fix: FixId; roleSessionName?: string | null };

/** A fix a report calls for, with its plan; the plan is null when it could not be read (a generic text is shown). */
export interface FixOffer {
  fix: FixId;
  plan: FixPlan | null;
}

export interface Remediator {
  /** Reads current state and says what the fix would change and risk (a pre-check that will refuse is named first). */
  plan(fix: FixId, target: FixTarget): Promise<FixPlan>;
  /** Re-reads state, runs the pre-checks, then makes the change (idempotent). Never throws for AWS errors. */
  apply(fix: FixId, target: FixTarget, actor: Actor): Promise<FixResult>;
  /** Restores what an applied fix recorded (ApplyResult.undoRecord), after its own pre-checks. */
  undo(fix: FixId, target: FixTarget, record: string, actor: Actor): Promise<FixResult>;
}
