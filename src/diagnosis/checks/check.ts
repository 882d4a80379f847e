// The shape every check has: a pure function from gathered facts to a status and findings.

import { CATALOGUE, type FindingCode } from '../catalogue.js';
import type { AwsFailure, Facts } from '../facts.js';
import type { CheckId, CheckStatus, Evidence, Finding, Severity } from '../types.js';

export interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  /** Why the check was skipped or errored. */
  reason?: string;
}

export interface Check {
  id: CheckId;
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
