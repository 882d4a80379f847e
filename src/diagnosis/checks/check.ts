// The shape every check has: a pure function from gathered facts to a status and findings.

import { CATALOGUE, type FindingCode } from '../catalogue.js';
import type { AwsFailure, Facts, Fetched } from '../facts.js';
import type { CheckId, CheckStatus, Evidence, Finding, Severity } from '../types.js';

export interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  /** Why the check was skipped or errored. */
  reason?: string;
}

/** The gathered AWS reads a check can declare, by their name in Facts. */
export type FactName = {
  [K in keyof Facts]-?: Facts[K] extends Fetched<unknown> | null ? K : never;
}[keyof Facts];

export interface Check {
  id: CheckId;
  /**
   * Reads the check cannot decide without: when one was gathered but failed, the runner reports the check as
   * `error` naming the call and its IAM action, and does not run it. A read that was not gathered (null) is the
   * check's own business (it usually means "does not apply"). Optional: a check without it runs as before.
   */
  needs?: readonly FactName[];
  /**
   * Reads that sharpen the check but that it can decide without: when one failed, the check still runs, but it
   * may not report `pass` (the read could have changed the outcome) — the runner turns a pass into `warn` with
   * the reason — and a denied read still yields AWS_PERMISSION_MISSING.
   */
  uses?: readonly FactName[];
  run(facts: Facts): CheckOutcome;
}

/** Builds a finding with the catalogue's title, check and remediations; severity may be overridden by context. */
export function finding(
  code: FindingCode,
  detail: string,
  evidence: Evidence,
  options: { severity?: Severity; check?: CheckId } = {},
): Finding {
  const entry = CATALOGUE[code];
  return {
    code,
    severity: options.severity ?? entry.severity,
    check: options.check ?? entry.check,
    title: entry.title,
    detail,
    evidence,
    remediations: [...entry.remediations],
  };
}

/** The status a check that ran reports for its findings: fail on any error, warn on warnings, else pass. */
export function statusFor(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/**
 * The outcome of a check whose input could not be fetched: status `error` (never `pass`) with the reason,
 * and — when AWS refused the call — an AWS_PERMISSION_MISSING finding naming the IAM action.
 */
export function couldNotRun(check: CheckId, what: string, error: AwsFailure): CheckOutcome {
  const reason = `${what} could not be read (${error.operation}: ${describeFailure(error)})`;
  const findings =
    error.kind === 'access-denied'
      ? [
          finding(
            'AWS_PERMISSION_MISSING',
            `The bot's role may not call ${error.action}; the ${check} check could not run. Grant ${error.action} (see iam/diagnosis-policy.json).`,
            { action: error.action, operation: error.operation, awsMessage: error.message },
            { check },
          ),
        ]
      : [];
  return { status: 'error', findings, reason };
}

export function describeFailure(error: AwsFailure): string {
  switch (error.kind) {
    case 'access-denied':
      return `access denied to ${error.action}`;
    case 'throttled':
      return 'throttled by AWS after retries';
    case 'timeout':
      return 'timed out';
    case 'unreachable':
      return 'AWS endpoint unreachable';
    case 'no-credentials':
      return 'no AWS credentials found';
    case 'not-found':
      return `not found: ${error.message}`;
    default:
      return error.message;
  }
}
