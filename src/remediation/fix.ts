// What every fix declares (one module per fix in fixes/, listed once in registry.ts), and the small helpers
// the fixes share. The Slack adapter renders buttons, confirm dialogs and audit lines from these declarations;
// the remediation service (service.ts) takes its locks from them; test/iam checks their IAM actions against
// iam/remediation-policy.json.

import type { StageInfo } from '../diagnosis/facts.js';
import { RemediationCallError, type RemediationReader, type RemediationWriter } from './ports.js';
import type { Actor, ApplyResult, FixTarget, PlanBody, TargetField } from './types.js';

export interface FixDefinition<Id extends string = string> {
  /** The remediation id: in the report's `remediations`, the Slack action id, the lock key. Stable API. */
  id: Id;
  /** Button text (plain, ≤ 75 characters); also names the fix in notices and audit lines. */
  label: string;
  /** Target fields without which the fix is not offered (and a request is invalid). */
  requires: readonly TargetField[];
  /**
   * The AWS resource the change acts on, which one lock covers whichever message or channel the click came
   * from: the API's stage, the VPC endpoint, or the API itself (its resource policy).
   */
  changes: 'stage' | 'endpoint' | 'api';
  /** The IAM actions the remediation role needs for the change (iam/remediation-policy.json grants exactly these). */
  iamActions: readonly string[];
  /** Shown in red with a red confirm button: the change can break more than what the finding is about. */
  dangerous: boolean;
  /**
   * True when apply() can tell from AWS that the change is already in place (answering `already-done`). When
   * false (a redeploy always makes a new deployment), a click just after the fix ran is not applied again.
   */
  detectsAlreadyDone: boolean;
  /**
   * For a fix whose effect shows only on the next call to the API (logging records calls made after it): what
   * the re-run right after it says first, and the finding codes that run cannot know yet (so none of them
   * leads). Codes as strings: the catalogue names its fixes, so typing them here would be circular.
   */
  untilNextCall?: { note: string; findings: readonly string[] };
  /** The confirm dialog's title; default "<label>?". */
  confirmTitle?: (target: Pick<FixTarget, 'stage'>) => string;
  /** Confirm text when the plan could not be read: what the fix does and risks, in general terms. */
  genericConfirm: string;
  /**
   * True for a fix whose dialog must show the change itself (a policy diff): when its plan cannot be read, it is
   * not offered (the message says why) rather than offered with the generic text.
   */
  offeredOnlyWithPlan?: boolean;
  /** Reads current state; never throws for AWS errors (a failed read becomes a `could-not-read` risk). */
  plan(reader: RemediationReader, target: FixTarget): Promise<PlanBody>;
  /**
   * Re-reads state, runs the pre-checks, makes the change. Throws RemediationCallError for AWS failures (the
   * registry turns them into `aws-error`). The writer is made lazily: assuming the remediation role is
   * pointless when a pre-check refuses.
   */
  apply(
    reader: RemediationReader,
    writer: () => RemediationWriter,
    target: FixTarget,
    actor: Actor,
  ): Promise<ApplyResult>;
  /**
   * For a fix whose applied result carries an `undoRecord`: puts back what it recorded, refusing when the state
   * changed since the fix (an undo must not overwrite someone else's change). Offered as an Undo button.
   */
  undo?: {
    /** The Undo button's confirm text: what it puts back and risks. */
    confirm: string;
    apply(
      reader: RemediationReader,
      writer: () => RemediationWriter,
      target: FixTarget,
      record: string,
      actor: Actor,
    ): Promise<ApplyResult>;
  };
}

/** Keeps the literal id type of a fix module (`'enable-logging'`, not `string`), from which FixId is derived. */
export function defineFix<const Id extends string>(fix: FixDefinition<Id>): FixDefinition<Id> {
  return fix;
}

/** The result of a pre-check: carry on with a value, or stop with a result (already done, or refused). */
export type Gate<T> = { go: true; value: T } | { go: false; result: ApplyResult };

export function refuse<T>(reason: string): Gate<T> {
  return { go: false, result: refusal(reason) };
}

/** A pre-check's refusal: nothing was changed, and the reason says why and what to do. */
export function refusal(reason: string): ApplyResult {
  return { outcome: 'precheck-failed', reason };
}

/** The target's stage, or a refusal when none was given or it does not exist. */
export async function readStage(reader: RemediationReader, target: FixTarget): Promise<Gate<StageInfo>> {
  if (!target.stage) return refuse('No stage was given: re-run with --stage.');
  try {
    return { go: true, value: await reader.getStage(target.apiId, target.stage) };
  } catch (error) {
    if (error instanceof RemediationCallError && error.kind === 'not-found') return refuse(error.message);
    throw error;
  }
}

export type Attempted<T> = { ok: true; value: T } | { ok: false; message: string };

/** Plans must render even when a read fails: the failure becomes a risk in the dialog. */
export async function attempt<T>(read: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof RemediationCallError) return { ok: false, message: error.message };
    throw error;
  }
}
